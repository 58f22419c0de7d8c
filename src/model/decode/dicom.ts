// DICOM Part 10 -> GreyImage: dicom-parser for the data set, pixel data by transfer syntax, then the grey
// pipeline of voi.ts. Pure TS (no DOM, no Node built-ins): runs in the trainer and in a browser worker.
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import type { GreyImage, ImageSourceInfo, VoiSource } from '../greyImage';
import { DecodeError, UnsupportedError, describeError } from './errors';
import { InflateLimitError, cappedInflater } from './inflate';
import { DEFAULT_PIXEL_BUDGET, pixelBudgetProblem } from '../pixelBudget';
import { decodeJpegBaselineSamples, jpegFrameSize, jpegPrecision } from './jpeg';
import { decodeJpegLosslessSamples } from './jpegLossless';
import { decodeRleFrame } from './rle';
import { applyModality, applyVoi, minMax } from './voi';
import type { ModalityTransform, VoiTransform, WindowFunction } from './voi';
import { TRANSFER_SYNTAX_NAMES } from '../transferSyntaxNames';
import { characterSetsOf, textValue } from '../dicomText';

export { TRANSFER_SYNTAX_NAMES };

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);
// DCT JPEG: 8-bit frames are decoded here (jpeg-js); higher precision goes to a registered decoder (codecs/jpeg12.ts).
const JPEG_DCT = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55']);
const JPEG_LOSSLESS = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);
const RLE = '1.2.840.10008.1.2.5';

/** Transfer syntaxes the synchronous built-in decoders read (DCT JPEG: 8-bit frames only). */
export const BUILT_IN_SYNTAXES: readonly string[] = [...NATIVE, ...JPEG_DCT, ...JPEG_LOSSLESS, RLE];

export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function parse(bytes: Uint8Array, fileName: string): DataSet {
  // Deflated data sets: inflated by fflate with the budget's output cap (dicom-parser would otherwise reach for
  // Node's zlib or a global pako, uncapped).
  const options = { inflater: cappedInflater() } as unknown as Parameters<typeof dicomParser.parseDicom>[1];
  try {
    return dicomParser.parseDicom(bytes, options);
  } catch (first) {
    if (first instanceof InflateLimitError) throw new UnsupportedError(fileName, 'image-too-large', first.message);
    // Files without the 128-byte preamble + "DICM" (raw data sets) or without a transfer syntax in the meta header:
    // retry as Implicit VR Little Endian, the default transfer syntax.
    const firstReason = describeError(first);
    // Try each uncompressed syntax and keep the first that yields an image pixel module.
    if (/DICM prefix not found|missing required meta header attribute 0002,0010/.test(firstReason)) {
      let fallback: DataSet | undefined;
      for (const ts of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']) {
        try {
          const ds = dicomParser.parseDicom(bytes, { ...options, TransferSyntaxUID: ts });
          if (!ds.elements.x00020010) {
            // Record the syntax that worked so the pixel reader uses the right byte order.
            ds.elements.x00020010 = syntheticString(ds, ts);
          }
          if (ds.elements.x7fe00010 && ds.elements.x00280010) return ds;
          fallback ??= ds;
        } catch {
          /* next syntax */
        }
      }
      if (fallback) return fallback;
    }
    throw new DecodeError('malformed', fileName, `not a readable DICOM file (${firstReason})`, { cause: first });
  }
}

/** Stores a string value in an element appended to the data set's bytes (dicom-parser reads values from bytes). */
function syntheticString(ds: DataSet, value: string): Element {
  const old = ds.byteArray as Uint8Array;
  const text = value.length % 2 ? value + '\0' : value;
  const grown = new Uint8Array(old.length + text.length);
  grown.set(old, 0);
  for (let i = 0; i < text.length; i++) grown[old.length + i] = text.charCodeAt(i);
  ds.byteArray = grown;
  return { tag: 'x00020010', vr: 'UI', length: text.length, dataOffset: old.length } as Element;
}

function str(ds: DataSet, tag: string): string | undefined {
  try {
    const s = ds.string(tag);
    return s === undefined || s === '' ? undefined : s;
  } catch {
    return undefined;
  }
}

function num(ds: DataSet, tag: string, index = 0): number | undefined {
  try {
    const v = ds.floatString(tag, index);
    return v === undefined || !Number.isFinite(v) ? undefined : v;
  } catch {
    return undefined;
  }
}

