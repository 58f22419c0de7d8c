// What "Send to PACS" sends: the AI result of one image, independent of the store (pure data).

export interface AiReportFinding {
  label: string;
  probability: number;
  /** null: not validated (no operating point). */
  operatingPoint: number | null;
  critical: boolean;
  /** critical and probability >= operating point. */
  flagged: boolean;
}

export interface AiReport {
  modelId: string;
  modelVersion: string;
  findings: AiReportFinding[];
  /** Scored although the gate said the image is not a frontal chest radiograph. */
  forced: boolean;
  backend: string;
  /** The finding whose heatmap the secondary capture shows. */
  heatmapLabel: string | null;
}

// ASCII on purpose: Orthanc's DICOMweb plugin (1.7) drops non-Latin-1 characters such as an em dash from QIDO answers,
// and many PACS store Latin-1 only.
export const AI_SERIES_DESCRIPTION = 'StatRead AI output - not for diagnostic use';
export const AI_DISCLAIMER = 'StatRead AI output. Research prototype: not for diagnostic use.';
export const STATREAD_MANUFACTURER = 'StatRead';

export function findingSummary(f: AiReportFinding): string {
  const pct = `${(f.probability * 100).toFixed(1)}%`;
  const status = f.operatingPoint === null ? ' (not validated)' : f.critical ? ' (critical finding' + (f.flagged ? ', FLAGGED' : '') + ')' : '';
  return `${f.label} ${pct}${status}`;
}
