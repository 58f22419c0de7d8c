// The IndexedDB database behind the result cache and the worklist's read marks: "statread-triage", version 3,
// stores "results" (resultCache.ts), "reads" (src/triage/readStore.ts) and "meta" (the row-key secret). One opener
// and one set of operations for both, so every row is keyed, timed and expired the same way (storagePolicy.ts):
//
// - Callers use logical keys (a result key carries the SOP Instance UID or the file's SHA-256; a read-mark key a
//   study or file hash). A row is stored under HMAC-SHA-256(per-install secret, store + logical key) and holds
//   only the caller's value and `storedAt`: no UID, no file name, no patient detail, no unsalted hash.
// - A row older than the retention (storedDataStore.ts, default 30 days) is never returned, and is deleted by
//   pruneStoredData() (at start-up and when the retention is shortened).
// - clearStoredData() deletes every row of every store, the secret included: the next write makes a new one.
// - A write that fails (quota, storage disabled or blocked) resolves false and the reader is told once per page.
//
// Upgrade to version 3: the "results" and "reads" stores of versions 1-2 (keyed by UID in clear or by unsalted
// hashes, without expiry) are deleted and made anew; what they held is scored or marked again when next opened.
import { expiryCutoff, futureCutoff, isFresh, newRowKeySecret, rowKey } from './storagePolicy';
import { reportWriteFailure, saveRetentionDays, useStoredDataStore } from './storedDataStore';

const DB_NAME = 'statread-triage';
const DB_VERSION = 3;
export const RESULTS = 'results';
export const READS = 'reads';
const META = 'meta';
/** The stores that hold rows for images and studies. */
const DATA_STORES = [RESULTS, READS] as const;
const SECRET_ID = 'row-key-secret';
const STORED_AT = 'storedAt';
/** Tabs of this origin tell each other that the stored data was cleared (their secret is gone). */
const CHANNEL = 'statread-stored-data';
/** How long an upgrade waits for another tab to close its older connection. */
const BLOCKED_WAIT_MS = 3000;

/** The fields every stored row has besides the caller's value. */
export interface RowMeta {
  key: string;
  storedAt: number;
}

let dbPromise: Promise<IDBDatabase | null> | null = null;
/** The row-key secret once known (read or created); dropped when the data is cleared here or in another tab. */
let secretPromise: Promise<CryptoKey | null> | null = null;
/** Bumped by every clear: a key computed with an older secret is computed again. */
let generation = 0;
let channel: BroadcastChannel | null = null;

function forgetSecret(): void {
  generation++;
  secretPromise = null;
}

function listen(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => forgetSecret();
}

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 3) {
    for (const name of DATA_STORES) {
      if (db.objectStoreNames.contains(name)) db.deleteObjectStore(name);
      db.createObjectStore(name, { keyPath: 'key' }).createIndex(STORED_AT, STORED_AT);
    }
    if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: 'id' });
  }
}

/** The open database, or null where storage is unavailable (private mode, disabled, blocked by an older tab). */
export function openResultDb(): Promise<IDBDatabase | null> {
  if (!dbPromise) {
    dbPromise = new Promise((resolve) => {
      if (typeof indexedDB === 'undefined') return resolve(null);
      listen();
      let req: IDBOpenDBRequest;
      try {
        req = indexedDB.open(DB_NAME, DB_VERSION);
      } catch {
        return resolve(null);
      }
      let settled = false;
      const settle = (db: IDBDatabase | null) => {
        if (!settled) resolve(db);
        settled = true;
      };
      req.onupgradeneeded = (e) => upgrade(req.result, e.oldVersion);
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading or deleting the database: let it, and open it again when next needed.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
          secretPromise = null;
        };
        // Opened after all (a blocking connection closed late): used from the next call on.
        if (settled) dbPromise = Promise.resolve(db);
        settle(db);
      };
      req.onerror = () => settle(null);
      // Another connection still holds an older version: it is asked to close; go on without storage if it does not.
      req.onblocked = () => setTimeout(() => settle(null), BLOCKED_WAIT_MS);
    });
  }
  return dbPromise;
}

