// Sensitivity, specificity, PPV and NPV at a threshold (score >= threshold is called positive), Wilson 95%
// intervals for each proportion, and the choice of a threshold on validation data.
import { splitByLabel } from './auc';
import type { BinaryData } from './auc';

export interface Proportion {
  value: number;
  ci95: [number, number];
  numerator: number;
  denominator: number;
}

/** Wilson score interval (better than the normal approximation for small counts and values near 0 or 1). */
export function wilson(k: number, n: number, z = 1.959963984540054): Proportion {
  if (n === 0) return { value: NaN, ci95: [NaN, NaN], numerator: k, denominator: n };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, ci95: [Math.max(0, centre - half), Math.min(1, centre + half)], numerator: k, denominator: n };
}

export interface OperatingPointMetrics {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  sensitivity: Proportion;
  specificity: Proportion;
  ppv: Proportion;
  npv: Proportion;
}

export function atThreshold(data: BinaryData, threshold: number): OperatingPointMetrics {
  const { pos, neg } = splitByLabel(data);
  const tp = pos.filter((s) => s >= threshold).length;
  const fp = neg.filter((s) => s >= threshold).length;
  const fn = pos.length - tp;
  const tn = neg.length - fp;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    sensitivity: wilson(tp, tp + fn),
    specificity: wilson(tn, tn + fp),
    ppv: wilson(tp, tp + fp),
    npv: wilson(tn, tn + fn),
  };
}

export type OperatingPointRule = { rule: 'youden' } | { rule: 'sensitivity'; target: number };

/**
 * Threshold chosen on (validation) data: 'youden' maximises sensitivity + specificity - 1; 'sensitivity'
 * takes the highest threshold whose sensitivity reaches the target (the usual rule for critical findings,
 * where a miss costs more than a false alarm). Candidate thresholds are the observed scores.
 */
export function chooseOperatingPoint(data: BinaryData, rule: OperatingPointRule = { rule: 'youden' }): OperatingPointMetrics {
  const { pos, neg } = splitByLabel(data);
  if (pos.length === 0 || neg.length === 0) return atThreshold(data, 0.5);
  const candidates = [...new Set([...pos, ...neg])].sort((a, b) => b - a);
  let best: OperatingPointMetrics | undefined;
  let bestScore = -Infinity;
  for (const t of candidates) {
    const m = atThreshold(data, t);
    if (rule.rule === 'sensitivity') {
      if (m.sensitivity.value >= rule.target) return m;
      continue;
    }
    const j = m.sensitivity.value + m.specificity.value - 1;
    if (j > bestScore) {
      bestScore = j;
      best = m;
    }
  }
  return best ?? atThreshold(data, candidates[candidates.length - 1]);
}
