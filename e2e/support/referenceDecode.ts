// Independent reference decoding of DICOM pixel data in Node, used by the conformance specs to check what
// the viewer (Cornerstone's dicom-image-loader in Chromium) decoded. It shares no code with src/: the data
// set is parsed with dicom-parser, native (uncompressed) pixel data is read byte by byte here, honouring
// Bits Allocated/Stored, High Bit, Pixel Representation, the big-endian transfer syntax and deflate.
// RLE is decoded here too (PS3.5 Annex G is a few lines of PackBits). JPEG 2000 has no decoder of its own
// here: compressed files are checked against their uncompressed twin (see referenceTwins.ts), and only
// where no twin exists is OpenJPEG (the codec package) run in Node as the reference.
import dicomParser from 'dicom-parser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const TRANSFER_SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegSpectral: '1.2.840.10008.1.2.4.53',
  jpegProgressive: '1.2.840.10008.1.2.4.55',
  jpegLossless57: '1.2.840.10008.1.2.4.57',
  jpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  j2kLossless: '1.2.840.10008.1.2.4.90',
  j2k: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '3.2.840.10008.1.2.4.201',
  rle: '1.2.840.10008.1.2.5',
} as const;

const NATIVE_SYNTAXES: ReadonlySet<string> = new Set([
  TRANSFER_SYNTAX.implicitLittle,
  TRANSFER_SYNTAX.explicitLittle,
  TRANSFER_SYNTAX.deflatedExplicitLittle,
  TRANSFER_SYNTAX.explicitBig,
]);

/** Transfer syntaxes whose compression is lossless by definition (values must match exactly). */
export const LOSSLESS_SYNTAXES: ReadonlySet<string> = new Set([
  ...NATIVE_SYNTAXES,
  TRANSFER_SYNTAX.jpegLossless57,
  TRANSFER_SYNTAX.jpegLosslessSV1,
  TRANSFER_SYNTAX.jpegLsLossless,
  TRANSFER_SYNTAX.j2kLossless,
  TRANSFER_SYNTAX.htj2kLossless,
  TRANSFER_SYNTAX.rle,
]);

export interface DicomSummary {
  path: string;
  fileName: string;
  transferSyntax: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  modality?: string;
  hasPixelData: boolean;
  encapsulated: boolean;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  planarConfiguration: number;
  numberOfFrames: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter?: number;
  windowWidth?: number;
  lossyImageCompression: boolean;
}

/** Stored values of one frame, samples interleaved (R,G,B,R,G,B... for colour). */
export interface ReferenceFrame {
  summary: DicomSummary;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** what `values` holds: the stored values, or RGB after the colour model was converted */
  photometric: string;
  values: Float64Array;
  /** the stored samples as they lie in the frame (before any colour conversion), interleaved */
  stored: Float64Array;
}

/** dicom-parser needs an inflater for the deflated transfer syntax; Node's zlib is independent of the app. */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}

export type ParseResult = { ok: true; dataSet: dicomParser.DataSet } | { ok: false; reason: string };

export function parseDicomFile(path: string): ParseResult {
  const bytes = new Uint8Array(readFileSync(path));
  try {
    const dataSet = dicomParser.parseDicom(bytes, { inflater } as dicomParser.ParseDicomOptions);
    return { ok: true, dataSet };
  } catch (e) {
    const reason = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
    return { ok: false, reason };
  }
}

function num(ds: dicomParser.DataSet, tag: string, fallback: number): number {
  const s = ds.string(tag);
  if (s === undefined || s.trim() === '') return fallback;
  const v = Number(s.split('\\')[0]);
  return Number.isFinite(v) ? v : fallback;
}

function optionalNum(ds: dicomParser.DataSet, tag: string): number | undefined {
  const v = num(ds, tag, Number.NaN);
  return Number.isNaN(v) ? undefined : v;
}

