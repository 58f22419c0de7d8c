// Constant tensors of a TFLite model as float32: f = scale[c] * (q - zero_point[c]), per tensor or per channel
// along quantized_dimension. INT32 biases carry scale = input_scale * weight_scale (per output channel); when a
// file omits it, the caller passes the scales to use.
import { TensorType, type TfliteModel, type TfliteTensor } from './schema';

function float16ToFloat32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x03ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function rawValues(t: TfliteTensor, data: Uint8Array, count: number): Float64Array | Float32Array {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Float64Array(count);
  const need = (bytesPer: number) => {
    if (data.byteLength < count * bytesPer) {
      throw new Error(`tensor "${t.name}": buffer holds ${data.byteLength} bytes, shape needs ${count * bytesPer}`);
    }
  };
  switch (t.type) {
    case TensorType.FLOAT32:
      need(4);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    case TensorType.FLOAT16:
      need(2);
      for (let i = 0; i < count; i++) out[i] = float16ToFloat32(dv.getUint16(2 * i, true));
      return out;
    case TensorType.UINT8:
      need(1);
      for (let i = 0; i < count; i++) out[i] = dv.getUint8(i);
      return out;
    case TensorType.INT8:
      need(1);
      for (let i = 0; i < count; i++) out[i] = dv.getInt8(i);
      return out;
    case TensorType.INT16:
      need(2);
      for (let i = 0; i < count; i++) out[i] = dv.getInt16(2 * i, true);
      return out;
    case TensorType.INT32:
      need(4);
      for (let i = 0; i < count; i++) out[i] = dv.getInt32(4 * i, true);
      return out;
    case TensorType.INT64:
      need(8);
      for (let i = 0; i < count; i++) out[i] = Number(dv.getBigInt64(8 * i, true));
      return out;
    default:
      throw new Error(`tensor "${t.name}": unsupported constant type ${TensorType[t.type] ?? t.type}`);
  }
}

/** Float values of a constant tensor, or null when it has no data (an activation). */
export function constantAsFloat32(model: TfliteModel, t: TfliteTensor, fallbackScale?: Float32Array | number[]): Float32Array | null {
  const data = model.buffers[t.buffer];
  if (!data || data.length === 0) return null;
  const count = t.shape.reduce((a, b) => a * b, 1);
  const raw = rawValues(t, data, count);
  const isFloat = t.type === TensorType.FLOAT32 || t.type === TensorType.FLOAT16;
  const out = new Float32Array(count);
  if (isFloat) {
    out.set(raw);
    return out;
  }
  let scale: ArrayLike<number> | undefined = t.quantization?.scale;
  let zero: ArrayLike<bigint> | undefined = t.quantization?.zeroPoint;
  const qdim = t.quantization?.quantizedDimension ?? 0;
  if (!scale || scale.length === 0) {
    if (!fallbackScale) {
      // Integer constants without quantisation (shapes, axes) are plain integers.
      out.set(raw);
      return out;
    }
    scale = fallbackScale;
    zero = undefined;
  }
  const nCh = scale.length;
  if (nCh === 1) {
    const s = scale[0];
    const z = zero && zero.length ? Number(zero[0]) : 0;
    for (let i = 0; i < count; i++) out[i] = s * (raw[i] - z);
    return out;
  }
  if (t.shape[qdim] !== nCh) {
    throw new Error(`tensor "${t.name}": ${nCh} scales but dimension ${qdim} has size ${t.shape[qdim]}`);
  }
  // Per-channel: index -> channel along qdim.
  const inner = t.shape.slice(qdim + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(i / inner) % nCh;
    const z = zero && zero.length === nCh ? Number(zero[c]) : zero && zero.length ? Number(zero[0]) : 0;
    out[i] = scale[c] * (raw[i] - z);
  }
  return out;
}

/** Integer values of a constant tensor (reshape targets, reduction axes). */
export function constantAsInts(model: TfliteModel, t: TfliteTensor): number[] | null {
  const data = model.buffers[t.buffer];
  if (!data || data.length === 0) return null;
  const count = t.shape.reduce((a, b) => a * b, 1);
  return Array.from(rawValues(t, data, count));
}