function us(ds: DataSet, tag: string): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  return ds.uint16(tag);
}

/** LUT Descriptor + LUT Data of a Modality or VOI LUT sequence item. */
function readLut(item: DataSet): { firstMapped: number; bits: number; data: number[] } | undefined {
  const desc = item.elements.x00283002;
  const dataEl = item.elements.x00283006;
  if (!desc || !dataEl || desc.length < 6) return undefined;
  let entries = item.uint16('x00283002', 0) ?? 0;
  if (entries === 0) entries = 65536;
  // First mapped value may be US or SS depending on pixel representation; read as unsigned then fix below.
  const firstRaw = item.uint16('x00283002', 1) ?? 0;
  const bits = item.uint16('x00283002', 2) ?? 16;
  const data: number[] = [];
  const wordBytes = dataEl.length / entries >= 2 ? 2 : 1;
  for (let i = 0; i < entries && i * wordBytes < dataEl.length; i++) {
    data.push(wordBytes === 2 ? (item.uint16('x00283006', i) ?? 0) : item.byteArray[dataEl.dataOffset + i]);
  }
  return { firstMapped: firstRaw, bits, data };
}

function firstItem(ds: DataSet, tag: string): DataSet | undefined {
  const el = ds.elements[tag];
  return el?.items?.[0]?.dataSet;
}

interface PixelModule {
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
}

/** Most samples one frame may declare (the pixel budget's frame limit). */
export const MAX_FRAME_SAMPLES = DEFAULT_PIXEL_BUDGET.maxFrameSamples;

function readPixelModule(ds: DataSet, fileName: string): PixelModule {
  const rows = us(ds, 'x00280010');
  const columns = us(ds, 'x00280011');
  const bitsAllocated = us(ds, 'x00280100');
  if (!rows || !columns || !bitsAllocated) {
    throw new DecodeError('malformed', fileName, 'image pixel module incomplete (rows, columns or bits allocated missing)');
  }
  const bitsStored = us(ds, 'x00280101') ?? bitsAllocated;
  const nf = parseInt(str(ds, 'x00280008') ?? '1', 10);
  const samplesPerPixel = us(ds, 'x00280002') ?? 1;
  // 0 samples per pixel would "decode" to an image with no values.
  if (samplesPerPixel < 1) throw new DecodeError('malformed', fileName, 'samples per pixel is 0');
  // Buffers are sized from these header values: refuse what is over the pixel budget before allocating anything
  // (a corrupt or hostile header could otherwise ask for gigabytes). Intake refuses the same files.
  const problem = pixelBudgetProblem({ rows, columns, samplesPerPixel, frames: Number.isFinite(nf) && nf > 0 ? nf : 1 });
  if (problem) throw new UnsupportedError(fileName, 'image-too-large', problem);
  return {
    rows,
    columns,
    samplesPerPixel,
    photometric: (str(ds, 'x00280004') ?? 'MONOCHROME2').trim().toUpperCase(),
    bitsAllocated,
    bitsStored,
    highBit: us(ds, 'x00280102') ?? bitsStored - 1,
    pixelRepresentation: us(ds, 'x00280103') ?? 0,
    planarConfiguration: us(ds, 'x00280006') ?? 0,
    numberOfFrames: Number.isFinite(nf) && nf > 0 ? nf : 1,
  };
}

/** The compressed bytes of one frame of encapsulated pixel data (same rules as Cornerstone's loader). */
function encapsulatedFrame(ds: DataSet, el: Element, frame: number, nFrames: number): Uint8Array {
  const fragments = el.fragments ?? [];
  const bot = el.basicOffsetTable ?? [];
  if (bot.length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, frame) as Uint8Array;
  if (nFrames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length) as Uint8Array;
  if (fragments.length === nFrames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1) as Uint8Array;
  const table = dicomParser.createJPEGBasicOffsetTable(ds, el);
  return dicomParser.readEncapsulatedImageFrame(ds, el, frame, table) as Uint8Array;
}

