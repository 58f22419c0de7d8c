// The AI panel (rendered into #ai-panel-slot): model and backend, the scoring status, the findings table,
// the gate's "score anyway", heatmap controls; plus, over the viewport, the heatmap and the critical banner.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useScoreStore } from '../../inference/scoreStore';
import { scoringService } from '../../inference/scoringService';
import { onScreenEntry, panelReason, panelState } from '../../inference/onScreenView';
import { HeatmapOverlay } from './HeatmapOverlay';
import { SendToPacs } from '../pacs/SendToPacs';
import './ai-panel.css';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

export function FindingsPanel() {
  const state = useScoreStore(panelState);
  const reason = useScoreStore(panelReason);
  const entry = useScoreStore(onScreenEntry);
  const model = useScoreStore((s) => s.model);
  const backend = useScoreStore((s) => s.backend);
  const selected = useScoreStore((s) => s.selectedFinding);
  const visible = useScoreStore((s) => s.heatmapVisible);
  const opacity = useScoreStore((s) => s.heatmapOpacity);
  const [viewportHost, setViewportHost] = useState<HTMLElement | null>(null);
  const result = entry?.result ?? null;

  useEffect(() => {
    // The viewport is committed in the same render as this panel: the overlay's host is looked up once it is there.
    const raf = requestAnimationFrame(() => setViewportHost(document.querySelector<HTMLElement>('[data-testid="viewport"]')));
    return () => cancelAnimationFrame(raf);
  }, []);

  const showResults = state === 'done' && entry && result;
  const flagged = showResults ? result.findings.filter((f) => f.flagged) : [];

  return (
    <section className="ai-panel" aria-label="AI triage">
      <h2 className="ai-title">AI findings</h2>
      <p className="ai-disclaimer">Research prototype: not for diagnostic use.</p>

      <div className="ai-status" data-testid="ai-status" data-state={state} role="status" aria-live="polite">
        {state === 'loading-model' || state === 'scoring' ? <span className="ai-spinner" aria-hidden="true" /> : null}
        {reason}
      </div>

      {state === 'not-scored' && (
        <div className="ai-gate">
          <button type="button" className="ai-score-anyway" onClick={() => scoringService.scoreAnyway()}>
            Score anyway
          </button>
          <p className="ai-note">The model was trained on frontal chest radiographs only; its output on other images is meaningless.</p>
        </div>
      )}

      {showResults && result.forced && !result.gate.pass && (
        <p className="ai-forced" data-testid="scored-anyway">
          Scored anyway: the gate said “{result.gate.reason}”. Treat these numbers as unreliable.
        </p>
      )}

      {showResults && (
        <>
          <table className="ai-findings" aria-label="Findings">
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Probability</th>
                <th scope="col" title="Operating point">
                  Op. point
                </th>
                <th scope="col">Flag</th>
              </tr>
            </thead>
            <tbody>
              {[...result.findings]
                .sort((a, b) => Number(b.critical) - Number(a.critical) || b.probability - a.probability)
                .map((f) => (
                  <tr
                    key={f.label}
                    data-finding={f.label}
                    data-probability={String(f.probability)}
                    data-critical={f.flagged ? 'true' : 'false'}
                    aria-selected={selected === f.label}
                    className={`${f.flagged ? 'flagged' : ''} ${selected === f.label ? 'selected' : ''}`}
                    onClick={() => scoringService.selectFinding(f.label)}
                    title="Show the heatmap of this finding"
                  >
                    <td>
                      {f.label}
                      {f.critical ? <span className="ai-critical-tag"> critical</span> : null}
                    </td>
                    <td>{pct(f.probability)}</td>
                    <td>{f.operatingPoint === null ? '—' : pct(f.operatingPoint)}</td>
                    <td>{f.flagged ? '⚑ FLAG' : f.positive ? 'above' : ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <p className="ai-timing">
            Scored in <span data-testid="ai-time">{Math.round(entry.elapsedMs ?? 0)}</span> ms
            {entry.fromCache
              ? ' (earlier result, kept in this browser)'
              : ` (network ${result.timing.networkMs.toFixed(0)} ms, heatmap ${result.timing.camMs.toFixed(0)} ms)`}
            {result.ood ? (
              <>
                {' '}
                · feature distance {result.ood.distance.toFixed(1)} (threshold {result.ood.threshold.toFixed(1)})
              </>
            ) : null}
          </p>
          <div className="ai-heatmap-controls">
            <label>
              <input type="checkbox" checked={visible} onChange={() => useScoreStore.getState().toggleHeatmap()} /> Heatmap <kbd>Shift+H</kbd>
            </label>
            <label>
              Opacity{' '}
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={opacity}
                aria-label="Heatmap opacity"
                onChange={(e) => useScoreStore.getState().set({ heatmapOpacity: Number(e.target.value) })}
              />
            </label>
            {selected ? <span className="ai-selected">showing: {selected}</span> : null}
          </div>
          <SendToPacs />
        </>
      )}

      <dl className="ai-meta">
        <dt>Backend</dt>
        <dd>
          <span data-testid="backend" title={backend?.why}>
            {backend?.name ?? '…'}
          </span>
          {backend ? (
            <span className="ai-why">
              {' '}
              ({backend.how}
              {backend.how === 'timed' ? `: ${backend.why}` : ''})
            </span>
          ) : null}
        </dd>
        <dt>Model</dt>
        <dd data-testid="ai-model">
          {model ? (
            <>
              {model.id} v{model.version}{' '}
              <a href={model.modelCardUrl} target="_blank" rel="noreferrer">
                model card
              </a>
              <span className="ai-why">
                {' '}
                (loaded from {model.source}
                {model.loadMs ? ` in ${Math.round(model.loadMs)} ms` : ''})
              </span>
            </>
          ) : (
            '…'
          )}
        </dd>
      </dl>

      {viewportHost &&
        createPortal(
          <>
            <HeatmapOverlay host={viewportHost} />
            {flagged.length > 0 && (
              <div className="ai-critical-banner" data-testid="critical-banner">
                AI flag: {flagged.map((f) => `${f.label} ${pct(f.probability)}`).join(', ')} (not for diagnostic use)
              </div>
            )}
          </>,
          viewportHost,
        )}
    </section>
  );
}
