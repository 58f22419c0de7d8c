// The score early stopping maximises: mean ROC AUC over the labels that have both positives and negatives in the
// validation split. (Reported metrics with confidence intervals come from trainer/metrics via `evaluate`.)

/** Mann-Whitney AUC with ties counted half. */
function auc(scores: number[], y: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (y[idx[t]!] === 1) { rankSumPos += rank; pos++; }
    i = j + 1;
  }
  const neg = y.length - pos;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** probs and labels are n x k row-major. Returns the mean AUC and the per-label AUCs (NaN where undefined). */
export function meanAuc(probs: Float32Array, labels: Float32Array, n: number, k: number): { mean: number; perLabel: number[] } {
  const per: number[] = [];
  for (let j = 0; j < k; j++) {
    const s: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = labels[i * k + j]!;
      if (v < 0) continue; // unknown
      s.push(probs[i * k + j]!);
      y.push(v > 0.5 ? 1 : 0);
    }
    const pos = y.reduce((a, b) => a + b, 0);
    per.push(pos === 0 || pos === y.length ? NaN : auc(s, y));
  }
  const ok = per.filter((v) => Number.isFinite(v));
  return { mean: ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN, perLabel: per };
}
