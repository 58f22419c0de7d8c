// The chest X-ray model API shared by the trainer (Node) and the inference worker (browser), in the spirit of
// tfjs-models' mobilenet.load() -> { infer, classify }. Independent of how the model file is fetched (the caller
// passes a loader: tf.loadLayersModel(url), a tf.io handler, a file-system handler in Node) and of the backend.
//
// Model contract (manifest.json): a LayersModel with outputs [probabilities (1 x K, sigmoid), featureMap
// (1 x h x w x C, last convolutional features)]; the Dense layer `manifest.headLayer` maps the globally
// average-pooled featureMap (length C) to the K logits, so CAM(k) = featureMap . kernel[:, k] + bias[k].
import * as tf from '@tensorflow/tfjs';
import { classActivationMap, globalAveragePool, normaliseCam, registerCamToImage, upsampleCam } from './cam';
import type { DenseHead, FeatureMap } from './cam';
import type { GreyImage } from './greyImage';
import type { ModelManifest } from './manifest';
import { oodDistance } from './ood';
import { preprocess } from './preprocess';
import type { GreyPlane } from './preprocess';

export interface CamOptions {
  /** Output size (default: the feature map's own h x w). Bilinear, half-pixel centres. */
  width?: number;
  height?: number;
  /** 'positive' (default): negative evidence 0, max 1. 'min-max': full stretch. 'raw': logit contributions. */
  normalise?: 'positive' | 'min-max' | 'raw';
  /**
   * Register the map onto the original image of this size, undoing preprocessing.fit (pad / center-crop); the
   * result is image.width x image.height and overrides width/height. With fit 'stretch' this equals
   * {width: image.width, height: image.height}.
   */
  image?: { width: number; height: number };
}

export interface Heatmap {
  label: string;
  width: number;
  height: number;
  /** Row-major; in [0,1] unless normalise is 'raw'. Registered to the square the model saw (see preprocessing.fit). */
  data: Float32Array;
}

export interface Finding {
  label: string;
  probability: number;
  /** null: not validated (no operating point; never positive or flagged). */
  operatingPoint: number | null;
  /** The finding has an operating point (see manifest.notValidated for why one may not). */
  validated: boolean;
  critical: boolean;
  /** validated && probability >= operating point. */
  positive: boolean;
  /** critical && positive. */
  flagged: boolean;
}

/** The "any finding" score of a model with an abnormal output (manifest.abnormal). */
export interface AbnormalScore {
  probability: number;
  operatingPoint: number;
  /** probability >= operating point. */
  positive: boolean;
}

export interface CxrInference {
  probabilities: Record<string, number>;
  /** Globally average-pooled last-conv features (length C): the input of the OOD statistics. */
  pooled: Float32Array;
  featureMap: FeatureMap;
  /** Mahalanobis-in-PCA distance of `pooled` and whether it exceeds the manifest's threshold. */
  ood: { distance: number; threshold: number; outOfDistribution: boolean };
  cam(label: string, options?: CamOptions): Heatmap;
  /** Milliseconds spent in preprocess and in the network. */
  timing: { preprocessMs: number; networkMs: number };
}

export interface CxrModel {
  manifest: ModelManifest;
  model: tf.LayersModel;
  head: DenseHead;
  /** Scores one image (decoded by decodeImage or built from the viewer's modality+VOI pixels). */
  infer(img: GreyImage | GreyPlane): Promise<CxrInference>;
  /** Scores a batch; same numbers as infer() one by one. */
  inferBatch(imgs: (GreyImage | GreyPlane)[]): Promise<CxrInference[]>;
  dispose(): void;
}

export type LayersModelSource = tf.LayersModel | (() => Promise<tf.LayersModel>) | string | tf.io.IOHandler;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The labels that are findings (every output but the "any finding" one), in output order. */
export function findingLabels(manifest: ModelManifest): string[] {
  return manifest.labels.filter((l) => l !== manifest.abnormal?.label);
}

/**
 * Every finding with its operating point and flags, in manifest label order. A finding without an operating point
 * is not validated: it is never positive or flagged, whatever its probability.
 */
export function classifyFindings(manifest: ModelManifest, probabilities: Record<string, number>): Finding[] {
  return findingLabels(manifest).map((label) => {
    const probability = probabilities[label];
    const op = manifest.operatingPoints[label];
    const validated = typeof op === 'number' && !(label in (manifest.notValidated ?? {}));
    const operatingPoint = validated ? op : null;
    const critical = validated && manifest.critical.includes(label);
    const positive = operatingPoint !== null && probability >= operatingPoint;
    return { label, probability, operatingPoint, validated, critical, positive, flagged: critical && positive };
  });
}

/**
 * The finding whose heatmap is shown without the reader asking: the flagged (critical, above its operating point)
 * finding furthest over its operating point, else any finding above its operating point, else none: a map is never
 * drawn for a film on which nothing is called.
 */
export function defaultHeatmapFinding(findings: readonly Finding[]): string | null {
  const over = (f: Finding): number => (f.operatingPoint ? f.probability / f.operatingPoint : f.probability);
  const pick = (list: Finding[]) => list.sort((a, b) => over(b) - over(a))[0]?.label ?? null;
  return pick(findings.filter((f) => f.flagged)) ?? pick(findings.filter((f) => f.positive));
}