export function summarize(path: string, dataSet: dicomParser.DataSet): DicomSummary {
  const ds = dataSet;
  const pixel = ds.elements.x7fe00010;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  return {
    path,
    fileName: basename(path),
    transferSyntax: ds.string('x00020010') ?? TRANSFER_SYNTAX.implicitLittle,
    sopClassUid: ds.string('x00080016'),
    sopInstanceUid: ds.string('x00080018'),
    studyInstanceUid: ds.string('x0020000d'),
    seriesInstanceUid: ds.string('x0020000e'),
    modality: ds.string('x00080060'),
    hasPixelData: pixel !== undefined && (pixel.length > 0 || pixel.encapsulatedPixelData === true),
    encapsulated: pixel?.encapsulatedPixelData === true,
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim(),
    bitsAllocated,
    bitsStored,
    highBit: ds.uint16('x00280102') ?? bitsStored - 1,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    numberOfFrames: num(ds, 'x00280008', 1),
    rescaleSlope: num(ds, 'x00281053', 1),
    rescaleIntercept: num(ds, 'x00281052', 0),
    windowCenter: optionalNum(ds, 'x00281050'),
    windowWidth: optionalNum(ds, 'x00281051'),
    lossyImageCompression: ds.string('x00282110') === '01',
  };
}

/** Turns raw words into stored values: take the Bits Stored below High Bit, sign-extend when signed. */
function storedValue(word: number, s: DicomSummary): number {
  const shift = s.highBit + 1 - s.bitsStored;
  const mask = s.bitsStored >= 32 ? 0xffffffff : (1 << s.bitsStored) - 1;
  let v = (word >>> shift) & mask;
  if (s.bitsStored < 32) v >>>= 0;
  if (s.pixelRepresentation === 1 && v >= 2 ** (s.bitsStored - 1)) v -= 2 ** s.bitsStored;
  return v;
}

function readWords(bytes: Uint8Array, count: number, bitsAllocated: number, littleEndian: boolean): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (bitsAllocated === 8) out[i] = bytes[i];
    else if (bitsAllocated === 16) out[i] = view.getUint16(i * 2, littleEndian);
    else if (bitsAllocated === 32) out[i] = view.getUint32(i * 4, littleEndian);
    else throw new Error(`Bits Allocated ${bitsAllocated} is not supported by the reference decoder`);
  }
  return out;
}

/** The frame's bytes for native (uncompressed) pixel data. */
function nativeFrameBytes(ds: dicomParser.DataSet, s: DicomSummary, frame: number): Uint8Array {
  const el = ds.elements.x7fe00010;
  const subsampled = s.photometric === 'YBR_FULL_422' || s.photometric === 'YBR_PARTIAL_422';
  const samplesStored = subsampled ? 2 : s.samplesPerPixel; // 4:2:2 stores Y1 Y2 Cb Cr for two pixels
  const frameBytes = (s.rows * s.columns * samplesStored * s.bitsAllocated) / 8;
  const start = el.dataOffset + frame * frameBytes;
  if (start + frameBytes > el.dataOffset + el.length) {
    throw new Error(`${s.fileName}: frame ${frame} lies past the end of the pixel data`);
  }
  return ds.byteArray.subarray(start, start + frameBytes);
}

/** Decodes a DICOM RLE frame (PS3.5 Annex G) into raw words (interleaved samples). */
export function decodeRleFrame(frameBytes: Uint8Array, s: DicomSummary): Float64Array {
  const view = new DataView(frameBytes.buffer, frameBytes.byteOffset, frameBytes.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = s.bitsAllocated / 8;
  if (segments !== bytesPerSample * s.samplesPerPixel) {
    throw new Error(`${s.fileName}: RLE header has ${segments} segments, expected ${bytesPerSample * s.samplesPerPixel}`);
  }
  const pixels = s.rows * s.columns;
  const out = new Float64Array(pixels * s.samplesPerPixel);
  for (let seg = 0; seg < segments; seg++) {
    const start = view.getUint32(4 + seg * 4, true);
    const end = seg + 1 < segments ? view.getUint32(4 + (seg + 1) * 4, true) : frameBytes.length;
    const decoded = new Uint8Array(pixels);
    let i = start;
    let o = 0;
    while (i < end && o < pixels) {
      const n = (frameBytes[i++] << 24) >> 24; // signed byte
      if (n >= 0) {
        for (let k = 0; k <= n && o < pixels; k++) decoded[o++] = frameBytes[i++];
      } else if (n !== -128) {
        const b = frameBytes[i++];
        for (let k = 0; k < 1 - n && o < pixels; k++) decoded[o++] = b;
      }
    }
    // Segments are ordered sample by sample, most significant byte first.
    const sample = Math.floor(seg / bytesPerSample);
    const byteIndex = seg % bytesPerSample; // 0 = most significant
    const weight = 2 ** (8 * (bytesPerSample - 1 - byteIndex));
    for (let p = 0; p < pixels; p++) out[p * s.samplesPerPixel + sample] += decoded[p] * weight;
  }
  return out;
}

/** YBR_FULL (and the expanded 4:2:2) to RGB with the equations of PS3.3 C.7.6.3.1.2. */
function ybrFullToRgb(ybr: Float64Array): Float64Array {
  const out = new Float64Array(ybr.length);
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  for (let i = 0; i < ybr.length; i += 3) {
    const y = ybr[i];
    const cb = ybr[i + 1] - 128;
    const cr = ybr[i + 2] - 128;
    out[i] = clamp(y + 1.402 * cr);
    out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    out[i + 2] = clamp(y + 1.772 * cb);
  }
  return out;
}

/** Expands 4:2:2 (Y1 Y2 Cb Cr per pixel pair) to Y Cb Cr per pixel. */
function expand422(raw: Float64Array, pixels: number): Float64Array {
  const out = new Float64Array(pixels * 3);
  for (let pair = 0; pair < pixels / 2; pair++) {
    const [y1, y2, cb, cr] = [raw[pair * 4], raw[pair * 4 + 1], raw[pair * 4 + 2], raw[pair * 4 + 3]];
    out.set([y1, cb, cr, y2, cb, cr], pair * 6);
  }
  return out;
}

function planarToInterleaved(raw: Float64Array, pixels: number, samples: number): Float64Array {
  const out = new Float64Array(raw.length);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < samples; c++) out[p * samples + c] = raw[c * pixels + p];
  return out;
}

