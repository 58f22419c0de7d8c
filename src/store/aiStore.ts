// AI state (a zustand store of its own, so the viewer store stays untouched): model, backend, the scoring
// status of the image on screen, its findings and heatmap, and the heatmap display settings.
import { create } from 'zustand';
import type { Finding, Heatmap } from '../model/cxr-model';
import type { PreprocessSpec } from '../model/manifest';
import type { AdapterSummary, BackendName, BackendTiming, GateResult } from '../inference/protocol';

export type AiState = 'idle' | 'loading-model' | 'scoring' | 'done' | 'not-scored' | 'error';

export interface AiModelInfo {
  id: string;
  version: string;
  architecture: string;
  modelCardUrl: string;
  /** How the model fitted images to its square input (where the heatmap lies on the image). */
  fit: PreprocessSpec['fit'];
  source: 'network' | 'cache';
  loadMs: number;
}

export interface AiBackendInfo {
  name: BackendName;
  how: 'forced' | 'remembered' | 'timed' | 'default';
  why: string;
  adapter: AdapterSummary | null;
  timings: BackendTiming[];
}

export interface AiResult {
  key: string;
  fileName: string;
  findings: Finding[];
  forced: boolean;
  gate: GateResult;
  ood: { distance: number; threshold: number; outOfDistribution: boolean } | null;
  backend: BackendName;
  /** From the moment scoring was asked for until the result arrived (ms), and the worker's own split. */
  elapsedMs: number;
  timing: { decodeMs: number; preprocessMs: number; networkMs: number; camMs: number; totalMs: number };
}

export interface AiStore {
  state: AiState;
  reason: string;
  model: AiModelInfo | null;
  backend: AiBackendInfo | null;
  /** Image key (Cornerstone image id) the state refers to. */
  imageKey: string | null;
  result: AiResult | null;
  selectedFinding: string | null;
  heatmap: Heatmap | null;
  heatmapVisible: boolean;
  heatmapOpacity: number;
  set: (partial: Partial<Omit<AiStore, 'set'>>) => void;
  toggleHeatmap: () => void;
}

export const useAiStore = create<AiStore>()((set) => ({
  state: 'idle',
  reason: 'no image open',
  model: null,
  backend: null,
  imageKey: null,
  result: null,
  selectedFinding: null,
  heatmap: null,
  heatmapVisible: true,
  heatmapOpacity: 0.45,
  set: (partial) => set(partial),
  toggleHeatmap: () => set((s) => ({ heatmapVisible: !s.heatmapVisible })),
}));
