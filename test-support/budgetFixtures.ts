// Hostile inputs for the pixel budget tests, made at test time in Node (Vitest and Playwright): a PNG and an RLE DICOM that
// declare 30000 x 30000 pixels, and a deflated-DICOM bomb (~1 MB that inflates to ~1 GB per MB). Each is a few
// hundred KB to a few MB; nothing here allocates what the files declare.
import { constants, deflateRawSync } from 'node:zlib';

const ZERO_BLOCK = 1 << 24; // 16 MiB of zeros per repeated deflate run

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Raw deflate of `data` (Node's zlib), sync-flushed (byte aligned, not final) or finished. */
function deflatePart(data: Uint8Array, final: boolean): Uint8Array {
  const finishFlush = final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
  return new Uint8Array(deflateRawSync(data, { level: 9, finishFlush }));
}

/**
 * A raw deflate stream of `prefix` followed by `zeros` zero bytes. The zero runs are one compressed 16 MiB run
 * repeated (each run only refers back inside itself), so making a gigabyte stream costs one 16 MiB compression.
 */
export function deflateWithZeros(prefix: Uint8Array, zeros: number): Uint8Array {
  const parts = [deflatePart(prefix, false)];
  const run = deflatePart(new Uint8Array(ZERO_BLOCK), false);
  let left = zeros;
  while (left > ZERO_BLOCK) {
    parts.push(run);
    left -= ZERO_BLOCK;
  }
  parts.push(deflatePart(new Uint8Array(left), true));
  return concat(parts);
}

function u16(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff];
}
function u32le(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}
function u32be(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

/** One Explicit VR Little Endian element; strings are padded to even length. */
function el(group: number, element: number, vr: string, value: string | number[] | Uint8Array, length?: number): number[] {
  const bytes: number[] = typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [...value];
  if (typeof value === 'string' && bytes.length % 2) bytes.push(vr === 'UI' ? 0 : 0x20);
  const len = length ?? bytes.length;
  const head = [...u16(group), ...u16(element), vr.charCodeAt(0), vr.charCodeAt(1)];
  return LONG_VRS.has(vr) ? [...head, 0, 0, ...u32le(len), ...bytes] : [...head, ...u16(len), ...bytes];
}

function part10(transferSyntax: string, dataSet: Uint8Array): Uint8Array {
  const meta = [...el(0x0002, 0x0001, 'OB', [0, 1]), ...el(0x0002, 0x0010, 'UI', transferSyntax)];
  const group = el(0x0002, 0x0000, 'UL', u32le(meta.length));
  const head = new Uint8Array(132);
  head.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([head, new Uint8Array([...group, ...meta]), dataSet]);
}

/** Header elements of a greyscale CR image of the given size (8 bits). */
function crHeader(rows: number, columns: number, uid: string): number[] {
  return [
    ...el(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.1'),
    ...el(0x0008, 0x0018, 'UI', `${uid}.3`),
    ...el(0x0008, 0x0060, 'CS', 'CR'),
    ...el(0x0010, 0x0010, 'PN', 'BUDGET^TEST'),
    ...el(0x0010, 0x0020, 'LO', 'BUDGET1'),
    ...el(0x0020, 0x000d, 'UI', `${uid}.1`),
    ...el(0x0020, 0x000e, 'UI', `${uid}.2`),
    ...el(0x0028, 0x0002, 'US', u16(1)),
    ...el(0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    ...el(0x0028, 0x0010, 'US', u16(rows)),
    ...el(0x0028, 0x0011, 'US', u16(columns)),
    ...el(0x0028, 0x0100, 'US', u16(8)),
    ...el(0x0028, 0x0101, 'US', u16(8)),
    ...el(0x0028, 0x0102, 'US', u16(7)),
    ...el(0x0028, 0x0103, 'US', u16(0)),
  ];
}

/** An RLE Lossless DICOM whose header says `size` x `size` pixels, with one short RLE fragment. */
export function hugeRleDicom(size = 30000): Uint8Array {
  // RLE header: one segment at offset 64, then a few "repeat 0" runs.
  const rle = [...u32le(1), ...u32le(64), ...new Array(56).fill(0), ...Array.from({ length: 64 }, (_, i) => (i % 2 ? 0 : 0x81))];
  const item = (bytes: number[]) => [...u16(0xfffe), ...u16(0xe000), ...u32le(bytes.length), ...bytes];
  const pixelData = [
    ...u16(0x7fe0),
    ...u16(0x0010),
    0x4f,
    0x42,
    0,
    0,
    ...u32le(0xffffffff),
    ...item([]),
    ...item(rle),
    ...u16(0xfffe),
    ...u16(0xe0dd),
    ...u32le(0),
  ];
  return part10('1.2.840.10008.1.2.5', new Uint8Array([...crHeader(size, size, '1.2.826.0.1.3680043.10.1147.15'), ...pixelData]));
}

/**
 * A Deflated Explicit VR Little Endian DICOM (a 4096 x 4096 CR header) whose data set inflates to `inflatedBytes`
 * (pixel data declared at that length): ~1 MB of file per GB inflated.
 */
export function deflateBombDicom(inflatedBytes = 3 * 2 ** 30): Uint8Array {
  const header = new Uint8Array([...crHeader(4096, 4096, '1.2.826.0.1.3680043.10.1147.16'), ...el(0x7fe0, 0x0010, 'OB', [], 0xfffffffe)]);
  return part10('1.2.840.10008.1.2.1.99', deflateWithZeros(header, inflatedBytes - header.length));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new Uint8Array([...type].map((c) => c.charCodeAt(0))), data]);
  return concat([new Uint8Array(u32be(data.length)), typed, new Uint8Array(u32be(crc32(typed)))]);
}

/**
 * A valid 8-bit greyscale PNG of `size` x `size` black pixels (~875 KB for 30000 x 30000): its IDAT is a zlib
 * stream of rows x (1 + columns) zero bytes, built from repeated compressed zero runs.
 */
export function hugePng(size = 30000): Uint8Array {
  const raw = size * (size + 1);
  // Adler-32 of n zero bytes: a = 1, b = n mod 65521.
  const adler = (((raw % 65521) << 16) | 1) >>> 0;
  const zlib = concat([new Uint8Array([0x78, 0xda]), deflateWithZeros(new Uint8Array(0), raw), new Uint8Array(u32be(adler))]);
  const ihdr = new Uint8Array([...u32be(size), ...u32be(size), 8, 0, 0, 0, 0]);
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib), chunk('IEND', new Uint8Array(0))]);
}
