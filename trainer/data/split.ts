// Patient-disjoint train/validation split, seeded and stratified by each patient's rarest positive label, so
// rare findings (e.g. the few pneumothorax patients) land on both sides in proportion.
import type { Sample } from './sample';
import { mulberry32 } from '../../src/model/random';

export interface SplitOptions {
  /** Fraction of images (approximately) in validation. Default 0.2. */
  validationFraction?: number;
  seed?: number;
  /** Labels to stratify by (default: every label seen in the samples). */
  labels?: string[];
}

export interface Split {
  train: Sample[];
  validation: Sample[];
}

export function patientDisjointSplit(samples: Sample[], options: SplitOptions = {}): Split {
  const fraction = options.validationFraction ?? 0.2;
  const rand = mulberry32(options.seed ?? 42);
  const labels = options.labels ?? [...new Set(samples.flatMap((s) => Object.keys(s.labels)))];
  const byPatient = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = byPatient.get(s.patientId) ?? [];
    list.push(s);
    byPatient.set(s.patientId, list);
  }
  const positives: Record<string, number> = {};
  for (const l of labels) positives[l] = samples.filter((s) => s.labels[l] === 1).length;
  // Stratum of a patient: its rarest positive label, or "none".
  const strata = new Map<string, string[]>();
  for (const [pid, list] of [...byPatient.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    let key = 'none';
    let best = Infinity;
    for (const l of labels) {
      if (list.some((s) => s.labels[l] === 1) && positives[l] < best) {
        best = positives[l];
        key = l;
      }
    }
    const group = strata.get(key) ?? [];
    group.push(pid);
    strata.set(key, group);
  }
  const validationPatients = new Set<string>();
  for (const key of [...strata.keys()].sort()) {
    const group = strata.get(key) as string[];
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [group[i], group[j]] = [group[j], group[i]];
    }
    const total = group.reduce((n, pid) => n + (byPatient.get(pid) as Sample[]).length, 0);
    const target = total * fraction;
    let taken = 0;
    for (const pid of group) {
      const n = (byPatient.get(pid) as Sample[]).length;
      // Take a patient while it brings the stratum closer to its target share.
      if (Math.abs(taken + n - target) < Math.abs(taken - target)) {
        validationPatients.add(pid);
        taken += n;
      }
    }
  }
  const train: Sample[] = [];
  const validation: Sample[] = [];
  for (const s of samples) (validationPatients.has(s.patientId) ? validation : train).push(s);
  return { train, validation };
}
