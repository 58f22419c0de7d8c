import { describe, expect, it } from 'vitest';
import type { OodStats } from './manifest';
import { fitOodStats, isOutOfDistribution, oodDistance, percentile } from './ood';

describe('Mahalanobis-in-PCA distance, hand-computed', () => {
  const stats: OodStats = {
    method: 'mahalanobis-pca',
    mean: [1, 1],
    components: [[Math.SQRT1_2, Math.SQRT1_2]],
    variances: [4],
    threshold: 2,
    percentiles: {},
  };
  it('measures along the principal axis in units of its standard deviation', () => {
    // x - mean = (2,2): projection 2*sqrt2 = 2.828..., squared 8, / 4 = 2 -> d = sqrt 2
    expect(oodDistance([3, 3], stats)).toBeCloseTo(Math.SQRT2, 12);
    // orthogonal offset is invisible without a residual term ...
    expect(oodDistance([2, 0], stats)).toBeCloseTo(0, 12);
    // ... and counted with one: residual |(1,-1)|^2 = 2, / 0.5 = 4 -> d = 2
    expect(oodDistance([2, 0], { ...stats, residualVariance: 0.5 })).toBeCloseTo(2, 12);
    expect(isOutOfDistribution([3, 3], stats)).toEqual({ distance: expect.closeTo(Math.SQRT2, 9), outOfDistribution: false });
    expect(isOutOfDistribution([7, 7], stats).outOfDistribution).toBe(true);
    expect(() => oodDistance([1], stats)).toThrow(/length 1/);
  });
  it('percentile interpolates linearly', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([10, 20], 25)).toBe(12.5);
  });
});

describe('fitOodStats', () => {
  it('recovers the mean, axes and variances of a known 2-D set', () => {
    // Points along u=(1,1)/sqrt2 at -2,-1,0,1,2 (sum of squares 10) and along w=(1,-1)/sqrt2 at +-1 (sum 2); mean (5,5).
    const u = [Math.SQRT1_2, Math.SQRT1_2];
    const w = [Math.SQRT1_2, -Math.SQRT1_2];
    const pts = [-2, -1, 0, 1, 2].map((t) => [5 + t * u[0], 5 + t * u[1]]);
    pts.push([5 + w[0], 5 + w[1]], [5 - w[0], 5 - w[1]]);
    const stats = fitOodStats(pts, { components: 2, residual: false });
    expect(stats.mean[0]).toBeCloseTo(5, 12);
    expect(stats.mean[1]).toBeCloseTo(5, 12);
    // N = 7, unbiased variances: 10/6 along u, 2/6 along w
    expect(stats.variances[0]).toBeCloseTo(10 / 6, 9);
    expect(stats.variances[1]).toBeCloseTo(2 / 6, 9);
    expect(Math.abs(stats.components[0][0] * u[0] + stats.components[0][1] * u[1])).toBeCloseTo(1, 9);
    expect(Math.abs(stats.components[1][0] * w[0] + stats.components[1][1] * w[1])).toBeCloseTo(1, 9);
    // The 99th percentile threshold lies between the two largest in-sample distances.
    expect(stats.threshold).toBeLessThanOrEqual(stats.percentiles.max);
    expect(stats.threshold).toBeGreaterThan(stats.percentiles.p95 - 1e-12);
  });
  it('with a residual term flags a point that differs outside the kept axes', () => {
    const rand = (() => {
      let s = 7;
      return () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
    })();
    // 200 points in 6-D, big variance on dims 0-1, small elsewhere.
    const pts = Array.from({ length: 200 }, () => [10 * rand(), 8 * rand(), 0.1 * rand(), 0.1 * rand(), 0.1 * rand(), 0.1 * rand()]);
    const stats = fitOodStats(pts, { components: 2 });
    expect(stats.residualVariance).toBeGreaterThan(0);
    expect(isOutOfDistribution([0, 0, 0, 0, 0, 0], stats).outOfDistribution).toBe(false);
    expect(isOutOfDistribution([0, 0, 2, 2, 0, 0], stats).outOfDistribution).toBe(true);
    const noResidual = fitOodStats(pts, { components: 2, residual: false });
    expect(isOutOfDistribution([0, 0, 2, 2, 0, 0], noResidual).outOfDistribution).toBe(false);
  });
});
