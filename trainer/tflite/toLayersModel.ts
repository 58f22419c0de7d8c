// Rebuilds subgraph 0 of a TFLite MobileNet as a float tfjs LayersModel: Conv2D (batch-norm already folded
// into weights + bias by the converter), DepthwiseConv2D, ReLU/ReLU6 (TFLite's fused activations become
// their own layers so that every activation has a name), residual Add, pooling, 1x1-conv or dense
// classifier, softmax. QUANTIZE/DEQUANTIZE vanish: the rebuilt model is float throughout and takes
// x in [-1, 1] (what the quantised input's scale/zero point encode: x = scale * (q - zero_point)).
import * as tf from '@tensorflow/tfjs';
import { constantAsFloat32, constantAsInts } from './dequantize';
import { Activation, BuiltinOp, Padding, TensorType, type TfliteModel, type TfliteOperator, type TfliteTensor } from './schema';

export interface TfliteImportInfo {
  /** Model name (file name without extension). */
  name: string;
  /** [height, width, channels] of the input. */
  inputShape: [number, number, number];
  /** The float model's input range (Keras MobileNet convention). */
  inputRange: [number, number];
  /** How the TFLite file encoded its input: x = scale * (q - zeroPoint). */
  tfliteInput: { type: string; scale: number; zeroPoint: number } | null;
  /** Number of classes of the classifier (1001 for the TF-slim ImageNet models: index 0 = background). */
  numClasses: number | null;
  /** Last layer with a spatial feature map (e.g. the ReLU6 after the last 1x1 conv): CAM / fine-tuning. */
  featureLayer: string;
  /** Global-average-pooling layer (output [N, C]): features for a new head. Null if the model has none. */
  pooledLayer: string | null;
  /** Dense layer mapping pooled features to logits. Null for an embedding extractor. */
  classifierLayer: string | null;
  /** Weight storage in the TFLite file, e.g. "uint8 per-tensor", "int8 per-channel". */
  weightQuantization: string;
  /** Operator counts of the source graph. */
  ops: Record<string, number>;
  description: string;
}

interface Node {
  t: tf.SymbolicTensor;
  layer: string;
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'layer';
}

const NOISE =
  /^(Mobile[Nn]et(V\d)?|batch_norm|BatchNorm(_Fold)?|weights_quant|FakeQuantWithMinMaxVars.*|Conv2D(_Fold)?|depthwise_Fold|FusedBatchNorm.*|BiasAdd|Relu6?|relu6)$/;

/** A layer name from a TFLite tensor name, e.g. "MobilenetV2/expanded_conv_3/expand/Conv2D_Fold" -> expanded_conv_3_expand. */
function scopeName(tensorName: string, dropLast: boolean): string {
  const parts = tensorName.split(';')[0].split('/');
  const kept = (dropLast && parts.length > 1 ? parts.slice(0, -1) : parts).filter((p) => !NOISE.test(p));
  return sanitize(kept.join('_'));
}

