// Reader for the TFLite flatbuffer (tensorflow/lite/schema/schema.fbs, root type Model, identifier "TFL3").
// Only the tables an ImageNet MobileNet needs are decoded: Model, SubGraph, Tensor, QuantizationParameters,
// Operator, OperatorCode, Buffer, and the builtin options of Conv2D, DepthwiseConv2D, Pool2D, Reshape, Add,
// Softmax, FullyConnected, Reducer (MEAN). Field ids follow schema.fbs; a union takes two ids (type, value).
import { ByteBuffer } from 'flatbuffers';

export enum TensorType {
  FLOAT32 = 0,
  FLOAT16 = 1,
  INT32 = 2,
  UINT8 = 3,
  INT64 = 4,
  STRING = 5,
  BOOL = 6,
  INT16 = 7,
  COMPLEX64 = 8,
  INT8 = 9,
  FLOAT64 = 10,
}

/** BuiltinOperator codes used by MobileNets (schema.fbs enum BuiltinOperator). */
export const BuiltinOp = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  PAD: 34,
  MEAN: 40,
  SQUEEZE: 43,
  QUANTIZE: 114,
  HARD_SWISH: 117,
} as const;

export const BUILTIN_OP_NAMES: Record<number, string> = Object.fromEntries(Object.entries(BuiltinOp).map(([k, v]) => [v, k]));

export enum Padding {
  SAME = 0,
  VALID = 1,
}

export enum Activation {
  NONE = 0,
  RELU = 1,
  RELU_N1_TO_1 = 2,
  RELU6 = 3,
  TANH = 4,
  SIGN_BIT = 5,
}

/** BuiltinOptions union type ids (1-based; 0 = NONE). */
export const BuiltinOptionsType = {
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  ConcatenationOptions: 10,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
  PadOptions: 22,
  ReducerOptions: 27,
  SqueezeOptions: 30,
  DequantizeOptions: 38,
  QuantizeOptions: 97,
} as const;

export interface Quantization {
  scale: Float32Array;
  zeroPoint: BigInt64Array;
  quantizedDimension: number;
  min?: Float32Array;
  max?: Float32Array;
}

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: TensorType;
  buffer: number;
  quantization: Quantization | null;
}

export type BuiltinOptions =
  | { kind: 'conv2d'; padding: Padding; strideW: number; strideH: number; activation: Activation; dilationW: number; dilationH: number }
  | {
      kind: 'depthwise';
      padding: Padding;
      strideW: number;
      strideH: number;
      depthMultiplier: number;
      activation: Activation;
      dilationW: number;
      dilationH: number;
    }
  | { kind: 'pool2d'; padding: Padding; strideW: number; strideH: number; filterW: number; filterH: number; activation: Activation }
  | { kind: 'fullyConnected'; activation: Activation; keepNumDims: boolean }
  | { kind: 'softmax'; beta: number }
  | { kind: 'add'; activation: Activation }
  | { kind: 'concatenation'; axis: number; activation: Activation }
  | { kind: 'reshape'; newShape: number[] }
  | { kind: 'reducer'; keepDims: boolean }
  | { kind: 'squeeze'; squeezeDims: number[] }
  | { kind: 'other'; type: number };

export interface TfliteOperator {
  /** Resolved builtin code (max of deprecated_builtin_code and builtin_code, as TFLite does). */
  opcode: number;
  opName: string;
  customCode: string | null;
  inputs: number[];
  outputs: number[];
  options: BuiltinOptions | null;
}

export interface TfliteSubGraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteModel {
  version: number;
  description: string;
  subgraphs: TfliteSubGraph[];
  /** Raw constant data per buffer index (empty for activations). Views into the file bytes. */
  buffers: Uint8Array[];
}

