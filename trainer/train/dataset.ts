// Adapter between trainer/data (readers in published layouts -> Sample, patient-disjoint stratified split) and
// the trainer: label vectors in a fixed label order (1 present, 0 absent, -1 unknown: masked out of the loss
// and the metrics).
import { readDataset } from '../data/readDataset';
import type { Sample } from '../data/sample';
import { patientDisjointSplit } from '../data/split';

export interface LabeledImage {
  path: string;
  id: string;
  patientId: string;
  /** Per label of the set's label list: 1, 0, or -1 (unknown). */
  y: number[];
  /** "No Finding" (true), any finding (false), unknown (undefined). */
  noFinding?: boolean;
  sample: Sample;
}

export interface LabeledSet {
  name: string;
  labels: string[];
  items: LabeledImage[];
  warnings: string[];
}

export function toLabeled(s: Sample, labels: string[]): LabeledImage {
  return {
    path: s.path,
    id: s.id,
    patientId: s.patientId,
    y: labels.map((l) => (s.labels[l] === 1 ? 1 : s.labels[l] === 0 ? 0 : -1)),
    noFinding: s.noFinding,
    sample: s,
  };
}

/** Reads a data folder in any supported layout; `labels` fixes the label order (default: the dataset's own). */
export async function loadLabeledSet(dir: string, labels?: string[]): Promise<LabeledSet> {
  const ds = readDataset(dir);
  const ls = labels ?? ds.labels;
  return { name: dir, labels: ls, items: ds.samples.map((s) => toLabeled(s, ls)), warnings: ds.warnings };
}

/** trainer/data's seeded, stratified, patient-disjoint split. */
export function splitByPatient(items: LabeledImage[], valFraction: number, seed: number, labels?: string[]): { train: LabeledImage[]; val: LabeledImage[] } {
  const bySample = new Map(items.map((i) => [i.sample, i]));
  const s = patientDisjointSplit(
    items.map((i) => i.sample),
    { validationFraction: valFraction, seed, labels },
  );
  return { train: s.train.map((x) => bySample.get(x)!), val: s.validation.map((x) => bySample.get(x)!) };
}
