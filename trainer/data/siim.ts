// SIIM-ACR Pneumothorax: DICOM files (dicom-images-train/<study>/<series>/<ImageId>.dcm) and train-rle.csv with
// columns ImageId, EncodedPixels (the published header has a space: " EncodedPixels"). EncodedPixels "-1" = no
// pneumothorax; otherwise a run-length mask; an image with several regions has several rows.
// The competition's RLE is *relative*: pairs (gap since the end of the previous run, run length), over the
// column-major (transposed) pixel order of the 1024x1024 image (mask_functions.py: rle2mask(...).T).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { columnIndex, parseCsvRows } from './csv';
import { indexImages } from './findImages';
import { parseAge, parseSex } from './sample';
import type { Dataset, Sample } from './sample';

export type RleFormat = 'relative' | 'absolute';

/**
 * Decodes one SIIM RLE string into a row-major width x height mask (1 inside). 'absolute' reads pairs as
 * (1-based start, length) in the same column-major order (the stage-2 style).
 */
export function decodeSiimRle(rle: string, width: number, height: number, format: RleFormat = 'relative'): Uint8Array {
  const mask = new Uint8Array(width * height);
  const s = rle.trim();
  if (s === '' || s === '-1') return mask;
  const nums = s.split(/\s+/).map(Number);
  if (nums.length % 2 !== 0 || nums.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`malformed RLE "${s.slice(0, 40)}..."`);
  let pos = 0;
  for (let i = 0; i < nums.length; i += 2) {
    const start = format === 'relative' ? pos + nums[i] : nums[i] - 1;
    const len = nums[i + 1];
    if (start + len > width * height) throw new Error(`RLE run ${start}+${len} beyond ${width}x${height}`);
    for (let k = start; k < start + len; k++) {
      // column-major index k -> (x = floor(k / height), y = k % height)
      const x = Math.floor(k / height);
      const y = k % height;
      mask[y * width + x] = 1;
    }
    pos = start + len;
  }
  return mask;
}

/** Union of all masks of an image. */
export function siimMask(sample: Sample, width = 1024, height = 1024, format: RleFormat = 'relative'): Uint8Array {
  const out = new Uint8Array(width * height);
  for (const rle of sample.masks ?? []) {
    const m = decodeSiimRle(rle, width, height, format);
    for (let i = 0; i < out.length; i++) out[i] |= m[i];
  }
  return out;
}

export function parseSiimCsv(text: string): { rows: Map<string, string[]>; warnings: string[] } {
  const [header, ...body] = parseCsvRows(text);
  if (!header) throw new Error('empty SIIM CSV');
  const iId = columnIndex(header, 'ImageId');
  const iRle = columnIndex(header, 'EncodedPixels');
  if (iId < 0 || iRle < 0) throw new Error(`SIIM CSV needs ImageId and EncodedPixels columns (header: ${header.join(',')})`);
  const rows = new Map<string, string[]>();
  for (const r of body) {
    const id = (r[iId] ?? '').trim();
    if (!id) continue;
    const rle = (r[iRle] ?? '').trim();
    const list = rows.get(id) ?? [];
    if (rle !== '-1' && rle !== '') list.push(rle);
    rows.set(id, list);
  }
  return { rows, warnings: [] };
}

function header(path: string): { patientId?: string; sex?: string; age?: string; view?: string } {
  try {
    const bytes = readFileSync(path);
    const ds = dicomParser.parseDicom(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { untilTag: 'x7fe00010' });
    return { patientId: ds.string('x00100020'), sex: ds.string('x00100040'), age: ds.string('x00101010'), view: ds.string('x00185101') };
  } catch {
    return {};
  }
}

export function readSiim(dir: string, csvName = 'train-rle.csv'): Dataset {
  const { rows } = parseSiimCsv(readFileSync(join(dir, csvName), 'utf8'));
  const { byName } = indexImages(dir, /\.dcm$/i);
  const samples: Sample[] = [];
  let missing = 0;
  for (const [id, masks] of rows) {
    const path = byName.get(`${id}.dcm`);
    if (!path) {
      missing++;
      continue;
    }
    const h = header(path);
    samples.push({
      id,
      patientId: h.patientId?.trim() || id,
      path,
      labels: { Pneumothorax: masks.length > 0 ? 1 : 0 },
      view: h.view?.trim() || undefined,
      sex: parseSex(h.sex),
      age: parseAge(h.age),
      masks,
    });
  }
  const warnings = missing ? [`${missing} of ${rows.size} CSV image ids have no DICOM below ${dir} (skipped)`] : [];
  return { layout: 'siim', root: dir, labels: ['Pneumothorax'], samples, warnings };
}
