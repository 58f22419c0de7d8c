// The operating-point rules of issue #11: no operating point below 15 positive patients or when the
// cross-validated AUC interval does not clear 0.5; critical only with measured skill; thresholds at the stated
// sensitivity.
import { describe, expect, it } from 'vitest';
import { decideAbnormal, decideFinding, type FindingColumn } from './validationRules';

/** n images, one per patient unless `perPatient`; positives score higher by `sep` (plus a deterministic jitter). */
function column(label: string, nPos: number, nNeg: number, sep: number, perPatient = 1): FindingColumn {
  const scores: number[] = [];
  const labels: number[] = [];
  const patients: string[] = [];
  for (let i = 0; i < nPos; i++) {
    scores.push(0.3 + sep + ((i * 37) % 100) / 500);
    labels.push(1);
    patients.push(`p${Math.floor(i / perPatient)}`);
  }
  for (let i = 0; i < nNeg; i++) {
    scores.push(0.3 + ((i * 53) % 100) / 500);
    labels.push(0);
    patients.push(`n${i}`);
  }
  return { label, data: { scores, labels }, patients };
}

const opts = { criticalCandidates: ['Pneumothorax', 'Pneumonia'], targetSensitivity: 0.9 };

describe('decideFinding', () => {
  it('refuses an operating point to a finding with fewer than 15 positive patients, however good its AUC', () => {
    const d = decideFinding(column('Pneumothorax', 28, 200, 0.5, 4), opts); // 28 images of 7 patients
    expect(d.cv.auc).toBe(1);
    expect(d.positivePatients).toBe(7);
    expect(d.validated).toBe(false);
    expect(d.operatingPoint).toBeNull();
    expect(d.critical).toBe(false);
    expect(d.reason).toBe('7 positive patients, fewer than 15');
    expect(d.criticalReason).toMatch(/^not critical: not validated/);
  });

  it('refuses one whose cross-validated AUC interval includes 0.5', () => {
    const d = decideFinding(column('Mass', 20, 200, 0), opts);
    expect(d.positivePatients).toBe(20);
    expect(d.cv.ci95[0]).toBeLessThanOrEqual(0.5);
    expect(d.validated).toBe(false);
    expect(d.reason).toMatch(/does not clear 0\.5/);
  });

  it('gives a validated critical candidate the highest threshold reaching the target sensitivity', () => {
    const d = decideFinding(column('Pneumonia', 40, 200, 0.12), opts);
    expect(d.validated).toBe(true);
    expect(d.cv.auc).toBeGreaterThan(0.8);
    expect(d.critical).toBe(true);
    expect(d.rule).toBe('sensitivity');
    const op = d.operatingPoint!;
    expect(op.sensitivity.value).toBeGreaterThanOrEqual(0.9);
    // The next higher candidate threshold would miss the target: sensitivity drops below 0.9 just above it.
    const pos = Array.from(column('Pneumonia', 40, 200, 0.12).data.scores).slice(0, 40);
    expect(pos.filter((s) => s > op.threshold).length / 40).toBeLessThan(0.9);
  });

  it('keeps a validated but weak candidate off the critical list, and uses Youden for non-candidates', () => {
    const weak = decideFinding(column('Pneumothorax', 200, 200, 0.04), opts);
    expect(weak.validated).toBe(true);
    expect(weak.cv.auc).toBeLessThan(0.8);
    expect(weak.critical).toBe(false);
    expect(weak.criticalReason).toMatch(/below 0\.8/);
    const other = decideFinding(column('Effusion', 40, 200, 0.12), opts);
    expect(other.candidate).toBe(false);
    expect(other.rule).toBe('youden');
    expect(other.criticalReason).toBe('');
  });
});

describe('decideAbnormal', () => {
  it('sets the any-finding operating point at the stated sensitivity', () => {
    const c = column('Abnormal', 100, 100, 0.1);
    const a = decideAbnormal(c.data, 0.9);
    expect(a.operatingPoint.sensitivity.value).toBeGreaterThanOrEqual(0.9);
    expect(a.targetSensitivity).toBe(0.9);
  });
});

describe('a critical flag must name its finding, not any abnormality', () => {
  it('keeps a finding that every abnormal film carries off the critical list, however high its AUC', () => {
    const c = column('Pneumonia', 40, 200, 0.3);
    // Every positive is the only kind of abnormal film: among abnormal films there are no negatives.
    const abnormal = Array.from(c.data.labels, (y) => y === 1);
    const d = decideFinding({ ...c, abnormal }, opts);
    expect(d.validated).toBe(true);
    expect(d.cv.auc).toBeGreaterThan(0.8);
    expect(d.amongAbnormal!.negativePatients).toBe(0);
    expect(d.critical).toBe(false);
    expect(d.criticalReason).toMatch(/cannot be measured/);
  });

  it('makes it critical when it also separates its films from films with other findings', () => {
    const c = column('Pneumonia', 40, 200, 0.3);
    // Negatives 0-99 have another finding; the positives still score higher than all of them.
    const abnormal = Array.from(c.data.labels, (y, i) => y === 1 || i - 40 < 100);
    const d = decideFinding({ ...c, abnormal }, opts);
    expect(d.amongAbnormal!.negativePatients).toBe(100);
    expect(d.amongAbnormal!.auc).toBeGreaterThan(0.8);
    expect(d.critical).toBe(true);
    expect(d.criticalReason).toMatch(/among abnormal films/);
  });
});
