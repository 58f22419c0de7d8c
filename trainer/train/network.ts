// The trainable chest X-ray network built from an imported ImageNet backbone:
//   input [S, S, C] -> backbone convolutions up to the last conv feature map (CAM source)
//                   -> GlobalAveragePooling2D ("pooled") -> Dense(labels, sigmoid) named manifest.headLayer
// with outputs [probabilities, featureMap] (the export contract of src/model/manifest.ts).
//
// The backbone is cut at its feature layer and rebuilt at the training input size (MobileNets are fully
// convolutional up to the pooling) with 1 or 3 input channels by editing the serialised topology and copying
// the weights layer by layer; `firstConv` lets greyscale folding replace the first convolution's kernel.
import * as tf from '@tensorflow/tfjs';

export const HEAD_LAYER = 'cxr_head';
export const POOLED_LAYER = 'cxr_pooled';

type Json = Record<string, unknown>;

/** Name of the last layer with a 4-D output that feeds a global pooling (else the last 4-D layer). */
export function findFeatureLayer(model: tf.LayersModel): string {
  let last4d = '';
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'GlobalAveragePooling2D' || cls === 'GlobalMaxPooling2D') {
      const inbound = (layer.inboundNodes[0]?.inboundLayers ?? [])[0];
      if (inbound) return inbound.name;
    }
    const shape = layer.outputShape as number[];
    if (Array.isArray(shape) && shape.length === 4 && typeof shape[0] !== 'object') last4d = layer.name;
  }
  if (!last4d) throw new Error('backbone has no 4-D feature map');
  return last4d;
}

/** The first Conv2D layer (the one fed by the image). */
export function firstConvLayer(model: tf.LayersModel): tf.layers.Layer {
  const l = model.layers.find((x) => x.getClassName() === 'Conv2D');
  if (!l) throw new Error('backbone has no Conv2D layer');
  return l;
}

export interface TrunkOptions {
  inputSize: number;
  channels: 1 | 3;
  /** Replace the first conv's kernel [kh, kw, inC, outC] (e.g. greyscale folding). Must match `channels`. */
  firstConvKernel?: (kernel: tf.Tensor4D) => tf.Tensor4D;
  featureLayer?: string;
}

/**
 * A functional model from the backbone's input to its feature layer, rebuilt for [inputSize, inputSize, channels].
 * The weights are copies (the source model can be disposed).
 */
export async function buildTrunk(backbone: tf.LayersModel, o: TrunkOptions): Promise<tf.LayersModel> {
  const featureLayer = o.featureLayer ?? findFeatureLayer(backbone);
  const cut = tf.model({ inputs: backbone.inputs, outputs: backbone.getLayer(featureLayer).output as tf.SymbolicTensor });
  const topo = cut.toJSON(undefined, false) as Json;
  const config = topo.config as { layers: { class_name: string; name: string; config: Json }[]; name?: string };
  for (const l of config.layers) {
    if (l.class_name === 'InputLayer') {
      l.config.batch_input_shape = [null, o.inputSize, o.inputSize, o.channels];
      delete l.config.batchInputShape;
    }
  }
  config.name = `${String(config.name ?? 'backbone')}_trunk`;
  const trunk = (await tf.models.modelFromJSON(topo as tf.io.ModelJSON['modelTopology'] as never)) as tf.LayersModel;
  const first = firstConvLayer(cut).name;
  for (const layer of cut.layers) {
    const w = layer.getWeights();
    if (w.length === 0) continue;
    if (layer.name === first && o.firstConvKernel) {
      const k = o.firstConvKernel(w[0] as tf.Tensor4D);
      trunk.getLayer(layer.name).setWeights([k, ...w.slice(1)]);
      k.dispose();
    } else {
      trunk.getLayer(layer.name).setWeights(w);
    }
  }
  return trunk;
}

/** Adds pooling and the sigmoid Dense head to a trunk: outputs [probabilities, featureMap]. */
export function attachHead(trunk: tf.LayersModel, labels: number, kernel?: tf.Tensor2D, bias?: tf.Tensor1D): tf.LayersModel {
  const fm = trunk.outputs[0]!;
  const pooled = tf.layers.globalAveragePooling2d({ name: POOLED_LAYER }).apply(fm) as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: labels, activation: 'sigmoid', name: HEAD_LAYER });
  const probs = head.apply(pooled) as tf.SymbolicTensor;
  if (kernel && bias) head.setWeights([kernel, bias]);
  return tf.model({ inputs: trunk.inputs, outputs: [probs, fm], name: 'statread_cxr' });
}

/** Conv and dense layers grouped into blocks (MobileNet naming: expanded_conv_N_*, Conv2d_N_*, Conv_1), in order. */
export function weightedBlocks(model: tf.LayersModel): { key: string; layers: tf.layers.Layer[] }[] {
  const blocks: { key: string; layers: tf.layers.Layer[] }[] = [];
  for (const layer of model.layers) {
    if (layer.trainableWeights.length === 0 || layer.name === HEAD_LAYER) continue;
    const m = /^(.*?(?:expanded_conv(?:_\d+)?|Conv2d_\d+|Conv_\d+|block_\d+))(?:_|$)/.exec(layer.name);
    const key = m ? m[1]! : layer.name;
    const lastBlock = blocks[blocks.length - 1];
    if (lastBlock && lastBlock.key === key) lastBlock.layers.push(layer);
    else blocks.push({ key, layers: [layer] });
  }
  return blocks;
}

/** The variables of the top `n` blocks (`Infinity` = all), excluding the head. */
export function unfrozenVariables(model: tf.LayersModel, n: number): { vars: tf.Variable[]; blocks: string[] } {
  const blocks = weightedBlocks(model);
  const top = n >= blocks.length ? blocks : blocks.slice(blocks.length - n);
  const vars: tf.Variable[] = [];
  for (const b of top) for (const l of b.layers) for (const w of l.trainableWeights) vars.push((w as unknown as { val: tf.Variable }).val);
  return { vars, blocks: top.map((b) => b.key) };
}

/** Number of parameters (elements) of a model's weights. */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}
