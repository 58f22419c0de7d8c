import { describe, expect, it } from 'vitest';
import { ybrFull422ToRgb, ybrToRgb } from './ybrFull422';

describe('YBR_FULL_422 -> RGB', () => {
  it('keeps neutral chroma grey', () => {
    expect(ybrToRgb(77, 128, 128)).toEqual([77, 77, 77]);
  });
  it('matches the PS3.3 equations for saturated colours', () => {
    // Pure red in YBR_FULL (from RGB 255,0,0): Y=76.245, Cb=84.97, Cr=255.5 -> about (255, 0, 0).
    const [r, g, b] = ybrToRgb(76.245, 84.972, 255.5);
    expect(r).toBe(255);
    expect(g).toBeLessThanOrEqual(1);
    expect(b).toBeLessThanOrEqual(1);
  });
  it('shares Cb/Cr between the two pixels of each pair, in Y1 Y2 Cb Cr order', () => {
    const rgb = ybrFull422ToRgb([10, 200, 128, 128, 50, 60, 128, 255], 1, 4);
    expect(Array.from(rgb.slice(0, 6))).toEqual([10, 10, 10, 200, 200, 200]);
    expect(rgb[6]).toBe(Math.round(50 + 1.402 * 127));
    expect(rgb[9]).toBe(Math.round(60 + 1.402 * 127));
  });
});
