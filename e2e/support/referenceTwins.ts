// What each file of dicom-conformance/cornerstone-wado-testimages is checked against.
//
// - Native files (implicit/explicit little endian, big endian, deflate) and RLE: decoded here in Node
//   (referenceDecode.ts) and compared exactly, stored value for stored value.
// - Losslessly compressed files: compared exactly with their uncompressed twin, the native file with the
//   same SOP Instance UID (CTImage.dcm for the CTImage.dcm_* set) or, where the compressor gave the
//   image a new UID, the twin named below (same Study Instance UID, checked).
// - Lossy files: compared in modality units (Rescale Slope/Intercept applied to both sides, since the
//   lossy encoders re-quantised the CT to 8 or 12 bits with a new slope/intercept) with a bound on the
//   largest and the mean absolute error, justified per file in LOSSY_BOUNDS.
// - CT2_J2KR has no uncompressed twin anywhere in the shared data: its reference is OpenJPEG run in Node
//   on the same code-stream (reversible, so exact). That checks everything the viewer does around the
//   codec (fragments, signedness, rescale, frame extraction); the codec itself is checked by CT1_J2KR
//   against CT1_UNC and by the CTImage JPEG 2000 file against CTImage.dcm.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dataPath } from '../../test-support/sharedData';
import {
  LOSSLESS_SYNTAXES,
  TRANSFER_SYNTAX,
  decodeJ2kReference,
  decodeReferenceFrame,
  jpegLsNear,
  parseDicomFile,
  summarize,
  toModality,
  type DicomSummary,
} from './referenceDecode';

export const WADO_DIR = 'dicom-conformance/cornerstone-wado-testimages';
const DICOMPARSER_DIR = 'dicom-conformance/dicomparser-testimages';

/** Twins for files whose UID changed on compression (the SOP Instance UID match covers the rest). */
const NAMED_TWINS: Record<string, { twin: string; why: string; storedOffset?: number }> = {
  CT1_J2KR: {
    twin: `${DICOMPARSER_DIR}/CT1_UNC.explicit_little_endian.dcm`,
    why: 'NEMA WG04 CT1 set: CT1_J2KR is CT1_UNC compressed with reversible JPEG 2000',
  },
  'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm': {
    twin: `${DICOMPARSER_DIR}/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm`,
    why: 'the same NEMA multi-frame CT0012 (same SOP Instance UID, same study) before 12-bit lossy JPEG',
    // The lossy file's samples are the twin's + 1023 with the same Rescale Intercept (-1024) in the functional
    // groups: an artefact of how the set was made, not of any decoder. DCMTK's dcmdjpeg (the IJG library that
    // wrote the file, independent of Cornerstone) decodes it to twin + 1023 in 72% of pixels, max deviation
    // from that 14, mean 0.58 (frame 1). The check is made against twin + 1023.
    storedOffset: 1023,
  },
};

/** Files whose lossy twin check is made against CTImage.dcm (the source of createAllTransferSyntaxes.sh). */
const CTIMAGE_SOURCE = 'CTImage.dcm';

export interface LossyBound {
  maxAbs: number;
  meanAbs: number;
  why: string;
}

/**
 * Bounds for lossy files, in modality units (HU for these CTs). JPEG-LS near-lossless needs no measurement:
 * the standard guarantees |error| <= NEAR per sample, so the bound is NEAR x slope (NEAR read from the
 * code-stream). The others were measured with decoders independent of the viewer: DCMTK 3.6.7 dcmdjpeg for
 * the DCT files (the IJG code that wrote them) and OpenJPEG in Node for JPEG 2000, then given head room.
 * A decode error that matters (byte order, sign, bit depth, wrong frame, shifted rows) gives errors of
 * hundreds to thousands of HU, far above these bounds; a systematic bias of a few stored units (which the
 * mean catches) moves every CT number and is wrong too.
 */
