// Read marks kept across reloads: a row marked read (or unread) is saved in IndexedDB under its study's
// identity (readKey.ts), and when the same study comes back (a reload, the same folder dropped again, another
// day) its stored mark is restored. A mark set before the row's identity is known (a PNG/JPEG not hashed yet) is
// saved once it is; a mark set in this session wins over a stored one.
import { imageContentHash } from './contentHash';
import { readMarkKey } from './readKey';
import { getReadMarks, putReadMark } from './readStore';
import { useTriageStore } from './triageStore';

const tri = () => useTriageStore.getState();

/** Row key -> read-mark key, for the rows whose stored mark was looked up. */
const readKeys = new Map<string, string>();
let restoring = false;
let running: Promise<void> | null = null;
let again = false;

async function syncOnce(): Promise<void> {
  const rows = tri().rows;
  for (const rk of [...readKeys.keys()]) if (!rows[rk]) readKeys.delete(rk);
  const want: [string, string][] = [];
  for (const [rk, row] of Object.entries(rows)) {
    if (readKeys.has(rk)) continue;
    const key = await readMarkKey(row, imageContentHash);
    if (!key) continue;
    readKeys.set(rk, key);
    want.push([rk, key]);
  }
  if (want.length === 0) return;
  const found = await getReadMarks(want.map(([, k]) => k));
  for (const [rk, key] of want) {
    if (!tri().rows[rk]) continue;
    const now = tri().read[rk];
    const stored = found.get(key);
    if (now !== undefined) {
      // Marked in this session (before its identity was known, or during the lookup): save that.
      if (now !== stored) void putReadMark(key, now);
    } else if (stored !== undefined) {
      restoring = true;
      try {
        tri().markRead(rk, stored);
      } finally {
        restoring = false;
      }
    }
  }
}

/** Looks up the stored marks of the rows whose identity became known since the last call. */
export function syncReadMarks(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await syncOnce();
      } while (again);
    } finally {
      running = null;
    }
  })();
  return running;
}

/** Saves every read-mark change of a row whose identity is known (once per page). */
export function startReadMarks(): void {
  useTriageStore.subscribe((s, prev) => {
    if (s.read === prev.read || restoring) return;
    for (const [rk, read] of Object.entries(s.read)) {
      if (prev.read[rk] === read) continue;
      const key = readKeys.get(rk);
      if (key) void putReadMark(key, read);
    }
  });
}
