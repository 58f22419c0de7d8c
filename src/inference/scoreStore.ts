// The scoring service's state (one zustand store): the model and backend, the background pool, every image's
// score by image id, which image is on screen, and that image's heatmap with its display settings. Written only
// by the scoring service; the findings panel, the heatmap overlay, Send to PACS and the worklist read it.
import { create } from 'zustand';
import type { AbnormalScore, Finding, Heatmap } from '../model/cxrModel';
import type { PreprocessSpec } from '../model/manifest';
import type { AdapterSummary, BackendName, BackendTiming, GateResult } from './protocol';

export type ScoreStatus = 'queued' | 'scoring' | 'done' | 'not-scored' | 'error';

export interface ModelInfo {
  id: string;
  version: string;
  architecture: string;
  modelCardUrl: string;
  /** How the model fitted images to its square input (where the heatmap lies on the image). */
  fit: PreprocessSpec['fit'];
  /** Findings without an operating point and why (manifest.notValidated; empty for models before v2). */
  notValidated: Record<string, string>;
  /** The "any finding" output's operating point and the sensitivity it was chosen for (null: no such output). */
  abnormal: { operatingPoint: number; targetSensitivity: number } | null;
  source: 'network' | 'cache';
  loadMs: number;
}

export interface BackendInfo {
  name: BackendName;
  how: 'forced' | 'remembered' | 'timed' | 'default';
  why: string;
  adapter: AdapterSummary | null;
  timings: BackendTiming[];
}

export interface ScoreTiming {
  decodeMs: number;
  preprocessMs: number;
  networkMs: number;
  camMs: number;
  totalMs: number;
}

/** What the model said about one image (also for a gate refusal: then findings are empty). */
export interface ScoredResult {
  fileName: string;
  findings: Finding[];
  /** The "any finding" score (null: the model has none, or a result stored before it existed). */
  abnormal: AbnormalScore | null;
  forced: boolean;
  gate: GateResult;
  ood: { distance: number; threshold: number; outOfDistribution: boolean } | null;
  /** Backend that computed it ('' for a refusal from the DICOM header alone). */
  backend: string;
  modelId: string;
  modelVersion: string;
  /** The worker's own split (zeros for results read back from IndexedDB). */
  timing: ScoreTiming;
}

export interface ScoreEntry {
  imageId: string;
  fileName: string;
  status: ScoreStatus;
  /** Why it is not scored / failed (empty otherwise). */
  reason: string;
  result: ScoredResult | null;
  /** Read back from IndexedDB instead of computed in this session. */
  fromCache: boolean;
  /** From the moment it was asked for until the result arrived (ms). */
  elapsedMs: number | null;
  timing: ScoreTiming | null;
}

export interface PoolInfo {
  size: number;
  backend: string;
  restarts: number;
}

export interface ScoreStore {
  modelState: 'loading' | 'ready' | 'error';
  /** What the model is doing while loading, or why it failed. */
  modelReason: string;
  model: ModelInfo | null;
  backend: BackendInfo | null;
  /** The workers that score in the background (the worklist's pool) and their backend. */
  pool: PoolInfo | null;
  images: Record<string, ScoreEntry>;
  /** The image the viewer shows (its score goes first; it gets a heatmap). */
  onScreen: string | null;
  heatmap: { imageId: string; map: Heatmap } | null;
  /** The finding whose map is shown or on its way (the default one, or the one the reader clicked). */
  selectedFinding: string | null;
  /** The reader hid the map of the image on screen: no default map is shown for it until they ask for one. */
  heatmapDismissed: boolean;
  heatmapVisible: boolean;
  heatmapOpacity: number;
  set: (partial: Partial<Omit<ScoreStore, 'set' | 'setEntry' | 'dropEntries' | 'toggleHeatmap'>>) => void;
  setEntry: (entry: ScoreEntry) => void;
  dropEntries: (imageIds: string[]) => void;
  toggleHeatmap: () => void;
}

export const useScoreStore = create<ScoreStore>()((set) => ({
  modelState: 'loading',
  modelReason: 'loading the model',
  model: null,
  backend: null,
  pool: null,
  images: {},
  onScreen: null,
  heatmap: null,
  selectedFinding: null,
  heatmapDismissed: false,
  heatmapVisible: true,
  // The map's own alpha ramp leaves weak evidence transparent (colormap.ts), so the strong part can be fairly opaque.
  heatmapOpacity: 0.7,
  set: (partial) => set(partial),
  setEntry: (entry) => set((s) => ({ images: { ...s.images, [entry.imageId]: entry } })),
  dropEntries: (ids) =>
    set((s) => {
      if (!ids.some((id) => s.images[id])) return {};
      const images = { ...s.images };
      for (const id of ids) delete images[id];
      return { images };
    }),
  toggleHeatmap: () => set((s) => ({ heatmapVisible: !s.heatmapVisible })),
}));