export function lossyBound(s: DicomSummary): LossyBound {
  switch (s.transferSyntax) {
    case TRANSFER_SYNTAX.jpegLsNearLossless: {
      const near = jpegLsNear(s.path);
      return { maxAbs: near * s.rescaleSlope, meanAbs: near * s.rescaleSlope, why: `JPEG-LS NEAR=${near}: |error| <= NEAR by definition` };
    }
    case TRANSFER_SYNTAX.jpegBaseline:
      // 8 bits stored with slope 32.1 HU: quantisation alone is up to 16 HU. dcmdjpeg: max 64.2, mean 19.8 HU.
      return { maxAbs: 3 * s.rescaleSlope, meanAbs: 0.75 * s.rescaleSlope, why: '8-bit baseline, slope 32.1 HU; dcmdjpeg measured max 64.2, mean 19.8 HU' };
    case TRANSFER_SYNTAX.j2k:
      return { maxAbs: 16, meanAbs: 1.5, why: 'irreversible 9/7 wavelet (gdcmconv -q 100); OpenJPEG measured max 5, mean 0.57 HU' };
    default:
      if (s.rescaleSlope === 1) {
        // CT0012 .51 (no rescale): dcmdjpeg measured max 14, mean 0.58 stored units from twin + 1023.
        return { maxAbs: 24, meanAbs: 1.5, why: '12-bit DCT; dcmdjpeg measured max 14, mean 0.58 against twin + 1023' };
      }
      // CTImage .51/.53/.55, slope 2.0 HU: dcmdjpeg measured max 35.6, mean 3.84, mean signed error -1.0 HU.
      return { maxAbs: 48, meanAbs: 6, why: '12-bit DCT, slope 2.0 HU; dcmdjpeg measured max 35.6, mean 3.84 HU' };
  }
}

export type WadoCase =
  | { kind: 'skip'; file: string; path: string; reason: string }
  | {
      kind: 'image';
      file: string;
      path: string;
      summary: DicomSummary;
      mode: 'exact' | 'lossy';
      /** how the reference was obtained, for messages */
      referenceName: string;
    };

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const NOT_DICOM_REASONS: Record<string, string> = {
  LICENSE: 'licence text of the test-image set, not DICOM',
  'createAllTransferSyntaxes.sh': 'shell script that made the set, not DICOM',
  'wadors/metadata': 'WADO-RS JSON metadata, not a DICOM Part 10 file',
  'wadors/CTImageEvenAligned.dat': 'WADO-RS multipart pixel payload, not a DICOM Part 10 file',
  'wadors/CTImageOddAligned.dat': 'WADO-RS multipart pixel payload, not a DICOM Part 10 file',
};

/** Every file in the cornerstone-wado-testimages folder, each with how it is checked or why it is skipped. */
export function wadoCases(): WadoCase[] {
  return casesIn(WADO_DIR);
}

/** The same for the files of another conformance folder (relative to the shared data folder). */
export function casesIn(sub: string): WadoCase[] {
  const dir = dataPath(sub);
  const native = new Map<string, string>(); // SOP Instance UID -> native file
  const cases: WadoCase[] = [];
  for (const path of listFiles(dir).sort()) {
    const file = relative(dir, path);
    const parsed = parseDicomFile(path);
    if (!parsed.ok) {
      cases.push({ kind: 'skip', file, path, reason: NOT_DICOM_REASONS[file] ?? `not DICOM Part 10: ${parsed.reason}` });
      continue;
    }
    const s = summarize(path, parsed.dataSet);
    if (!s.hasPixelData) {
      cases.push({ kind: 'skip', file, path, reason: `no pixel data (SOP Class ${s.sopClassUid}, ${s.modality ?? 'no modality'})` });
      continue;
    }
    if (!s.encapsulated && s.sopInstanceUid) native.set(s.sopInstanceUid, path);
    const lossless = LOSSLESS_SYNTAXES.has(s.transferSyntax);
    cases.push({ kind: 'image', file, path, summary: s, mode: lossless ? 'exact' : 'lossy', referenceName: '' });
  }
  return cases.map((c): WadoCase => {
    if (c.kind !== 'image') return c;
    const twin = referenceFileFor(c.summary, native);
    if (twin) return { ...c, referenceName: twin };
    const j2k = c.summary.transferSyntax === TRANSFER_SYNTAX.j2kLossless;
    if (j2k) return { ...c, referenceName: 'OpenJPEG in Node (no uncompressed twin exists)' };
    return { kind: 'skip', file: c.file, path: c.path, reason: 'no uncompressed twin to compare with (renders in the app, values unchecked here)' };
  });
}

