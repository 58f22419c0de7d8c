// NIH ChestX-ray14: Data_Entry_2017.csv (2017 header) or Data_Entry_2017_v2020.csv (2020 header), images anywhere below.
// 2017 header: Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,
//              OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]
// 2020 header: the same with "Patient Sex" for "Patient Gender" and a trailing comma on every line (an unnamed
// empty 12th column). In both, the bracketed names split into two cells each ("OriginalImage[Width" / "Height]").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnIndex, parseCsvRows } from './csv';
import { indexImages } from './findImages';
import { NIH_FINDINGS, parseAge, parseSex } from './sample';
import type { Dataset, Label, Sample } from './sample';

export const NIH_CSV_NAMES = ['Data_Entry_2017.csv', 'Data_Entry_2017_v2020.csv'];

export function findNihCsv(dir: string): string | undefined {
  return NIH_CSV_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
}

export interface NihRow {
  image: string;
  findings: string[];
  followUp?: number;
  patientId: string;
  age?: number;
  sex?: Sample['sex'];
  view?: string;
  originalWidth?: number;
  originalHeight?: number;
}

/** Parses the CSV text of either header variant. Throws naming the missing column. */
export function parseNihCsv(text: string): { rows: NihRow[]; variant: '2017' | '2020'; warnings: string[] } {
  const [header, ...body] = parseCsvRows(text);
  if (!header) throw new Error('empty NIH CSV');
  const col = (...names: string[]) => {
    const i = columnIndex(header, ...names);
    if (i < 0) throw new Error(`NIH CSV lacks column "${names[0]}" (header: ${header.join(',')})`);
    return i;
  };
  const iImage = col('Image Index');
  const iLabels = col('Finding Labels');
  const iPatient = col('Patient ID');
  const iAge = columnIndex(header, 'Patient Age');
  const iSex = columnIndex(header, 'Patient Gender', 'Patient Sex');
  const iView = columnIndex(header, 'View Position');
  const iFollow = columnIndex(header, 'Follow-up #');
  const iWidth = columnIndex(header, 'OriginalImage[Width', 'OriginalImage[Width,Height]');
  const iHeight = columnIndex(header, 'Height]');
  const variant = columnIndex(header, 'Patient Sex') >= 0 || header[header.length - 1].trim() === '' ? '2020' : '2017';
  const warnings: string[] = [];
  const rows: NihRow[] = [];
  body.forEach((r, n) => {
    const image = (r[iImage] ?? '').trim();
    const patientId = (r[iPatient] ?? '').trim();
    if (!image || !patientId) {
      warnings.push(`row ${n + 2}: missing image index or patient ID, skipped`);
      return;
    }
    const labels = (r[iLabels] ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    rows.push({
      image,
      findings: labels.filter((l) => l !== 'No Finding'),
      followUp: iFollow >= 0 ? Number(r[iFollow]) : undefined,
      patientId,
      age: iAge >= 0 ? parseAge(r[iAge]) : undefined,
      sex: iSex >= 0 ? parseSex(r[iSex]) : undefined,
      view: iView >= 0 ? r[iView]?.trim() || undefined : undefined,
      originalWidth: iWidth >= 0 ? Number(r[iWidth]) || undefined : undefined,
      originalHeight: iHeight >= 0 ? Number(r[iHeight]) || undefined : undefined,
    });
  });
  return { rows, variant, warnings };
}

/** Reads an NIH-layout folder. Rows whose image is not below the folder are skipped (counted in warnings). */
export function readNih(dir: string): Dataset & { variant: '2017' | '2020' } {
  const csv = findNihCsv(dir);
  if (!csv) throw new Error(`${dir}: no ${NIH_CSV_NAMES.join(' or ')}`);
  const { rows, variant, warnings } = parseNihCsv(readFileSync(csv, 'utf8'));
  const { byName, duplicates } = indexImages(dir, /\.png$/i);
  if (duplicates.length) warnings.push(`${duplicates.length} duplicate image names below ${dir} (first kept)`);
  const samples: Sample[] = [];
  const unknown = new Set<string>();
  let missing = 0;
  for (const row of rows) {
    const path = byName.get(row.image);
    if (!path) {
      missing++;
      continue;
    }
    const labels: Record<string, Label> = {};
    for (const f of NIH_FINDINGS) labels[f] = row.findings.includes(f) ? 1 : 0;
    for (const f of row.findings) if (!(NIH_FINDINGS as readonly string[]).includes(f)) unknown.add(f);
    samples.push({
      id: row.image,
      patientId: row.patientId,
      path,
      labels,
      noFinding: row.findings.length === 0,
      view: row.view,
      sex: row.sex,
      age: row.age,
    });
  }
  if (missing) warnings.push(`${missing} of ${rows.length} CSV rows have no image below ${dir} (skipped)`);
  if (unknown.size) warnings.push(`unknown finding names ignored: ${[...unknown].join(', ')}`);
  return { layout: 'nih', root: dir, labels: [...NIH_FINDINGS], samples, warnings, variant };
}
