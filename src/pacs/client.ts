// DICOMweb client: QIDO-RS search (studies, series, instances), WADO-RS retrieval of instances as DICOM Part 10,
// STOW-RS store. Every call goes through pacsRequest (auth header, timeout, typed errors, retries for reads).
import { PacsError } from './errors';
import { pacsRequest, type HttpDeps } from './http';
import { parseMultipartRelated } from './multipart';
import { buildStudyQuery, parseInstances, parseSeries, parseStudies, type DicomJsonDataset } from './qido';
import { buildMultipartRelated } from './multipart';
import type { InstanceSummary, PacsServer, SeriesSummary, StudyQuery, StudySummary } from './types';
import { DEFAULT_PAGE_SIZE } from './types';

const JSON_ACCEPT = 'application/dicom+json, application/json;q=0.9';
/** transfer-syntax=* asks for the instance as stored: the viewer decodes every syntax Cornerstone knows. */
export const PART10_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

export interface SearchPage {
  studies: StudySummary[];
  offset: number;
  pageSize: number;
  /** The server returned more than a page: a next page exists. */
  hasMore: boolean;
}

export interface StowResult {
  stored: string[];
  failed: { sopInstanceUid: string; reason: string }[];
}

function json(body: Uint8Array, what: string, label: string): unknown {
  if (body.length === 0) return [];
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new PacsError('bad-response', `${label} answered the ${what} with something that is not JSON.`);
  }
}

export class DicomWebClient {
  constructor(
    readonly server: PacsServer,
    private readonly deps: HttpDeps = {},
  ) {}

  private get label(): string {
    return `PACS "${this.server.name}"`;
  }

  private async getJson(path: string, what: string, signal?: AbortSignal): Promise<unknown> {
    const res = await pacsRequest(this.server, path, { accept: JSON_ACCEPT, what, signal }, this.deps);
    // 204 No Content = no match.
    if (res.status === 204) return [];
    return json(res.body, what, this.label);
  }

  /**
   * One page of studies. A query on ModalitiesInStudy is paged here rather than by the server: several servers
   * (Orthanc 1.10 with DICOMweb 1.7 among them) match that attribute after their database lookup, so their
   * `offset` skips the wrong studies (page 2 of CR/DX came back with 1 of 2 studies). Such a page asks for the
   * first offset + pageSize + 1 studies and keeps the slice; other queries use the server's offset.
   */
  async searchStudies(query: StudyQuery, signal?: AbortSignal): Promise<SearchPage> {
    const pageSize = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = query.offset ?? 0;
    const window = studyPagingWindow(query, offset, pageSize);
    const params = buildStudyQuery({ ...query, offset: window.offset }, window.limit);
    const all = parseStudies(await this.getJson(`studies?${params}`, 'study search', signal)).slice(window.skip);
    return { studies: all.slice(0, pageSize), offset, pageSize, hasMore: all.length > pageSize };
  }

  async searchSeries(studyUid: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
    return parseSeries(await this.getJson(`studies/${encodeURIComponent(studyUid)}/series`, `series search of study ${studyUid}`, signal), studyUid);
  }

  async searchInstances(studyUid: string, signal?: AbortSignal): Promise<InstanceSummary[]> {
    const what = `instance search of study ${studyUid}`;
    const list = parseInstances(await this.getJson(`studies/${encodeURIComponent(studyUid)}/instances`, what, signal), studyUid);
    return list;
  }

  /** Is the server there, and do the credentials work? Resolves with a short description, or throws PacsError. */
  async testConnection(signal?: AbortSignal): Promise<string> {
    const p = new URLSearchParams({ limit: '1' });
    const res = await pacsRequest(this.server, `studies?${p}`, { accept: JSON_ACCEPT, what: 'connection test', signal, attempts: 1 }, this.deps);
    if (res.status !== 204) json(res.body, 'connection test', this.label);
    return `${this.label} answered a study search (HTTP ${res.status}).`;
  }

  /** One instance as DICOM Part 10 bytes (WADO-RS). */
  async retrieveInstance(inst: InstanceSummary, signal?: AbortSignal): Promise<Uint8Array> {
    const path = `studies/${encodeURIComponent(inst.studyInstanceUid)}/series/${encodeURIComponent(inst.seriesInstanceUid)}/instances/${encodeURIComponent(inst.sopInstanceUid)}`;
    const what = `retrieval of image ${inst.sopInstanceUid}`;
    const res = await pacsRequest(this.server, path, { accept: PART10_ACCEPT, what, signal }, this.deps);
    const type = res.headers.get('content-type') ?? '';
    let parts;
    try {
      parts = parseMultipartRelated(res.body, type);
    } catch (e) {
      throw new PacsError('bad-response', `${this.label} answered the ${what} with a malformed multipart body (${(e as Error).message}).`, { cause: e });
    }
    const dicom = parts.filter((p) => p.contentType === '' || /application\/dicom/i.test(p.contentType));
    if (dicom.length === 0) throw new PacsError('bad-response', `${this.label} answered the ${what} without a DICOM part.`);
    return dicom[0].bytes;
  }

  /** Stores Part 10 instances with STOW-RS (POST {base}/studies, or /studies/{uid} to check they belong there). */
  async store(instances: Uint8Array[], studyUid?: string, signal?: AbortSignal): Promise<StowResult> {
    const { body, contentType } = buildMultipartRelated(instances);
    const path = studyUid ? `studies/${encodeURIComponent(studyUid)}` : 'studies';
    const res = await pacsRequest(
      this.server,
      path,
      { method: 'POST', accept: 'application/dicom+json, application/json;q=0.9', contentType, body, what: 'store (STOW-RS)', signal },
      this.deps,
    );
    return parseStowResponse(res.body.length ? json(res.body, 'store (STOW-RS)', this.label) : {});
  }
}

/** What to ask the server for to show studies [offset, offset + pageSize) and know whether more exist. */
export function studyPagingWindow(query: StudyQuery, offset: number, pageSize: number): { offset: number; limit: number; skip: number } {
  const clientPaged = (query.modalities ?? []).some((m) => m.trim() !== '');
  return clientPaged ? { offset: 0, limit: offset + pageSize, skip: offset } : { offset, limit: pageSize, skip: 0 };
}

/** ReferencedSOPSequence (0008,1199) and FailedSOPSequence (0008,1198) of a STOW-RS answer. */
export function parseStowResponse(answer: unknown): StowResult {
  const ds = (Array.isArray(answer) ? answer[0] : answer) as DicomJsonDataset | undefined;
  const items = (tag: string) => (ds?.[tag]?.Value ?? []) as DicomJsonDataset[];
  const uid = (it: DicomJsonDataset) => String(it['00081155']?.Value?.[0] ?? '');
  return {
    stored: items('00081199').map(uid).filter(Boolean),
    failed: items('00081198').map((it) => ({ sopInstanceUid: uid(it), reason: failureReason(Number(it['00081197']?.Value?.[0] ?? NaN)) })),
  };
}

function failureReason(code: number): string {
  if (!Number.isFinite(code)) return 'refused (no reason given)';
  const hex = `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0x0110) return `processing failure (${hex})`;
  if (code === 0x0122) return `SOP class not supported (${hex})`;
  if (code === 0xa700) return `out of resources (${hex})`;
  if (code === 0xa900 || (code & 0xff00) === 0xc000) return `cannot understand / does not match the SOP class (${hex})`;
  return `refused (${hex})`;
}
