// Decides what a dropped file is (DICOM image, PNG/JPEG, skipped non-image object, or bad input with a
// reason) from its bytes. Pure: no DOM, so it runs in Vitest on real files and in the browser.
import { parseDicom, type DataSet } from 'dicom-parser';
import { cappedInflater, InflateLimitError } from '../model/decode/inflate';
import { DEFAULT_PIXEL_BUDGET, pixelBudgetProblem, type PixelBudget } from '../model/pixelBudget';
import { summariseHeader, type HeaderSummary } from './headerSummary';
import { sopClassName, isNonImageSopClass } from './sopClass';
import { EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, SUPPORTED_TRANSFER_SYNTAXES, isEncapsulated, transferSyntaxName } from './transferSyntax';

export type Classification =
  | {
      kind: 'dicom';
      header: HeaderSummary;
      dataSet: DataSet;
      /** False when the file lacked the preamble/"DICM"/meta group and the syntax was inferred. */
      hasPart10Header: boolean;
    }
  | { kind: 'web'; format: 'png' | 'jpeg' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'error'; reason: string };

const DICOMDIR_SOP = '1.2.840.10008.1.3.10';

function errorText(e: unknown): string {
  if (typeof e === 'string') return e.replace(/^dicomParser\.[A-Za-z0-9_.]+: /, '');
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return errorText((e as { exception: unknown }).exception);
  return String(e);
}

