// Calibration of predicted probabilities: expected calibration error over equal-width bins
// (ECE = sum_b n_b/N * |fraction positive_b - mean probability_b|), the reliability table, and the Brier score.
import type { BinaryData } from './auc';

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanProbability: number;
  fractionPositive: number;
}

export interface Calibration {
  ece: number;
  brier: number;
  bins: CalibrationBin[];
}

export function calibration(data: BinaryData, nBins = 10): Calibration {
  const sums = Array.from({ length: nBins }, () => ({ n: 0, p: 0, y: 0 }));
  let total = 0;
  let brier = 0;
  for (let i = 0; i < data.scores.length; i++) {
    const y = data.labels[i];
    if (y !== 0 && y !== 1) continue;
    const p = data.scores[i];
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(p * nBins)));
    sums[b].n++;
    sums[b].p += p;
    sums[b].y += y;
    brier += (p - y) * (p - y);
    total++;
  }
  let ece = 0;
  const bins: CalibrationBin[] = sums.map((s, b) => {
    const meanProbability = s.n ? s.p / s.n : NaN;
    const fractionPositive = s.n ? s.y / s.n : NaN;
    if (s.n) ece += (s.n / total) * Math.abs(fractionPositive - meanProbability);
    return { lower: b / nBins, upper: (b + 1) / nBins, count: s.n, meanProbability, fractionPositive };
  });
  return { ece: total ? ece : NaN, brier: total ? brier / total : NaN, bins };
}
