// The AI panel (rendered into #ai-panel-slot): the critical flag banner (here, never over the film), model and
// backend, the scoring status, the "any finding" line, the findings table (validated findings, then the ones without
// an operating point, apart), the gate's "score anyway", heatmap controls; plus, over the viewport, the heatmap.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Finding } from '../../model/cxrModel';
import { findingName } from '../../model/findingNames';
import { useScoreStore, type ModelInfo } from '../../inference/scoreStore';
import { scoringService } from '../../inference/scoringService';
import { onScreenEntry, onScreenHeatmap, panelReason, panelState } from '../../inference/onScreenView';
import { HeatmapOverlay } from './HeatmapOverlay';
import { SendToPacs } from '../pacs/SendToPacs';
import './ai-panel.css';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

/** At or over its operating point (a finding without one never is). */
const above = (f: Finding) => f.operatingPoint !== null && f.probability >= f.operatingPoint;

/** Validated findings: flagged first, then those above their operating point, then critical ones, then by probability. */
function validatedOrder(a: Finding, b: Finding): number {
  return (
    Number(b.flagged) - Number(a.flagged) || Number(above(b)) - Number(above(a)) || Number(b.critical) - Number(a.critical) || b.probability - a.probability
  );
}

function opPointHelp(model: ModelInfo | null): string {
  const how =
    model && (model.abnormal || Object.keys(model.notValidated).length)
      ? 'chosen by patient-level cross-validation'
      : "chosen on the trainer's validation data";
  return `Op. point: the probability at or above which the finding is called; ${how}.`;
}

function FindingRow({ f, selected, reason }: { f: Finding; selected: boolean; reason: string | null }) {
  const name = findingName(f.label);
  const validated = f.validated && f.operatingPoint !== null;
  const isAbove = validated && above(f);
  // A click anywhere on the row, or Enter/Space on its button (a click that bubbles here): once either way.
  const ask = () => scoringService.selectFinding(f.label);
  const classes = [validated ? '' : 'not-validated', f.flagged ? 'flagged' : '', isAbove ? 'above' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <tr
      data-finding={f.label}
      data-probability={String(f.probability)}
      data-operating-point={f.operatingPoint === null ? '' : String(f.operatingPoint)}
      data-critical={f.flagged ? 'true' : 'false'}
      data-above={isAbove ? 'true' : 'false'}
      data-validated={validated ? 'true' : 'false'}
      className={classes}
      onClick={ask}
      title={validated ? undefined : `Not validated${reason ? `: ${reason}` : ''}. Shown for information; never flagged or called above.`}
    >
      <td>
        <button
          type="button"
          className="ai-finding-button"
          aria-pressed={selected}
          title={selected ? `Hide the heatmap of ${name}` : `Show the heatmap of ${name}: where its evidence is on the image`}
        >
          {name}
        </button>
        {f.critical ? <span className="ai-critical-tag"> critical</span> : null}
      </td>
      <td>{pct(f.probability)}</td>
      <td>{f.operatingPoint === null ? '—' : pct(f.operatingPoint)}</td>
      <td>{f.flagged ? '⚑ FLAG' : isAbove ? 'above' : ''}</td>
    </tr>
  );
}

export function FindingsPanel() {
  const state = useScoreStore(panelState);
  const reason = useScoreStore(panelReason);
  const entry = useScoreStore(onScreenEntry);
  const model = useScoreStore((s) => s.model);
  const backend = useScoreStore((s) => s.backend);
  const selected = useScoreStore((s) => s.selectedFinding);
  const shownMap = useScoreStore(onScreenHeatmap);
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
  const findings = showResults ? result.findings : [];
  const flagged = findings.filter((f) => f.flagged).sort((a, b) => b.probability - a.probability);
  const validated = findings.filter((f) => f.validated && f.operatingPoint !== null).sort(validatedOrder);
  const notValidated = findings.filter((f) => !(f.validated && f.operatingPoint !== null)).sort((a, b) => b.probability - a.probability);
  const abnormal = showResults ? (result.abnormal ?? null) : null;
  const anyAbove = validated.some(above);

  return (
    <section className="ai-panel" aria-label="AI triage">
      <h2 className="ai-title">AI findings</h2>
      {flagged.length > 0 && (
        // In the panel, never over the film: a banner on the viewport would hide part of the image (the apex).
        <div className="ai-critical-banner" data-testid="critical-banner" role="alert">
          AI flag: {flagged.map((f) => `${findingName(f.label)} ${pct(f.probability)}`).join(', ')} (not for diagnostic use)
        </div>
      )}
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
          {abnormal && (
            <p
              className={`ai-abnormal${abnormal.positive ? ' above' : ''}`}
              data-testid="ai-abnormal"
              data-above={abnormal.positive ? 'true' : 'false'}
              data-probability={String(abnormal.probability)}
              title={`The model's score for "any of its findings". Its operating point was chosen by cross-validation${
                model?.abnormal ? ` for ${Math.round(model.abnormal.targetSensitivity * 100)}% sensitivity` : ''
              }; the worklist sorts by it.`}
            >
              Any finding: <strong>{pct(abnormal.probability)}</strong> (operating point {pct(abnormal.operatingPoint)}) —{' '}
              {abnormal.positive ? 'above' : 'below'}
            </p>
          )}
          <table className="ai-findings" aria-label="Findings">
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Probability</th>
                <th scope="col" title={opPointHelp(model)}>
                  Op. point
                </th>
                <th scope="col" title="⚑ FLAG: a critical finding at or above its operating point; above: a finding at or above its operating point">
                  Call
                </th>
              </tr>
            </thead>
            <tbody>
              {validated.map((f) => (
                <FindingRow key={f.label} f={f} selected={selected === f.label} reason={null} />
              ))}
            </tbody>
            {notValidated.length > 0 && (
              <>
                {/* The group's heading (a header row group of its own, so that "tbody tr" stays one row per finding). */}
                <thead className="ai-group-head">
                  <tr>
                    <th scope="colgroup" colSpan={4} id="ai-not-validated-heading">
                      Not validated — shown for information, never flagged
                    </th>
                  </tr>
                </thead>
                <tbody className="ai-not-validated" aria-labelledby="ai-not-validated-heading">
                  {notValidated.map((f) => (
                    <FindingRow key={f.label} f={f} selected={selected === f.label} reason={model?.notValidated[f.label] ?? null} />
                  ))}
                </tbody>
              </>
            )}
          </table>
          <p className="ai-legend">
            {opPointHelp(model)} {anyAbove ? '' : 'No finding is above its operating point: no heatmap is shown unless you ask. '}
            Click a finding (or Enter on it) for its heatmap; again to hide it.
          </p>
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
            {selected ? (
              <>
                <span className="ai-selected" data-testid="heatmap-finding">
                  {shownMap?.map.label === selected ? 'showing' : 'computing'}: {findingName(selected)}
                </span>
                <button type="button" className="ai-hide-heatmap" onClick={() => scoringService.hideHeatmap()}>
                  Hide heatmap
                </button>
              </>
            ) : null}
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

      {viewportHost && createPortal(<HeatmapOverlay host={viewportHost} />, viewportHost)}
    </section>
  );
}
