// Above the worklist: the batch's progress bar (count and time left), pause/resume, main-thread long tasks
// during the batch, and the export of all results (CSV, JSON; identifiers only when ticked).
import { useTriageStore } from '../../triage/triageStore';
import { useScoreStore } from '../../inference/scoreStore';
import { formatDuration } from '../../triage/progress';
import { setTriagePaused } from '../../triage/poolClient';
import { downloadExport } from '../../triage/exportDownload';

export function WorklistToolbar() {
  const p = useTriageStore((s) => s.progress);
  const paused = useTriageStore((s) => s.paused);
  const lt = useTriageStore((s) => s.longTasks);
  const pool = useScoreStore((s) => s.pool);
  const includeIds = useTriageStore((s) => s.includeIdentifiers);
  const setIncludeIds = useTriageStore((s) => s.setIncludeIdentifiers);
  const rowCount = useTriageStore((s) => s.displayOrder.length);
  const model = useScoreStore((s) => s.model);
  const state = p.running ? (paused ? 'paused' : 'running') : 'idle';
  return (
    <div className="worklist-toolbar">
      <div className="wl-progress" data-testid="worklist-progress" data-state={state} data-total={p.total} data-finished={p.finished}>
        <progress aria-label="Scoring progress" max={Math.max(1, p.total)} value={p.finished} />
        <span className="wl-progress-text">
          {p.total === 0
            ? 'No studies yet'
            : `${p.finished} of ${p.total} images${p.fromCache ? ` (${p.fromCache} from earlier results)` : ''}${p.failed ? `, ${p.failed} failed` : ''}`}
          {p.running && (paused ? ' · paused' : ` · ${formatDuration(p.etaMs)} left`)}
        </span>
        <button type="button" onClick={() => setTriagePaused(!paused)} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      <div className="wl-meta muted">
        <span data-testid="worklist-long-tasks" data-count={lt.count} title="Main-thread tasks over 50 ms while the batch ran (PerformanceObserver 'longtask')">
          {lt.supported ? `Long tasks: ${lt.count}${lt.count ? ` (max ${Math.round(lt.maxMs)} ms)` : ''}` : 'Long tasks: not measured by this browser'}
        </span>
        {pool && (
          <span>
            {' '}
            · {pool.size} worker{pool.size === 1 ? '' : 's'} on {pool.backend}
            {pool.restarts ? ` · ${pool.restarts} restarted` : ''}
          </span>
        )}
        {model && (
          <span>
            {' '}
            · {model.id} v{model.version}
          </span>
        )}
      </div>
      <div className="wl-export">
        <button type="button" onClick={() => void downloadExport('csv')} disabled={rowCount === 0}>
          Export CSV
        </button>
        <button type="button" onClick={() => void downloadExport('json')} disabled={rowCount === 0}>
          Export JSON
        </button>
        <label>
          <input type="checkbox" checked={includeIds} onChange={(e) => setIncludeIds(e.target.checked)} /> Include identifiers
        </label>
      </div>
    </div>
  );
}
