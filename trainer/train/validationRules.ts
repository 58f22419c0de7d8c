// Which findings get an operating point, which raise a critical flag, and where each threshold sits: decided on
// patient-level cross-validated (out-of-fold) scores over every image, never on the handful of positives a single
// validation split holds. Pure: the rules are unit-tested and written into the model card with their reasons.
import { rocAuc, type AucResult, type BinaryData } from '../metrics/auc';
import { chooseOperatingPoint, type OperatingPointMetrics } from '../metrics/operatingPoint';

/** Below this many distinct positive patients a finding gets no operating point ("about 15", issue #11). */
export const MIN_POSITIVE_PATIENTS = 15;
/**
 * A critical flag must be worth raising: the cross-validated AUC must reach this (and its CI must clear 0.5). At 0.9
 * sensitivity an AUC near 0.7 fires on about two thirds of the films without the finding (measured on the v2 data:
 * Consolidation, AUC 0.72, specificity 32%): an alarm on most films teaches readers to ignore it.
 */
export const CRITICAL_MIN_AUC = 0.8;

export interface RuleOptions {
  /** Clinically urgent findings that may raise a critical flag if the data show skill for them. */
  criticalCandidates: string[];
  /** Sensitivity at which a critical finding's operating point is set (highest threshold reaching it). */
  targetSensitivity: number;
  minPositivePatients?: number;
  criticalMinAuc?: number;
}

export interface FindingDecision {
  label: string;
  positiveImages: number;
  positivePatients: number;
  cv: AucResult;
  /**
   * The same scores among abnormal films only (positives: this finding; negatives: films with other findings):
   * whether the output knows this finding rather than "something is abnormal". null without FindingColumn.abnormal.
   */
  amongAbnormal: (AucResult & { negativePatients: number }) | null;
  validated: boolean;
  /** Why not validated ('' when validated). */
  reason: string;
  rule: 'sensitivity' | 'youden' | null;
  /** Threshold and its out-of-fold sensitivity/specificity/PPV/NPV; null when not validated. */
  operatingPoint: OperatingPointMetrics | null;
  candidate: boolean;
  critical: boolean;
  /** For a critical candidate: why it is, or is not, critical. */
  criticalReason: string;
}

/** Per-image data of one finding: out-of-fold score, label (1/0/undefined) and patient. */
export interface FindingColumn {
  label: string;
  data: BinaryData;
  patients: string[];
  /**
   * Per image: true when the film has some finding (not "No Finding"), false for "No Finding", undefined unknown.
   * With it, a critical candidate must also tell its finding from the other abnormal films (see decideFinding).
   */
  abnormal?: (boolean | undefined)[];
}

function countPositivePatients(c: FindingColumn): number {
  const s = new Set<string>();
  for (let i = 0; i < c.patients.length; i++) if (c.data.labels[i] === 1) s.add(c.patients[i]!);
  return s.size;
}

export function decideFinding(c: FindingColumn, o: RuleOptions): FindingDecision {
  const minPat = o.minPositivePatients ?? MIN_POSITIVE_PATIENTS;
  const minAuc = o.criticalMinAuc ?? CRITICAL_MIN_AUC;
  const cv = rocAuc(c.data);
  const positivePatients = countPositivePatients(c);
  const candidate = o.criticalCandidates.includes(c.label);
  let reason = '';
  if (positivePatients < minPat) reason = `${positivePatients} positive patient${positivePatients === 1 ? '' : 's'}, fewer than ${minPat}`;
  else if (!(cv.ci95[0] > 0.5)) reason = `cross-validated AUC ${fmt(cv.auc)} (95% CI ${fmt(cv.ci95[0])}-${fmt(cv.ci95[1])}) does not clear 0.5`;
  const validated = reason === '';
  let amongAbnormal: FindingDecision['amongAbnormal'] = null;
  if (c.abnormal) {
    const keep = c.patients.map((_, i) => c.abnormal![i] === true && (c.data.labels[i] === 0 || c.data.labels[i] === 1));
    const labels = c.patients.map((_, i) => (keep[i] ? c.data.labels[i] : undefined));
    const negPatients = new Set(c.patients.filter((_, i) => keep[i] && labels[i] === 0)).size;
    amongAbnormal = { ...rocAuc({ scores: c.data.scores, labels }), negativePatients: negPatients };
  }
  // A critical flag names a finding: the output must tell it from other abnormalities, not only from normal films.
  let specific = '';
  if (amongAbnormal && amongAbnormal.negativePatients < minPat)
    specific = `${amongAbnormal.negativePatients === 0 ? 'every abnormal film in these data is' : `all abnormal films but those of ${amongAbnormal.negativePatients} patient(s) are`} labelled ${c.label}, so its skill at ${c.label} rather than at any abnormality cannot be measured (the "any finding" score carries it)`;
  else if (amongAbnormal && !(amongAbnormal.ci95[0] > 0.5))
    specific = `among abnormal films its AUC is ${fmt(amongAbnormal.auc)} (95% CI ${fmt(amongAbnormal.ci95[0])}-${fmt(amongAbnormal.ci95[1])}): it does not tell ${c.label} from other findings`;
  const critical = validated && candidate && cv.auc >= minAuc && specific === '';
  const rule = !validated ? null : critical ? 'sensitivity' : 'youden';
  const operatingPoint = !validated
    ? null
    : chooseOperatingPoint(c.data, rule === 'sensitivity' ? { rule: 'sensitivity', target: o.targetSensitivity } : { rule: 'youden' });
  let criticalReason = '';
  if (candidate) {
    if (!validated) criticalReason = `not critical: not validated (${reason})`;
    else if (cv.auc < minAuc) criticalReason = `not critical: cross-validated AUC ${fmt(cv.auc)} is below ${minAuc}, too weak to raise an alarm`;
    else if (specific) criticalReason = `not critical: ${specific}`;
    else
      criticalReason = `critical: cross-validated AUC ${fmt(cv.auc)} (CI ${fmt(cv.ci95[0])}-${fmt(cv.ci95[1])}), ${positivePatients} positive patients${amongAbnormal ? `; among abnormal films ${fmt(amongAbnormal.auc)} (CI ${fmt(amongAbnormal.ci95[0])}-${fmt(amongAbnormal.ci95[1])})` : ''}`;
  }
  return {
    label: c.label,
    positiveImages: cv.positives,
    positivePatients,
    cv,
    amongAbnormal,
    validated,
    reason,
    rule,
    operatingPoint,
    candidate,
    critical,
    criticalReason,
  };
}

export interface AbnormalDecision {
  cv: AucResult;
  targetSensitivity: number;
  operatingPoint: OperatingPointMetrics;
}

/** The "any finding" score's operating point: the highest threshold whose out-of-fold sensitivity reaches the target. */
export function decideAbnormal(data: BinaryData, targetSensitivity: number): AbnormalDecision {
  return { cv: rocAuc(data), targetSensitivity, operatingPoint: chooseOperatingPoint(data, { rule: 'sensitivity', target: targetSensitivity }) };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : 'n/a';
}
