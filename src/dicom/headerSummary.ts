// The header fields StatRead uses for grouping, annotations and display decisions, read with dicom-parser. Their
// shape (HeaderSummary) is declared with the image registry's types, which every folder may import.
import type { DataSet } from 'dicom-parser';
import type { HeaderSummary } from '../images/types';
import { characterSetsOf, formatPersonName, textValue } from '../model/dicomText';

export { formatPersonName };

export type { HeaderSummary };

function str(ds: DataSet, tag: string): string {
  try {
    return (ds.string(tag) ?? '').trim();
  } catch {
    return '';
  }
}

/** A PN/LO/SH/ST/LT/UT/UC value decoded under the data set's Specific Character Set (0008,0005). */
function text(ds: DataSet, tag: string, vr: string, characterSets: readonly string[]): string {
  try {
    return textValue(ds, tag, vr, characterSets);
  } catch {
    return '';
  }
}

function numList(ds: DataSet, tag: string): number[] {
  const raw = str(ds, tag);
  if (!raw) return [];
  return raw
    .split('\\')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isFinite(v));
}

function intOrNull(ds: DataSet, tag: string): number | null {
  const v = numList(ds, tag)[0];
  return v === undefined ? null : Math.round(v);
}

function us(ds: DataSet, tag: string, fallback: number): number {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return fallback;
  return ds.uint16(tag) ?? fallback;
}

/** Pixel Padding Value is US or SS depending on Pixel Representation. */
function padding(ds: DataSet, tag: string, signed: boolean): number | null {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return null;
  return signed ? (ds.int16(tag) ?? null) : (ds.uint16(tag) ?? null);
}

/**
 * Row/column spacing in mm, or null when absent or unusable: zero, negative, NaN, a single value or text that
 * is not a number (real archives hold `0.000\0.000`); the viewer then measures in px and says so.
 */
function spacing(ds: DataSet, tag: string): [number, number] | null {
  const parts = str(ds, tag).split('\\');
  if (parts.length < 2) return null;
  const [row, col] = parts.slice(0, 2).map((v) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v.trim()) : NaN));
  return Number.isFinite(row) && Number.isFinite(col) && row > 0 && col > 0 ? [row, col] : null;
}

export function summariseHeader(ds: DataSet, transferSyntaxUid: string): HeaderSummary {
  const pixelRepresentation = us(ds, 'x00280103', 0);
  const voiSeq = ds.elements.x00283010?.items ?? [];
  const cs = characterSetsOf(ds);
  return {
    patientName: formatPersonName(text(ds, 'x00100010', 'PN', cs)),
    patientId: text(ds, 'x00100020', 'LO', cs),
    patientAge: str(ds, 'x00101010'),
    patientSex: str(ds, 'x00100040'),
    studyInstanceUid: str(ds, 'x0020000d'),
    studyDescription: text(ds, 'x00081030', 'LO', cs),
    studyDate: str(ds, 'x00080020'),
    accessionNumber: text(ds, 'x00080050', 'SH', cs),
    seriesInstanceUid: str(ds, 'x0020000e'),
    seriesDescription: text(ds, 'x0008103e', 'LO', cs),
    seriesNumber: intOrNull(ds, 'x00200011'),
    modality: str(ds, 'x00080060'),
    sopInstanceUid: str(ds, 'x00080018'),
    sopClassUid: str(ds, 'x00080016'),
    instanceNumber: intOrNull(ds, 'x00200013'),
    viewPosition: str(ds, 'x00185101'),
    transferSyntaxUid,
    rows: us(ds, 'x00280010', 0),
    columns: us(ds, 'x00280011', 0),
    numberOfFrames: Math.max(1, intOrNull(ds, 'x00280008') ?? 1),
    samplesPerPixel: us(ds, 'x00280002', 1),
    photometricInterpretation: str(ds, 'x00280004') || 'MONOCHROME2',
    bitsAllocated: us(ds, 'x00280100', 16),
    bitsStored: us(ds, 'x00280101', us(ds, 'x00280100', 16)),
    pixelRepresentation,
    rescaleSlope: numList(ds, 'x00281053')[0] ?? 1,
    rescaleIntercept: numList(ds, 'x00281052')[0] ?? 0,
    windowCenters: numList(ds, 'x00281050'),
    windowWidths: numList(ds, 'x00281051'),
    windowExplanations: text(ds, 'x00281055', 'LO', cs)
      .split('\\')
      .map((s) => s.trim())
      .filter(Boolean),
    voiLutFunction: str(ds, 'x00281056').toUpperCase(),
    voiLutSequenceExplanations: voiSeq.map((item, i) => text(item.dataSet!, 'x00283003', 'LO', characterSetsOf(item.dataSet!, cs)) || `VOI LUT ${i + 1}`),
    pixelPaddingValue: padding(ds, 'x00280120', pixelRepresentation === 1),
    pixelPaddingRangeLimit: padding(ds, 'x00280121', pixelRepresentation === 1),
    pixelSpacing: spacing(ds, 'x00280030'),
    imagerPixelSpacing: spacing(ds, 'x00181164'),
  };
}
