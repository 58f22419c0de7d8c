// Metrics of a probability matrix against labels in the manifest's FindingMetrics shape (AUC with DeLong 95% CI
// from trainer/metrics) plus sensitivity, specificity, PPV and NPV (Wilson 95% CIs) at the operating points.
import type { FindingMetrics } from '../../src/model/manifest';
import { rocAuc, type BinaryData } from '../metrics/auc';
import { atThreshold, type Proportion } from '../metrics/operatingPoint';
import type { LabeledImage } from './dataset';

export interface FindingEval extends FindingMetrics {
  threshold: number;
  sensitivity: Proportion;
  specificity: Proportion;
  ppv: Proportion;
  npv: Proportion;
}

export interface EvalSummary {
  n: number;
  findings: Record<string, FindingEval>;
  abnormal?: FindingEval;
}

function findingEval(data: BinaryData, threshold: number): FindingEval {
  const a = rocAuc(data);
  const op = atThreshold(data, threshold);
  return {
    auc: a.auc,
    ci95: a.ci95,
    positives: a.positives,
    negatives: a.negatives,
    threshold,
    sensitivity: op.sensitivity,
    specificity: op.specificity,
    ppv: op.ppv,
    npv: op.npv,
  };
}

export function binaryColumn(probs: Float32Array, items: LabeledImage[], k: number, j: number): BinaryData {
  return {
    scores: items.map((_, i) => probs[i * k + j]!),
    labels: items.map((it) => (it.y[j]! < 0 ? undefined : it.y[j]!)),
  };
}

/** "Any finding" vs "No Finding": the score is the largest probability over labels. */
export function abnormalData(probs: Float32Array, items: LabeledImage[], k: number): BinaryData {
  return {
    scores: items.map((_, i) => Math.max(...Array.from(probs.subarray(i * k, (i + 1) * k)))),
    labels: items.map((it) => (it.noFinding === undefined ? undefined : it.noFinding ? 0 : 1)),
  };
}

export function evaluateProbs(probs: Float32Array, items: LabeledImage[], labels: string[], ops: Record<string, number>, abnormalThreshold = 0.5): EvalSummary {
  const k = labels.length;
  const findings: Record<string, FindingEval> = {};
  labels.forEach((l, j) => {
    findings[l] = findingEval(binaryColumn(probs, items, k, j), ops[l] ?? 0.5);
  });
  const abnormal = findingEval(abnormalData(probs, items, k), abnormalThreshold);
  return { n: items.length, findings, abnormal };
}
