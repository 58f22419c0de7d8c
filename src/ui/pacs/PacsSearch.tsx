// Study search (QIDO-RS) with paging, per-study open (WADO-RS -> file intake), "Score all results", and the
// StatRead AI results found in opened studies (SR read back).
import { useState, type FormEvent } from 'react';
import { usePacsStore, activeServer } from '../../pacs/pacsStore';
import { DicomWebClient } from '../../pacs/client';
import { PacsError, describeError } from '../../pacs/errors';
import { openAllResults, openStudy, stopOpenAll } from '../../pacs/openStudy';
import { formatDicomDate, formatPersonName } from '../../pacs/qido';
import type { StudyQuery, StudySummary } from '../../pacs/types';
import { DEFAULT_PAGE_SIZE } from '../../pacs/types';

let searchAbort: AbortController | null = null;

export async function runSearch(query: StudyQuery, offset: number): Promise<void> {
  const st = usePacsStore.getState();
  searchAbort?.abort();
  const ctl = new AbortController();
  searchAbort = ctl;
  st.set({ query, searchState: 'searching', searchError: null });
  try {
    const page = await new DicomWebClient(activeServer()).searchStudies({ ...query, offset }, ctl.signal);
    if (searchAbort !== ctl) return;
    usePacsStore.getState().set({ results: page.studies, offset: page.offset, hasMore: page.hasMore, searchState: 'done' });
  } catch (e) {
    if (searchAbort !== ctl) return;
    const err = e instanceof PacsError ? e : null;
    // The previous results stay listed: a failed search loses nothing.
    usePacsStore
      .getState()
      .set({ searchState: 'error', searchError: { message: err ? err.message : `Search failed: ${describeError(e)}`, retryable: err ? err.retryable : true } });
  }
}

function splitModalities(s: string): string[] {
  return s
    .split(/[\s,\\]+/)
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean);
}

function OpenCell({ study }: { study: StudySummary }) {
  const st = usePacsStore((s) => s.opening[study.studyInstanceUid]);
  const busy = st?.state === 'opening';
  return (
    <td className="pacs-open-cell">
      <button
        type="button"
        disabled={busy}
        onClick={() => void openStudy(study, { show: true })}
        aria-label={`Open study of ${study.patientName || study.patientId || study.studyInstanceUid}`}
      >
        {st?.state === 'opened' ? 'Show' : st?.state === 'error' && st.retryable ? 'Retry' : 'Open'}
      </button>
      <span className="pacs-open-state" data-testid="pacs-open-state">
        {busy && `retrieving ${st.done}/${st.total || '…'}`}
        {st?.state === 'opened' &&
          `opened: ${st.images} image${st.images === 1 ? '' : 's'}${st.skipped ? `, ${st.skipped} skipped` : ''}${st.failed ? `, ${st.failed} failed` : ''}`}
        {st?.state === 'error' && (
          <span role="alert" className="pacs-row-error">
            {st.message}
          </span>
        )}
      </span>
    </td>
  );
}

