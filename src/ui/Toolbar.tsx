// Tool buttons above the viewport; every action also has a keyboard shortcut (see shortcuts.ts).
import { viewportController } from '../viewer/viewportController';
import { useStore, type ToolName, type VoiChoice } from '../store';
import { windowOptionsForCurrent } from './windowOptions';

const TOOLS: { tool: ToolName; label: string; key: string }[] = [
  { tool: 'WindowLevel', label: 'W/L', key: 'W' },
  { tool: 'Pan', label: 'Pan', key: 'P' },
  { tool: 'Zoom', label: 'Zoom', key: 'Z' },
  { tool: 'Length', label: 'Length', key: 'L' },
  { tool: 'Probe', label: 'Probe', key: 'X' },
];

function choiceKey(c: VoiChoice): string {
  return c.kind === 'auto' || c.kind === 'range' ? c.kind : `${c.kind}:${c.index}`;
}

export function Toolbar() {
  const activeTool = useStore((s) => s.activeTool);
  const setTool = useStore((s) => s.setActiveTool);
  const voiChoice = useStore((s) => s.voiChoice);
  const setVoi = useStore((s) => s.setVoiChoice);
  const state = useStore((s) => s.viewportState);
  useStore((s) => s.renderedImageId);
  const showAnn = useStore((s) => s.showAnnotations);
  const toggleAnn = useStore((s) => s.toggleAnnotations);
  const openHelp = useStore((s) => s.setHelpOpen);
  const openTags = useStore((s) => s.setTagBrowserOpen);
  const options = windowOptionsForCurrent();
  const disabled = state !== 'ready';
  const selected =
    voiChoice.kind === 'auto' && options.length
      ? choiceKey(viewportController.resolveChoice(viewportController.currentBaseImageId ?? '', voiChoice))
      : choiceKey(voiChoice);

  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="group" aria-label="Mouse tool">
        {TOOLS.map((t) => (
          <button
            key={t.tool}
            className={activeTool === t.tool ? 'active' : ''}
            aria-pressed={activeTool === t.tool}
            title={`${t.label} (${t.key})`}
            onClick={() => setTool(t.tool)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label="View">
        <button title="Zoom in (+)" aria-label="Zoom in" disabled={disabled} onClick={() => viewportController.zoomBy(1.25)}>
          +
        </button>
        <button title="Zoom out (-)" aria-label="Zoom out" disabled={disabled} onClick={() => viewportController.zoomBy(0.8)}>
          −
        </button>
        <button title="Fit (F)" disabled={disabled} onClick={() => viewportController.fit()}>
          Fit
        </button>
        <button title="Invert (I)" disabled={disabled} onClick={() => viewportController.invert()}>
          Invert
        </button>
        <button title="Rotate 90° (R)" aria-label="Rotate 90°" disabled={disabled} onClick={() => viewportController.rotate(90)}>
          ⟳ 90°
        </button>
        <button title="Flip horizontal (H)" aria-label="Flip horizontal" disabled={disabled} onClick={() => viewportController.flipHorizontal()}>
          ⇋
        </button>
        <button title="Flip vertical (V)" aria-label="Flip vertical" disabled={disabled} onClick={() => viewportController.flipVertical()}>
          ⇵
        </button>
        <button title="Reset (0)" disabled={disabled} onClick={() => void viewportController.reset()}>
          Reset
        </button>
      </div>
      {options.length > 0 && (
        <label className="window-select">
          <span className="muted">Window</span>
          <select
            aria-label="Window preset"
            value={selected}
            onChange={(e) => {
              const opt = options.find((o) => choiceKey(o.choice) === e.target.value);
              if (opt) setVoi(opt.choice);
            }}
          >
            {options.map((o, i) => (
              <option key={choiceKey(o.choice)} value={choiceKey(o.choice)}>
                {i + 1}. {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="tool-group right" role="group" aria-label="Panels">
        <button aria-pressed={showAnn} title="Annotations (A)" onClick={toggleAnn}>
          Annotations
        </button>
        <button title="DICOM tags (T)" onClick={() => openTags(true)}>
          Tags
        </button>
        <button title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => openHelp(true)}>
          ?
        </button>
      </div>
    </div>
  );
}
