// Stratified bootstrap CI for the AUC: positives and negatives are resampled separately (so every replicate
// keeps the class counts), seeded, percentile interval.
import { rocAuc, splitByLabel } from './auc';
import type { BinaryData } from './auc';
import { mulberry32 } from '../../src/model/random';

export function bootstrapAucCi(data: BinaryData, options: { replicates?: number; seed?: number } = {}): { ci95: [number, number]; replicates: number } {
  const { pos, neg } = splitByLabel(data);
  const B = options.replicates ?? 2000;
  if (pos.length === 0 || neg.length === 0) return { ci95: [NaN, NaN], replicates: 0 };
  const rand = mulberry32(options.seed ?? 1);
  const aucs = new Float64Array(B);
  const scores = new Float64Array(pos.length + neg.length);
  const labels = new Uint8Array(pos.length + neg.length);
  labels.fill(1, 0, pos.length);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < pos.length; i++) scores[i] = pos[Math.floor(rand() * pos.length)];
    for (let j = 0; j < neg.length; j++) scores[pos.length + j] = neg[Math.floor(rand() * neg.length)];
    aucs[b] = rocAuc({ scores, labels }).auc;
  }
  aucs.sort();
  const q = (p: number) => aucs[Math.min(B - 1, Math.max(0, Math.round(p * (B - 1))))];
  return { ci95: [q(0.025), q(0.975)], replicates: B };
}
