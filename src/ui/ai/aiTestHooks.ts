// window.__statreadAi: read-only views for end-to-end tests and benchmarks (full-precision probabilities,
// the backend, timings). Nothing here changes the app.
import { useAiStore } from '../../store/aiStore';

export interface AiTestSnapshot {
  state: string;
  reason: string;
  backend: string | null;
  backendHow: string | null;
  model: { id: string; version: string; source: string; loadMs: number } | null;
  fileName: string | null;
  forced: boolean;
  probabilities: Record<string, number>;
  ood: { distance: number; threshold: number; outOfDistribution: boolean } | null;
  heatmapLabel: string | null;
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
      const s = useAiStore.getState();
      const r = s.result;
      return {
        state: s.state,
        reason: s.reason,
        backend: s.backend?.name ?? null,
        backendHow: s.backend?.how ?? null,
        model: s.model ? { id: s.model.id, version: s.model.version, source: s.model.source, loadMs: s.model.loadMs } : null,
        fileName: r?.fileName ?? null,
        forced: !!r?.forced,
        probabilities: Object.fromEntries((r?.findings ?? []).map((f) => [f.label, f.probability])),
        ood: r?.ood ?? null,
        heatmapLabel: s.heatmap?.label ?? null,
        elapsedMs: r?.elapsedMs ?? null,
        timing: r?.timing ?? null,
      };
    },
  };
}