function StoredResults() {
  const stored = usePacsStore((s) => s.storedResults);
  const entries = Object.entries(stored).flatMap(([study, list]) => list.map((r) => ({ study, r })));
  if (!entries.length) return null;
  return (
    <section className="pacs-stored" aria-label="AI results stored in opened studies">
      <h3>AI results stored in opened studies (StatRead SR)</h3>
      {entries.map(({ r }) => (
        <table
          key={r.sopInstanceUid}
          className="pacs-stored-table"
          aria-label="Stored AI result"
          data-sop-uid={r.sopInstanceUid}
          data-study-uid={r.studyInstanceUid}
        >
          <caption>
            {r.modelId} v{r.modelVersion}, {formatDicomDate(r.contentDate)} — image {r.source?.sopInstanceUid ?? '?'}
          </caption>
          <tbody>
            {r.findings.map((f) => (
              <tr key={f.label} data-finding={f.label} data-probability={String(f.probability)} data-flagged={f.flagged ? 'true' : 'false'}>
                <td>{f.label}</td>
                <td>{(f.probability * 100).toFixed(1)}%</td>
                <td>{f.flagged ? '⚑ FLAG' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

export function PacsSearch() {
  const query = usePacsStore((s) => s.query);
  const searchState = usePacsStore((s) => s.searchState);
  const searchError = usePacsStore((s) => s.searchError);
  const results = usePacsStore((s) => s.results);
  const offset = usePacsStore((s) => s.offset);
  const hasMore = usePacsStore((s) => s.hasMore);
  const scoreAll = usePacsStore((s) => s.scoreAll);
  const [form, setForm] = useState({
    patientName: query.patientName ?? '',
    patientId: query.patientId ?? '',
    dateFrom: query.dateFrom ?? '',
    dateTo: query.dateTo ?? '',
    accessionNumber: query.accessionNumber ?? '',
    modalities: (query.modalities ?? []).join(', '),
    pageSize: String(query.limit ?? DEFAULT_PAGE_SIZE),
  });
  const [formError, setFormError] = useState('');
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const limit = Math.max(1, Math.min(500, Math.floor(Number(form.pageSize) || DEFAULT_PAGE_SIZE)));
    const q: StudyQuery = { ...form, modalities: splitModalities(form.modalities), limit };
    if (form.dateFrom && form.dateTo && form.dateFrom > form.dateTo) {
      setFormError('The "from" date is after the "to" date.');
      return;
    }
    setFormError('');
    void runSearch(q, 0);
  };
  const pageSize = query.limit ?? DEFAULT_PAGE_SIZE;

  return (
    <div className="pacs-search">
      <form className="pacs-form" onSubmit={submit} aria-label="Study search">
        <label>
          Patient name <input aria-label="Patient name" type="search" {...field('patientName')} placeholder="any" />
        </label>
        <label>
          Patient ID <input aria-label="Patient ID" type="search" {...field('patientId')} />
        </label>
        <label>
          From <input aria-label="From" type="date" {...field('dateFrom')} />
        </label>
        <label>
          To <input aria-label="To" type="date" {...field('dateTo')} />
        </label>
        <label>
          Accession number <input aria-label="Accession number" type="search" {...field('accessionNumber')} />
        </label>
        <label title="Comma-separated; empty for any modality">
          Modalities <input aria-label="Modalities" type="text" {...field('modalities')} />
        </label>
        <label>
          Page size <input aria-label="Page size" type="number" min={1} max={500} {...field('pageSize')} />
        </label>
        <button type="submit" disabled={searchState === 'searching'}>
          Search
        </button>
      </form>
      {formError && (
        <p role="alert" className="pacs-error">
          {formError}
        </p>
      )}
      {searchError && (
        <div role="alert" className="pacs-error" data-testid="pacs-error">
          {searchError.message}{' '}
          {searchError.retryable && (
            <button type="button" onClick={() => void runSearch(query, offset)}>
              Retry
            </button>
          )}
        </div>
      )}
      <div className="pacs-results-head">
        <span data-testid="pacs-search-state" data-state={searchState} aria-live="polite">
          {searchState === 'searching'
            ? 'Searching…'
            : searchState === 'done'
              ? results.length
                ? `Studies ${offset + 1}–${offset + results.length}${hasMore ? ' (more on the next page)' : ''}`
                : 'No study matches.'
              : ''}
        </span>
        <span className="pacs-pager">
          <button type="button" disabled={offset === 0 || searchState === 'searching'} onClick={() => void runSearch(query, Math.max(0, offset - pageSize))}>
            Previous page
          </button>
          <span data-testid="pacs-page">Page {Math.floor(offset / pageSize) + 1}</span>
          <button type="button" disabled={!hasMore || searchState === 'searching'} onClick={() => void runSearch(query, offset + pageSize)}>
            Next page
          </button>
        </span>
        <button
          type="button"
          className="pacs-score-all"
          disabled={!results.length || !!scoreAll?.running}
          onClick={() => void openAllResults()}
          title="Open every study of this page so that all are scored into the triage worklist"
        >
          Score all results
        </button>
        {scoreAll?.running && (
          <button type="button" disabled={scoreAll.stopped} onClick={() => stopOpenAll()}>
            Stop
          </button>
        )}
        {scoreAll && (
          <span data-testid="pacs-score-all" data-state={scoreAll.running ? 'running' : 'done'} aria-live="polite">
            {scoreAll.running
              ? `Opening ${scoreAll.done}/${scoreAll.total}…${scoreAll.stopped ? ' (stopping after this study)' : ''}`
              : `${scoreAll.stopped ? 'Stopped: opened' : 'Opened'} ${scoreAll.done - scoreAll.failed} of ${scoreAll.total} studies for scoring`}
            {scoreAll.failed ? ` (${scoreAll.failed} failed)` : ''}
          </span>
        )}
      </div>
      <div className="pacs-table-wrap">
        <table className="pacs-results" aria-label="PACS studies">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Patient ID</th>
              <th scope="col">Date</th>
              <th scope="col">Accession</th>
              <th scope="col">Modalities</th>
              <th scope="col">Description</th>
              <th scope="col">Images</th>
              <th scope="col">Open</th>
            </tr>
          </thead>
          <tbody>
            {results.map((s) => (
              <Row key={s.studyInstanceUid} study={s} />
            ))}
          </tbody>
        </table>
      </div>
      <StoredResults />
    </div>
  );
}

function Row({ study }: { study: StudySummary }) {
  const st = usePacsStore((s) => s.opening[study.studyInstanceUid]);
  return (
    <tr data-testid="pacs-study-row" data-study-uid={study.studyInstanceUid} data-open-state={st?.state ?? 'closed'}>
      <td>{formatPersonName(study.patientName)}</td>
      <td>{study.patientId}</td>
      <td>{formatDicomDate(study.studyDate)}</td>
      <td>{study.accessionNumber}</td>
      <td>{study.modalities.join(', ')}</td>
      <td>{study.studyDescription}</td>
      <td>{study.numberOfInstances ?? ''}</td>
      <OpenCell study={study} />
    </tr>
  );
}
