// Fuzz cases: each is a pure function of (corpus, seed, case id), so any case can be replayed from its id alone.
// Mutators: bit flips, byte-run overwrites, truncation at structural boundaries, absurd element lengths, deeply
// nested sequences, a wrong transfer syntax in the meta header, zero-size/huge images (pixel module edited).
import { hash32, int, mulberry32, pick } from './prng';
import type { Rng } from './prng';
import type { SeedFile } from './corpus';
import type { ElementInfo } from './structure';

export type MutationKind = 'truncate' | 'bit-flip' | 'byte-run' | 'absurd-length' | 'deep-sequence' | 'wrong-transfer-syntax' | 'image-size';

export interface FuzzCase {
  /** "r<n>" for random cases, "t<file>:<boundary>" for the truncation sweep. */
  id: string;
  seedFile: string;
  kind: MutationKind;
  /** Human-readable mutation, enough to rebuild the input by hand. */
  detail: string;
  bytes: Uint8Array;
}

const KINDS: readonly MutationKind[] = [
  'truncate',
  'bit-flip',
  'bit-flip',
  'byte-run',
  'absurd-length',
  'absurd-length',
  'deep-sequence',
  'wrong-transfer-syntax',
  'image-size',
  'image-size',
];

const UIDS = [
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.5',
  '1.2.3.4',
  '',
  'not-a-uid',
];

function writeUint(bytes: Uint8Array, at: number, size: 2 | 4, value: number, bigEndian: boolean): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at < 0 || at + size > bytes.length) return;
  if (size === 2) v.setUint16(at, value & 0xffff, !bigEndian);
  else v.setUint32(at, value >>> 0, !bigEndian);
}

function readUint(bytes: Uint8Array, at: number, size: 2 | 4, bigEndian: boolean): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return size === 2 ? v.getUint16(at, !bigEndian) : v.getUint32(at, !bigEndian);
}

/** Replaces a top-level element's value, fixing its length field and, in the meta group, the group length. */
function spliceValue(seed: SeedFile, el: ElementInfo, value: Uint8Array): Uint8Array {
  const src = seed.bytes;
  const out = new Uint8Array(src.length - (el.valueEnd - el.valueStart) + value.length);
  out.set(src.subarray(0, el.valueStart), 0);
  out.set(value, el.valueStart);
  out.set(src.subarray(el.valueEnd), el.valueStart + value.length);
  writeUint(out, el.lengthField.at, el.lengthField.size, value.length, el.lengthField.bigEndian);
  const delta = value.length - (el.valueEnd - el.valueStart);
  const groupLength = seed.structure.elements.find((e) => e.tag === 'x00020000' && e.depth === 0);
  if (el.tag.startsWith('x0002') && groupLength && groupLength.valueEnd - groupLength.valueStart === 4) {
    writeUint(out, groupLength.valueStart, 4, readUint(out, groupLength.valueStart, 4, false) + delta, false);
  }
  return out;
}

function ascii(text: string): Uint8Array {
  const padded = text.length % 2 ? text + (/^[0-9.]*$/.test(text) ? '\0' : ' ') : text;
  return Uint8Array.from(padded, (c) => c.charCodeAt(0));
}

function topLevel(seed: SeedFile, tag: string): ElementInfo | undefined {
  return seed.structure.elements.find((e) => e.depth === 0 && e.tag === tag && e.editable);
}

/** Somewhere structural (an element edge, +-8 bytes) most of the time, anywhere otherwise. */
function position(rng: Rng, seed: SeedFile): number {
  const b = seed.structure.boundaries;
  if (rng() < 0.7 && b.length > 0) return Math.max(0, Math.min(seed.bytes.length - 1, pick(rng, b) + int(rng, -8, 9)));
  return int(rng, 0, seed.bytes.length);
}

function bitFlip(rng: Rng, seed: SeedFile): [string, Uint8Array] {
  const out = seed.bytes.slice();
  const n = pick(rng, [1, 1, 2, 4, 8, 32]);
  const flips: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = position(rng, seed);
    const bit = int(rng, 0, 8);
    out[at] ^= 1 << bit;
    flips.push(`${at}.${bit}`);
  }
  return [`flip bits ${flips.join(',')}`, out];
}

