// Problems with opened files: one role="alert" per file, grouped into one alert when there are many.
import { useStore } from '../store';

const GROUP_AFTER = 3;

export function Alerts() {
  const alerts = useStore((s) => s.alerts);
  const dismiss = useStore((s) => s.dismissAlert);
  const dismissAll = useStore((s) => s.dismissAllAlerts);
  if (alerts.length === 0) return null;
  if (alerts.length > GROUP_AFTER) {
    return (
      <div className="alerts">
        <div role="alert" className="alert">
          <strong>{alerts.length} files could not be opened or displayed.</strong>
          <ul>
            {alerts.map((a) => (
              <li key={a.id}>
                <span className="alert-file">{a.fileName}</span>: {a.reason}
              </li>
            ))}
          </ul>
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
        <div role="alert" className="alert" key={a.id}>
          <span className="alert-file">{a.fileName}</span>: {a.reason}
          <button className="alert-close" onClick={() => dismiss(a.id)} aria-label={`Dismiss message about ${a.fileName}`}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
