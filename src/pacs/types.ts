// What the PACS code works with: saved DICOMweb servers, study search queries and the summaries QIDO-RS returns.

/** How requests to a server authenticate. Credentials travel as an Authorization header only. */
export type PacsAuth = { kind: 'none' } | { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface PacsServer {
  id: string;
  name: string;
  /** DICOMweb root (QIDO/WADO/STOW share it), e.g. "/dicomweb" (same origin, via the dev/preview proxy) or "https://pacs.example.org/dicom-web". */
  baseUrl: string;
  auth: PacsAuth;
  /**
   * Where the credentials are kept: 'session' (sessionStorage, gone when the tab closes; the default; the server
   * entry itself is still saved without them) or 'local' (localStorage, unencrypted, survives restarts: only when
   * the reader ticked "Remember on this computer").
   */
  credentialStore: 'local' | 'session';
  /** Per-request timeout in ms. */
  timeoutMs: number;
}

export interface StudyQuery {
  patientName?: string;
  patientId?: string;
  /** YYYYMMDD or YYYY-MM-DD; either end may be empty (open range). */
  dateFrom?: string;
  dateTo?: string;
  accessionNumber?: string;
  /** Modalities in study; empty means any. Default CR, DX. */
  modalities?: string[];
  limit?: number;
  offset?: number;
}

export interface StudySummary {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  studyTime: string;
  accessionNumber: string;
  studyDescription: string;
  modalities: string[];
  numberOfSeries: number | null;
  numberOfInstances: number | null;
}

export interface SeriesSummary {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  seriesDescription: string;
  seriesNumber: number | null;
  numberOfInstances: number | null;
}

export interface InstanceSummary {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
}

export const DEFAULT_MODALITIES = ['CR', 'DX'];
export const DEFAULT_PAGE_SIZE = 25;
export const DEFAULT_TIMEOUT_MS = 30_000;