function byteRun(rng: Rng, seed: SeedFile): [string, Uint8Array] {
  const out = seed.bytes.slice();
  const at = position(rng, seed);
  const len = pick(rng, [1, 2, 4, 8, 16, 64, 256]);
  const fill = pick(rng, ['zero', 'ff', 'random'] as const);
  for (let i = at; i < Math.min(out.length, at + len); i++) out[i] = fill === 'zero' ? 0 : fill === 'ff' ? 0xff : int(rng, 0, 256);
  return [`overwrite ${len} bytes at ${at} with ${fill}`, out];
}

function truncateAt(seed: SeedFile, at: number): [string, Uint8Array] {
  return [`truncate at ${at} of ${seed.bytes.length}`, seed.bytes.slice(0, at)];
}

function absurdLength(rng: Rng, seed: SeedFile): [string, Uint8Array] {
  const els = seed.structure.elements;
  const pixel = els.filter((e) => e.tag === 'x7fe00010');
  const el = pixel.length > 0 && rng() < 0.3 ? pick(rng, pixel) : pick(rng, els);
  const f = el.lengthField;
  const values =
    f.size === 2
      ? [0xffff, 0xfffe, 0, 1, el.valueEnd - el.valueStart + 1]
      : [0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, seed.bytes.length + 1, seed.bytes.length * 2, 0, 1, 3];
  const value = pick(rng, values);
  const out = seed.bytes.slice();
  writeUint(out, f.at, f.size, value, f.bigEndian);
  return [`length of ${el.tag} (depth ${el.depth}) at ${f.at} set to 0x${value.toString(16)}`, out];
}

/** (0040,0275)-like private sequence nested `depth` times, explicit little endian, inserted after the meta group. */
function nestedSequence(depth: number, defined: boolean, terminated: boolean): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number) => parts.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (v: number) => {
    u16(v & 0xffff);
    u16(v >>> 16);
  };
  // Defined lengths: computed inside out (item = 8 + seq; seq = 12 + item).
  const seqLen: number[] = new Array(depth + 1).fill(0);
  for (let d = depth - 1; d >= 0; d--) seqLen[d] = defined ? 8 + (d + 1 < depth ? 12 + seqLen[d + 1] : 0) : 0;
  for (let d = 0; d < depth; d++) {
    u16(0x0009);
    u16(0x1010);
    parts.push(0x53, 0x51);
    u16(0); // (0009,1010) SQ
    u32(defined ? seqLen[d] : 0xffffffff);
    u16(0xfffe);
    u16(0xe000);
    u32(defined ? seqLen[d] - 8 : 0xffffffff); // item
  }
  if (terminated && !defined) {
    for (let d = 0; d < depth; d++) {
      u16(0xfffe);
      u16(0xe00d);
      u32(0); // item delimiter
      u16(0xfffe);
      u16(0xe0dd);
      u32(0); // sequence delimiter
    }
  }
  return Uint8Array.from(parts);
}

function deepSequence(rng: Rng, seed: SeedFile): [string, Uint8Array] {
  const depth = pick(rng, [8, 64, 512, 2048, 10000, 50000]);
  const defined = rng() < 0.3;
  const terminated = rng() < 0.7;
  const seq = nestedSequence(depth, defined, terminated);
  // Explicit VR little endian bodies take it as is; elsewhere it still lands in the data set as garbage to survive.
  const at = seed.structure.bodyStart;
  const out = new Uint8Array(seed.bytes.length + seq.length);
  out.set(seed.bytes.subarray(0, at), 0);
  out.set(seq, at);
  out.set(seed.bytes.subarray(at), at + seq.length);
  return [`insert ${defined ? 'defined' : 'undefined'}-length sequence nested ${depth} deep${terminated ? '' : ' (unterminated)'} at ${at}`, out];
}

function wrongSyntax(rng: Rng, seed: SeedFile): [string, Uint8Array] {
  const el = topLevel(seed, 'x00020010');
  const uid = pick(
    rng,
    UIDS.filter((u) => u !== seed.structure.transferSyntax),
  );
  if (!el) return imageSize(rng, seed);
  return [`transfer syntax ${seed.structure.transferSyntax} -> '${uid}'`, spliceValue(seed, el, ascii(uid))];
}

const US_FIELDS: Record<string, string> = {
  x00280010: 'Rows',
  x00280011: 'Columns',
  x00280100: 'BitsAllocated',
  x00280101: 'BitsStored',
  x00280102: 'HighBit',
  x00280002: 'SamplesPerPixel',
  x00280103: 'PixelRepresentation',
};

