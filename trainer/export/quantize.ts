// Weight quantisation in the tfjs-converter format: a weight spec keeps dtype 'float32' and gains
// `quantization: {dtype: 'float16'}` (IEEE half, 2 bytes) or `{dtype: 'uint8', scale, min}` (value = q * scale +
// min, per tensor). tf.loadLayersModel dequantises on load, in Node and in the browser alike, so the model on
// disk shrinks 2x / 4x and nothing else changes. MobileNetV2 1.0 is ~2.3 M parameters = 9 MB as float32; float16
// keeps it far under the 10 MB budget with output differences around 1e-3 (checked after export).
import * as tf from '@tensorflow/tfjs';

export type WeightQuantization = 'none' | 'float16' | 'uint8';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 float32 -> float16 bits, round to nearest even, with overflow to inf and subnormals. */
export function toFloat16Bits(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf / nan
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  if ((half & 0x7fff) >= 0x7c00) return sign | 0x7c00;
  return sign | half;
}

/** Rewrites float32 weights of saved artifacts as float16 or uint8 with dequantisation specs. */
export function quantizeArtifacts(a: tf.io.ModelArtifacts, kind: WeightQuantization): tf.io.ModelArtifacts {
  if (kind === 'none' || !a.weightSpecs || !a.weightData) return a;
  const src = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData));
  const parts: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of a.weightSpecs) {
    const size = spec.shape.reduce((x, y) => x * y, 1);
    const bytes = size * (spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : 1);
    const chunk = src.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || spec.quantization) {
      parts.push(chunk);
      specs.push(spec);
      continue;
    }
    const vals = new Float32Array(chunk.buffer);
    if (kind === 'float16') {
      const out = new Uint16Array(size);
      for (let i = 0; i < size; i++) out[i] = toFloat16Bits(vals[i]!);
      parts.push(new Uint8Array(out.buffer));
      specs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of vals) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (!Number.isFinite(min)) min = max = 0;
      const scale = max > min ? (max - min) / 255 : 1;
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) out[i] = Math.round((vals[i]! - min) / scale);
      parts.push(out);
      specs.push({ ...spec, quantization: { dtype: 'uint8', scale, min } });
    }
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const data = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.byteLength;
  }
  return { ...a, weightSpecs: specs, weightData: data.buffer };
}

/** Wraps an IOHandler so that `save` quantises the weights first. */
export function quantizingHandler(inner: tf.io.IOHandler, kind: WeightQuantization): tf.io.IOHandler {
  return {
    save: async (artifacts) => inner.save!(quantizeArtifacts(artifacts, kind)),
    load: inner.load,
  };
}