/** Uncompressed frame -> unsigned sample integers (interleaved), honouring endianness and bit packing. */
function nativeSamples(ds: DataSet, el: Element, pm: PixelModule, frame: number, bigEndian: boolean, fileName: string): Uint32Array | Float32Array {
  const pixels = pm.rows * pm.columns;
  // Native YBR_FULL_422 stores two samples per pixel (Y1 Y2 Cb Cr per pixel pair).
  const samples = pm.photometric === 'YBR_FULL_422' && pm.samplesPerPixel === 3 ? pixels * 2 : pixels * pm.samplesPerPixel;
  const bytes = ds.byteArray as Uint8Array;
  if (pm.bitsAllocated === 1) {
    const bitOffset = frame * samples;
    const available = Math.min(el.length, bytes.length - el.dataOffset);
    if (Math.ceil((bitOffset + samples) / 8) > available) {
      throw new DecodeError('malformed', fileName, `pixel data holds ${available} bytes, frame ${frame + 1} needs ${Math.ceil((bitOffset + samples) / 8)}`);
    }
    const out = new Uint32Array(samples);
    for (let i = 0; i < samples; i++) {
      const bit = bitOffset + i;
      const b = el.dataOffset + (bit >> 3);
      if (b >= bytes.length) throw new DecodeError('malformed', fileName, 'pixel data shorter than rows x columns x frames');
      out[i] = (bytes[b] >> (bit & 7)) & 1;
    }
    return out;
  }
  const bpp = pm.bitsAllocated / 8;
  if (![1, 2, 4].includes(bpp)) {
    throw new UnsupportedError(fileName, `bits-allocated-${pm.bitsAllocated}`, `${pm.bitsAllocated} bits allocated is not supported`);
  }
  const start = el.dataOffset + frame * samples * bpp;
  const available = Math.min(el.length, bytes.length - el.dataOffset);
  if ((frame + 1) * samples * bpp > available) {
    throw new DecodeError('malformed', fileName, `pixel data holds ${available} bytes, frame ${frame + 1} needs ${(frame + 1) * samples * bpp}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, samples * bpp);
  const le = !bigEndian;
  // Native planar configuration 1 (RRR...GGG...BBB) is re-interleaved here.
  const planar = pm.samplesPerPixel > 1 && pm.planarConfiguration === 1 && samples === pixels * pm.samplesPerPixel;
  // Fast paths (the common greyscale case): a typed-array copy instead of per-sample DataView reads.
  if (!planar && bpp === 1) return Uint32Array.from(bytes.subarray(start, start + samples));
  if (!planar && bpp === 2 && le) {
    const copy = bytes.slice(start, start + samples * 2); // aligned, own buffer
    return Uint32Array.from(new Uint16Array(copy.buffer, 0, samples));
  }
  const out = new Uint32Array(samples);
  for (let i = 0; i < samples; i++) {
    const dst = planar ? (i % pixels) * pm.samplesPerPixel + Math.floor(i / pixels) : i;
    out[dst] = bpp === 1 ? view.getUint8(i) : bpp === 2 ? view.getUint16(2 * i, le) : view.getUint32(4 * i, le);
  }
  return out;
}

/** Masks to bits stored (at high bit) and sign-extends when pixel representation is 1. */
function toStoredValues(raw: ArrayLike<number>, pm: PixelModule): Float32Array {
  const out = new Float32Array(raw.length);
  const shift = pm.highBit + 1 - pm.bitsStored;
  const bits = pm.bitsStored;
  const signed = pm.pixelRepresentation === 1;
  if (bits + shift <= 31 && shift >= 0) {
    // Integer bit operations: mask to bits stored, then sign-extend.
    const mask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
    const up = 32 - bits;
    for (let i = 0; i < raw.length; i++) {
      const v = (raw[i] >>> shift) & mask;
      out[i] = signed ? (v << up) >> up : v;
    }
    return out;
  }
  const range = 2 ** bits;
  const half = 2 ** (bits - 1);
  for (let i = 0; i < raw.length; i++) {
    let v = Math.floor(raw[i] / 2 ** shift) % range;
    if (signed && v >= half) v -= range;
    out[i] = v;
  }
  return out;
}

function luminance(r: number, g: number, b: number): number {
  return r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b;
}

function colourToGrey(raw: ArrayLike<number>, pm: PixelModule, ds: DataSet, fileName: string): { data: Float32Array; maxValue: number } {
  const pixels = pm.rows * pm.columns;
  const out = new Float32Array(pixels);
  const maxValue = 2 ** pm.bitsStored - 1;
  const pi = pm.photometric;
  if (pi === 'PALETTE COLOR') {
    const luts = ['x00281201', 'x00281202', 'x00281203'].map((dataTag, c) => {
      const descTag = ['x00281101', 'x00281102', 'x00281103'][c];
      const entries = ds.uint16(descTag, 0) || 65536;
      const first = ds.uint16(descTag, 1) ?? 0;
      const bits = ds.uint16(descTag, 2) ?? 16;
      const el = ds.elements[dataTag];
      if (!el) throw new UnsupportedError(fileName, 'segmented-palette', 'palette colour without LUT data (segmented palettes are not supported)');
      const data = new Float32Array(entries);
      for (let i = 0; i < entries; i++)
        data[i] = (bits === 8 && el.length < entries * 2 ? ds.byteArray[el.dataOffset + i] : (ds.uint16(dataTag, i) ?? 0)) / (2 ** bits - 1);
      return { first, data };
    });
    for (let i = 0; i < pixels; i++) {
      const [r, g, b] = luts.map(({ first, data }) => data[Math.min(data.length - 1, Math.max(0, raw[i] - first))]);
      out[i] = luminance(r, g, b);
    }
    return { data: out, maxValue: 1 };
  }
  if (pm.samplesPerPixel !== 3) {
    throw new UnsupportedError(fileName, pi, `photometric interpretation ${pi} with ${pm.samplesPerPixel} samples is not supported`);
  }
  const scale = 1 / maxValue;
  if (pi === 'YBR_FULL_422' && raw.length === pixels * 2) {
    // Native 4:2:2: Y1 Y2 Cb Cr per pixel pair; full-range luma equals Rec.601 luminance.
    for (let i = 0; i < pixels; i += 2) {
      out[i] = raw[2 * i] * scale;
      if (i + 1 < pixels) out[i + 1] = raw[2 * i + 1] * scale;
    }
    return { data: out, maxValue };
  }
  const isYbr = pi === 'YBR_FULL' || pi === 'YBR_FULL_422';
  for (let i = 0; i < pixels; i++) {
    out[i] = isYbr ? raw[3 * i] * scale : luminance(raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]) * scale;
  }
  return { data: out, maxValue };
}

function readModality(ds: DataSet, pm: PixelModule): ModalityTransform {
  const item = firstItem(ds, 'x00283000');
  if (item) {
    const lut = readLut(item);
    if (lut) {
      const firstMapped = pm.pixelRepresentation === 1 && lut.firstMapped >= 32768 ? lut.firstMapped - 65536 : lut.firstMapped;
      return { kind: 'lut', firstMapped, data: lut.data };
    }
  }
  return { kind: 'rescale', slope: num(ds, 'x00281053') ?? 1, intercept: num(ds, 'x00281052') ?? 0 };
}

function readVoi(ds: DataSet, pm: PixelModule, values: Float32Array): { voi: VoiTransform; source: VoiSource } {
  const center = num(ds, 'x00281050');
  const width = num(ds, 'x00281051');
  if (center !== undefined && width !== undefined && width > 0) {
    const raw = (str(ds, 'x00281056') ?? 'LINEAR').trim().toUpperCase();
    const fn: WindowFunction = raw === 'SIGMOID' || raw === 'LINEAR_EXACT' ? raw : 'LINEAR';
    const w = fn === 'LINEAR' ? Math.max(width, 1) : width;
    return { voi: { kind: 'window', center, width: w, fn }, source: { kind: 'window', center, width: w, fn } };
  }
  const item = firstItem(ds, 'x00283010');
  if (item) {
    const lut = readLut(item);
    if (lut && lut.data.length > 0) {
      let maxOut = 2 ** lut.bits - 1;
      for (const v of lut.data) if (v > maxOut) maxOut = v;
      const firstMapped = pm.pixelRepresentation === 1 && lut.firstMapped >= 32768 ? lut.firstMapped - 65536 : lut.firstMapped;
      return { voi: { kind: 'lut', firstMapped, data: lut.data, maxOut }, source: { kind: 'voi-lut' } };
    }
  }
  const { min, max } = minMax(values);
  return { voi: { kind: 'min-max', min, max }, source: { kind: 'min-max', min, max } };
}

function spacing(ds: DataSet): [number, number] | undefined {
  for (const tag of ['x00280030', 'x00181164']) {
    const r = num(ds, tag, 0);
    const c = num(ds, tag, 1);
    if (r !== undefined && c !== undefined) return [r, c];
  }
  return undefined;
}

export interface DicomDecodeOptions {
  /** Zero-based frame of a multi-frame image (default 0). */
  frame?: number;
}

/** What a pluggable frame decoder gets: the compressed frame and the pixel module. */
export interface FrameInfo {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometric: string;
  transferSyntaxUID: string;
}

/** Decodes one compressed frame to samples (interleaved for colour). May be async (WebAssembly codecs). */
export type FrameDecoder = (frame: Uint8Array, info: FrameInfo) => ArrayLike<number> | Promise<ArrayLike<number>>;

const FRAME_DECODERS = new Map<string, FrameDecoder>();

/**
 * Adds a decoder for transfer syntaxes the built-in decoders lack (e.g. OpenJPEG for JPEG 2000), used by
 * decodeImageAsync. Node and the browser register the same codec build, so both decode to the same samples.
 */
export function registerFrameDecoder(transferSyntaxUIDs: readonly string[], decoder: FrameDecoder): void {
  for (const uid of transferSyntaxUIDs) FRAME_DECODERS.set(uid, decoder);
}

export function hasFrameDecoder(transferSyntaxUID: string): boolean {
  return FRAME_DECODERS.has(transferSyntaxUID);
}

interface PreparedDicom {
  ds: DataSet;
  el: Element;
  pm: PixelModule;
  syntax: string;
  syntaxName: string;
  frame: number;
  info: Omit<ImageSourceInfo, 'voi' | 'colour'>;
  fileName: string;
}

function prepareDicom(bytes: Uint8Array, fileName: string, options: DicomDecodeOptions): PreparedDicom {
  const ds = parse(bytes, fileName);
  const syntax = (str(ds, 'x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  const info: Omit<ImageSourceInfo, 'voi' | 'colour'> = {
    format: 'dicom',
    fileName,
    modality: str(ds, 'x00080060'),
    bodyPart: str(ds, 'x00180015'),
    viewPosition: str(ds, 'x00185101'),
    photometric: str(ds, 'x00280004'),
    sopInstanceUID: str(ds, 'x00080018'),
    sopClassUID: str(ds, 'x00080016'),
    studyInstanceUID: str(ds, 'x0020000d'),
    seriesInstanceUID: str(ds, 'x0020000e'),
    // LO: decoded under the Specific Character Set (0008,0005), as the viewer shows them.
    seriesDescription: textValue(ds, 'x0008103e', 'LO', characterSetsOf(ds)) || undefined,
    studyDescription: textValue(ds, 'x00081030', 'LO', characterSetsOf(ds)) || undefined,
    patientOrientation: str(ds, 'x00200020'),
    imageLaterality: str(ds, 'x00200062'),
    transferSyntaxUID: syntax,
    pixelSpacing: spacing(ds),
  };
  const el = ds.elements.x7fe00010 ?? ds.elements.x7fe00008 ?? ds.elements.x7fe00009;
  if (!el) throw new DecodeError('no-pixel-data', fileName, `no pixel data (modality ${info.modality ?? 'unknown'}; not an image)`);
  if (el.tag !== 'x7fe00010') throw new UnsupportedError(fileName, 'float-pixel-data', 'float pixel data is not supported');
  const pm = readPixelModule(ds, fileName);
  const frame = options.frame ?? 0;
  if (!Number.isInteger(frame) || frame < 0 || frame >= pm.numberOfFrames) {
    throw new DecodeError('frame-out-of-range', fileName, `frame ${frame} requested, file has ${pm.numberOfFrames}`);
  }
  const syntaxName = TRANSFER_SYNTAX_NAMES[syntax] ?? `transfer syntax ${syntax}`;
  return { ds, el, pm, syntax, syntaxName, frame, info, fileName };
}

const BUILT_IN = 'uncompressed, deflate, JPEG baseline, JPEG lossless, RLE';

/** Built-in decoders; `undefined` when the syntax needs a registered (async) decoder. */
function builtInSamples(p: PreparedDicom): ArrayLike<number> | undefined {
  const { ds, el, pm, syntax, syntaxName, frame, fileName } = p;
  if (NATIVE.has(syntax)) return nativeSamples(ds, el, pm, frame, syntax === '1.2.840.10008.1.2.2', fileName);
  if (JPEG_DCT.has(syntax)) {
    const data = encapsulatedFrame(ds, el, frame, pm.numberOfFrames);
    const precision = jpegPrecision(data);
    if (precision === 8) return decodeJpegBaselineSamples(data, pm.samplesPerPixel, pm.photometric);
    if (FRAME_DECODERS.has(syntax)) return undefined;
    throw new UnsupportedError(fileName, syntax, `${syntaxName} with ${precision}-bit samples is not supported (8-bit only)`);
  }
  if (JPEG_LOSSLESS.has(syntax)) {
    const data = encapsulatedFrame(ds, el, frame, pm.numberOfFrames);
    // The decoder sizes its output from the JPEG frame header: refuse a frame larger than the DICOM header declares.
    const sof = jpegFrameSize(data);
    if (sof && sof.width * sof.height * sof.components > pm.rows * pm.columns * pm.samplesPerPixel) {
      throw new DecodeError(
        'malformed',
        fileName,
        `JPEG frame is ${sof.width}x${sof.height}x${sof.components}, the header says ${pm.columns}x${pm.rows}x${pm.samplesPerPixel}`,
      );
    }
    return decodeJpegLosslessSamples(data, pm.bitsAllocated);
  }
  if (syntax === RLE) return decodeRleFrame(encapsulatedFrame(ds, el, frame, pm.numberOfFrames), pm.rows, pm.columns, pm.samplesPerPixel, pm.bitsAllocated);
  return undefined;
}

function unsupported(p: PreparedDicom, asyncHint: boolean): UnsupportedError {
  const hint = asyncHint ? ' (a decoder is registered for it: use decodeImageAsync)' : '';
  return new UnsupportedError(p.fileName, p.syntax, `${p.syntaxName} (${p.syntax}) is not supported${hint}; supported: ${BUILT_IN}`);
}

function wrapDecodeFailure(p: PreparedDicom, err: unknown): DecodeError {
  if (err instanceof DecodeError) return err;
  return new DecodeError('malformed', p.fileName, `could not decode ${p.syntaxName} pixel data (${describeError(err)})`, { cause: err });
}

function finishDicom(p: PreparedDicom, raw: ArrayLike<number>): GreyImage {
  const { ds, pm, fileName, info, frame } = p;
  const expected = pm.rows * pm.columns * pm.samplesPerPixel;
  const colour = pm.samplesPerPixel > 1 || pm.photometric === 'PALETTE COLOR';
  if (raw.length < expected && !(pm.photometric === 'YBR_FULL_422' && raw.length === pm.rows * pm.columns * 2)) {
    throw new DecodeError('malformed', fileName, `decoded ${raw.length} samples, expected ${expected}`);
  }
  const common = { ...info, numberOfFrames: pm.numberOfFrames, frame, bitsStored: pm.bitsStored };
  if (colour) {
    const { data, maxValue } = colourToGrey(raw, pm, ds, fileName);
    return { width: pm.columns, height: pm.rows, data, source: { ...common, colour: true, voi: { kind: 'full-range', maxValue } } };
  }
  if (pm.photometric !== 'MONOCHROME1' && pm.photometric !== 'MONOCHROME2') {
    throw new UnsupportedError(fileName, pm.photometric, `photometric interpretation ${pm.photometric} is not supported`);
  }
  const values = toStoredValues(raw.length === expected ? raw : Array.prototype.slice.call(raw, 0, expected), pm);
  applyModality(values, readModality(ds, pm));
  const { voi, source } = readVoi(ds, pm, values);
  const grey = new Float32Array(values.length);
  // MONOCHROME1 displays inverted; so does MONOCHROME2 with Presentation LUT Shape INVERSE (2050,0020). For
  // MONOCHROME1 the standard requires shape INVERSE to mean that same single inversion.
  const inverse = (str(ds, 'x20500020') ?? '').trim().toUpperCase() === 'INVERSE';
  applyVoi(values, voi, pm.photometric === 'MONOCHROME1' || inverse, grey);
  return { width: pm.columns, height: pm.rows, data: grey, source: { ...common, colour: false, voi: source } };
}

/** Synchronous decode with the built-in decoders. */
export function decodeDicom(bytes: Uint8Array, fileName: string, options: DicomDecodeOptions = {}): GreyImage {
  const p = prepareDicom(bytes, fileName, options);
  let raw: ArrayLike<number> | undefined;
  try {
    raw = builtInSamples(p);
  } catch (err) {
    throw wrapDecodeFailure(p, err);
  }
  if (raw === undefined) throw unsupported(p, FRAME_DECODERS.has(p.syntax));
  return finishDicom(p, raw);
}

/** Like decodeDicom, falling back to registered frame decoders (registerFrameDecoder) for other syntaxes. */
export async function decodeDicomAsync(bytes: Uint8Array, fileName: string, options: DicomDecodeOptions = {}): Promise<GreyImage> {
  const p = prepareDicom(bytes, fileName, options);
  let raw: ArrayLike<number> | undefined;
  try {
    raw = builtInSamples(p);
    if (raw === undefined) {
      const decoder = FRAME_DECODERS.get(p.syntax);
      if (!decoder) throw unsupported(p, false);
      const { pm } = p;
      raw = await decoder(encapsulatedFrame(p.ds, p.el, p.frame, pm.numberOfFrames), {
        rows: pm.rows,
        columns: pm.columns,
        samplesPerPixel: pm.samplesPerPixel,
        bitsAllocated: pm.bitsAllocated,
        bitsStored: pm.bitsStored,
        pixelRepresentation: pm.pixelRepresentation,
        photometric: pm.photometric,
        transferSyntaxUID: p.syntax,
      });
    }
  } catch (err) {
    throw wrapDecodeFailure(p, err);
  }
  return finishDicom(p, raw);
}

export interface GreyscalePixels {
  width: number;
  height: number;
  /** One value per pixel, row-major: stored values (apply `modality`) or modality values already (omit it). */
  data: ArrayLike<number>;
  photometric: 'MONOCHROME1' | 'MONOCHROME2';
  /** Presentation LUT Shape (2050,0020): INVERSE inverts a MONOCHROME2 image, as decodeImage does. */
  presentationLutShape?: string;
  /** Modality LUT to apply; omit when `data` already holds modality values (e.g. Cornerstone's pre-scaled pixels). */
  modality?: ModalityTransform;
  /** VOI to apply; omit for the image's min/max (as decodeImage does for files without a window or VOI LUT). */
  voi?: { center: number; width: number; fn?: WindowFunction } | Extract<VoiTransform, { kind: 'lut' }>;
  /** Header facts for the gate and the UI (format defaults to 'dicom'). */
  source?: Partial<ImageSourceInfo>;
}

/**
 * The DICOM grey pipeline on pixels someone else decoded (e.g. Cornerstone's decoded image in the browser, which
 * handles JPEG 2000 / JPEG-LS): modality LUT -> VOI -> [0,1] -> MONOCHROME1 inversion, exactly as decodeImage.
 */
export function greyFromPixels(p: GreyscalePixels): GreyImage {
  const n = p.width * p.height;
  if (p.data.length < n) throw new Error(`pixel data has ${p.data.length} values, ${p.width}x${p.height} needs ${n}`);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = p.data[i];
  if (p.modality) applyModality(values, p.modality);
  let voi: VoiTransform;
  let source: VoiSource;
  if (p.voi && 'kind' in p.voi) {
    voi = p.voi;
    source = { kind: 'voi-lut' };
  } else if (p.voi && p.voi.width > 0) {
    const fn = p.voi.fn ?? 'LINEAR';
    const width = fn === 'LINEAR' ? Math.max(p.voi.width, 1) : p.voi.width;
    voi = { kind: 'window', center: p.voi.center, width, fn };
    source = { kind: 'window', center: p.voi.center, width, fn };
  } else {
    const { min, max } = minMax(values);
    voi = { kind: 'min-max', min, max };
    source = { kind: 'min-max', min, max };
  }
  const grey = new Float32Array(n);
  applyVoi(values, voi, p.photometric === 'MONOCHROME1' || (p.presentationLutShape ?? '').trim().toUpperCase() === 'INVERSE', grey);
  return {
    width: p.width,
    height: p.height,
    data: grey,
    source: { format: 'dicom', fileName: '', photometric: p.photometric, ...p.source, colour: false, voi: source },
  };
}
