// "Send to PACS" in the AI findings panel: stores the result of the image on screen (SR + heatmap secondary
// capture) in its study on the active server.
import { usePacsStore, activeServer } from '../../pacs/pacsStore';
import { sendBlocker, sendToPacs } from '../../pacs/sendToPacs';
import { useScoreStore } from '../../inference/scoreStore';
import { onScreenEntry, panelState } from '../../inference/onScreenView';
import './pacs.css';

export function SendToPacs() {
  const send = usePacsStore((s) => s.send);
  usePacsStore((s) => s.activeId);
  const key = useScoreStore((s) => (panelState(s) === 'done' ? (onScreenEntry(s)?.imageId ?? null) : null));
  if (!key) return null;
  const blocker = sendBlocker();
  const current = send.imageKey === key ? send : null;
  const server = activeServer();
  return (
    <div className="pacs-send">
      <button
        type="button"
        onClick={() => void sendToPacs()}
        disabled={!!blocker || current?.state === 'sending'}
        title={blocker ?? `Store an SR and a heatmap image in this study on ${server.name}`}
      >
        Send to PACS
      </button>
      <span className="pacs-send-target">{blocker ? `(${blocker})` : `to ${server.name}`}</span>
      {current && current.state !== 'idle' && (
        <p
          className={`pacs-send-status ${current.state}`}
          data-testid="pacs-send-status"
          data-state={current.state}
          role={current.state === 'error' ? 'alert' : 'status'}
        >
          {current.message}
        </p>
      )}
    </div>
  );
}