/** The "any finding" score against its operating point; null for a model without that output. */
export function classifyAbnormal(manifest: ModelManifest, probabilities: Record<string, number>): AbnormalScore | null {
  const a = manifest.abnormal;
  const p = a ? probabilities[a.label] : undefined;
  if (!a || typeof p !== 'number') return null;
  return { probability: p, operatingPoint: a.operatingPoint, positive: p >= a.operatingPoint };
}

async function resolveModel(source: LayersModelSource): Promise<tf.LayersModel> {
  if (typeof source === 'function') return source();
  // Duck-typed so a LayersModel from another tfjs bundle copy is accepted too.
  if (typeof source === 'object' && 'getLayer' in source && 'predict' in source) return source as tf.LayersModel;
  return tf.loadLayersModel(source);
}

/** Reads and checks the head layer against the manifest and the model outputs. */
function readHead(model: tf.LayersModel, manifest: ModelManifest): DenseHead {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(manifest.headLayer);
  } catch {
    throw new Error(`model has no layer "${manifest.headLayer}" (manifest.headLayer)`);
  }
  const weights = layer.getWeights();
  const kernel = weights[0];
  if (!kernel || kernel.rank !== 2) throw new Error(`head layer "${manifest.headLayer}" has no 2-D kernel`);
  const [inputs, units] = kernel.shape as [number, number];
  if (units !== manifest.labels.length) throw new Error(`head layer has ${units} units, manifest lists ${manifest.labels.length} labels`);
  const bias = weights[1] ? (weights[1].dataSync() as Float32Array).slice() : undefined;
  return { kernel: (kernel.dataSync() as Float32Array).slice(), bias, inputs, units };
}

function checkOutputs(model: tf.LayersModel, manifest: ModelManifest, head: DenseHead): void {
  if (model.outputs.length !== 2) throw new Error(`model has ${model.outputs.length} outputs, the contract needs 2 [probabilities, featureMap]`);
  const [p, f] = model.outputs.map((o) => o.shape);
  if (p.length !== 2 || p[1] !== manifest.labels.length) throw new Error(`first output has shape [${p}], expected [null, ${manifest.labels.length}]`);
  if (f.length !== 4 || f[3] !== head.inputs) throw new Error(`second output has shape [${f}], expected [null, h, w, ${head.inputs}]`);
  const s = manifest.preprocessing;
  const inShape = model.inputs[0].shape;
  if (inShape[1] !== null && (inShape[1] !== s.inputSize || inShape[2] !== s.inputSize || inShape[3] !== s.channels)) {
    throw new Error(`model input [${inShape}] does not match preprocessing ${s.inputSize}x${s.inputSize}x${s.channels}`);
  }
}

export async function loadCxrModel(manifest: ModelManifest, source: LayersModelSource): Promise<CxrModel> {
  const model = await resolveModel(source);
  const head = readHead(model, manifest);
  checkOutputs(model, manifest, head);
  const spec = manifest.preprocessing;
  const size = spec.inputSize * spec.inputSize * spec.channels;

  const inferBatch = async (imgs: (GreyImage | GreyPlane)[]): Promise<CxrInference[]> => {
    if (imgs.length === 0) return [];
    const t0 = now();
    const batch = new Float32Array(imgs.length * size);
    imgs.forEach((img, i) => batch.set(preprocess(img, spec), i * size));
    const t1 = now();
    const x = tf.tensor4d(batch, [imgs.length, spec.inputSize, spec.inputSize, spec.channels]);
    let probs: Float32Array;
    let feats: Float32Array;
    let fShape: number[];
    try {
      const out = model.predict(x) as tf.Tensor[];
      try {
        fShape = out[1].shape;
        [probs, feats] = (await Promise.all([out[0].data(), out[1].data()])) as [Float32Array, Float32Array];
      } finally {
        out.forEach((t) => t.dispose());
      }
    } finally {
      x.dispose();
    }
    const t2 = now();
    const [, h, w, C] = fShape;
    const K = manifest.labels.length;
    return imgs.map((_, i) => {
      const probabilities: Record<string, number> = {};
      manifest.labels.forEach((l, k) => (probabilities[l] = probs[i * K + k]));
      const featureMap: FeatureMap = { height: h, width: w, channels: C, data: feats.slice(i * h * w * C, (i + 1) * h * w * C) };
      const pooled = globalAveragePool(featureMap);
      const distance = oodDistance(pooled, manifest.ood);
      return {
        probabilities,
        pooled,
        featureMap,
        ood: { distance, threshold: manifest.ood.threshold, outOfDistribution: !(distance <= manifest.ood.threshold) },
        timing: { preprocessMs: (t1 - t0) / imgs.length, networkMs: (t2 - t1) / imgs.length },
        cam(label: string, options: CamOptions = {}): Heatmap {
          const k = manifest.labels.indexOf(label);
          if (k < 0) throw new Error(`unknown label "${label}"`);
          const raw = classActivationMap(featureMap, head, k);
          const norm = options.normalise ?? 'positive';
          const map = norm === 'raw' ? raw : normaliseCam(raw, norm);
          if (options.image) {
            const { width: iw, height: ih } = options.image;
            return { label, width: iw, height: ih, data: registerCamToImage(map, w, h, iw, ih, spec.fit) };
          }
          const W = options.width ?? w;
          const H = options.height ?? h;
          const data = W === w && H === h ? map : upsampleCam(map, w, h, W, H);
          return { label, width: W, height: H, data };
        },
      };
    });
  };

  return {
    manifest,
    model,
    head,
    infer: async (img) => (await inferBatch([img]))[0],
    inferBatch,
    dispose: () => model.dispose(),
  };
}
