// QIDO-RS (PS3.18 §10.6): query parameters for study search, and summaries from the DICOM JSON model answers.
import type { InstanceSummary, SeriesSummary, StudyQuery, StudySummary } from './types';

/** Fields asked for explicitly (servers return required ones anyway; these are the optional ones we show). */
export const STUDY_INCLUDE_FIELDS = ['00081030', '00201206', '00201208', '00080061'];

function dicomDate(s: string | undefined): string {
  const d = (s ?? '').trim().replace(/-/g, '');
  if (d && !/^\d{8}$/.test(d)) throw new Error(`"${s}" is not a date (YYYY-MM-DD)`);
  return d;
}

/** The study date matcher: exact date, "from-", "-to" or "from-to" (PS3.4 C.2.2.2.5 range matching). */
export function dateRange(from: string | undefined, to: string | undefined): string {
  const a = dicomDate(from);
  const b = dicomDate(to);
  if (!a && !b) return '';
  if (a && b && a > b) throw new Error('the "from" date is after the "to" date');
  if (a && a === b) return a;
  return `${a}-${b}`;
}

/**
 * A patient name matcher: wildcard matching, case-insensitive on most servers. Plain words match anywhere
 * ("smith" -> "*smith*"); a value with its own * or ? is sent as typed.
 */
export function nameMatcher(s: string): string {
  const t = s.trim();
  if (!t) return '';
  return /[*?]/.test(t) ? t : `*${t}*`;
}

/**
 * Query parameters for GET {base}/studies. `limit` asks for one more than the page size so the caller knows
 * whether a next page exists (QIDO-RS gives no total count).
 */
export function buildStudyQuery(q: StudyQuery, pageSize: number): URLSearchParams {
  const p = new URLSearchParams();
  const name = nameMatcher(q.patientName ?? '');
  if (name) p.set('PatientName', name);
  if (q.patientId?.trim()) p.set('PatientID', q.patientId.trim());
  const range = dateRange(q.dateFrom, q.dateTo);
  if (range) p.set('StudyDate', range);
  if (q.accessionNumber?.trim()) p.set('AccessionNumber', q.accessionNumber.trim());
  const mods = (q.modalities ?? []).map((m) => m.trim().toUpperCase()).filter(Boolean);
  // Multiple values are comma-separated (PS3.18 §8.3.4.1).
  if (mods.length) p.set('ModalitiesInStudy', mods.join(','));
  for (const f of STUDY_INCLUDE_FIELDS) p.append('includefield', f);
  p.set('limit', String(pageSize + 1));
  if (q.offset) p.set('offset', String(q.offset));
  return p;
}

// --- DICOM JSON model (PS3.18 F.2) ---

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonAttribute>;

export function jsonString(ds: DicomJsonDataset, tag: string): string {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    return pn.Alphabetic ?? pn.Ideographic ?? pn.Phonetic ?? '';
  }
  return String(v);
}

export function jsonStrings(ds: DicomJsonDataset, tag: string): string[] {
  return (ds[tag]?.Value ?? []).map((v) => String(v)).filter(Boolean);
}

export function jsonNumber(ds: DicomJsonDataset, tag: string): number | null {
  const s = jsonString(ds, tag);
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function asDatasets(json: unknown, what: string): DicomJsonDataset[] {
  if (!Array.isArray(json)) throw new Error(`the ${what} answer is not a DICOM JSON array`);
  return json.filter((x): x is DicomJsonDataset => !!x && typeof x === 'object');
}

export function parseStudies(json: unknown): StudySummary[] {
  return asDatasets(json, 'study search')
    .map((ds) => ({
      studyInstanceUid: jsonString(ds, '0020000D'),
      patientName: jsonString(ds, '00100010'),
      patientId: jsonString(ds, '00100020'),
      studyDate: jsonString(ds, '00080020'),
      studyTime: jsonString(ds, '00080030'),
      accessionNumber: jsonString(ds, '00080050'),
      studyDescription: jsonString(ds, '00081030'),
      modalities: jsonStrings(ds, '00080061'),
      numberOfSeries: jsonNumber(ds, '00201206'),
      numberOfInstances: jsonNumber(ds, '00201208'),
    }))
    .filter((s) => s.studyInstanceUid);
}

export function parseSeries(json: unknown, studyInstanceUid: string): SeriesSummary[] {
  return asDatasets(json, 'series search')
    .map((ds) => ({
      studyInstanceUid,
      seriesInstanceUid: jsonString(ds, '0020000E'),
      modality: jsonString(ds, '00080060'),
      seriesDescription: jsonString(ds, '0008103E'),
      seriesNumber: jsonNumber(ds, '00200011'),
      numberOfInstances: jsonNumber(ds, '00201209'),
    }))
    .filter((s) => s.seriesInstanceUid);
}

export function parseInstances(json: unknown, studyInstanceUid: string): InstanceSummary[] {
  return asDatasets(json, 'instance search')
    .map((ds) => ({
      studyInstanceUid,
      seriesInstanceUid: jsonString(ds, '0020000E'),
      sopInstanceUid: jsonString(ds, '00080018'),
      sopClassUid: jsonString(ds, '00080016'),
      instanceNumber: jsonNumber(ds, '00200013'),
    }))
    .filter((s) => s.sopInstanceUid && s.seriesInstanceUid);
}

/** "19010101" -> "1901-01-01" for display; anything else unchanged. */
export function formatDicomDate(d: string): string {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d;
}

/** "DOE^JOHN" -> "DOE, JOHN" for display. */
export function formatPersonName(pn: string): string {
  const [family, given, middle] = pn.split('^');
  return [family, [given, middle].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}
