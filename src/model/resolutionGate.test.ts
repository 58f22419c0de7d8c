import { describe, expect, it } from 'vitest';
import { resolutionGate } from './resolutionGate';
import type { PreprocessSpec } from './manifest';

const spec = (canonicalSize: number): PreprocessSpec => ({ canonicalSize, inputSize: 224, channels: 1, scale: 2, offset: -1, fit: 'stretch' });

describe('resolutionGate', () => {
  it('refuses an image whose smaller side is below the canonical size, naming both sizes', () => {
    expect(resolutionGate(64, 64, spec(224))).toEqual({
      ok: false,
      reason: 'image is 64x64 px, smaller than the 224 px the model reads: too small to show what it looks for',
    });
    expect(resolutionGate(1024, 200, spec(224)).ok).toBe(false);
  });
  it('passes full-size films, and every image for a 64 px model', () => {
    expect(resolutionGate(224, 300, spec(224)).ok).toBe(true);
    expect(resolutionGate(1024, 1024, spec(224)).ok).toBe(true);
    expect(resolutionGate(64, 64, spec(64)).ok).toBe(true);
  });
});
