// The triage worklist table (test contract in docs/triage.md): a table named "Worklist" with one row per study
// ([data-testid="worklist-row"], data-status, data-score), flagged studies first, then those whose "any finding"
// score is above its operating point, then by that score (src/triage/sortOrder.ts).
// Focus stays on the table itself (aria-activedescendant marks the selected row), so rows that move as results
// arrive never take the focus away, and the selected row keeps its place (src/triage/sortOrder.ts).
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import { findingName } from '../../model/findingNames';
import { useTriageStore } from '../../triage/triageStore';
import { moveSelection, openRow, openSelected, openNextUnreadFlagged } from '../../triage/navigation';
import type { RowSummary, TriageRowInfo } from '../../triage/types';

function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

const STATUS_TEXT: Record<RowSummary['status'], string> = {
  queued: 'Queued',
  scoring: 'Scoring',
  done: 'Done',
  'not-scored': 'Not scored',
  error: 'Error',
};

function rowDomId(key: string): string {
  return `worklist-row-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function pct(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

// Memoised: a result changes one row's summary object, so only that row renders again (500 rows stay cheap).
const Row = memo(function Row({ info, summary, selected, read }: { info: TriageRowInfo; summary: RowSummary; selected: boolean; read: boolean }) {
  return (
    <tr
      role="row"
      id={rowDomId(info.key)}
      data-testid="worklist-row"
      data-key={info.key}
      data-status={summary.status}
      data-score={summary.score === null ? '' : String(summary.score)}
      data-flagged={summary.flagged ? 'true' : 'false'}
      data-abnormal-above={summary.abnormalPositive ? 'true' : 'false'}
      data-read={read ? 'true' : 'false'}
      aria-selected={selected}
      className={`wl-row${selected ? ' selected' : ''}${summary.flagged ? ' flagged' : ''}${read ? ' read' : ' unread'}`}
      onClick={() => openRow(info.key)}
    >
      <td role="cell" className="wl-patient">
        {info.kind === 'web' ? (
          <span className="muted" title="PNG/JPEG file: no patient data">
            –
          </span>
        ) : (
          info.patientName || '(no name)'
        )}
        {info.patientId && <span className="muted"> · {info.patientId}</span>}
      </td>
      <td role="cell" className="wl-date">
        {formatDate(info.studyDate)}
      </td>
      <td role="cell" className="wl-desc" title={info.description}>
        {info.description || <span className="muted">(none)</span>}
      </td>
      <td role="cell" className="wl-images">
        {info.imageIds.length}
      </td>
      <td role="cell" className={`wl-status status-${summary.status}`} data-testid="worklist-status">
        {STATUS_TEXT[summary.status]}
        {summary.reason && <span className="wl-reason">: {summary.reason}</span>}
      </td>
      <td
        role="cell"
        className="wl-finding"
        data-testid="worklist-finding"
        data-finding={summary.topFinding?.label ?? ''}
        title={
          summary.topFinding?.flagged
            ? 'The critical finding that flagged this study'
            : summary.topFinding
              ? 'The most probable finding at or above its operating point'
              : undefined
        }
      >
        {summary.topFinding ? (
          <>
            {findingName(summary.topFinding.label)} <span className="wl-prob">{pct(summary.topFinding.probability)}</span>
          </>
        ) : summary.scoredImages > 0 ? (
          <span className="muted">no finding above its operating point</span>
        ) : (
          <span className="muted">–</span>
        )}
        {summary.abnormal !== null && (
          <span
            className={`wl-any${summary.abnormalPositive ? ' above' : ''}`}
            title="Any finding: the model's score for any of its findings (the worklist sorts by it)"
          >
            {' '}
            · any {pct(summary.abnormal)}
          </span>
        )}
      </td>
      <td role="cell" className="wl-flag">
        {summary.flagged ? (
          <span className="wl-critical" title="Critical finding at or above its operating point">
            Critical
          </span>
        ) : (
          ''
        )}
      </td>
      <td role="cell" className="wl-read">
        <span className={read ? 'wl-read-mark' : 'wl-unread-mark'}>{read ? 'Read' : 'Unread'}</span>
      </td>
    </tr>
  );
});

export function Worklist() {
  const order = useTriageStore((s) => s.displayOrder);
  const rows = useTriageStore((s) => s.rows);
  const summaries = useTriageStore((s) => s.summaries);
  const selected = useTriageStore((s) => s.selectedKey);
  const read = useTriageStore((s) => s.read);
  const tableRef = useRef<HTMLTableElement>(null);

  // Keep the selected row in view when the reader moves (not when results re-sort: it does not move then).
  useEffect(() => {
    if (!selected || document.activeElement !== tableRef.current) return;
    document.getElementById(rowDomId(selected))?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        moveSelection(1);
        break;
      case 'ArrowUp':
      case 'k':
        moveSelection(-1);
        break;
      case 'Home':
        moveSelection(-Infinity);
        break;
      case 'End':
        moveSelection(Infinity);
        break;
      case 'Enter':
      case 'o':
        openSelected();
        break;
      case 'n':
        openNextUnreadFlagged();
        break;
      default:
        handled = false;
    }
    if (handled) {
      // The viewer's own keys (e.g. ArrowDown: next image) must not act as well.
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <div className="worklist-scroll">
      <table
        ref={tableRef}
        className="worklist-table"
        role="table"
        aria-label="Worklist"
        tabIndex={0}
        aria-activedescendant={selected ? rowDomId(selected) : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (!useTriageStore.getState().selectedKey) moveSelection(0);
        }}
      >
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">
              Patient
            </th>
            <th role="columnheader" scope="col">
              Study date
            </th>
            <th role="columnheader" scope="col">
              Description
            </th>
            <th role="columnheader" scope="col" title="Number of images">
              #
            </th>
            <th role="columnheader" scope="col">
              Status
            </th>
            <th
              role="columnheader"
              scope="col"
              title="The critical finding that flagged the study; else the most probable finding at or above its operating point; and the 'any finding' score"
            >
              Finding
            </th>
            <th role="columnheader" scope="col">
              Flag
            </th>
            <th role="columnheader" scope="col">
              Read
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {order.map((k) =>
            rows[k] && summaries[k] ? <Row key={k} info={rows[k]} summary={summaries[k]} selected={k === selected} read={!!read[k]} /> : null,
          )}
        </tbody>
      </table>
      {order.length === 0 && <p className="hint">Every study you open is listed here and scored in the background, the most urgent first.</p>}
    </div>
  );
}
