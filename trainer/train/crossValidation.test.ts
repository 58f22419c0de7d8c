// Cross-validation folds are patient-disjoint, cover every image once, and spread a rare label's patients.
import { describe, expect, it } from 'vitest';
import { patientFolds } from './crossValidation';
import type { LabeledImage } from './dataset';

function item(pid: string, rare: boolean, i: number): LabeledImage {
  return { path: `${pid}_${i}.png`, id: `${pid}_${i}.png`, patientId: pid, y: [rare ? 1 : 0, 1 - (rare ? 1 : 0)], sample: {} as never };
}

describe('patientFolds', () => {
  const items: LabeledImage[] = [];
  for (let p = 0; p < 40; p++) for (let i = 0; i < 1 + (p % 4); i++) items.push(item(`P${p}`, p % 8 === 0, i));

  it('puts all images of a patient in one fold and uses every fold', () => {
    const folds = patientFolds(items, 5, 42);
    const byPatient = new Map<string, Set<number>>();
    items.forEach((it, i) => byPatient.set(it.patientId, (byPatient.get(it.patientId) ?? new Set()).add(folds[i]!)));
    for (const s of byPatient.values()) expect(s.size).toBe(1);
    expect(new Set(folds)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('spreads the rare label patients over different folds, seeded', () => {
    const folds = patientFolds(items, 5, 42);
    const rareFolds = new Set(items.map((it, i) => (it.y[0] === 1 ? folds[i] : -1)).filter((f) => f >= 0));
    expect(rareFolds.size).toBe(5); // 5 rare patients, 5 folds
    expect(patientFolds(items, 5, 42)).toEqual(folds);
    expect(patientFolds(items, 5, 43)).not.toEqual(folds);
  });
});
