// Export of the worklist's results as CSV (papaparse) and JSON. Without "include identifiers" the rows carry
// no patient identifier: no name, patient ID, accession number, Study Instance UID, file name, full study date
// or free-text description; each row is identified by the SHA-256 (hex) of its Study Instance UID (PNG/JPEG
// rows, which have none, by the SHA-256 of the image file's bytes). A plain, unsalted hash: the same study gives
// the same hash in every export, so exports can be joined, and it cannot be turned back into the UID.
import Papa from 'papaparse';
import { sha256Hex } from '../inference/resultKey';
import type { RowSummary, TriageRowInfo } from './types';

export interface ExportInput {
  info: TriageRowInfo;
  summary: RowSummary;
  read: boolean;
  /** For PNG/JPEG rows: SHA-256 of the file (the result key's hash), when known. */
  contentSha256: string | null;
}

export interface ExportOptions {
  includeIdentifiers: boolean;
  labels: readonly string[];
  model: { id: string; version: string } | null;
}

export type ExportRow = Record<string, string | number | boolean | null>;

export const IDENTIFIER_COLUMNS = ['patientName', 'patientId', 'accessionNumber', 'studyInstanceUid', 'studyDate', 'description', 'fileNames'] as const;

function studyYear(date: string): string {
  return /^\d{4}/.test(date) ? date.slice(0, 4) : '';
}

/** One flat row per worklist row, in the given (display) order. */
export async function buildExportRows(inputs: readonly ExportInput[], opts: ExportOptions): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  let rank = 0;
  for (const { info, summary, read, contentSha256 } of inputs) {
    rank++;
    const row: ExportRow = {
      rank,
      studyUidSha256: info.studyUid ? await sha256Hex(info.studyUid) : '',
      imageSha256: info.kind === 'web' ? (contentSha256 ?? '') : '',
    };
    if (opts.includeIdentifiers) {
      row.patientName = info.patientName;
      row.patientId = info.patientId;
      row.accessionNumber = info.accession;
      row.studyInstanceUid = info.studyUid;
      row.studyDate = info.studyDate;
      row.description = info.description;
      row.fileNames = info.fileNames.join(' ');
    }
    row.studyYear = studyYear(info.studyDate);
    row.images = info.imageIds.length;
    row.status = summary.status;
    row.reason = summary.reason;
    row.flagged = summary.flagged;
    row.abnormalProbability = summary.abnormal;
    row.abnormalAbove = summary.abnormal === null ? null : summary.abnormalPositive;
    row.criticalProbability = summary.criticalScore;
    // The row's reason: the flagged finding, else the most probable one above its operating point, else none.
    row.topFinding = summary.topFinding?.label ?? '';
    row.topProbability = summary.topFinding?.probability ?? null;
    row.read = read;
    for (const label of opts.labels) row[`p_${label}`] = summary.probabilities[label] ?? null;
    row.model = opts.model ? `${opts.model.id}@${opts.model.version}` : '';
    rows.push(row);
  }
  return rows;
}

export function toCsv(rows: readonly ExportRow[]): string {
  if (rows.length === 0) return '';
  const fields = Object.keys(rows[0]);
  return Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => r[f] ?? '')) }, { newline: '\n' });
}

export function toJson(rows: readonly ExportRow[], opts: ExportOptions, exportedAt: string): string {
  return JSON.stringify(
    {
      exportedAt,
      model: opts.model,
      identifiers: opts.includeIdentifiers ? 'included' : 'left out (rows carry the SHA-256 of the Study Instance UID)',
      notForDiagnosticUse: true,
      rows,
    },
    null,
    2,
  );
}
