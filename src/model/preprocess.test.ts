import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { decodeImage } from './decodeImage';
import type { PreprocessSpec } from './manifest';
import { canonicalise, fitSquare, preprocess } from './preprocess';
import { bilinear, resample } from './resample';

const spec: PreprocessSpec = { canonicalSize: 2, inputSize: 4, channels: 3, scale: 2, offset: -1, fit: 'stretch' };

describe('resampling, hand-computed', () => {
  it('area-averages whole blocks and weighs partial pixels by their overlap', () => {
    const src = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    expect(Array.from(resample(src, 4, 4, 2, 2, 'area'))).toEqual([3.5, 5.5, 11.5, 13.5]);
    // 3 -> 2: output 0 covers [0,1.5): (a + b/2)/1.5, output 1 covers [1.5,3): (b/2 + c)/1.5
    const r = resample([3, 6, 9], 3, 1, 2, 1, 'area');
    expect(r[0]).toBeCloseTo((3 + 3) / 1.5, 6);
    expect(r[1]).toBeCloseTo((3 + 9) / 1.5, 6);
  });
  it('bilinear with half-pixel centres', () => {
    // 2 -> 4: positions -0.25, 0.25, 0.75, 1.25 (clamped): 0, 0.25, 0.75, 1 of the way
    expect(Array.from(bilinear([0, 4], 2, 1, 4, 1))).toEqual([0, 1, 3, 4]);
  });
  it('fits non-square images by padding with black or cropping the centre', () => {
    const img = { width: 3, height: 1, data: Float32Array.from([1, 2, 3]) };
    expect(Array.from(fitSquare(img, 'pad').data)).toEqual([0, 0, 0, 1, 2, 3, 0, 0, 0]);
    expect(Array.from(fitSquare(img, 'center-crop').data)).toEqual([2]);
    expect(fitSquare(img, 'stretch').width).toBe(3);
  });
  it('produces NHWC input: canonical -> bilinear -> x*scale+offset, replicated per channel', () => {
    const img = { width: 4, height: 4, data: Float32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]) };
    expect(Array.from(canonicalise(img, spec).data)).toEqual([0, 1, 0, 1]);
    const x = preprocess(img, spec);
    expect(x.length).toBe(4 * 4 * 3);
    // First row after bilinear 2->4: 0, 0.25, 0.75, 1 -> *2-1
    const row = [0, 1, 2, 3].map((i) => x[i * 3]);
    expect(row).toEqual([-1, -0.5, 0.5, 1]);
    expect(x[3 * 1 + 1]).toBe(x[3 * 1]);
    expect(x[3 * 1 + 2]).toBe(x[3 * 1]);
  });
});

describe.skipIf(missingDataReason('cxr-fullres') ?? missingDataReason('nih-cxr14-64'))('canonicalisation: 1024 px vs the published 64 px files', () => {
  const ids = ['00000001_000', '00000001_001', '00000001_002', '00000003_000', '00000050_000'];
  const load = (dir: string, id: string) => decodeImage(readFileSync(dataPath(dir, dir === 'cxr-fullres' ? '' : 'images', `${id}.png`)), id);
  const mad = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

  it('area averaging reproduces the 64 px images to within a fraction of one 8-bit grey level, better than other filters', () => {
    const scores: Record<string, number> = {};
    for (const filter of ['area', 'triangle', 'bicubic', 'lanczos3'] as const) {
      let total = 0;
      for (const id of ids) {
        const full = load('cxr-fullres', id);
        const small = load('nih-cxr14-64', id);
        total += mad(canonicalise(full, { canonicalSize: 64, fit: 'stretch' }, filter).data, small.data);
      }
      scores[filter] = total / ids.length;
    }
    // Measured: area 0.00109 (0.28 of one grey level /255); bicubic 0.0031, bilinear 0.0044, lanczos3 0.0044.
    expect(scores.area).toBeLessThan(0.0015);
    for (const f of ['triangle', 'bicubic', 'lanczos3']) expect(scores.area).toBeLessThan(scores[f] / 2);
  });

  it('is deterministic: the same bytes give bit-identical input', () => {
    const full = load('cxr-fullres', ids[0]);
    const s: PreprocessSpec = { canonicalSize: 64, inputSize: 224, channels: 3, scale: 2, offset: -1, fit: 'stretch' };
    expect(preprocess(full, s)).toEqual(preprocess(load('cxr-fullres', ids[0]), s));
  });
});
