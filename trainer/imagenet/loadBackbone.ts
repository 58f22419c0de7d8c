// loadBackbone(pathOrUrl): an ImageNet backbone as a tfjs LayersModel plus the layer names the trainer builds
// on. Accepts a folder written by import-backbone (model.json + imagenet.json), any tfjs LayersModel folder
// or model.json path, or an http(s) URL of a model.json (the path a user with internet would take, e.g. a
// Keras MobileNet converted with tensorflowjs_converter).
import * as tf from '@tensorflow/tfjs';
import { dirname } from 'node:path';
import { isHttpUrl, loadLayersModelFrom, modelJsonPath } from '../io/fileIo';
import { BACKBONE_INFO_FILE, hasBackboneInfo, readBackboneInfo, type BackboneInfo } from './backboneInfo';
import { readImagenetLabels } from './labels';

export interface Backbone {
  model: tf.LayersModel;
  info: BackboneInfo;
}

function inboundLayerName(layer: tf.layers.Layer): string | null {
  const node = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes[0];
  return node?.inboundLayers[0]?.name ?? null;
}

/** Finds the feature map, pooling and classifier layers of a MobileNet-like LayersModel. */
export async function describeLayersModel(model: tf.LayersModel, source: string, labelsPath?: string): Promise<BackboneInfo> {
  const shape = model.inputs[0].shape;
  if (shape.length !== 4 || shape[1] == null || shape[2] == null || shape[3] == null) {
    throw new Error(`${source}: expected an image input [null, H, W, C], got [${shape}]`);
  }
  const layers = model.layers;
  const gapIndex = layers.findIndex((l) => l.getClassName() === 'GlobalAveragePooling2D');
  let featureLayer: string | null = null;
  let pooledLayer: string | null = null;
  if (gapIndex >= 0) {
    pooledLayer = layers[gapIndex].name;
    featureLayer = inboundLayerName(layers[gapIndex]);
  }
  if (!featureLayer) {
    for (const l of layers) if ((l.outputShape as number[]).length === 4) featureLayer = l.name;
  }
  if (!featureLayer) throw new Error(`${source}: no layer with a spatial feature map`);
  const after = gapIndex >= 0 ? layers.slice(gapIndex + 1) : [];
  const dense = [...after].reverse().find((l) => l.getClassName() === 'Dense' || (l.getClassName() === 'Conv2D' && (l.outputShape as number[]).length === 4));
  const outShape = model.outputs[0].shape;
  const numClasses = dense ? (outShape[outShape.length - 1] as number) : null;
  let labels: string[] = [];
  if (numClasses === 1000 || numClasses === 1001) labels = await readImagenetLabels(numClasses, labelsPath);
  return {
    format: 'statread-imagenet-backbone',
    version: 1,
    name: model.name,
    source,
    sourceFormat: 'tfjs-layers',
    importedAt: new Date().toISOString(),
    inputShape: [shape[1], shape[2], shape[3]],
    inputRange: [-1, 1],
    featureLayer,
    pooledLayer,
    classifierLayer: dense?.name ?? null,
    numClasses,
    labels,
    details: { layers: layers.length, params: model.countParams() },
  };
}

async function fetchInfo(url: string): Promise<BackboneInfo | null> {
  try {
    const res = await fetch(new URL(BACKBONE_INFO_FILE, url));
    if (!res.ok) return null;
    const info = (await res.json()) as BackboneInfo;
    return info.format === 'statread-imagenet-backbone' ? info : null;
  } catch {
    return null;
  }
}

/** Loads a backbone from a folder, model.json path or http(s) URL. */
export async function loadBackbone(pathOrUrl: string, opts: { labelsPath?: string } = {}): Promise<Backbone> {
  const model = await loadLayersModelFrom(pathOrUrl);
  let info: BackboneInfo | null = null;
  if (isHttpUrl(pathOrUrl)) info = await fetchInfo(pathOrUrl);
  else {
    const dir = dirname(modelJsonPath(pathOrUrl));
    if (hasBackboneInfo(dir)) info = await readBackboneInfo(dir);
  }
  return { model, info: info ?? (await describeLayersModel(model, pathOrUrl, opts.labelsPath)) };
}

/** A model whose outputs are [feature map, pooled features] (for CAM and cached-feature training). */
export function featureExtractor(backbone: Backbone): tf.LayersModel {
  const { model, info } = backbone;
  const fmap = model.getLayer(info.featureLayer).output as tf.SymbolicTensor;
  const outputs = info.pooledLayer ? [fmap, model.getLayer(info.pooledLayer).output as tf.SymbolicTensor] : [fmap];
  return tf.model({ inputs: model.inputs, outputs, name: `${model.name}_features` });
}
