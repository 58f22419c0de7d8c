// ROC AUC as the Mann-Whitney statistic (ties count one half) and its DeLong et al. (1988) variance, computed
// with midranks in O(N log N) (Sun & Xu 2014). 95% CI: AUC +- 1.96 * SE, clipped to [0, 1].

export interface BinaryData {
  scores: ArrayLike<number>;
  /** 1 positive, 0 negative; other values (undefined) are left out. */
  labels: ArrayLike<number | undefined>;
}

/** Scores of positives and negatives, ignoring samples whose label is neither 0 nor 1. */
export function splitByLabel({ scores, labels }: BinaryData): { pos: number[]; neg: number[] } {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] === 1) pos.push(scores[i]);
    else if (labels[i] === 0) neg.push(scores[i]);
  }
  return { pos, neg };
}

/** 1-based midranks of values (ties share the mean of their ranks). */
export function midranks(values: number[]): Float64Array {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Float64Array(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = r;
    i = j + 1;
  }
  return ranks;
}

export interface AucResult {
  auc: number;
  /** DeLong variance of the AUC estimate (NaN when either class has fewer than 2 samples). */
  variance: number;
  ci95: [number, number];
  positives: number;
  negatives: number;
  /**
   * DeLong; Hanley-McNeil (1982) when a class has a single sample (DeLong's variance is undefined there);
   * 'hanley-mcneil-cc' when the variance would be zero (perfect separation, AUC 0 or 1): Hanley-McNeil at the AUC
   * moved by half a pair (1 - 0.5/(m n)), so a handful of cases cannot claim a [1, 1] interval.
   */
  varianceMethod: 'delong' | 'hanley-mcneil' | 'hanley-mcneil-cc';
}

/** Structural components: V10 per positive, V01 per negative (DeLong). */
function structural(pos: number[], neg: number[]): { v10: Float64Array; v01: Float64Array } {
  const m = pos.length;
  const n = neg.length;
  const all = midranks([...pos, ...neg]);
  const rp = midranks(pos);
  const rn = midranks(neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let i = 0; i < m; i++) v10[i] = (all[i] - rp[i]) / n;
  for (let j = 0; j < n; j++) v01[j] = 1 - (all[m + j] - rn[j]) / m;
  return { v10, v01 };
}

function sampleVariance(xs: Float64Array): number {
  if (xs.length < 2) return NaN;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let s = 0;
  for (const x of xs) s += (x - mean) * (x - mean);
  return s / (xs.length - 1);
}

const Z95 = 1.959963984540054;

/** Hanley & McNeil (1982) variance from the AUC and the class sizes (exponential-model approximation). */
export function hanleyMcNeilVariance(auc: number, m: number, n: number): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  return (auc * (1 - auc) + (m - 1) * (q1 - auc * auc) + (n - 1) * (q2 - auc * auc)) / (m * n);
}

/** AUC with DeLong 95% CI. NaN AUC when a class is empty. */
export function rocAuc(data: BinaryData): AucResult {
  const { pos, neg } = splitByLabel(data);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) return { auc: NaN, variance: NaN, ci95: [NaN, NaN], positives: m, negatives: n, varianceMethod: 'delong' };
  const { v10, v01 } = structural(pos, neg);
  let auc = 0;
  for (const v of v10) auc += v;
  auc /= m;
  let varianceMethod: AucResult['varianceMethod'] = m >= 2 && n >= 2 ? 'delong' : 'hanley-mcneil';
  let variance = varianceMethod === 'delong' ? sampleVariance(v10) / m + sampleVariance(v01) / n : hanleyMcNeilVariance(auc, m, n);
  if (variance === 0 && (auc === 1 || auc === 0)) {
    const half = 0.5 / (m * n);
    varianceMethod = 'hanley-mcneil-cc';
    variance = hanleyMcNeilVariance(auc === 1 ? 1 - half : half, m, n);
  }
  const se = Math.sqrt(variance);
  const ci95: [number, number] = Number.isFinite(se) ? [Math.max(0, auc - Z95 * se), Math.min(1, auc + Z95 * se)] : [NaN, NaN];
  return { auc, variance, ci95, positives: m, negatives: n, varianceMethod };
}

/** Plain O(m*n) Mann-Whitney AUC: the definition, used to check the fast path. */
export function aucByPairs(data: BinaryData): number {
  const { pos, neg } = splitByLabel(data);
  let s = 0;
  for (const p of pos) for (const q of neg) s += p > q ? 1 : p === q ? 0.5 : 0;
  return s / (pos.length * neg.length);
}