/** Minimal table accessor: field ids are schema.fbs declaration order (vtable slot 4 + 2*id). */
class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}
  private off(id: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * id);
  }
  has(id: number): boolean {
    return this.off(id) !== 0;
  }
  int8(id: number, dflt = 0): number {
    const o = this.off(id);
    return o ? this.bb.readInt8(this.pos + o) : dflt;
  }
  uint8(id: number, dflt = 0): number {
    const o = this.off(id);
    return o ? this.bb.readUint8(this.pos + o) : dflt;
  }
  bool(id: number, dflt = false): boolean {
    const o = this.off(id);
    return o ? this.bb.readInt8(this.pos + o) !== 0 : dflt;
  }
  int32(id: number, dflt = 0): number {
    const o = this.off(id);
    return o ? this.bb.readInt32(this.pos + o) : dflt;
  }
  uint32(id: number, dflt = 0): number {
    const o = this.off(id);
    return o ? this.bb.readUint32(this.pos + o) : dflt;
  }
  uint64(id: number, dflt = 0n): bigint {
    const o = this.off(id);
    return o ? this.bb.readUint64(this.pos + o) : dflt;
  }
  float32(id: number, dflt = 0): number {
    const o = this.off(id);
    return o ? this.bb.readFloat32(this.pos + o) : dflt;
  }
  string(id: number): string | null {
    const o = this.off(id);
    return o ? (this.bb.__string(this.pos + o) as string) : null;
  }
  table(id: number): Table | null {
    const o = this.off(id);
    return o ? new Table(this.bb, this.bb.__indirect(this.pos + o)) : null;
  }
  private vec(id: number): { start: number; len: number } | null {
    const o = this.off(id);
    if (!o) return null;
    return { start: this.bb.__vector(this.pos + o), len: this.bb.__vector_len(this.pos + o) };
  }
  tables(id: number): Table[] {
    const v = this.vec(id);
    if (!v) return [];
    const out: Table[] = [];
    for (let i = 0; i < v.len; i++) out.push(new Table(this.bb, this.bb.__indirect(v.start + 4 * i)));
    return out;
  }
  int32s(id: number): number[] {
    const v = this.vec(id);
    if (!v) return [];
    const out: number[] = [];
    for (let i = 0; i < v.len; i++) out.push(this.bb.readInt32(v.start + 4 * i));
    return out;
  }
  float32s(id: number): Float32Array | undefined {
    const v = this.vec(id);
    if (!v) return undefined;
    const out = new Float32Array(v.len);
    for (let i = 0; i < v.len; i++) out[i] = this.bb.readFloat32(v.start + 4 * i);
    return out;
  }
  int64s(id: number): BigInt64Array {
    const v = this.vec(id);
    if (!v) return new BigInt64Array(0);
    const out = new BigInt64Array(v.len);
    for (let i = 0; i < v.len; i++) out[i] = this.bb.readInt64(v.start + 8 * i);
    return out;
  }
  bytes(id: number): Uint8Array {
    const v = this.vec(id);
    if (!v) return new Uint8Array(0);
    return this.bb.bytes().subarray(v.start, v.start + v.len);
  }
}

function readQuantization(t: Table | null): Quantization | null {
  if (!t) return null;
  // QuantizationParameters: min 0, max 1, scale 2, zero_point 3, details_type 4, details 5, quantized_dimension 6
  const scale = t.float32s(2);
  if (!scale || scale.length === 0) return null;
  return {
    min: t.float32s(0),
    max: t.float32s(1),
    scale,
    zeroPoint: t.int64s(3),
    quantizedDimension: t.int32(6, 0),
  };
}

