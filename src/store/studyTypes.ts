// What file intake produces: one entry per displayable image (a frame of a DICOM file, or a PNG/JPEG).
import type { HeaderSummary } from '../images/types';

export interface LoadedImage {
  imageId: string;
  fileName: string;
  path: string;
  /** 0-based frame index within the file. */
  frame: number;
  kind: 'dicom' | 'web';
  header: HeaderSummary | null;
  /** For PNG/JPEG: size and channels (DICOM: from header). */
  rows: number;
  columns: number;
  samplesPerPixel: number;
}

export interface SkippedFile {
  fileName: string;
  path: string;
  reason: string;
}

export interface FileProblem {
  fileName: string;
  path: string;
  reason: string;
}

export interface SeriesGroup {
  key: string;
  seriesInstanceUid: string;
  studyKey: string;
  patientKey: string;
  modality: string;
  description: string;
  seriesNumber: number | null;
  imageIds: string[];
}

export interface StudyGroup {
  key: string;
  studyInstanceUid: string;
  patientKey: string;
  description: string;
  date: string;
  modalities: string[];
  seriesKeys: string[];
}

export interface PatientGroup {
  key: string;
  name: string;
  id: string;
  studyKeys: string[];
}