function transaction(db: IDBDatabase, stores: string | string[], mode: IDBTransactionMode): IDBTransaction | null {
  try {
    return db.transaction(stores, mode);
  } catch {
    return null; // closed (another tab's upgrade) or a store missing
  }
}

function readSecret(db: IDBDatabase): Promise<CryptoKey | null> {
  return new Promise((resolve) => {
    const tx = transaction(db, META, 'readonly');
    if (!tx) return resolve(null);
    const r = tx.objectStore(META).get(SECRET_ID);
    tx.oncomplete = () => resolve((r.result as { key?: CryptoKey } | undefined)?.key ?? null);
    tx.onerror = tx.onabort = () => resolve(null);
  });
}

/** The stored secret, or a new one stored now (one transaction: two tabs creating one at once keep the first). */
async function createSecret(db: IDBDatabase): Promise<CryptoKey | null> {
  let fresh: CryptoKey;
  try {
    fresh = await newRowKeySecret();
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    const tx = transaction(db, META, 'readwrite');
    if (!tx) return resolve(null);
    let chosen: CryptoKey = fresh;
    try {
      const os = tx.objectStore(META);
      const r = os.get(SECRET_ID);
      r.onsuccess = () => {
        const found = (r.result as { key?: CryptoKey } | undefined)?.key;
        if (found) chosen = found;
        else os.put({ id: SECRET_ID, key: fresh });
      };
    } catch {
      return resolve(null);
    }
    tx.oncomplete = () => resolve(chosen);
    tx.onerror = tx.onabort = () => resolve(null);
  });
}

/** The row-key secret; with `create`, made when there is none (writes), else null then (reads: nothing is stored). */
async function secret(db: IDBDatabase, create: boolean): Promise<CryptoKey | null> {
  const gen = generation;
  if (secretPromise) {
    const s = await secretPromise;
    if (s && gen === generation) return s;
  }
  const p = readSecret(db).then((s) => s ?? (create ? createSecret(db) : null));
  const s = await p;
  // Keep it only if no clear happened meanwhile (else it may be the deleted one).
  if (s && gen === generation) secretPromise = Promise.resolve(s);
  return gen === generation ? s : null;
}

function now(): number {
  return Date.now();
}

/** Reads the rows of `logicalKeys` in one transaction; missing and expired rows are absent from the map. */
export async function getMany<T>(store: string, logicalKeys: readonly string[]): Promise<Map<string, T & RowMeta>> {
  const out = new Map<string, T & RowMeta>();
  const db = await openResultDb();
  if (!db || logicalKeys.length === 0) return out;
  const gen = generation;
  const s = await secret(db, false);
  if (!s) return out;
  const keys = await Promise.all(logicalKeys.map((k) => rowKey(s, store, k)));
  if (gen !== generation) return out; // cleared while keying: nothing of that secret is left
  const t = now();
  const days = useStoredDataStore.getState().retentionDays;
  return new Promise((resolve) => {
    const tx = transaction(db, store, 'readonly');
    if (!tx) return resolve(out);
    const os = tx.objectStore(store);
    keys.forEach((k, i) => {
      const r = os.get(k);
      r.onsuccess = () => {
        const row = r.result as (T & RowMeta) | undefined;
        if (row && isFresh(row.storedAt, t, days)) out.set(logicalKeys[i], row);
      };
    });
    tx.oncomplete = () => resolve(out);
    tx.onerror = tx.onabort = () => resolve(out);
  });
}

function putRow(db: IDBDatabase, store: string, row: object): Promise<boolean> {
  return new Promise((resolve) => {
    const tx = transaction(db, store, 'readwrite');
    if (!tx) return resolve(false);
    try {
      tx.objectStore(store).put(row);
    } catch {
      // e.g. a DataCloneError or a QuotaExceededError thrown at once
      tx.abort();
      return resolve(false);
    }
    tx.oncomplete = () => resolve(true);
    tx.onerror = tx.onabort = () => resolve(false);
  });
}

