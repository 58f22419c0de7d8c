// Problems with opened files: one message per file (data-testid="alert-item"). Up to GROUP_AFTER files each get
// their own role="alert"; more are grouped into one role="alert" that says how many files failed and lists
// every file with its reason in an expandable list (open while short), so a drop of 100 broken files gives
// one readable message instead of a wall of 100.
import { useStore } from '../store';

const GROUP_AFTER = 3;
/** A grouped list longer than this starts collapsed. */
const OPEN_UP_TO = 10;

export function Alerts() {
  const alerts = useStore((s) => s.alerts);
  const dismiss = useStore((s) => s.dismissAlert);
  const dismissAll = useStore((s) => s.dismissAllAlerts);
  if (alerts.length === 0) return null;
  if (alerts.length > GROUP_AFTER) {
    return (
      <div className="alerts">
        <div role="alert" className="alert" data-testid="alert-group" data-count={alerts.length}>
          <details open={alerts.length <= OPEN_UP_TO}>
            <summary>
              <strong>{alerts.length} files could not be opened or displayed.</strong>{' '}
              <span className="muted">{alerts.length <= OPEN_UP_TO ? '' : 'Show each file and why'}</span>
            </summary>
            <ul>
              {alerts.map((a) => (
                <li key={a.id} data-testid="alert-item" data-file-name={a.fileName}>
                  <span className="alert-file">{a.fileName}</span>: {a.reason}
                </li>
              ))}
            </ul>
          </details>
          <button className="alert-close" onClick={dismissAll} aria-label="Dismiss all messages">
            ×
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="alerts">
      {alerts.map((a) => (
        <div role="alert" className="alert" key={a.id} data-testid="alert-item" data-file-name={a.fileName}>
          <span className="alert-file">{a.fileName}</span>: {a.reason}
          <button className="alert-close" onClick={() => dismiss(a.id)} aria-label={`Dismiss message about ${a.fileName}`}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