function readOptions(type: number, t: Table | null): BuiltinOptions | null {
  if (!t || type === 0) return null;
  const T = BuiltinOptionsType;
  switch (type) {
    case T.Conv2DOptions:
      // padding 0, stride_w 1, stride_h 2, fused_activation_function 3, dilation_w 4, dilation_h 5
      return {
        kind: 'conv2d',
        padding: t.int8(0),
        strideW: t.int32(1),
        strideH: t.int32(2),
        activation: t.int8(3),
        dilationW: t.int32(4, 1),
        dilationH: t.int32(5, 1),
      };
    case T.DepthwiseConv2DOptions:
      // padding 0, stride_w 1, stride_h 2, depth_multiplier 3, fused_activation_function 4, dilation_w 5, dilation_h 6
      return {
        kind: 'depthwise',
        padding: t.int8(0),
        strideW: t.int32(1),
        strideH: t.int32(2),
        depthMultiplier: t.int32(3),
        activation: t.int8(4),
        dilationW: t.int32(5, 1),
        dilationH: t.int32(6, 1),
      };
    case T.Pool2DOptions:
      // padding 0, stride_w 1, stride_h 2, filter_width 3, filter_height 4, fused_activation_function 5
      return {
        kind: 'pool2d',
        padding: t.int8(0),
        strideW: t.int32(1),
        strideH: t.int32(2),
        filterW: t.int32(3),
        filterH: t.int32(4),
        activation: t.int8(5),
      };
    case T.FullyConnectedOptions:
      // fused_activation_function 0, weights_format 1, keep_num_dims 2
      return { kind: 'fullyConnected', activation: t.int8(0), keepNumDims: t.bool(2) };
    case T.SoftmaxOptions:
      return { kind: 'softmax', beta: t.float32(0, 1) };
    case T.AddOptions:
      return { kind: 'add', activation: t.int8(0) };
    case T.ConcatenationOptions:
      return { kind: 'concatenation', axis: t.int32(0), activation: t.int8(1) };
    case T.ReshapeOptions:
      return { kind: 'reshape', newShape: t.int32s(0) };
    case T.ReducerOptions:
      return { kind: 'reducer', keepDims: t.bool(0) };
    case T.SqueezeOptions:
      return { kind: 'squeeze', squeezeDims: t.int32s(0) };
    default:
      return { kind: 'other', type };
  }
}

/** Parses a .tflite file. Throws a clear error for anything that is not a TFLite flatbuffer. */
export function parseTflite(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8) throw new Error('file too small to be a TFLite model');
  const bb = new ByteBuffer(bytes);
  if (!bb.__has_identifier('TFL3')) {
    throw new Error('not a TFLite flatbuffer (file identifier "TFL3" missing at byte 4)');
  }
  const root = new Table(bb, bb.readInt32(bb.position()) + bb.position());
  // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4, metadata_buffer 5, metadata 6
  const opCodes = root.tables(1).map((oc) => {
    // OperatorCode: deprecated_builtin_code:byte 0, custom_code 1, version 2, builtin_code:int 3
    const deprecated = oc.int8(0);
    const code = oc.int32(3);
    return { code: Math.max(deprecated, code), custom: oc.string(1) };
  });
  const buffers = root.tables(4).map((b) => {
    // Buffer: data 0, offset:ulong 1, size:ulong 2 (offset/size: data stored after the flatbuffer, >2 GB models)
    const data = b.bytes(0);
    if (data.length > 0) return data;
    const offset = Number(b.uint64(1));
    const size = Number(b.uint64(2));
    return offset > 1 && size > 0 ? bytes.subarray(offset, offset + size) : data;
  });
  const subgraphs = root.tables(2).map((sg): TfliteSubGraph => {
    // SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4
    const tensors = sg.tables(0).map((t, index): TfliteTensor => ({
      // Tensor: shape 0, type 1, buffer 2, name 3, quantization 4, is_variable 5, sparsity 6, shape_signature 7
      index,
      shape: t.int32s(0),
      type: t.int8(1),
      buffer: t.uint32(2),
      name: t.string(3) ?? `tensor_${index}`,
      quantization: readQuantization(t.table(4)),
    }));
    const operators = sg.tables(3).map((op): TfliteOperator => {
      // Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4, ...
      const oc = opCodes[op.uint32(0)];
      if (!oc) throw new Error(`operator refers to missing opcode index ${op.uint32(0)}`);
      return {
        opcode: oc.code,
        opName: BUILTIN_OP_NAMES[oc.code] ?? (oc.code === 32 ? `CUSTOM:${oc.custom}` : `BUILTIN_${oc.code}`),
        customCode: oc.custom,
        inputs: op.int32s(1),
        outputs: op.int32s(2),
        options: readOptions(op.uint8(3), op.table(4)),
      };
    });
    return { name: sg.string(4) ?? '', tensors, inputs: sg.int32s(1), outputs: sg.int32s(2), operators };
  });
  if (subgraphs.length === 0) throw new Error('TFLite model has no subgraph');
  return { version: root.uint32(0), description: root.string(3) ?? '', subgraphs, buffers };
}
