// Metrics of a probability matrix against labels, in the manifest's FindingMetrics shape, plus the
// operating-point statistics. (Provisional: AUC interval by Hanley & McNeil 1982; replaced by trainer/metrics.)
import type { FindingMetrics } from '../../src/model/manifest';
import type { LabeledImage } from './dataset';

export interface FindingEval extends FindingMetrics {
  threshold: number;
  sensitivity: number | null;
  specificity: number | null;
  ppv: number | null;
  npv: number | null;
}

export interface EvalSummary {
  n: number;
  findings: Record<string, FindingEval>;
  abnormal?: FindingEval;
}

function aucOf(scores: number[], y: number[]): number {
  let num = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < scores.length; i++) {
    if (y[i] !== 1) continue;
    pos++;
    for (let j = 0; j < scores.length; j++) {
      if (y[j] !== 0) continue;
      num += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  for (const v of y) if (v === 0) neg++;
  return pos && neg ? num / (pos * neg) : NaN;
}

function findingEval(scores: number[], y: number[], threshold: number): FindingEval {
  const keep = y.map((v, i) => (v >= 0 ? i : -1)).filter((i) => i >= 0);
  const s = keep.map((i) => scores[i]!);
  const t = keep.map((i) => y[i]!);
  const P = t.filter((v) => v === 1).length;
  const N = t.length - P;
  const A = aucOf(s, t);
  let ci: [number, number] = [NaN, NaN];
  if (P && N) {
    const q1 = A / (2 - A);
    const q2 = (2 * A * A) / (1 + A);
    const se = Math.sqrt(Math.max(0, (A * (1 - A) + (P - 1) * (q1 - A * A) + (N - 1) * (q2 - A * A)) / (P * N)));
    ci = [Math.max(0, A - 1.96 * se), Math.min(1, A + 1.96 * se)];
  }
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  s.forEach((v, i) => {
    const pred = v >= threshold;
    if (t[i] === 1) pred ? tp++ : fn++;
    else pred ? fp++ : tn++;
  });
  const r = (a: number, b: number): number | null => (a + b > 0 ? a / (a + b) : null);
  return { auc: A, ci95: ci, positives: P, negatives: N, threshold, sensitivity: r(tp, fn), specificity: r(tn, fp), ppv: r(tp, fp), npv: r(tn, fn) };
}

export function evaluateProbs(probs: Float32Array, items: LabeledImage[], labels: string[], ops: Record<string, number>): EvalSummary {
  const k = labels.length;
  const findings: Record<string, FindingEval> = {};
  labels.forEach((l, j) => {
    findings[l] = findingEval(items.map((_, i) => probs[i * k + j]!), items.map((it) => it.y[j]!), ops[l] ?? 0.5);
  });
  // "Any finding" vs "No Finding": score = max probability over labels.
  const anyScore = items.map((_, i) => Math.max(...Array.from(probs.subarray(i * k, (i + 1) * k))));
  const anyY = items.map((it) => (it.noFinding === undefined ? -1 : it.noFinding ? 0 : 1));
  return { n: items.length, findings, abnormal: findingEval(anyScore, anyY, 0.5) };
}
