// What the app keeps per opened image, outside React state: one entry per displayable image (a frame of a DICOM
// file, or a PNG/JPEG). The header and web-image shapes live here, at the bottom of the import graph, so that every
// folder that reads an entry can name them without importing intake (src/dicom) or display (src/viewer) code.
import type { DataSet } from 'dicom-parser';

/** The header fields StatRead uses for grouping, annotations and display decisions (src/dicom/headerSummary.ts reads them). */
export interface HeaderSummary {
  patientName: string;
  patientId: string;
  patientAge: string;
  patientSex: string;
  studyInstanceUid: string;
  studyDescription: string;
  studyDate: string;
  accessionNumber: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  seriesNumber: number | null;
  modality: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  viewPosition: string;
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenters: number[];
  windowWidths: number[];
  windowExplanations: string[];
  voiLutFunction: string;
  voiLutSequenceExplanations: string[];
  pixelPaddingValue: number | null;
  pixelPaddingRangeLimit: number | null;
  pixelSpacing: [number, number] | null;
  imagerPixelSpacing: [number, number] | null;
}

/** Size, channels and bit depth of a PNG/JPEG, from its header (src/viewer/webImage/webImageInfo.ts reads them). */
export interface WebImageInfo {
  width: number;
  height: number;
  samplesPerPixel: 1 | 3;
  bitsStored: 8 | 16;
}

export interface ImageEntry {
  /** Cornerstone display id (dicomfile:N, dicomfile:N?frame=k, statread-ybr422:..., statread-web:N). */
  imageId: string;
  fileName: string;
  path: string;
  /** 0-based frame in the file. */
  frame: number;
  kind: 'dicom' | 'web';
  /**
   * The original bytes: the picked File (disk-backed), or the Blob intake built (a DICOM file without preamble
   * gets one; a PACS instance is a Blob in memory). Every frame of one file shares the same Blob.
   */
  source: Blob;
  origin: 'local' | 'pacs';
  /** DICOM only. */
  header: HeaderSummary | null;
  /** Header-only data set (no pixel data), DICOM only. */
  dataSet: DataSet | null;
  /** PNG/JPEG only. */
  web: { format: 'png' | 'jpeg'; info: WebImageInfo } | null;
  /** AI result cache key; set by the scoring service. */
  resultKey: string | null;
}

/** Called with the entries being released, while they are still readable through the registry. */
export type ReleaseHook = (entries: ImageEntry[]) => void;
