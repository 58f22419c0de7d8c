// Augmentation: identity parameters leave the image unchanged, no left-right flip unless asked, values stay in
// [0,1], geometry moves content the expected way, and draws are seeded.
import { describe, expect, it } from 'vitest';
import { augmentSquare, DEFAULT_AUGMENT, drawAugment, type AugmentDraw } from './augment';
import { Rng } from './rng';

const ID: AugmentDraw = { angle: 0, scale: 1, tx: 0, ty: 0, flip: false, brightness: 0, contrast: 1, gamma: 1 };

function ramp(side: number): Float32Array {
  // Left-right asymmetric: bright on the left (like a heart shadow on one side only).
  return Float32Array.from({ length: side * side }, (_, i) => 1 - (i % side) / (side - 1));
}

describe('augmentation', () => {
  it('identity draw returns the image', () => {
    const src = ramp(16);
    const out = augmentSquare(src, 16, ID);
    for (let i = 0; i < src.length; i++) expect(out[i]).toBeCloseTo(src[i]!, 5);
  });

  it('never flips left-right by default; --hflip flips about half the draws', () => {
    const rng = new Rng(1);
    const draws = Array.from({ length: 500 }, () => drawAugment(DEFAULT_AUGMENT, rng));
    expect(draws.some((d) => d.flip)).toBe(false);
    const flips = Array.from({ length: 500 }, () => drawAugment({ ...DEFAULT_AUGMENT, hflip: true }, rng)).filter((d) => d.flip).length;
    expect(flips).toBeGreaterThan(200);
    expect(flips).toBeLessThan(300);
    const out = augmentSquare(ramp(16), 16, { ...ID, flip: true });
    expect(out[0]).toBeCloseTo(0, 5);
    expect(out[15]).toBeCloseTo(1, 5);
  });

  it('keeps the left side brighter under default augmentation (anatomy side preserved) and values in [0,1]', () => {
    const rng = new Rng(3);
    for (let t = 0; t < 50; t++) {
      const out = augmentSquare(ramp(32), 32, drawAugment(DEFAULT_AUGMENT, rng));
      let left = 0;
      let right = 0;
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 8; x++) left += out[y * 32 + x]!;
        for (let x = 24; x < 32; x++) right += out[y * 32 + x]!;
      }
      expect(left).toBeGreaterThan(right);
      for (const v of out) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('translates content: a bright dot moves by tx * side pixels', () => {
    const side = 21;
    const src = new Float32Array(side * side);
    src[10 * side + 10] = 1;
    const out = augmentSquare(src, side, { ...ID, tx: 3 / side });
    const argmax = out.indexOf(Math.max(...out));
    expect(argmax).toBe(10 * side + 13);
  });

  it('draws the same parameters for the same seed', () => {
    expect(drawAugment(DEFAULT_AUGMENT, new Rng(9))).toEqual(drawAugment(DEFAULT_AUGMENT, new Rng(9)));
    expect(drawAugment(DEFAULT_AUGMENT, new Rng(9))).not.toEqual(drawAugment(DEFAULT_AUGMENT, new Rng(10)));
  });
});
