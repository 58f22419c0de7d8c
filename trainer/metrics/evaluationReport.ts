// The `evaluate` report: per finding and for "any finding" vs "No Finding", AUC with a 95% CI (DeLong by default,
// or a seeded stratified bootstrap), counts, the model's operating point with sensitivity/specificity/PPV/NPV
// (Wilson 95% CIs), calibration (ECE, Brier) and ROC curves.
import type { Label } from '../data/sample';
import { rocAuc } from './auc';
import type { BinaryData } from './auc';
import { bootstrapAucCi } from './bootstrap';
import { calibration } from './calibration';
import { atThreshold, chooseOperatingPoint } from './operatingPoint';
import { rocCurve } from './rocCurve';
import type { RocSeries } from './rocCurve';

export interface ScoredCase {
  labels: Record<string, Label>;
  noFinding?: boolean;
  probabilities: Record<string, number>;
}

export type CiMethod = 'delong' | 'bootstrap';

export interface FindingReport {
  auc: number;
  ci95: [number, number];
  positives: number;
  negatives: number;
  threshold: number;
  /** 'manifest': the model's operating point; 'youden-on-this-data': chosen here (optimistic). */
  thresholdSource: 'manifest' | 'youden-on-this-data';
  sensitivity: number;
  specificity: number;
  ppv: number;
  npv: number;
  sensitivityCi95: [number, number];
  specificityCi95: [number, number];
  ppvCi95: [number, number];
  npvCi95: [number, number];
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Expected calibration error, 10 equal-width bins. */
  ece: number;
  brier: number;
}

export interface EvaluationReport {
  n: number;
  findings: Record<string, FindingReport>;
  abnormal: FindingReport & { score: 'max finding probability' | 'model output' };
  ciMethod: CiMethod;
}

export interface ReportOptions {
  labels: string[];
  operatingPoints: Record<string, number>;
  /** The model's own "any finding" output (manifest.abnormal): its label and operating point. */
  abnormalOutput?: { label: string; operatingPoint: number };
  ci?: CiMethod;
  seed?: number;
  bootstrapReplicates?: number;
}

function findingReport(data: BinaryData, threshold: number | undefined, opts: ReportOptions): FindingReport {
  const a = rocAuc(data);
  const ci95 = opts.ci === 'bootstrap' ? bootstrapAucCi(data, { seed: opts.seed, replicates: opts.bootstrapReplicates }).ci95 : a.ci95;
  const op = threshold === undefined ? chooseOperatingPoint(data) : atThreshold(data, threshold);
  const cal = calibration(data);
  return {
    auc: a.auc,
    ci95,
    positives: a.positives,
    negatives: a.negatives,
    threshold: op.threshold,
    thresholdSource: threshold === undefined ? 'youden-on-this-data' : 'manifest',
    sensitivity: op.sensitivity.value,
    specificity: op.specificity.value,
    ppv: op.ppv.value,
    npv: op.npv.value,
    sensitivityCi95: op.sensitivity.ci95,
    specificityCi95: op.specificity.ci95,
    ppvCi95: op.ppv.ci95,
    npvCi95: op.npv.ci95,
    tp: op.tp,
    fp: op.fp,
    tn: op.tn,
    fn: op.fn,
    ece: cal.ece,
    brier: cal.brier,
  };
}

/** Scores of the "any finding" question: the largest finding probability. */
export function abnormalScore(probabilities: Record<string, number>, labels: string[]): number {
  let m = -Infinity;
  for (const l of labels) if (probabilities[l] > m) m = probabilities[l];
  return m;
}

export function buildReport(cases: ScoredCase[], opts: ReportOptions): { report: EvaluationReport; curves: Record<string, RocSeries> } {
  const findings: Record<string, FindingReport> = {};
  const curves: Record<string, RocSeries> = {};
  for (const l of opts.labels) {
    const data: BinaryData = { scores: cases.map((c) => c.probabilities[l]), labels: cases.map((c) => c.labels[l]) };
    const r = findingReport(data, opts.operatingPoints[l], opts);
    findings[l] = r;
    curves[l] = { name: l, points: rocCurve(data), auc: r.auc, ci95: r.ci95, operatingPoint: { fpr: 1 - r.specificity, tpr: r.sensitivity } };
  }
  const abnormalData: BinaryData = {
    scores: cases.map((c) => (opts.abnormalOutput ? c.probabilities[opts.abnormalOutput.label] : abnormalScore(c.probabilities, opts.labels))),
    labels: cases.map((c) => (c.noFinding === undefined ? undefined : c.noFinding ? 0 : 1)),
  };
  const ab = findingReport(abnormalData, opts.abnormalOutput?.operatingPoint ?? opts.operatingPoints.abnormal, opts);
  curves.abnormal = {
    name: 'Any finding vs No Finding',
    points: rocCurve(abnormalData),
    auc: ab.auc,
    ci95: ab.ci95,
    operatingPoint: { fpr: 1 - ab.specificity, tpr: ab.sensitivity },
  };
  return {
    report: {
      n: cases.length,
      findings,
      abnormal: { ...ab, score: opts.abnormalOutput ? 'model output' : 'max finding probability' },
      ciMethod: opts.ci ?? 'delong',
    },
    curves,
  };
}
