import { describe, expect, it } from 'vitest';
import { aucByPairs, midranks, rocAuc } from './auc';
import { bootstrapAucCi } from './bootstrap';
import { calibration } from './calibration';
import { atThreshold, chooseOperatingPoint, wilson } from './operatingPoint';
import { rocCurve, rocSvg } from './rocCurve';

describe('ROC AUC and DeLong interval, hand-computed', () => {
  it('3 positives, 2 negatives, no ties: AUC 5/6, DeLong variance 1/18', () => {
    // pairs: 0.8>0.5, 0.8>0.3, 0.6>0.5, 0.6>0.3, 0.4<0.5, 0.4>0.3 -> 5/6
    // V10 = [1, 1, 1/2] -> S10 = 1/12; V01 = [2/3, 1] -> S01 = 1/18; var = S10/3 + S01/2 = 1/18
    const r = rocAuc({ scores: [0.8, 0.6, 0.4, 0.5, 0.3], labels: [1, 1, 1, 0, 0] });
    expect(r.auc).toBeCloseTo(5 / 6, 12);
    expect(r.variance).toBeCloseTo(1 / 18, 12);
    expect(r.ci95[0]).toBeCloseTo(5 / 6 - 1.959963984540054 * Math.sqrt(1 / 18), 10);
    expect(r.ci95[1]).toBe(1);
    expect([r.positives, r.negatives]).toEqual([3, 2]);
  });
  it('ties count one half (AUC 7/8, variance 1/32) and unlabelled samples are left out', () => {
    const r = rocAuc({ scores: [0.5, 0.9, 0.5, 0.1, 0.7], labels: [1, 1, 0, 0, undefined] });
    expect(r.auc).toBeCloseTo(0.875, 12);
    expect(r.variance).toBeCloseTo(1 / 32, 12);
    expect(midranks([3, 1, 3, 2])).toEqual(Float64Array.from([3.5, 1, 3.5, 2]));
  });
  it('the O(N log N) midrank AUC equals the pairwise definition on random data with ties', () => {
    let s = 3;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const scores = Array.from({ length: 300 }, () => Math.round(rand() * 20) / 20);
    const labels = scores.map((v) => (rand() < 0.3 + 0.4 * v ? 1 : 0));
    expect(rocAuc({ scores, labels }).auc).toBeCloseTo(aucByPairs({ scores, labels }), 12);
  });
  it('a single positive falls back to the Hanley-McNeil variance (DeLong is undefined there)', () => {
    // AUC 2/3 with m=1, n=3: Q1 = (2/3)/(4/3) = 1/2, Q2 = 2(4/9)/(5/3) = 8/15;
    // var = (2/9 + 0 + 2 (8/15 - 4/9)) / 3 = (2/9 + 8/45) / 3 = 2/15
    const r = rocAuc({ scores: [0.5, 0.1, 0.2, 0.9], labels: [1, 0, 0, 0] });
    expect(r.auc).toBeCloseTo(2 / 3, 12);
    expect(r.varianceMethod).toBe('hanley-mcneil');
    expect(r.variance).toBeCloseTo(2 / 15, 12);
  });
  it('empty classes give NaN; perfect separation gives AUC 1 with a non-degenerate interval', () => {
    expect(rocAuc({ scores: [0.1, 0.2], labels: [0, 0] }).auc).toBeNaN();
    // Perfect separation: DeLong's variance is 0; the continuity-corrected Hanley-McNeil variance is used instead.
    // m = n = 2: A = 1 - 0.5/4 = 7/8, Q1 = (7/8)/(9/8) = 7/9, Q2 = 2(49/64)/(15/8) = 49/60;
    // var = (7/64 + (7/9 - 49/64) + (49/60 - 49/64)) / 4
    const r = rocAuc({ scores: [0.9, 0.8, 0.1, 0.2], labels: [1, 1, 0, 0] });
    expect(r.auc).toBe(1);
    expect(r.varianceMethod).toBe('hanley-mcneil-cc');
    const A = 7 / 8;
    const v = (A * (1 - A) + (7 / 9 - A * A) + (49 / 60 - A * A)) / 4;
    expect(r.variance).toBeCloseTo(v, 12);
    expect(r.ci95[0]).toBeCloseTo(1 - 1.959963984540054 * Math.sqrt(v), 10);
    expect(r.ci95[1]).toBe(1);
  });
  it('stratified bootstrap is seeded and agrees roughly with DeLong', () => {
    let s = 11;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const labels = Array.from({ length: 200 }, (_, i) => (i < 60 ? 1 : 0));
    const scores = labels.map((y) => rand() + 0.5 * y);
    const a = bootstrapAucCi({ scores, labels }, { seed: 5, replicates: 500 });
    expect(bootstrapAucCi({ scores, labels }, { seed: 5, replicates: 500 })).toEqual(a);
    const d = rocAuc({ scores, labels });
    expect(Math.abs(a.ci95[0] - d.ci95[0])).toBeLessThan(0.03);
    expect(Math.abs(a.ci95[1] - d.ci95[1])).toBeLessThan(0.03);
  });
});

