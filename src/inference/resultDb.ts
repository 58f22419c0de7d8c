// The IndexedDB database behind the result cache and the worklist's read marks: "statread-triage", version 2,
// stores "results" (resultCache.ts) and "reads" (src/triage/readStore.ts). One opener for both, so the upgrade
// from version 1 (results only) adds "reads" and keeps every stored result whichever opens it first.
const DB_NAME = 'statread-triage';
const DB_VERSION = 2;
export const RESULTS = 'results';
export const READS = 'reads';

let dbPromise: Promise<IDBDatabase | null> | null = null;

/** The open database, or null where storage is unavailable (private mode, quota, blocked): nothing is kept then. */
export function openResultDb(): Promise<IDBDatabase | null> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve) => {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(RESULTS)) db.createObjectStore(RESULTS, { keyPath: 'key' });
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
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    });
  }
  return dbPromise;
}

/** Reads `keys` from `store` in one transaction; missing keys are absent from the map. */
export async function getMany<T>(store: string, keys: readonly string[]): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const db = await openResultDb();
  if (!db || keys.length === 0) return out;
  return new Promise((resolve) => {
    const tx = db.transaction(store, 'readonly');
    const os = tx.objectStore(store);
    for (const k of keys) {
      const r = os.get(k);
      r.onsuccess = () => {
        if (r.result) out.set(k, r.result as T);
      };
    }
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => resolve(out);
    tx.onabort = () => resolve(out);
  });
}

/** Writes one record; false when it could not be kept. */
export async function putOne(store: string, value: unknown): Promise<boolean> {
  const db = await openResultDb();
  if (!db) return false;
  return new Promise((resolve) => {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value);
    tx.oncomplete = () => resolve(true);
    tx.onerror = () => resolve(false);
    tx.onabort = () => resolve(false);
  });
}
