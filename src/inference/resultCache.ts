// Scored results in IndexedDB (resultDb.ts, store "results", keyed by resultKey.ts), written one by one as they
// arrive so that a reload in the middle of a batch loses nothing already finished. Nothing here holds a patient
// identifier: the key is the SOP Instance UID or a content hash, the value the model's output.
import type { Finding } from '../model/cxrModel';
import type { GateResult } from './protocol';
import { getMany, putOne, RESULTS } from './resultDb';

export interface StoredResult {
  key: string;
  modelId: string;
  modelVersion: string;
  scored: boolean;
  reason: string;
  findings: Finding[];
  backend: string;
  savedAt: number;
  /** Kept since one service scores for the panel too (absent in records written before). */
  gate?: GateResult;
  ood?: { distance: number; threshold: number; outOfDistribution: boolean } | null;
}

/** The stored results among `keys` (missing keys are absent from the map). */
export function getResults(keys: readonly string[]): Promise<Map<string, StoredResult>> {
  return getMany<StoredResult>(RESULTS, keys);
}

export function putResult(result: StoredResult): Promise<boolean> {
  return putOne(RESULTS, result);
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