describe('operating points', () => {
  const data = { scores: [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1], labels: [1, 1, 0, 1, 0, 1, 0, 0] };
  it('counts sensitivity, specificity, PPV, NPV at a threshold (score >= t is positive)', () => {
    const m = atThreshold(data, 0.6);
    expect([m.tp, m.fp, m.tn, m.fn]).toEqual([3, 1, 3, 1]);
    expect([m.sensitivity.value, m.specificity.value, m.ppv.value, m.npv.value]).toEqual([0.75, 0.75, 0.75, 0.75]);
  });
  it('Youden picks the threshold maximising sens + spec - 1; a sensitivity target picks the highest threshold reaching it', () => {
    // t=0.8: sens 2/4, spec 4/4 -> J 0.5; t=0.6: 3/4, 3/4 -> J 0.5; t=0.3: 1, 2/4 -> J 0.5; others lower.
    // Ties go to the highest threshold (fewest false alarms).
    expect(chooseOperatingPoint(data).threshold).toBe(0.8);
    // J: t=0.9 1/3; t=0.7 -1/6; t=0.6 1/6; t=0.5 1/2 (best); t=0.2 0
    expect(chooseOperatingPoint({ scores: [0.9, 0.7, 0.6, 0.5, 0.2], labels: [1, 0, 1, 1, 0] }).threshold).toBe(0.5);
    const t = chooseOperatingPoint(data, { rule: 'sensitivity', target: 1 });
    expect(t.threshold).toBe(0.3);
    expect(t.sensitivity.value).toBe(1);
  });
  it('Wilson interval matches the published value for 8/10', () => {
    const w = wilson(8, 10);
    expect(w.ci95[0]).toBeCloseTo(0.4902, 4);
    expect(w.ci95[1]).toBeCloseTo(0.9433, 4);
  });
});

describe('calibration and ROC curve', () => {
  it('ECE and Brier by hand', () => {
    // bin [0.1,0.2): p 0.1, 1 of 2 positive -> 0.5*|0.5-0.1| = 0.2; bin [0.9,1): p 0.9, 2 of 2 -> 0.5*0.1 = 0.05
    const c = calibration({ scores: [0.1, 0.1, 0.9, 0.9], labels: [0, 1, 1, 1] });
    expect(c.ece).toBeCloseTo(0.25, 12);
    expect(c.brier).toBeCloseTo((0.01 + 0.81 + 0.01 + 0.01) / 4, 12);
    expect(c.bins[1].count).toBe(2);
  });
  it('ROC points step through thresholds and the SVG names each curve with its AUC', () => {
    const pts = rocCurve({ scores: [0.8, 0.6, 0.4, 0.5, 0.3], labels: [1, 1, 1, 0, 0] });
    expect(pts.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 1 / 3],
      [0, 2 / 3],
      [0.5, 2 / 3],
      [0.5, 1],
      [1, 1],
    ]);
    const svg = rocSvg([{ name: 'Pneumothorax <test>', points: pts, auc: 5 / 6, ci95: [0.37, 1] }], 'ROC');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('Pneumothorax &lt;test&gt;: AUC 0.833 (95% CI 0.370-1.000)');
    expect(svg).toContain('<path d="M48.00 376.00');
  });
});
