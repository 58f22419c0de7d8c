// window.__statreadAi: read-only views of the findings panel for end-to-end tests and benchmarks (full-precision
// probabilities, the backend, timings); test builds only (installed from src/testing/installTestHooks.ts).
import { onScreenEntry, panelReason, panelState } from '../../inference/onScreenView';
import { useScoreStore } from '../../inference/scoreStore';

export interface AiTestSnapshot {
  state: string;
  reason: string;
  backend: string | null;
  backendHow: string | null;
  model: { id: string; version: string; source: string; loadMs: number } | null;
  fileName: string | null;
  forced: boolean;
  probabilities: Record<string, number>;
  /** Findings at or over their operating point (validated ones only). */
  above: string[];
  /** The "any finding" score (null: the model has none). */
  abnormal: { probability: number; operatingPoint: number; positive: boolean } | null;
  ood: { distance: number; threshold: number; outOfDistribution: boolean } | null;
  /** The finding whose map is on screen (null: none). */
  heatmapLabel: string | null;
  /** The finding whose map is shown or on its way (the default one, or the reader's). */
  selectedFinding: string | null;
  elapsedMs: number | null;
  timing: { decodeMs: number; preprocessMs: number; networkMs: number; camMs: number; totalMs: number } | null;
}

declare global {
  interface Window {
    __statreadAi?: { snapshot(): AiTestSnapshot };
  }
}

export function installAiTestHooks(): void {
  window.__statreadAi = {
    snapshot() {
      const s = useScoreStore.getState();
      const state = panelState(s);
      const e = onScreenEntry(s);
      // Like the panel: an entry's result counts once it is settled (not while a new run of it is under way).
      const r = state === 'done' || state === 'not-scored' ? (e?.result ?? null) : null;
      const heatmap = s.heatmap && s.heatmap.imageId === s.onScreen && state === 'done' ? s.heatmap.map : null;
      return {
        state,
        reason: panelReason(s),
        backend: s.backend?.name ?? null,
        backendHow: s.backend?.how ?? null,
        model: s.model ? { id: s.model.id, version: s.model.version, source: s.model.source, loadMs: s.model.loadMs } : null,
        fileName: e?.fileName ?? null,
        forced: !!r?.forced,
        probabilities: Object.fromEntries((r?.findings ?? []).map((f) => [f.label, f.probability])),
        above: (r?.findings ?? []).filter((f) => f.positive).map((f) => f.label),
        abnormal: r?.abnormal ?? null,
        ood: r?.ood ?? null,
        heatmapLabel: heatmap?.label ?? null,
        selectedFinding: state === 'done' ? s.selectedFinding : null,
        elapsedMs: r ? (e?.elapsedMs ?? null) : null,
        timing: r ? (e?.timing ?? null) : null,
      };
    },
  };
}
