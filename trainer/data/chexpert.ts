// CheXpert (Irvin et al. 2019): train.csv / valid.csv with columns
// Path,Sex,Age,Frontal/Lateral,AP/PA,<14 observations>; observation cells are 1 (positive), 0 (negative),
// -1 (uncertain) or blank (not mentioned -> negative, the usual convention).
// Uncertain policy (stated, selectable): 'default' = U-Ones for Atelectasis and Edema, U-Zeros for the rest
// (the per-finding choice that did best in the CheXpert paper's comparison for those findings); 'ones', 'zeros',
// or 'ignore' (label undefined: left out of that finding's loss and metrics).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { columnIndex, parseCsvRows } from './csv';
import { parseAge, parseSex } from './sample';
import type { Dataset, Label, Sample } from './sample';

export const CHEXPERT_OBSERVATIONS = [
  'No Finding',
  'Enlarged Cardiomediastinum',
  'Cardiomegaly',
  'Lung Opacity',
  'Lung Lesion',
  'Edema',
  'Consolidation',
  'Pneumonia',
  'Atelectasis',
  'Pneumothorax',
  'Pleural Effusion',
  'Pleural Other',
  'Fracture',
  'Support Devices',
] as const;

export type UncertainPolicy = 'default' | 'ones' | 'zeros' | 'ignore';
export const U_ONES_BY_DEFAULT = ['Atelectasis', 'Edema'];

export function resolveUncertain(label: string, policy: UncertainPolicy): Label {
  if (policy === 'ones') return 1;
  if (policy === 'zeros') return 0;
  if (policy === 'ignore') return undefined;
  return U_ONES_BY_DEFAULT.includes(label) ? 1 : 0;
}

function cell(raw: string | undefined, label: string, policy: UncertainPolicy): Label | 'invalid' {
  const s = (raw ?? '').trim();
  if (s === '') return 0;
  const v = Number(s);
  if (v === 1) return 1;
  if (v === 0) return 0;
  if (v === -1) return resolveUncertain(label, policy);
  return 'invalid';
}

export interface ChexpertOptions {
  /** Which CSV files to read (default both that exist). */
  splits?: ('train' | 'valid')[];
  uncertain?: UncertainPolicy;
  /** Keep lateral views (default false: frontal only, as the model is for frontal films). */
  includeLateral?: boolean;
}

/** Parses CheXpert CSV text into samples with paths relative to `resolvePath`. */
export function parseChexpertCsv(
  text: string,
  resolvePath: (csvPath: string) => string,
  options: ChexpertOptions = {},
): { samples: Sample[]; warnings: string[] } {
  const policy = options.uncertain ?? 'default';
  const [header, ...body] = parseCsvRows(text);
  if (!header) throw new Error('empty CheXpert CSV');
  const iPath = columnIndex(header, 'Path');
  if (iPath < 0) throw new Error(`CheXpert CSV lacks column "Path" (header: ${header.join(',')})`);
  const iSex = columnIndex(header, 'Sex');
  const iAge = columnIndex(header, 'Age');
  const iFL = columnIndex(header, 'Frontal/Lateral');
  const iAPPA = columnIndex(header, 'AP/PA');
  const obs = CHEXPERT_OBSERVATIONS.map((name) => ({ name, i: columnIndex(header, name) }));
  const missingCols = obs.filter((o) => o.i < 0).map((o) => o.name);
  const warnings: string[] = [];
  if (missingCols.length) warnings.push(`CheXpert CSV lacks observation columns: ${missingCols.join(', ')}`);
  const samples: Sample[] = [];
  let lateral = 0;
  body.forEach((r, n) => {
    const csvPath = (r[iPath] ?? '').trim();
    if (!csvPath) return;
    const frontal = iFL < 0 || (r[iFL] ?? '').trim().toLowerCase() !== 'lateral';
    if (!frontal && !options.includeLateral) {
      lateral++;
      return;
    }
    const m = /(patient\d+)\/(study\d+)/.exec(csvPath);
    const labels: Record<string, Label> = {};
    let bad = false;
    for (const o of obs) {
      if (o.i < 0) continue;
      const v = cell(r[o.i], o.name, policy);
      if (v === 'invalid') bad = true;
      else labels[o.name] = v;
    }
    if (bad) {
      warnings.push(`row ${n + 2}: unparsable observation value, skipped`);
      return;
    }
    const pathologies = obs.filter((o) => o.name !== 'No Finding' && o.name !== 'Support Devices');
    const anyPositive = pathologies.some((o) => labels[o.name] === 1);
    samples.push({
      id: csvPath,
      patientId: m ? m[1] : csvPath,
      path: resolvePath(csvPath),
      labels,
      noFinding: labels['No Finding'] === 1 ? true : anyPositive ? false : undefined,
      view: frontal ? (iAPPA >= 0 ? (r[iAPPA] ?? '').trim() || undefined : undefined) : 'LATERAL',
      sex: iSex >= 0 ? parseSex(r[iSex]) : undefined,
      age: iAge >= 0 ? parseAge(r[iAge]) : undefined,
    });
  });
  if (lateral) warnings.push(`${lateral} lateral views skipped (frontal-only model)`);
  return { samples, warnings };
}

/**
 * The CSV's Path starts with the release folder ("CheXpert-v1.0-small/train/patient00001/..."): resolve it against
 * the folder holding the CSV, its parent, or with the first segment stripped, whichever exists.
 */
export function chexpertPathResolver(dir: string): (p: string) => string {
  return (p: string) => {
    const candidates = [join(dir, p), join(dirname(dir), p), join(dir, p.split('/').slice(1).join('/'))];
    return candidates.find((c) => existsSync(c)) ?? candidates[0];
  };
}

export function readChexpert(dir: string, options: ChexpertOptions = {}): Dataset {
  const splits = options.splits ?? (['train', 'valid'] as const).filter((s) => existsSync(join(dir, `${s}.csv`)));
  if (splits.length === 0) throw new Error(`${dir}: no train.csv or valid.csv`);
  const resolve = chexpertPathResolver(dir);
  const samples: Sample[] = [];
  const warnings: string[] = [];
  for (const s of splits) {
    const parsed = parseChexpertCsv(readFileSync(join(dir, `${s}.csv`), 'utf8'), resolve, options);
    samples.push(...parsed.samples);
    warnings.push(...parsed.warnings.map((w) => `${s}.csv: ${w}`));
  }
  const missing = samples.filter((s) => !existsSync(s.path)).length;
  if (missing) warnings.push(`${missing} of ${samples.length} images not found on disk`);
  return { layout: 'chexpert', root: dir, labels: [...CHEXPERT_OBSERVATIONS], samples, warnings };
}
