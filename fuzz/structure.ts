// Walks a DICOM file with dicom-parser (the parser the app uses) and lists its structure in byte offsets of the
// ORIGINAL file: every element (at any depth, with its header start, length field and value), sequence items and
// encapsulated fragments. The fuzzer truncates at these boundaries and rewrites these length fields.
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';

export interface FieldRef {
  /** Offset of the length field and its size in bytes (2 for short explicit VRs, else 4). */
  at: number;
  size: 2 | 4;
  bigEndian: boolean;
}

export interface ElementInfo {
  tag: string;
  depth: number;
  /** First byte of the element (its tag), the value's first byte, and one past its last byte. */
  start: number;
  valueStart: number;
  valueEnd: number;
  lengthField: FieldRef;
  /** Top level, defined length, not in a deflated body: safe to splice a new value into. */
  editable: boolean;
  bigEndian: boolean;
}

export interface FileStructure {
  transferSyntax: string;
  part10: boolean;
  /** Offset where the data set after the meta group starts (132 + meta length for Part 10 files). */
  bodyStart: number;
  elements: ElementInfo[];
  /** Sorted, unique truncation offsets (preamble, DICM, every element/item/fragment header and value edge). */
  boundaries: number[];
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OW', 'OV', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';

function hasDicm(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** Raw data sets (no preamble): the syntax that parses, like the app's own fallback. */
function parseAny(bytes: Uint8Array): { ds: DataSet; syntax: string; part10: boolean } | null {
  if (hasDicm(bytes)) {
    try {
      const ds = dicomParser.parseDicom(bytes, { inflater: inflaterStub } as never);
      const syntax = (ds.string('x00020010') ?? IMPLICIT_LE).replace(/\0/g, '').trim();
      return { ds, syntax, part10: true };
    } catch {
      return null;
    }
  }
  for (const syntax of [IMPLICIT_LE, '1.2.840.10008.1.2.1', EXPLICIT_BE]) {
    try {
      const ds = dicomParser.parseDicom(bytes, { TransferSyntaxUID: syntax } as never);
      if (Object.keys(ds.elements).length > 3) return { ds, syntax, part10: false };
    } catch {
      /* next */
    }
  }
  return null;
}

// The structure walk never needs the inflated body's offsets (they are not file offsets): a stub keeps dicom-parser
// from reaching for zlib and leaves the body unparsed.
function inflaterStub(byteArray: Uint8Array, position: number): Uint8Array {
  return byteArray.subarray(0, position);
}

export function walkStructure(bytes: Uint8Array): FileStructure | null {
  const parsed = parseAny(bytes);
  if (!parsed) return null;
  const { ds, syntax, part10 } = parsed;
  const elements: ElementInfo[] = [];
  const implicitBody = syntax === IMPLICIT_LE;
  const bigEndianBody = syntax === EXPLICIT_BE;
  const deflated = syntax === DEFLATED;

  const visit = (set: DataSet, depth: number) => {
    for (const el of Object.values(set.elements) as Element[]) {
      const meta = el.tag.startsWith('x0002');
      if (deflated && !meta) continue;
      const implicit = !meta && implicitBody;
      const bigEndian = !meta && bigEndianBody;
      const longForm = implicit || LONG_VRS.has(el.vr ?? '');
      const headerSize = implicit ? 8 : longForm ? 12 : 8;
      const lengthField: FieldRef = { at: el.dataOffset - (longForm ? 4 : 2), size: longForm ? 4 : 2, bigEndian };
      const valueEnd = el.dataOffset + el.length;
      elements.push({
        tag: el.tag,
        depth,
        start: el.dataOffset - headerSize,
        valueStart: el.dataOffset,
        valueEnd,
        lengthField,
        editable: depth === 0 && !el.hadUndefinedLength && el.dataOffset >= 0 && valueEnd <= bytes.length,
        bigEndian,
      });
      for (const item of el.items ?? []) {
        elements.push({
          tag: 'xfffee000',
          depth: depth + 1,
          start: item.dataOffset - 8,
          valueStart: item.dataOffset,
          valueEnd: item.dataOffset + item.length,
          lengthField: { at: item.dataOffset - 4, size: 4, bigEndian },
          editable: false,
          bigEndian,
        });
        if (item.dataSet) visit(item.dataSet, depth + 1);
      }
      for (const f of el.fragments ?? []) {
        elements.push({
          tag: 'xfffee000',
          depth: depth + 1,
          start: f.position - 8,
          valueStart: f.position,
          valueEnd: f.position + f.length,
          lengthField: { at: f.position - 4, size: 4, bigEndian },
          editable: false,
          bigEndian,
        });
      }
    }
  };
  visit(ds, 0);
  const inFile = (n: number) => n >= 0 && n < bytes.length;
  const cuts = new Set<number>([0, 1]);
  if (part10) for (const n of [64, 127, 128, 130, 131, 132]) cuts.add(n);
  for (const e of elements) {
    for (const n of [e.start, e.start + 2, e.start + 4, e.lengthField.at, e.valueStart, e.valueStart + 1, e.valueEnd - 1, e.valueEnd]) {
      if (inFile(n)) cuts.add(n);
    }
  }
  const metaEnd = elements.filter((e) => e.tag.startsWith('x0002') && e.depth === 0).reduce((m, e) => Math.max(m, e.valueEnd), part10 ? 132 : 0);
  return { transferSyntax: syntax, part10, bodyStart: metaEnd, elements, boundaries: [...cuts].sort((a, b) => a - b) };
}
