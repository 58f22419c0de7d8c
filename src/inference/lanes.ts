// The scoring service's running parts, shared by its modules: the model session, the on-screen and background
// worker pools (one and the same pool when they run the same backend), the background time limit, and which
// worker still holds the features of an image (for heatmaps without a model run).
import type { InferenceClient } from './client';
import type { ModelSession } from './modelSession';
import type { ModelRef } from './resultKey';
import type { WorkerPool } from './workerPool';

export interface Lanes {
  session: ModelSession | null;
  onScreen: WorkerPool | null;
  background: WorkerPool | null;
  /** Per-image limit for background work (ms) before its worker counts as hung. */
  itemTimeoutMs: number | null;
}

export const lanes: Lanes = { session: null, onScreen: null, background: null, itemTimeoutMs: null };

/** On-screen requests: the reader waits, so they get the client's own generous limit. */
export const ON_SCREEN_TIMEOUT_MS = 180_000;

let settle: { resolve: (s: ModelSession) => void; reject: (e: Error) => void } | null = null;
/** Resolves once the model is loaded (rejects when it cannot be). */
export const modelReady: Promise<ModelSession> = new Promise((resolve, reject) => {
  settle = { resolve, reject };
});
modelReady.catch(() => undefined);

export function settleModel(session: ModelSession | Error): void {
  if (session instanceof Error) settle?.reject(session);
  else settle?.resolve(session);
}

/** The loaded model session, or why there is none (the words a failed request gives). */
export async function sessionOrReason(): Promise<ModelSession | string> {
  try {
    return await modelReady;
  } catch (err) {
    return `the AI model could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export function modelRef(s: ModelSession): ModelRef {
  return { id: s.model.id, version: s.model.version };
}

/** Worker key (the key an image was scored under) -> the worker that may still hold its features. */
export const featureHolders = new Map<string, InferenceClient>();
/** A worker keeps the features of its last few images only: older holders are forgotten. */
const HOLDERS = 64;

export function rememberHolder(workerKey: string, client: InferenceClient): void {
  featureHolders.delete(workerKey);
  featureHolders.set(workerKey, client);
  while (featureHolders.size > HOLDERS) featureHolders.delete(featureHolders.keys().next().value as string);
}
/** Image id -> the worker key of its latest run (its result key, or a key of its own for "Score anyway"). */
export const workerKeys = new Map<string, string>();
