// Scored results in IndexedDB (database "statread-triage", store "results", keyed by resultKey.ts), written one
// by one as they arrive so that a reload in the middle of a batch loses nothing already finished. Nothing here
// holds a patient identifier: the key is the SOP Instance UID or a content hash, the value the model's output.
// Store "reads" (database version 2) keeps the worklist's read marks by study (readKey.ts: hashed Study Instance
// UID, or a PNG/JPEG file's content hash), independent of the model version.
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
const READS = 'reads';
const DB_VERSION = 2;

export interface StoredReadMark {
  key: string;
  read: boolean;
  savedAt: number;
}
let dbPromise: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve) => {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      // Version 1 had only "results": an upgrade adds "reads" and keeps every stored result.
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
        if (!db.objectStoreNames.contains(READS)) db.createObjectStore(READS, { keyPath: 'key' });
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab opening a newer version: let it upgrade (this tab keeps working without storage).
        db.onversionchange = () => {
          db.close();
          dbPromise = Promise.resolve(null);
        };
        resolve(db);
      };
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

/** The stored read marks among `keys` (missing keys are absent from the map). */
export async function getReadMarks(keys: readonly string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  const db = await open();
  if (!db || keys.length === 0) return out;
  return new Promise((resolve) => {
    const tx = db.transaction(READS, 'readonly');
    const store = tx.objectStore(READS);
    for (const k of keys) {
      const r = store.get(k);
      r.onsuccess = () => {
        if (r.result) out.set(k, (r.result as StoredReadMark).read);
      };
    }
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => resolve(out);
    tx.onabort = () => resolve(out);
  });
}

export async function putReadMark(key: string, read: boolean): Promise<boolean> {
  const db = await open();
  if (!db) return false;
  return new Promise((resolve) => {
    const tx = db.transaction(READS, 'readwrite');
    const mark: StoredReadMark = { key, read, savedAt: Date.now() };
    tx.objectStore(READS).put(mark);
    tx.oncomplete = () => resolve(true);
    tx.onerror = () => resolve(false);
    tx.onabort = () => resolve(false);
  });
}
