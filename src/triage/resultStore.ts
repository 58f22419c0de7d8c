// Scored results in IndexedDB (database "statread-triage", store "results", keyed by resultKey.ts), written one
// by one as they arrive so that a reload in the middle of a batch loses nothing already finished. Nothing here
// holds a patient identifier: the key is the SOP Instance UID or a content hash, the value the model's output.
import type { Finding } from '../model/cxr-model';

export interface StoredResult {
  key: string;
  modelId: string;
  modelVersion: string;
  scored: boolean;
  reason: string;
  findings: Finding[];
  backend: string;
  savedAt: number;
}

const DB_NAME = 'statread-triage';
const STORE = 'results';
let dbPromise: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve) => {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      // Storage disabled (private mode, quota): results are simply not kept.
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    });
  }
  return dbPromise;
}

/** The stored results among `keys` (missing keys are absent from the map). */
export async function getResults(keys: readonly string[]): Promise<Map<string, StoredResult>> {
  const out = new Map<string, StoredResult>();
  const db = await open();
  if (!db || keys.length === 0) return out;
  return new Promise((resolve) => {
    const tx = db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    for (const k of keys) {
      const r = store.get(k);
      r.onsuccess = () => {
        if (r.result) out.set(k, r.result as StoredResult);
      };
    }
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => resolve(out);
    tx.onabort = () => resolve(out);
  });
}

export async function putResult(result: StoredResult): Promise<boolean> {
  const db = await open();
  if (!db) return false;
  return new Promise((resolve) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(result);
    tx.oncomplete = () => resolve(true);
    tx.onerror = () => resolve(false);
    tx.onabort = () => resolve(false);
  });
}

export async function countResults(): Promise<number> {
  const db = await open();
  if (!db) return 0;
  return new Promise((resolve) => {
    const r = db.transaction(STORE, 'readonly').objectStore(STORE).count();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => resolve(0);
  });
}

export async function clearResults(): Promise<void> {
  const db = await open();
  if (!db) return;
  await new Promise<void>((resolve) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).clear();
    tx.oncomplete = () => resolve();
    tx.onerror = () => resolve();
  });
}
