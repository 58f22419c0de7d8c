// The score early stopping maximises: mean ROC AUC (trainer/metrics) over the labels that have both positives
// and negatives in the validation split. Unknown labels (< 0) are left out.
import { rocAuc } from '../metrics/auc';

/** probs and labels are n x k row-major. Returns the mean AUC and the per-label AUCs (NaN where undefined). */
export function meanAuc(probs: Float32Array, labels: Float32Array, n: number, k: number): { mean: number; perLabel: number[] } {
  const per: number[] = [];
  for (let j = 0; j < k; j++) {
    const scores = new Float64Array(n);
    const y: (number | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = labels[i * k + j]!;
      scores[i] = probs[i * k + j]!;
      y[i] = v < 0 ? undefined : v > 0.5 ? 1 : 0;
    }
    per.push(rocAuc({ scores, labels: y }).auc);
  }
  const ok = per.filter((v) => Number.isFinite(v));
  return { mean: ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN, perLabel: per };
}