/** Looks stored indices up in the Palette Colour LUTs (PS3.3 C.7.6.3.1.5), scaled to 8 bits per channel. */
function applyPalette(ds: dicomParser.DataSet, indices: Float64Array): Float64Array {
  const channels = ['1201', '1202', '1203'].map((dataTag, c) => {
    const descTag = `x0028110${c + 1}`;
    const entries = ds.uint16(descTag, 0) || 65536;
    const firstMapped = ds.uint16(descTag, 1) ?? 0;
    const bits = ds.uint16(descTag, 2) ?? 16;
    const el = ds.elements[`x0028${dataTag}`];
    if (!el) throw new Error('palette colour image without LUT data');
    const lut = new Float64Array(entries);
    const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
    const wordBytes = el.length / entries >= 2 ? 2 : 1;
    for (let i = 0; i < entries; i++) lut[i] = wordBytes === 2 ? view.getUint16(i * 2, true) : view.getUint8(i);
    // 16-bit entries are scaled to 8 bits, unless no entry exceeds 255 (a common vendor encoding of 8-bit
    // palettes in a 16-bit descriptor, which viewers display unscaled).
    if (bits > 8 && lut.some((v) => v > 255)) for (let i = 0; i < entries; i++) lut[i] = lut[i] >> 8;
    return { lut, firstMapped, entries };
  });
  const out = new Float64Array(indices.length * 3);
  for (let p = 0; p < indices.length; p++) {
    for (let c = 0; c < 3; c++) {
      const { lut, firstMapped, entries } = channels[c];
      const idx = Math.min(entries - 1, Math.max(0, indices[p] - firstMapped));
      out[p * 3 + c] = lut[idx];
    }
  }
  return out;
}

/**
 * Decodes frame `frame` of a native or RLE file. Monochrome: stored values (no Modality LUT).
 * Colour: RGB 0..255 interleaved (YBR converted, palette looked up), which is what a viewer displays.
 */
