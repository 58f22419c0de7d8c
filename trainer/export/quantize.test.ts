// Weight quantisation in the tfjs-converter format: float16 bits are IEEE-correct, and tfjs's own loader
// (tf.io.decodeWeights) dequantises what we write back to the original values within half-precision rounding.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantizeArtifacts, toFloat16Bits } from './quantize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('toFloat16Bits', () => {
  it('encodes exact halves and specials', () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(Infinity)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie rounds to even
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toFloat16Bits(NaN) & 0x7c00).toBe(0x7c00);
  });
});

describe('quantizeArtifacts', () => {
  const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 + (i % 7) * 1e-3);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: {},
    weightSpecs: [
      { name: 'w', shape: [10, 100], dtype: 'float32' },
      { name: 'i', shape: [2], dtype: 'int32' },
    ],
    weightData: (() => {
      const b = new Uint8Array(4000 + 8);
      b.set(new Uint8Array(values.buffer), 0);
      b.set(new Uint8Array(Int32Array.from([5, -6]).buffer), 4000);
      return b.buffer;
    })(),
  };

  for (const kind of ['float16', 'uint8'] as const) {
    it(`${kind}: smaller, and tfjs decodes it back to the values`, () => {
      const q = quantizeArtifacts(artifacts, kind);
      const bytes = (q.weightData as ArrayBuffer).byteLength;
      expect(bytes).toBe((kind === 'float16' ? 2000 : 1000) + 8);
      const decoded = tf.io.decodeWeights(q.weightData!, q.weightSpecs!);
      const w = decoded.w!.dataSync();
      const tol = kind === 'float16' ? 3 * 2 ** -11 : 6 / 255;
      let max = 0;
      for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(w[i]! - values[i]!));
      expect(max).toBeLessThan(tol);
      expect(max).toBeGreaterThan(0);
      expect(Array.from(decoded.i!.dataSync())).toEqual([5, -6]);
    });
  }
});