function hasDicmPrefix(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/**
 * For a dataset without File Meta Information, guess the transfer syntax from the first element:
 * a plausible group number read little/big endian, followed (or not) by a two-letter VR.
 */
export function guessRawTransferSyntax(b: Uint8Array): string | null {
  if (b.length < 8) return null;
  const groupLE = b[0] | (b[1] << 8);
  const groupBE = (b[0] << 8) | b[1];
  const plausible = (g: number) => g >= 0x0002 && g <= 0x0028;
  const vr = isUpper(b[4]) && isUpper(b[5]);
  if (plausible(groupLE)) return vr ? EXPLICIT_LE : IMPLICIT_LE;
  if (plausible(groupBE) && vr) return EXPLICIT_BE;
  return null;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function pixelDataProblem(ds: DataSet, h: HeaderSummary, byteLength: number): string | null {
  const el = ds.elements.x7fe00010;
  if (!el) return null;
  if (h.rows === 0 || h.columns === 0) return 'Rows/Columns missing or zero';
  if (isEncapsulated(h.transferSyntaxUid)) {
    if (!el.encapsulatedPixelData && el.hadUndefinedLength !== true) {
      return 'compressed transfer syntax but Pixel Data is not encapsulated';
    }
    if (!el.fragments || el.fragments.length === 0) return 'encapsulated Pixel Data has no fragments';
    const last = el.fragments[el.fragments.length - 1];
    if (last.position + last.length > byteLength) return 'file is truncated inside the compressed Pixel Data';
    return null;
  }
  if (el.dataOffset + el.length > byteLength) {
    return `file is truncated: Pixel Data declares ${el.length} bytes but only ${Math.max(0, byteLength - el.dataOffset)} are present`;
  }
  const bits = h.bitsAllocated;
  // YBR_FULL_422 stores two chroma samples per two pixels: 2 samples per pixel on average.
  const samples = h.photometricInterpretation === 'YBR_FULL_422' ? 2 : h.samplesPerPixel;
  const needed = Math.ceil((h.rows * h.columns * samples * h.numberOfFrames * bits) / 8);
  if (el.length < needed) {
    return `file is truncated: Pixel Data has ${el.length} bytes, ${h.rows}x${h.columns}x${samples}x${h.numberOfFrames} frames at ${bits} bits needs ${needed}`;
  }
  return null;
}

/**
 * `budget`: the pixel budget (src/model/pixelBudget.ts) checked on the header before anything is decoded; a
 * deflated data set is inflated with its output cap.
 */
export function classifyBytes(bytes: Uint8Array, fileName: string, budget: PixelBudget = DEFAULT_PIXEL_BUDGET): Classification {
  if (bytes.length === 0) return { kind: 'error', reason: 'the file is empty' };
  if (isPng(bytes)) return { kind: 'web', format: 'png' };
  if (isJpeg(bytes)) return { kind: 'web', format: 'jpeg' };

  const part10 = hasDicmPrefix(bytes);
  let rawSyntax: string | null = null;
  if (!part10) {
    rawSyntax = guessRawTransferSyntax(bytes);
    if (!rawSyntax) {
      return {
        kind: 'error',
        reason: 'not a DICOM file (no "DICM" prefix at byte 128 and no readable DICOM data set), nor a PNG or JPEG image',
      };
    }
  }

  let ds: DataSet;
  try {
    ds = parseDicom(bytes, {
      inflater: cappedInflater(budget.maxInflatedBytes),
      ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}),
    } as Parameters<typeof parseDicom>[1]);
  } catch (e) {
    if (e instanceof InflateLimitError) return { kind: 'error', reason: e.message };
    const msg = errorText(e);
    const truncated = /overread|beyond|past end|end of (the )?buffer|truncat/i.test(msg);
    return {
      kind: 'error',
      reason: part10
        ? truncated
          ? `truncated or malformed DICOM (${msg})`
          : `malformed DICOM (${msg})`
        : `not a readable DICOM file: no Part 10 header, and reading it as ${transferSyntaxName(rawSyntax!)} failed (${msg})`,
    };
  }

  const transferSyntaxUid = (ds.string('x00020010') ?? rawSyntax ?? '').trim().replace(/\0/g, '');
  const mediaSop = (ds.string('x00020002') ?? '').trim();
  if (mediaSop === DICOMDIR_SOP || ds.elements.x00041220 || /^DICOMDIR$/i.test(fileName)) {
    return { kind: 'skipped', reason: 'DICOMDIR (a media directory, not an image); open the folder instead' };
  }
  let header: ReturnType<typeof summariseHeader>;
  try {
    header = summariseHeader(ds, transferSyntaxUid);
  } catch (e) {
    // dicom-parser records elements whose value runs past a truncated buffer; reading them throws (often a string).
    return { kind: 'error', reason: `truncated or malformed DICOM header (${errorText(e)})` };
  }
  const sop = header.sopClassUid || mediaSop;
  // dicom-parser (implicit VR especially) keeps an element whose declared length runs past the end of a
  // truncated buffer; such a file is truncated, whatever else it lacks. Offsets are into the parsed bytes, which
  // for a deflated data set are the inflated ones.
  const parsedLength = ds.byteArray.length;
  const overrun = Object.values(ds.elements).find((e) => e.length !== 0xffffffff && e.length > 0 && e.dataOffset + e.length > parsedLength);
  if (overrun && overrun.tag !== 'x7fe00010') {
    return {
      kind: 'error',
      reason: `file is truncated: element (${overrun.tag.slice(1, 5)},${overrun.tag.slice(5)}) declares ${overrun.length} bytes but only ${Math.max(0, parsedLength - overrun.dataOffset)} are present`,
    };
  }
  const hasPixels = !!(ds.elements.x7fe00010 || ds.elements.x7fe00008 || ds.elements.x7fe00009);
  if (isNonImageSopClass(sop)) {
    return { kind: 'skipped', reason: `${sopClassName(sop)}: not an image` };
  }
  if (!hasPixels) {
    return { kind: 'skipped', reason: `no Pixel Data (${sopClassName(sop)}): nothing to display` };
  }
  if (!ds.elements.x7fe00010) {
    return { kind: 'skipped', reason: 'Float/Double Float Pixel Data (parametric maps) is not displayed' };
  }
  if (!transferSyntaxUid) {
    return { kind: 'error', reason: 'the file meta information has no Transfer Syntax UID' };
  }
  if (!SUPPORTED_TRANSFER_SYNTAXES.has(transferSyntaxUid)) {
    return {
      kind: 'error',
      reason: `unsupported transfer syntax ${transferSyntaxUid} (${transferSyntaxName(transferSyntaxUid)})`,
    };
  }
  // Before anything reads or decodes the pixels: a small file may declare a huge image.
  const overBudget = pixelBudgetProblem(
    { rows: header.rows, columns: header.columns, frames: header.numberOfFrames, samplesPerPixel: header.samplesPerPixel },
    budget,
  );
  if (overBudget) return { kind: 'error', reason: overBudget };
  const problem = pixelDataProblem(ds, header, ds.byteArray.length);
  if (problem) return { kind: 'error', reason: problem };
  if (![1, 3, 4].includes(header.samplesPerPixel)) {
    return { kind: 'error', reason: `unsupported Samples per Pixel ${header.samplesPerPixel}` };
  }
  if (![1, 8, 16, 32].includes(header.bitsAllocated)) {
    return { kind: 'error', reason: `unsupported Bits Allocated ${header.bitsAllocated}` };
  }
  return { kind: 'dicom', header, dataSet: ds, hasPart10Header: part10 };
}