export function tfliteToLayersModel(model: TfliteModel, name: string): { model: tf.LayersModel; info: TfliteImportInfo } {
  const sg = model.subgraphs[0];
  if (sg.inputs.length !== 1) throw new Error(`expected one input, the model has ${sg.inputs.length}`);
  const used = new Set<string>();
  const unique = (base: string): string => {
    let n = sanitize(base);
    for (let i = 1; used.has(n); i++) n = `${sanitize(base)}_${i}`;
    used.add(n);
    return n;
  };
  const inT = sg.tensors[sg.inputs[0]];
  const [, h, w, c] = inT.shape;
  if (inT.shape.length !== 4) throw new Error(`expected an NHWC image input, got shape [${inT.shape}]`);
  const input = tf.input({ shape: [h, w, c], name: unique('input') });
  const nodes = new Map<number, Node>([[sg.inputs[0], { t: input, layer: input.sourceLayer.name }]]);
  const ops: Record<string, number> = {};
  const quantKinds = new Set<string>();
  let featureLayer = '';
  let pooledLayer: string | null = null;
  let classifierLayer: string | null = null;

  const get = (op: TfliteOperator, k: number): Node => {
    const n = nodes.get(op.inputs[k]);
    if (!n) throw new Error(`${op.opName}: input ${k} (tensor "${sg.tensors[op.inputs[k]]?.name}") is not computed`);
    return n;
  };
  const tensorOf = (op: TfliteOperator, k: number): TfliteTensor => sg.tensors[op.inputs[k]];
  const weightsOf = (op: TfliteOperator): { wT: TfliteTensor; w: Float32Array; b: Float32Array | null } => {
    const wT = tensorOf(op, 1);
    const w = constantAsFloat32(model, wT);
    if (!w) throw new Error(`${op.opName}: weights "${wT.name}" are not constant`);
    const q = wT.quantization;
    if (q) quantKinds.add(`${TensorType[wT.type].toLowerCase()} ${q.scale.length > 1 ? 'per-channel' : 'per-tensor'}`);
    else quantKinds.add(TensorType[wT.type].toLowerCase());
    let b: Float32Array | null = null;
    if (op.inputs.length > 2 && op.inputs[2] >= 0) {
      const inScale = tensorOf(op, 0).quantization?.scale[0] ?? 1;
      const fallback = q ? Array.from(q.scale, (s) => s * inScale) : undefined;
      b = constantAsFloat32(model, tensorOf(op, 2), fallback);
    }
    return { wT, w, b };
  };
  const activate = (x: tf.SymbolicTensor, act: Activation, base: string): Node => {
    if (act === Activation.NONE) return { t: x, layer: (x.sourceLayer as tf.layers.Layer).name };
    if (act !== Activation.RELU6 && act !== Activation.RELU) throw new Error(`fused activation ${Activation[act]} is not supported`);
    const layerName = unique(`${base}_${act === Activation.RELU6 ? 'relu6' : 'relu'}`);
    const layer = tf.layers.reLU({ maxValue: act === Activation.RELU6 ? 6 : undefined, name: layerName });
    return { t: layer.apply(x) as tf.SymbolicTensor, layer: layerName };
  };
  const padding = (p: Padding): 'same' | 'valid' => (p === Padding.SAME ? 'same' : 'valid');

  for (const op of sg.operators) {
    ops[op.opName] = (ops[op.opName] ?? 0) + 1;
    const outIdx = op.outputs[0];
    const outName = sg.tensors[outIdx]?.name ?? op.opName;
    let result: Node;
    switch (op.opcode) {
      case BuiltinOp.QUANTIZE:
      case BuiltinOp.DEQUANTIZE:
        result = get(op, 0);
        break;
      case BuiltinOp.CONV_2D: {
        const o = op.options;
        if (o?.kind !== 'conv2d') throw new Error('CONV_2D without Conv2DOptions');
        const x = get(op, 0);
        const { wT, w, b } = weightsOf(op);
        const [outC, kh, kw, inC] = wT.shape;
        const base = scopeName(wT.name, true);
        const wt = tf.tidy(() => tf.tensor4d(w, [outC, kh, kw, inC]).transpose([1, 2, 3, 0]));
        const bias = b ? [tf.tensor1d(b)] : [];
        let y: tf.SymbolicTensor;
        if (x.t.shape.length === 2) {
          // A 1x1 convolution on pooled features is a dense layer: the classifier.
          if (kh !== 1 || kw !== 1) throw new Error(`${kh}x${kw} convolution on pooled features`);
          const lname = unique(base);
          const dense = tf.layers.dense({ units: outC, useBias: !!b, name: lname });
          y = dense.apply(x.t) as tf.SymbolicTensor;
          dense.setWeights([wt.reshape([inC, outC]), ...bias]);
          classifierLayer = lname;
        } else {
          const conv = tf.layers.conv2d({
            filters: outC,
            kernelSize: [kh, kw],
            strides: [o.strideH, o.strideW],
            padding: padding(o.padding),
            dilationRate: [o.dilationH, o.dilationW],
            useBias: !!b,
            name: unique(base),
          });
          y = conv.apply(x.t) as tf.SymbolicTensor;
          conv.setWeights([wt, ...bias]);
        }
        tf.dispose([wt, ...bias]);
        result = activate(y, o.activation, base);
        break;
      }
      case BuiltinOp.DEPTHWISE_CONV_2D: {
        const o = op.options;
        if (o?.kind !== 'depthwise') throw new Error('DEPTHWISE_CONV_2D without options');
        const x = get(op, 0);
        const { wT, w, b } = weightsOf(op);
        const [, kh, kw, cm] = wT.shape;
        const inC = x.t.shape[3] as number;
        const mult = cm / inC;
        const base = scopeName(wT.name, true);
        const conv = tf.layers.depthwiseConv2d({
          kernelSize: [kh, kw],
          strides: [o.strideH, o.strideW],
          padding: padding(o.padding),
          depthMultiplier: mult,
          dilationRate: [o.dilationH, o.dilationW],
          useBias: !!b,
          name: unique(base),
        });
        const y = conv.apply(x.t) as tf.SymbolicTensor;
        const kernel = tf.tensor4d(w, [kh, kw, inC, mult]);
        const bias = b ? [tf.tensor1d(b)] : [];
        conv.setWeights([kernel, ...bias]);
        tf.dispose([kernel, ...bias]);
        result = activate(y, o.activation, base);
        break;
      }
      case BuiltinOp.ADD: {
        const base = scopeName(outName, false);
        const lname = unique(base);
        const y = tf.layers.add({ name: lname }).apply([get(op, 0).t, get(op, 1).t]) as tf.SymbolicTensor;
        result = activate(y, op.options?.kind === 'add' ? op.options.activation : Activation.NONE, base);
        break;
      }
      case BuiltinOp.AVERAGE_POOL_2D:
      case BuiltinOp.MAX_POOL_2D: {
        const o = op.options;
        if (o?.kind !== 'pool2d') throw new Error(`${op.opName} without Pool2DOptions`);
        const x = get(op, 0);
        const [, ih, iw] = x.t.shape as number[];
        const isGlobal = o.filterH === ih && o.filterW === iw && (o.padding === Padding.VALID || (ih === 1 && iw === 1));
        const base = scopeName(outName, false);
        if (isGlobal && op.opcode === BuiltinOp.AVERAGE_POOL_2D) {
          featureLayer = x.layer;
          pooledLayer = unique('global_average_pooling');
          result = { t: tf.layers.globalAveragePooling2d({ name: pooledLayer }).apply(x.t) as tf.SymbolicTensor, layer: pooledLayer };
        } else {
          const lname = unique(base);
          const args = {
            poolSize: [o.filterH, o.filterW] as [number, number],
            strides: [o.strideH, o.strideW] as [number, number],
            padding: padding(o.padding),
            name: lname,
          };
          const layer = op.opcode === BuiltinOp.AVERAGE_POOL_2D ? tf.layers.averagePooling2d(args) : tf.layers.maxPooling2d(args);
          result = { t: layer.apply(x.t) as tf.SymbolicTensor, layer: lname };
        }
        result = activate(result.t, o.activation, base);
        break;
      }
      case BuiltinOp.MEAN: {
        const x = get(op, 0);
        const axes = constantAsInts(model, tensorOf(op, 1));
        const sorted = (axes ?? []).map((a) => (a < 0 ? a + 4 : a)).sort();
        if (x.t.shape.length !== 4 || sorted.join() !== '1,2') throw new Error(`MEAN over axes [${axes}] is not supported (only spatial [1,2])`);
        featureLayer = x.layer;
        pooledLayer = unique('global_average_pooling');
        result = { t: tf.layers.globalAveragePooling2d({ name: pooledLayer }).apply(x.t) as tf.SymbolicTensor, layer: pooledLayer };
        break;
      }
      case BuiltinOp.RESHAPE:
      case BuiltinOp.SQUEEZE: {
        const x = get(op, 0);
        const target = sg.tensors[outIdx].shape;
        const flatTarget = target.length === 2 && target[1] === (x.t.shape[x.t.shape.length - 1] as number);
        if (x.t.shape.length === 2 && flatTarget) {
          result = x; // pooled features are already [N, C]: the squeeze is implicit
        } else {
          const lname = unique(scopeName(outName, false));
          result = { t: tf.layers.reshape({ targetShape: target.slice(1), name: lname }).apply(x.t) as tf.SymbolicTensor, layer: lname };
        }
        break;
      }
      case BuiltinOp.SOFTMAX: {
        if (op.options?.kind === 'softmax' && Math.abs(op.options.beta - 1) > 1e-6) throw new Error(`SOFTMAX with beta ${op.options.beta}`);
        const lname = unique('predictions');
        result = { t: tf.layers.softmax({ name: lname }).apply(get(op, 0).t) as tf.SymbolicTensor, layer: lname };
        break;
      }
      case BuiltinOp.RELU6:
      case BuiltinOp.RELU: {
        result = activate(get(op, 0).t, op.opcode === BuiltinOp.RELU6 ? Activation.RELU6 : Activation.RELU, scopeName(outName, true));
        break;
      }
      case BuiltinOp.PAD: {
        const x = get(op, 0);
        const p = constantAsInts(model, tensorOf(op, 1));
        if (!p || p.length !== 8 || p[0] || p[1] || p[6] || p[7]) throw new Error(`PAD ${p} is not a spatial zero padding`);
        const lname = unique(scopeName(outName, false));
        const layer = tf.layers.zeroPadding2d({
          padding: [
            [p[2], p[3]],
            [p[4], p[5]],
          ],
          name: lname,
        });
        result = { t: layer.apply(x.t) as tf.SymbolicTensor, layer: lname };
        break;
      }
      case BuiltinOp.FULLY_CONNECTED: {
        let x = get(op, 0);
        const o = op.options;
        if (x.t.shape.length !== 2) {
          const lname = unique('flatten');
          x = { t: tf.layers.flatten({ name: lname }).apply(x.t) as tf.SymbolicTensor, layer: lname };
        }
        const { wT, w, b } = weightsOf(op);
        const [outC, inC] = wT.shape;
        const base = scopeName(wT.name, true);
        const lname = unique(base);
        const dense = tf.layers.dense({ units: outC, useBias: !!b, name: lname });
        const y = dense.apply(x.t) as tf.SymbolicTensor;
        const kernel = tf.tidy(() => tf.tensor2d(w, [outC, inC]).transpose());
        const bias = b ? [tf.tensor1d(b)] : [];
        dense.setWeights([kernel, ...bias]);
        tf.dispose([kernel, ...bias]);
        if (pooledLayer) classifierLayer = lname;
        result = activate(y, o?.kind === 'fullyConnected' ? o.activation : Activation.NONE, base);
        break;
      }
      default:
        throw new Error(`TFLite operator ${op.opName} (${op.opcode}) is not supported by this importer`);
    }
    nodes.set(outIdx, result);
  }

  const outputs = sg.outputs.map((i) => {
    const n = nodes.get(i);
    if (!n) throw new Error(`output tensor "${sg.tensors[i]?.name}" was never computed`);
    return n.t;
  });
  if (!featureLayer) {
    // No global pooling: the last 4-D activation is the feature map.
    for (const n of nodes.values()) if (n.t.shape.length === 4) featureLayer = n.layer;
  }
  const lm = tf.model({ inputs: input, outputs: outputs.length === 1 ? outputs[0] : outputs, name: sanitize(name) });
  const outShape = outputs[0].shape;
  const q = inT.quantization;
  return {
    model: lm,
    info: {
      name,
      inputShape: [h, w, c],
      inputRange: [-1, 1],
      tfliteInput: q ? { type: TensorType[inT.type], scale: q.scale[0], zeroPoint: Number(q.zeroPoint[0] ?? 0n) } : null,
      numClasses: classifierLayer ? (outShape[outShape.length - 1] as number) : null,
      featureLayer,
      pooledLayer,
      classifierLayer,
      weightQuantization: [...quantKinds].join(', '),
      ops,
      description: model.description,
    },
  };
}
