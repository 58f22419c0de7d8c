// Typed messages between the main thread (client.ts) and the inference worker (worker.ts). Every request
// carries an id; the worker answers each with exactly one response of the same id (result or error).
import type { AbnormalScore, Finding, Heatmap } from '../model/cxrModel';
import type { ModelManifest } from '../model/manifest';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function parseBackend(value: string | null | undefined): BackendName | null {
  const v = (value ?? '').toLowerCase();
  return (BACKENDS as readonly string[]).includes(v) ? (v as BackendName) : null;
}

/** What the WebGPU adapter says about itself (empty strings when unknown; null when there is no adapter). */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /** A software rasteriser (SwiftShader, lavapipe, llvmpipe, or a fallback adapter). */
  software: boolean;
}

export interface ProbeResult {
  manifest: ModelManifest;
  /** URL of manifest.json (model card and weights are relative to it). */
  manifestUrl: string;
  modelCardUrl: string;
  /** Where index.json and manifest.json came from. */
  metadataSource: 'network' | 'cache';
  adapter: AdapterSummary | null;
  /** Backends that registered in this worker (webgpu only when an adapter exists). */
  available: BackendName[];
}

/** Which backend the worker runs and why (the choice itself is made on the main thread: backendChoice.ts). */
export interface BackendChoice {
  backend: BackendName;
  how: 'forced' | 'remembered' | 'timed' | 'default';
  why: string;
}

export interface BackendTiming {
  backend: BackendName;
  /** Warm inference in ms; null when it failed or was skipped (reason). */
  warmMs: number | null;
  coldMs: number | null;
  reason?: string;
}

export interface InitResult {
  backend: BackendName;
  /** The first (cold) inference after loading: kernel compilation included. */
  firstInferenceMs: number;
  modelSource: 'network' | 'cache';
  modelLoadMs: number;
  /** IndexedDB key the model is cached under. */
  cacheKey: string;
}

export interface GateResult {
  /** true: score it. */
  pass: boolean;
  stage: 'header' | 'image' | null;
  reason: string;
}

export interface ScoreResult {
  key: string;
  fileName: string;
  width: number;
  height: number;
  /** Header gate and image gate (OOD). When `gate.pass` is false and not forced, findings are empty. */
  gate: GateResult;
  forced: boolean;
  scored: boolean;
  findings: Finding[];
  /** The "any finding" score, for a model that has one (absent in results stored by older versions). */
  abnormal?: AbnormalScore | null;
  probabilities: Record<string, number>;
  ood: { distance: number; threshold: number; outOfDistribution: boolean } | null;
  heatmap: Heatmap | null;
  backend: BackendName;
  timing: { decodeMs: number; preprocessMs: number; networkMs: number; camMs: number; totalMs: number };
}

export type WorkerRequest =
  | { type: 'probe'; id: number; indexUrl: string }
  | { type: 'init'; id: number; choice: BackendChoice }
  | {
      type: 'score';
      id: number;
      key: string;
      fileName: string;
      frame: number;
      bytes: ArrayBuffer;
      force: boolean;
      /** Heatmap for this label (default: highest-scoring critical finding), at camSize x camSize; 0: none. */
      camLabel?: string;
      camSize: number;
      /**
       * Test builds only (recovery tests): the worker crashes on this request (an uncaught error, no answer) or
       * hangs (a busy loop that never returns), so that the client's restart path can be exercised.
       */
      fault?: WorkerFault;
    }
  | { type: 'cam'; id: number; key: string; label: string; camSize: number }
  | { type: 'time'; id: number; runs: number }
  | { type: 'cancel'; id: number; target: number };

export type WorkerResponse = { type: 'result'; id: number; result: unknown } | { type: 'error'; id: number; message: string; cancelled?: boolean };

export type WorkerFault = 'crash' | 'hang';

/** Mapping of request type to result type (for the typed client). */
export interface ResultOf {
  probe: ProbeResult;
  init: InitResult;
  score: ScoreResult;
  cam: Heatmap;
  /** Median warm inference (ms) of a synthetic image, and each run. */
  time: { medianMs: number; runsMs: number[] };
}
