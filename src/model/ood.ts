// Recognising images unlike the training data: Mahalanobis distance of the pooled features in a PCA subspace
// (plus, optionally, the probabilistic-PCA residual term for everything outside it), and fitting those statistics.
import type { OodStats } from './manifest';
import { mulberry32 } from './random';

/** Linear-interpolated percentile (p in [0,100]) of values; NaN for an empty list. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const pos = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * d = sqrt( sum_k (v_k . (x - mean))^2 / variance_k  [+ |residual|^2 / residualVariance] ).
 * The residual term is used when the statistics carry `residualVariance`.
 */
export function oodDistance(pooled: ArrayLike<number>, stats: OodStats): number {
  const C = stats.mean.length;
  if (pooled.length !== C) throw new Error(`pooled features have length ${pooled.length}, statistics expect ${C}`);
  const centred = new Float64Array(C);
  let total = 0;
  for (let c = 0; c < C; c++) {
    centred[c] = pooled[c] - stats.mean[c];
    total += centred[c] * centred[c];
  }
  let d2 = 0;
  let explained = 0;
  for (let k = 0; k < stats.components.length; k++) {
    const v = stats.components[k];
    let proj = 0;
    for (let c = 0; c < C; c++) proj += v[c] * centred[c];
    explained += proj * proj;
    d2 += (proj * proj) / Math.max(stats.variances[k], 1e-12);
  }
  if (stats.residualVariance !== undefined && stats.residualVariance > 0) {
    d2 += Math.max(total - explained, 0) / stats.residualVariance;
  }
  return Math.sqrt(d2);
}

export function isOutOfDistribution(pooled: ArrayLike<number>, stats: OodStats): { distance: number; outOfDistribution: boolean } {
  const distance = oodDistance(pooled, stats);
  return { distance, outOfDistribution: !(distance <= stats.threshold) };
}

export interface FitOodOptions {
  /** Principal components kept (capped at min(N-1, C)). Default 16. */
  components?: number;
  /** Percentile of the fitting set's distances used as the threshold. Default 99. */
  thresholdPercentile?: number;
  /** Add the probabilistic-PCA residual term (variance of the discarded directions). Default true. */
  residual?: boolean;
  /** Distances to compute the threshold from (e.g. validation features); default the fitting features. */
  calibration?: ArrayLike<number>[];
  maxIterations?: number;
  seed?: number;
}

/**
 * Fits mean, top-k principal axes (orthogonal/subspace iteration on X^T X without forming the C x C covariance),
 * their variances (unbiased, N-1), the residual variance and a percentile threshold.
 */
export function fitOodStats(features: ArrayLike<number>[], options: FitOodOptions = {}): OodStats {
  const N = features.length;
  if (N < 3) throw new Error(`need at least 3 feature vectors to fit OOD statistics, got ${N}`);
  const C = features[0].length;
  const k = Math.max(1, Math.min(options.components ?? 16, N - 1, C));
  const mean = new Float64Array(C);
  for (const f of features) for (let c = 0; c < C; c++) mean[c] += f[c];
  for (let c = 0; c < C; c++) mean[c] /= N;
  const X = new Float64Array(N * C);
  let totalVariance = 0;
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) {
      const v = features[i][c] - mean[c];
      X[i * C + c] = v;
      totalVariance += v * v;
    }
  }
  totalVariance /= N - 1;

  const rand = mulberry32(options.seed ?? 1234);
  let V: Float64Array[] = Array.from({ length: k }, () => Float64Array.from({ length: C }, () => rand() - 0.5));
  const orthonormalise = (vs: Float64Array[]) => {
    for (let a = 0; a < vs.length; a++) {
      for (let b = 0; b < a; b++) {
        let dot = 0;
        for (let c = 0; c < C; c++) dot += vs[a][c] * vs[b][c];
        for (let c = 0; c < C; c++) vs[a][c] -= dot * vs[b][c];
      }
      let norm = 0;
      for (let c = 0; c < C; c++) norm += vs[a][c] * vs[a][c];
      norm = Math.sqrt(norm) || 1;
      for (let c = 0; c < C; c++) vs[a][c] /= norm;
    }
  };
  orthonormalise(V);
  const Xv = new Float64Array(N);
  const covTimes = (v: Float64Array): Float64Array => {
    for (let i = 0; i < N; i++) {
      let acc = 0;
      for (let c = 0; c < C; c++) acc += X[i * C + c] * v[c];
      Xv[i] = acc;
    }
    const out = new Float64Array(C);
    for (let i = 0; i < N; i++) {
      const s = Xv[i];
      if (s === 0) continue;
      for (let c = 0; c < C; c++) out[c] += X[i * C + c] * s;
    }
    for (let c = 0; c < C; c++) out[c] /= N - 1;
    return out;
  };
  const maxIter = options.maxIterations ?? 100;
  for (let it = 0; it < maxIter; it++) {
    const next = V.map(covTimes);
    orthonormalise(next);
    let change = 0;
    for (let a = 0; a < k; a++) {
      let dot = 0;
      for (let c = 0; c < C; c++) dot += next[a][c] * V[a][c];
      change = Math.max(change, 1 - Math.abs(dot));
    }
    V = next;
    if (change < 1e-9) break;
  }
  // Rayleigh quotients give the variances; sort axes by variance, fix sign (largest |component| positive).
  const axes = V.map((v) => {
    const cv = covTimes(v);
    let lambda = 0;
    for (let c = 0; c < C; c++) lambda += v[c] * cv[c];
    let big = 0;
    for (let c = 0; c < C; c++) if (Math.abs(v[c]) > Math.abs(big)) big = v[c];
    const sign = big < 0 ? -1 : 1;
    return { v: Array.from(v, (x) => x * sign), lambda: Math.max(lambda, 1e-12) };
  });
  axes.sort((a, b) => b.lambda - a.lambda);
  const explained = axes.reduce((s, a) => s + a.lambda, 0);
  const rest = C - k;
  const residualVariance = options.residual === false || rest <= 0 ? undefined : Math.max((totalVariance - explained) / rest, 1e-12);
  const stats: OodStats = {
    method: 'mahalanobis-pca',
    mean: Array.from(mean),
    components: axes.map((a) => a.v),
    variances: axes.map((a) => a.lambda),
    threshold: Infinity,
    percentiles: {},
    ...(residualVariance !== undefined ? { residualVariance } : {}),
  };
  const distances = (options.calibration ?? features).map((f) => oodDistance(f, stats));
  for (const p of [50, 90, 95, 99]) stats.percentiles[`p${p}`] = percentile(distances, p);
  stats.percentiles.max = percentile(distances, 100);
  stats.threshold = percentile(distances, options.thresholdPercentile ?? 99);
  return stats;
}