function referenceFileFor(s: DicomSummary, native: Map<string, string>): string | undefined {
  if (!s.encapsulated || s.transferSyntax === TRANSFER_SYNTAX.rle) return s.path; // decoded here
  const named = NAMED_TWINS[s.fileName];
  if (named) return dataPath(named.twin);
  const byUid = s.sopInstanceUid ? native.get(s.sopInstanceUid) : undefined;
  if (byUid) return byUid;
  if (s.fileName.startsWith(`${CTIMAGE_SOURCE}_`)) return dataPath(WADO_DIR, CTIMAGE_SOURCE);
  return undefined;
}

export interface Expected {
  /** 'stored': compare the viewer's stored values as they are; 'modality': compare after rescale; 'rgb' */
  space: 'stored' | 'modality' | 'rgb';
  rows: number;
  columns: number;
  samplesPerPixel: number;
  values: Float64Array;
  /** colour only: the stored samples before conversion (e.g. 4:2:2 Y1 Y2 Cb Cr), interleaved */
  stored?: Float64Array;
  description: string;
}

/** The reference values for one frame of a case (default: the first). */
export async function expectedFor(c: Extract<WadoCase, { kind: 'image' }>, frame = 0): Promise<Expected> {
  const s = c.summary;
  if (c.referenceName.startsWith('OpenJPEG')) {
    const ref = await decodeJ2kReference(s.path, frame);
    if (!ref.reversible) throw new Error(`${c.file}: code-stream is not reversible, cannot serve as exact reference`);
    return { space: 'stored', rows: ref.rows, columns: ref.columns, samplesPerPixel: 1, values: ref.values, description: c.referenceName };
  }
  if (!existsSync(c.referenceName)) throw new Error(`reference twin missing: ${c.referenceName}`);
  const ref = decodeReferenceFrame(c.referenceName, frame);
  const offset = NAMED_TWINS[s.fileName]?.storedOffset ?? 0;
  if (offset !== 0) ref.values = ref.values.map((v) => v + offset);
  const twin = ref.summary;
  const sameUid = twin.sopInstanceUid === s.sopInstanceUid;
  const description =
    c.referenceName === s.path
      ? 'decoded in Node'
      : `twin ${relative(dataPath(), c.referenceName)}${sameUid ? ' (same SOP Instance UID)' : ''}${offset ? ` + ${offset}` : ''}`;
  if (ref.samplesPerPixel === 3) {
    return { space: 'rgb', rows: ref.rows, columns: ref.columns, samplesPerPixel: 3, values: ref.values, stored: ref.stored, description };
  }
  const sameScale = twin.rescaleSlope === s.rescaleSlope && twin.rescaleIntercept === s.rescaleIntercept;
  if (c.mode === 'exact' && sameScale) {
    return { space: 'stored', rows: ref.rows, columns: ref.columns, samplesPerPixel: 1, values: ref.values, description };
  }
  return {
    space: 'modality',
    rows: ref.rows,
    columns: ref.columns,
    samplesPerPixel: 1,
    values: toModality(ref.values, twin.rescaleSlope, twin.rescaleIntercept),
    description,
  };
}
