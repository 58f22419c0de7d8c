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

/**
 * "Any finding" vs "No Finding". The score is the model's own any-finding output when it has one (`abnormalIndex`),
 * else the largest probability over labels (models before v2).
 */
export function abnormalData(probs: Float32Array, items: LabeledImage[], k: number, abnormalIndex = -1): BinaryData {
  return {
    scores: items.map((_, i) => (abnormalIndex >= 0 ? probs[i * k + abnormalIndex]! : Math.max(...Array.from(probs.subarray(i * k, (i + 1) * k))))),
    labels: items.map((it) => (it.noFinding === undefined ? undefined : it.noFinding ? 0 : 1)),
  };
}

/**
 * `labels` is the model's output order; the label at `abnormalIndex` (if any) is the any-finding output, reported as
 * `abnormal`, not as a finding. A finding without an operating point in `ops` is evaluated at 0.5 (AUC is what counts).
 */
export function evaluateProbs(
  probs: Float32Array,
  items: LabeledImage[],
  labels: string[],
  ops: Record<string, number>,
  abnormalThreshold = 0.5,
  abnormalIndex = -1,
): EvalSummary {
  const k = labels.length;
  const findings: Record<string, FindingEval> = {};
  labels.forEach((l, j) => {
    if (j !== abnormalIndex) findings[l] = findingEval(binaryColumn(probs, items, k, j), ops[l] ?? 0.5);
  });
  const abnormal = findingEval(abnormalData(probs, items, k, abnormalIndex), abnormalThreshold);
  return { n: items.length, findings, abnormal };
}
