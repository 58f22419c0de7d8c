// Radiologist-adjudicated labels for NIH ChestX-ray14 images (Majkowska et al., Radiology 2019; the Google table
// `google2019_nih-chest-xray-labels.csv`): Fracture, Pneumothorax, Airspace opacity, Nodule or mass, each YES/NO,
// for 4,376 images. Read-only: used to check out-of-fold scores against labels a radiologist set, not text-mined.
import { readFileSync } from 'node:fs';
import { columnIndex, parseCsvRows } from './csv';

export const RADIOLOGIST_FINDINGS = ['Fracture', 'Pneumothorax', 'Airspace opacity', 'Nodule or mass'] as const;
export type RadiologistFinding = (typeof RADIOLOGIST_FINDINGS)[number];

/**
 * Which model outputs stand for each adjudicated finding (the score is their largest probability). Fracture has
 * no NIH label, so no score.
 */
export const MODEL_LABELS_FOR: Record<RadiologistFinding, string[]> = {
  Fracture: [],
  Pneumothorax: ['Pneumothorax'],
  'Airspace opacity': ['Pneumonia', 'Consolidation', 'Infiltration', 'Edema'],
  'Nodule or mass': ['Nodule', 'Mass'],
};

/** Image index -> finding -> 1/0 (blank or other values are left out). */
export function readRadiologistLabels(path: string): Map<string, Partial<Record<RadiologistFinding, 0 | 1>>> {
  const rows = parseCsvRows(readFileSync(path, 'utf8'));
  const head = rows[0] ?? [];
  const iImg = columnIndex(head, 'Image Index');
  if (iImg < 0) throw new Error(`${path}: no "Image Index" column (expected google2019_nih-chest-xray-labels.csv)`);
  const cols = RADIOLOGIST_FINDINGS.map((f) => [f, columnIndex(head, f)] as const);
  const out = new Map<string, Partial<Record<RadiologistFinding, 0 | 1>>>();
  for (const r of rows.slice(1)) {
    const labels: Partial<Record<RadiologistFinding, 0 | 1>> = {};
    for (const [f, i] of cols) {
      const v = (r[i] ?? '').trim().toUpperCase();
      if (v === 'YES') labels[f] = 1;
      else if (v === 'NO') labels[f] = 0;
    }
    out.set((r[iImg] ?? '').trim(), labels);
  }
  return out;
}
