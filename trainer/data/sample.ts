// The common shape every dataset reader yields, whatever its published layout.

export type Label = 0 | 1 | undefined;

export interface Sample {
  /** Image identifier, unique within the dataset (e.g. "00000001_000.png", a CheXpert path, a SIIM SOP UID). */
  id: string;
  /** Patient identifier: splits are disjoint by this. */
  patientId: string;
  /** Absolute path of the image file. */
  path: string;
  /** One entry per dataset label: 1 present, 0 absent, undefined unknown/ignored (e.g. CheXpert uncertain + ignore). */
  labels: Record<string, Label>;
  /** true for "No Finding" images, false when any finding is present, undefined when the dataset cannot say. */
  noFinding?: boolean;
  /** View position as published: PA, AP, LATERAL, LL ... */
  view?: string;
  sex?: 'M' | 'F' | 'O';
  age?: number;
  /** SIIM-ACR only: run-length-encoded masks (one per annotated region), see decodeSiimRle. */
  masks?: string[];
}

export type DatasetLayout = 'nih' | 'chexpert' | 'siim' | 'folders';

export interface Dataset {
  layout: DatasetLayout;
  root: string;
  /** The labels the dataset annotates, in the dataset's canonical order. */
  labels: string[];
  samples: Sample[];
  /** Rows skipped or oddities seen (missing images, unparsable rows), for the CLI to print. */
  warnings: string[];
}

/** NIH ChestX-ray14's 14 findings in the order of Wang et al. 2017. */
export const NIH_FINDINGS = [
  'Atelectasis',
  'Cardiomegaly',
  'Effusion',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pneumonia',
  'Pneumothorax',
  'Consolidation',
  'Edema',
  'Emphysema',
  'Fibrosis',
  'Pleural_Thickening',
  'Hernia',
] as const;

/** "57", "057Y", "6M" (months), "10D" -> years; undefined when unparsable. */
export function parseAge(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([YMWD])?\s*$/i.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'Y').toUpperCase();
  return unit === 'Y' ? n : unit === 'M' ? n / 12 : unit === 'W' ? n / 52 : n / 365;
}

export function parseSex(raw: string | undefined): Sample['sex'] {
  const s = (raw ?? '').trim().toUpperCase();
  if (s === 'M' || s === 'MALE') return 'M';
  if (s === 'F' || s === 'FEMALE') return 'F';
  if (s === 'O' || s === 'OTHER') return 'O';
  return undefined;
}

/** Counts of positives and negatives per label (undefined labels counted in neither). */
export function labelCounts(samples: Sample[], labels: string[]): Record<string, { positives: number; negatives: number }> {
  const out: Record<string, { positives: number; negatives: number }> = {};
  for (const l of labels) out[l] = { positives: 0, negatives: 0 };
  for (const s of samples) {
    for (const l of labels) {
      if (s.labels[l] === 1) out[l].positives++;
      else if (s.labels[l] === 0) out[l].negatives++;
    }
  }
  return out;
}
