// What the triage worklist keeps: one item per image (scored in the background), one row per study
// (DICOM: Study Instance UID; PNG/JPEG: each image file is its own entry, it has no study).
import type { AbnormalScore, Finding } from '../model/cxrModel';

export type TriageStatus = 'queued' | 'scoring' | 'done' | 'not-scored' | 'error';

/** The outcome of scoring one image (what the scoring service answered for it, src/inference/outcomes.ts). */
export interface ImageResult {
  /** false: refused by the gate (reason says why). */
  scored: boolean;
  reason: string;
  findings: Finding[];
  /** The "any finding" score (null: the model has none, or the result was stored before it existed). */
  abnormal: AbnormalScore | null;
  backend: string;
  modelId: string;
  modelVersion: string;
  /** ms the worker spent (decode + network), 0 for results read back from IndexedDB. */
  workerMs: number;
  /** Read back from IndexedDB instead of computed in this session. */
  fromCache: boolean;
}

export interface TriageItem {
  imageId: string;
  rowKey: string;
  fileName: string;
  frame: number;
  kind: 'dicom' | 'web';
  status: TriageStatus;
  /** Why it is not scored / failed (empty otherwise). */
  reason: string;
  result: ImageResult | null;
  /** IndexedDB key (resultKey.ts), once known. */
  cacheKey: string | null;
}

/** The study behind a worklist row (identifiers stay in memory; exports leave them out unless asked). */
export interface TriageRowInfo {
  key: string;
  kind: 'dicom' | 'web';
  patientName: string;
  patientId: string;
  studyUid: string;
  accession: string;
  studyDate: string;
  description: string;
  imageIds: string[];
  fileNames: string[];
  /** Arrival order (ties in the sort keep it). */
  arrival: number;
}

/** A row's state, derived from its items (studyRows.ts). */
export interface RowSummary {
  key: string;
  status: TriageStatus;
  reason: string;
  /**
   * What the worklist sorts by after the flags (data-score): the highest "any finding" probability over the scored
   * images; for results without that score (older models) the highest critical-finding probability. null until an
   * image is scored (or when neither exists).
   */
  score: number | null;
  /** Highest "any finding" probability over the scored images; null when none has that score. */
  abnormal: number | null;
  /** The "any finding" score at or above its operating point in any image. */
  abnormalPositive: boolean;
  /** Highest critical-finding probability over the scored images; null when the model has no critical finding. */
  criticalScore: number | null;
  /** A critical finding at or above its operating point in any image. */
  flagged: boolean;
  /**
   * The reason shown on the row: when flagged, the flagged finding with the highest probability (the one that made
   * the study critical); else the most probable finding at or above its operating point; else null ("no finding
   * above its operating point"). Never a finding without an operating point (not validated).
   */
  topFinding: { label: string; probability: number; flagged: boolean } | null;
  /** Highest probability per finding over the scored images (for the export). */
  probabilities: Record<string, number>;
  scoredImages: number;
  arrival: number;
}