/** Writes one row under `logicalKey` (stored keyed and timed); false, and the reader told once, when it could not be kept. */
export async function putOne(store: string, logicalKey: string, value: object): Promise<boolean> {
  const ok = await (async () => {
    const db = await openResultDb();
    if (!db) return false;
    for (let attempt = 0; attempt < 3; attempt++) {
      const gen = generation;
      const s = await secret(db, true);
      if (!s) return false;
      const key = await rowKey(s, store, logicalKey);
      if (gen !== generation) continue; // cleared while keying: key it again with the new secret
      return putRow(db, store, { ...value, key, storedAt: now() } satisfies RowMeta);
    }
    return false;
  })();
  if (!ok) reportWriteFailure();
  return ok;
}

/** Deletes the rows stored before the retention; resolves how many went (0 where storage is unavailable). */
export async function pruneStoredData(): Promise<number> {
  const db = await openResultDb();
  if (!db) return 0;
  const t = now();
  // Too old, or from a future that never was (isFresh): both are never used, so both go.
  const ranges = [IDBKeyRange.upperBound(expiryCutoff(t, useStoredDataStore.getState().retentionDays), true), IDBKeyRange.lowerBound(futureCutoff(t), true)];
  return new Promise((resolve) => {
    const tx = transaction(db, [...DATA_STORES], 'readwrite');
    if (!tx) return resolve(0);
    let deleted = 0;
    for (const name of DATA_STORES) {
      for (const range of ranges) {
        const r = tx.objectStore(name).index(STORED_AT).openKeyCursor(range);
        r.onsuccess = () => {
          const c = r.result;
          if (!c) return;
          tx.objectStore(name).delete(c.primaryKey);
          deleted++;
          c.continue();
        };
      }
    }
    tx.oncomplete = () => resolve(deleted);
    tx.onerror = tx.onabort = () => resolve(0);
  });
}

export interface StoredCounts {
  results: number;
  reads: number;
}

/** How many rows each store holds (null where storage is unavailable). */
export async function countStoredData(): Promise<StoredCounts | null> {
  const db = await openResultDb();
  if (!db) return null;
  return new Promise((resolve) => {
    const tx = transaction(db, [...DATA_STORES], 'readonly');
    if (!tx) return resolve(null);
    const results = tx.objectStore(RESULTS).count();
    const reads = tx.objectStore(READS).count();
    tx.oncomplete = () => resolve({ results: results.result, reads: reads.result });
    tx.onerror = tx.onabort = () => resolve(null);
  });
}

/**
 * Deletes every stored result and read mark and the row-key secret (the next write makes a new one, so nothing
 * written before could be matched even if a copy of it survived elsewhere). Other tabs are told to drop their
 * copy of the secret. Resolves false when the database could not be cleared.
 */
export async function clearStoredData(): Promise<boolean> {
  const db = await openResultDb();
  if (!db) return false;
  forgetSecret();
  const ok = await new Promise<boolean>((resolve) => {
    const tx = transaction(db, [...DATA_STORES, META], 'readwrite');
    if (!tx) return resolve(false);
    for (const name of [...DATA_STORES, META]) tx.objectStore(name).clear();
    tx.oncomplete = () => resolve(true);
    tx.onerror = tx.onabort = () => resolve(false);
  });
  forgetSecret();
  try {
    channel?.postMessage('cleared');
  } catch {
    // no channel: another open tab keeps writing with the old secret; its rows cannot be read and expire
  }
  return ok;
}

/** Sets the retention (days) and deletes at once what it no longer allows. */
export async function setRetentionDays(days: number): Promise<number> {
  const d = saveRetentionDays(days);
  await pruneStoredData();
  return d;
}