export function decodeReferenceFrame(path: string, frame = 0): ReferenceFrame {
  const parsed = parseDicomFile(path);
  if (!parsed.ok) throw new Error(`${basename(path)}: ${parsed.reason}`);
  const ds = parsed.dataSet;
  const s = summarize(path, ds);
  if (!s.hasPixelData) throw new Error(`${s.fileName} has no pixel data`);
  const pixels = s.rows * s.columns;
  let raw: Float64Array;
  if (NATIVE_SYNTAXES.has(s.transferSyntax) && !s.encapsulated) {
    const bytes = nativeFrameBytes(ds, s, frame);
    const littleEndian = s.transferSyntax !== TRANSFER_SYNTAX.explicitBig;
    raw = readWords(bytes, (bytes.length * 8) / s.bitsAllocated, s.bitsAllocated, littleEndian);
  } else if (s.transferSyntax === TRANSFER_SYNTAX.rle) {
    raw = decodeRleFrame(encapsulatedFrame(ds, s, frame), s);
  } else {
    throw new Error(`${s.fileName}: transfer syntax ${s.transferSyntax} needs a twin or a codec as reference`);
  }
  const stored = raw.map((w) => storedValue(w, s));
  let values: Float64Array = stored;
  let photometric = s.photometric;
  if (s.samplesPerPixel === 3 && s.planarConfiguration === 1 && s.transferSyntax !== TRANSFER_SYNTAX.rle) {
    values = planarToInterleaved(stored, pixels, 3);
  }
  if (s.photometric === 'YBR_FULL_422' && !s.encapsulated) {
    values = ybrFullToRgb(expand422(stored, pixels));
    photometric = 'RGB';
  } else if (s.photometric === 'YBR_FULL') {
    values = ybrFullToRgb(values);
    photometric = 'RGB';
  } else if (s.photometric === 'PALETTE COLOR') {
    values = applyPalette(ds, stored);
    photometric = 'RGB';
  }
  const samplesPerPixel = photometric === 'RGB' ? 3 : s.samplesPerPixel;
  return { summary: s, rows: s.rows, columns: s.columns, samplesPerPixel, photometric, values, stored };
}

/** The compressed bytes of one frame of encapsulated pixel data. */
export function encapsulatedFrame(ds: dicomParser.DataSet, s: DicomSummary, frame: number): Uint8Array {
  const el = ds.elements.x7fe00010;
  const fragments = el.fragments ?? [];
  if (s.numberOfFrames === 1) {
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
  }
  if ((el.basicOffsetTable ?? []).length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, frame);
  // No offset table: one fragment per frame when the counts agree, else find JPEG frame boundaries.
  if (fragments.length === s.numberOfFrames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1);
  const table = dicomParser.createJPEGBasicOffsetTable(ds, el);
  return dicomParser.readEncapsulatedImageFrame(ds, el, frame, table);
}

interface OpenJpegModule {
  J2KDecoder: new () => {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getDecodedBuffer(): Uint8Array;
    getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
    getIsReversible(): boolean;
  };
}

/**
 * JPEG 2000 reference for files that have no uncompressed twin: OpenJPEG run in Node (not through the
 * viewer's loader), returning stored values and whether the code-stream was reversible (lossless).
 */
export async function decodeJ2kReference(path: string, frame = 0): Promise<ReferenceFrame & { reversible: boolean }> {
  const parsed = parseDicomFile(path);
  if (!parsed.ok) throw new Error(`${basename(path)}: ${parsed.reason}`);
  const ds = parsed.dataSet;
  const s = summarize(path, ds);
  const require = createRequire(import.meta.url);
  const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as () => Promise<OpenJpegModule>;
  const codec = await factory();
  const decoder = new codec.J2KDecoder();
  const encoded = encapsulatedFrame(ds, s, frame);
  decoder.getEncodedBuffer(encoded.length).set(encoded);
  decoder.decode();
  const info = decoder.getFrameInfo();
  const out = decoder.getDecodedBuffer();
  const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
  const count = out.length / bytesPerSample;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (bytesPerSample === 1) values[i] = info.isSigned ? view.getInt8(i) : view.getUint8(i);
    else values[i] = info.isSigned ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
  }
  return {
    summary: s,
    rows: info.height,
    columns: info.width,
    samplesPerPixel: info.componentCount,
    photometric: s.photometric,
    values,
    stored: values,
    reversible: decoder.getIsReversible(),
  };
}

/** Modality values (Rescale Slope/Intercept applied) of monochrome stored values. */
export function toModality(values: ArrayLike<number>, slope: number, intercept: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * slope + intercept;
  return out;
}

/** NEAR parameter of a JPEG-LS code-stream (PS3.5 A.4.3 / ITU T.87): the guaranteed max per-sample error. */
export function jpegLsNear(path: string): number {
  const parsed = parseDicomFile(path);
  if (!parsed.ok) throw new Error(parsed.reason);
  const ds = parsed.dataSet;
  const bytes = encapsulatedFrame(ds, summarize(path, ds), 0);
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xda) {
      const components = bytes[i + 4];
      return bytes[i + 5 + components * 2]; // Ls(2) Ns(1) then Ns x (Ci, Tmi), then NEAR
    }
  }
  throw new Error(`${basename(path)}: no JPEG-LS SOS marker found`);
}
