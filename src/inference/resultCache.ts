// Scored results in IndexedDB (resultDb.ts, store "results"), written one by one as they arrive so that a reload
// in the middle of a batch loses nothing already finished. The caller's key is the result key (resultKey.ts: model,
// SOP Instance UID or content hash); resultDb stores the row under a keyed hash of it, so no row holds a UID. The
// value is the model's output only: no file name, no header value.
import type { AbnormalScore, Finding } from '../model/cxrModel';
import type { GateResult } from './protocol';
import { getMany, putOne, RESULTS } from './resultDb';

export interface StoredResult {
  modelId: string;
  modelVersion: string;
  scored: boolean;
  reason: string;
  findings: Finding[];
  /** The "any finding" score; absent in records written before it existed (read as null). */
  abnormal?: AbnormalScore | null;
  backend: string;
  gate: GateResult;
  ood: { distance: number; threshold: number; outOfDistribution: boolean } | null;
}

/** The stored, unexpired results among `keys` (result keys; missing ones are absent from the map). */
export function getResults(keys: readonly string[]): Promise<Map<string, StoredResult>> {
  return getMany<StoredResult>(RESULTS, keys);
}

/** Stores the result of result key `key`; false when it could not be kept (the reader is told once). */
export function putResult(key: string, result: StoredResult): Promise<boolean> {
  const { modelId, modelVersion, scored, reason, findings, backend, gate, ood } = result;
  const abnormal = result.abnormal ?? null;
  return putOne(RESULTS, key, { modelId, modelVersion, scored, reason, findings, abnormal, backend, gate, ood });
}

let batch: Map<string, ((r: StoredResult | undefined) => void)[]> | null = null;

/** One stored result; the keys asked for in one turn of the event loop are read in one transaction. */
export function readResult(key: string): Promise<StoredResult | undefined> {
  if (!batch) {
    const mine = new Map<string, ((r: StoredResult | undefined) => void)[]>();
    batch = mine;
    setTimeout(() => {
      batch = null;
      void getResults([...mine.keys()]).then((found) => {
        for (const [k, waiters] of mine) for (const w of waiters) w(found.get(k));
      });
    }, 0);
  }
  const b = batch;
  return new Promise((resolve) => b.set(key, [...(b.get(key) ?? []), resolve]));
}
