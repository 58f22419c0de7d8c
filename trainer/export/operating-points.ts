// Operating point (probability threshold) per finding, chosen on validation data:
//  - critical findings: the highest threshold that still reaches the target sensitivity (default 0.9), because a
//    missed critical finding costs more than a false alarm;
//  - other findings: the threshold maximising Youden's J (sensitivity + specificity - 1);
//  - a label without validation positives or negatives: 0.5, flagged as not chosen on data.

export interface OperatingPointChoice {
  threshold: number;
  rule: 'sensitivity-target' | 'youden' | 'default-0.5';
  sensitivity: number | null;
  specificity: number | null;
}

export function chooseOperatingPoint(scores: number[], y: number[], critical: boolean, targetSensitivity = 0.9): OperatingPointChoice {
  const pos = y.filter((v) => v === 1).length;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return { threshold: 0.5, rule: 'default-0.5', sensitivity: null, specificity: null };
  const cands = [...new Set(scores)].sort((a, b) => b - a); // descending thresholds: predict positive if s >= t
  let best: OperatingPointChoice | null = null;
  let bestJ = -Infinity;
  for (const t of cands) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]! >= t) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    const sens = tp / pos;
    const spec = 1 - fp / neg;
    if (critical) {
      if (sens >= targetSensitivity) return { threshold: t, rule: 'sensitivity-target', sensitivity: sens, specificity: spec };
    } else if (sens + spec - 1 > bestJ) {
      bestJ = sens + spec - 1;
      best = { threshold: t, rule: 'youden', sensitivity: sens, specificity: spec };
    }
  }
  return best ?? { threshold: cands[cands.length - 1]!, rule: 'sensitivity-target', sensitivity: 1, specificity: 0 };
}
