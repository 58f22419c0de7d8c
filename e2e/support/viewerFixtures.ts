// Test inputs derived at run time from shared data (never written into the repo): a file with a VOI LUT
// Sequence, a preamble-less copy, a copy with an unsupported transfer syntax.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dicomParserNs from 'dicom-parser';

// dicom-parser is a UMD/CommonJS module: under Node ESM (Playwright) its API is on `default`.
const dicomParser = (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs;
export const parseDicom = dicomParser.parseDicom;

const LONG_HEADER_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UT', 'UN', 'UC', 'UR', 'SV', 'UV']);

function le16(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff];
}
function le32(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
}
function tagBytes(group: number, element: number): number[] {
  return [...le16(group), ...le16(element)];
}
function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

export interface VoiLutFixture {
  bytes: Uint8Array;
  /** LUT output (0..255) for stored value v is lut[v - first] (clamped). */
  first: number;
  lut: number[];
  explanation: string;
}

/**
 * Inserts a VOI LUT Sequence (one item, 8-bit output, a square-root curve over the file's stored
 * range) into an Explicit VR Little Endian file whose Modality LUT is identity.
 */
export function withVoiLutSequence(path: string, explanation = 'SQRT TEST LUT'): VoiLutFixture {
  const bytes = new Uint8Array(readFileSync(path));
  const ds = parseDicom(bytes);
  if (ds.string('x00020010') !== '1.2.840.10008.1.2.1') throw new Error('fixture needs Explicit VR Little Endian');
  const signed = ds.uint16('x00280103') === 1;
  const px = ds.elements.x7fe00010;
  const n = px.length / 2;
  let min = Infinity;
  let max = -Infinity;
  const view = new DataView(bytes.buffer, bytes.byteOffset + px.dataOffset, px.length);
  for (let i = 0; i < n; i++) {
    const v = signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const entries = max - min + 1;
  const lut = Array.from({ length: entries }, (_, i) => Math.round(255 * Math.sqrt(i / Math.max(1, entries - 1))));
  let expl = explanation;
  if (expl.length % 2) expl += ' ';
  const item = [
    ...tagBytes(0x0028, 0x3002),
    ...ascii(signed ? 'SS' : 'US'),
    ...le16(6),
    ...le16(entries),
    ...le16(min & 0xffff),
    ...le16(8),
    ...tagBytes(0x0028, 0x3003),
    ...ascii('LO'),
    ...le16(expl.length),
    ...ascii(expl),
    ...tagBytes(0x0028, 0x3006),
    ...ascii('OW'),
    0,
    0,
    ...le32(entries * 2 + ((entries * 2) % 4 === 0 ? 0 : 0)),
    ...lut.flatMap((v) => le16(v)),
  ];
  const seq = [
    ...tagBytes(0x0028, 0x3010),
    ...ascii('SQ'),
    0,
    0,
    ...le32(0xffffffff),
    ...tagBytes(0xfffe, 0xe000),
    ...le32(item.length),
    ...item,
    ...tagBytes(0xfffe, 0xe0dd),
    ...le32(0),
  ];
  // Insert before the first top-level element that sorts after (0028,3010).
  let insertAt = bytes.length;
  for (const [tag, el] of Object.entries(ds.elements)) {
    if (tag <= 'x00283010' || tag.startsWith('x0002')) continue;
    const header = LONG_HEADER_VRS.has(el.vr ?? '') ? 12 : 8;
    insertAt = Math.min(insertAt, el.dataOffset - header);
  }
  const out = new Uint8Array(bytes.length + seq.length);
  out.set(bytes.subarray(0, insertAt), 0);
  out.set(seq, insertAt);
  out.set(bytes.subarray(insertAt), insertAt + seq.length);
  return { bytes: out, first: min, lut, explanation: explanation };
}

/** The data set without preamble, "DICM" and File Meta Information (as some old archives store it). */
export function withoutPart10Header(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  const ds = parseDicom(bytes);
  let start = bytes.length;
  for (const [tag, el] of Object.entries(ds.elements)) {
    if (tag.startsWith('x0002')) continue;
    start = Math.min(start, el.dataOffset - 8);
  }
  const ts = ds.string('x00020010');
  if (ts !== '1.2.840.10008.1.2') throw new Error('withoutPart10Header expects an Implicit VR Little Endian file');
  return bytes.slice(start);
}

/** A copy whose Transfer Syntax UID is replaced by another of the same length. */
export function withTransferSyntax(path: string, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('same-length UIDs only');
  const bytes = new Uint8Array(readFileSync(path));
  const needle = ascii(from);
  for (let i = 0; i < 1024; i++) {
    if (needle.every((c, k) => bytes[i + k] === c)) {
      bytes.set(ascii(to), i);
      return bytes;
    }
  }
  throw new Error(`transfer syntax ${from} not found in the meta header of ${path}`);
}

/** Inserts (0028,1056) VOI LUT Function into an Explicit VR Little Endian file (e.g. SIGMOID). */
export function withVoiLutFunction(path: string, fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID'): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  const ds = parseDicom(bytes);
  if (ds.string('x00020010') !== '1.2.840.10008.1.2.1') throw new Error('fixture needs Explicit VR Little Endian');
  if (ds.elements.x00281056) throw new Error('file already has a VOI LUT Function');
  let value = fn;
  if (value.length % 2) value += ' ';
  const el = [...tagBytes(0x0028, 0x1056), ...ascii('CS'), ...le16(value.length), ...ascii(value)];
  let insertAt = bytes.length;
  for (const [tag, e] of Object.entries(ds.elements)) {
    if (tag <= 'x00281056' || tag.startsWith('x0002')) continue;
    const header = LONG_HEADER_VRS.has(e.vr ?? '') ? 12 : 8;
    insertAt = Math.min(insertAt, e.dataOffset - header);
  }
  const out = new Uint8Array(bytes.length + el.length);
  out.set(bytes.subarray(0, insertAt), 0);
  out.set(el, insertAt);
  out.set(bytes.subarray(insertAt), insertAt + el.length);
  return out;
}

/**
 * A fresh temporary folder for generated fixtures. (Not testInfo.outputPath(): test-results/ is
 * shared and wiped by any concurrent Playwright run.)
 */
export function fixtureDir(): string {
  return mkdtempSync(join(tmpdir(), 'statread-fixtures-'));
}
