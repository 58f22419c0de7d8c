// Flattens a dicom-parser DataSet into rows for the tag browser (sequences nested, values as text).
// Text values are decoded under the Specific Character Set (0008,0005) of the data set (or, in a sequence item
// without its own, of the data set holding the sequence).
import type { DataSet, Element } from 'dicom-parser';
import { characterSetsOf, decodeDicomText, rawValue, trimDicomText } from '../model/dicomText';

export interface TagRow {
  tag: string; // "(0010,0010)"
  depth: number;
  vr: string;
  value: string;
}

const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);

export function punctuate(tag: string): string {
  const t = tag.replace(/^x/, '').toUpperCase();
  return `(${t.slice(0, 4)},${t.slice(4, 8)})`;
}

function numbers(ds: DataSet, tag: string, el: Element, vr: string): string {
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const n = Math.min(16, Math.floor(el.length / size));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const v =
      vr === 'US'
        ? ds.uint16(tag, i)
        : vr === 'SS'
          ? ds.int16(tag, i)
          : vr === 'UL'
            ? ds.uint32(tag, i)
            : vr === 'SL'
              ? ds.int32(tag, i)
              : vr === 'FL'
                ? ds.float(tag, i)
                : ds.double(tag, i);
    out.push(String(v));
  }
  if (el.length / size > n) out.push('…');
  return out.join('\\');
}

export function elementValue(ds: DataSet, tag: string, el: Element, vr: string, characterSets: readonly string[] = characterSetsOf(ds)): string {
  if (tag === 'x7fe00010')
    return el.encapsulatedPixelData ? `<encapsulated pixel data, ${el.fragments?.length ?? 0} fragments>` : `<${el.length} bytes of pixel data>`;
  if (el.items) return `<sequence of ${el.items.length} item${el.items.length === 1 ? '' : 's'}>`;
  try {
    if (STRING_VRS.has(vr) || (!vr && el.length < 256)) {
      const raw = rawValue(ds, tag) ?? new Uint8Array(0);
      // A VR-less element (private, not in the dictionary) is shown with the data set's set if it reads as text.
      const s = trimDicomText(decodeDicomText(raw, vr || 'LO', characterSets), vr);
      // eslint-disable-next-line no-control-regex
      if (STRING_VRS.has(vr) || !/[\x00-\x08\x0e-\x1f]/.test(s)) return s.length > 300 ? `${s.slice(0, 300)}…` : s;
    }
    if (['US', 'SS', 'UL', 'SL', 'FL', 'FD'].includes(vr)) return numbers(ds, tag, el, vr);
    if (vr === 'AT' && el.length >= 4) {
      return punctuate(`${ds.uint16(tag, 0)!.toString(16).padStart(4, '0')}${ds.uint16(tag, 1)!.toString(16).padStart(4, '0')}`);
    }
  } catch {
    /* fall through to a byte count */
  }
  return `<${el.length} bytes>`;
}

export function tagRows(ds: DataSet, vrOf: (tag: string) => string | undefined, depth = 0, inheritedCharacterSets?: readonly string[]): TagRow[] {
  const rows: TagRow[] = [];
  const characterSets = characterSetsOf(ds, inheritedCharacterSets);
  for (const tag of Object.keys(ds.elements).sort()) {
    const el = ds.elements[tag];
    const vr = el.vr ?? (el.items ? 'SQ' : (vrOf(punctuate(tag))?.split('|')[0] ?? ''));
    rows.push({ tag: punctuate(tag), depth, vr, value: elementValue(ds, tag, el, vr, characterSets) });
    if (el.items) {
      el.items.forEach((item, i) => {
        rows.push({ tag: `Item ${i + 1}`, depth: depth + 1, vr: '', value: '' });
        if (item.dataSet) rows.push(...tagRows(item.dataSet, vrOf, depth + 2, characterSets));
      });
    }
  }
  return rows;
}