function imageSize(rng: Rng, seed: SeedFile): [string, Uint8Array] {
  let bytes: Uint8Array = seed.bytes.slice();
  const edits: string[] = [];
  const candidates = Object.keys(US_FIELDS).filter((t) => topLevel(seed, t)?.valueEnd === (topLevel(seed, t)?.valueStart ?? 0) + 2);
  const n = int(rng, 1, 4);
  for (let i = 0; i < n && candidates.length > 0; i++) {
    const tag = rng() < 0.6 ? pick(rng, ['x00280010', 'x00280011'].filter((t) => candidates.includes(t)).concat(candidates)) : pick(rng, candidates);
    const el = topLevel(seed, tag)!;
    const value = pick(rng, [0, 1, 65535, 65535, 32768, 2, 3, 7, 12, 17, 33, 64, int(rng, 0, 65536)]);
    writeUint(bytes, el.valueStart, 2, value, el.bigEndian);
    edits.push(`${US_FIELDS[tag]}=${value}`);
  }
  const frames = topLevel(seed, 'x00280008');
  if (frames && (rng() < 0.4 || edits.length === 0)) {
    const text = pick(rng, ['0', '1', '2', '65535', '-1', '2147483648', '1e9', 'abc', '']);
    // Rows/Columns edits are in place, so the element table still matches the (unchanged-length) bytes until here.
    const withFrames = spliceValue({ ...seed, bytes }, frames, ascii(text));
    bytes = withFrames;
    edits.push(`NumberOfFrames='${text}'`);
  }
  return [`pixel module: ${edits.join(' ') || 'unchanged'}`, bytes];
}

/** Random case `n` of a run with `seed`. */
export function randomCase(corpus: readonly SeedFile[], seed: number, n: number): FuzzCase {
  const rng = mulberry32(hash32(seed, 'random', n));
  const file = pick(rng, corpus);
  const kind = pick(rng, KINDS);
  let result: [string, Uint8Array];
  switch (kind) {
    case 'truncate':
      result = truncateAt(file, pick(rng, file.structure.boundaries));
      break;
    case 'bit-flip':
      result = bitFlip(rng, file);
      break;
    case 'byte-run':
      result = byteRun(rng, file);
      break;
    case 'absurd-length':
      result = absurdLength(rng, file);
      break;
    case 'deep-sequence':
      result = deepSequence(rng, file);
      break;
    case 'wrong-transfer-syntax':
      result = wrongSyntax(rng, file);
      break;
    case 'image-size':
      result = imageSize(rng, file);
      break;
  }
  return { id: `r${n}`, seedFile: file.name, kind, detail: result[0], bytes: result[1] };
}

/** Truncation-sweep case: file `fileIndex` cut at its `boundaryIndex`-th structural boundary. */
export function truncationCase(corpus: readonly SeedFile[], fileIndex: number, boundaryIndex: number): FuzzCase {
  const file = corpus[fileIndex];
  const [detail, bytes] = truncateAt(file, file.structure.boundaries[boundaryIndex]);
  return { id: `t${fileIndex}:${boundaryIndex}`, seedFile: file.name, kind: 'truncate', detail, bytes };
}

/**
 * Every truncation-sweep case id, round robin over the files (each file's first boundary, then each file's second,
 * ...), so a sweep cut short by --seconds has still cut every file at its preamble, DICM and first elements.
 */
export function truncationIds(corpus: readonly SeedFile[]): string[] {
  const ids: string[] = [];
  const longest = Math.max(0, ...corpus.map((f) => f.structure.boundaries.length));
  for (let j = 0; j < longest; j++) {
    corpus.forEach((f, i) => {
      if (j < f.structure.boundaries.length) ids.push(`t${i}:${j}`);
    });
  }
  return ids;
}

/** Rebuilds any case from its id. */
export function caseById(corpus: readonly SeedFile[], seed: number, id: string): FuzzCase {
  if (id.startsWith('r')) return randomCase(corpus, seed, Number(id.slice(1)));
  const m = /^t(\d+):(\d+)$/.exec(id);
  if (!m) throw new Error(`bad case id ${id}`);
  return truncationCase(corpus, Number(m[1]), Number(m[2]));
}
