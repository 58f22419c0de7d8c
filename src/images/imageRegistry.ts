// One registry for everything the app holds per opened image that is not React state: where its bytes are, its
// parsed header, its PNG/JPEG facts, its AI result key. Intake writes it; the viewer, scoring, the worklist and
// PACS read it. Capabilities that hold resources per image (Cornerstone's cache, queued scoring work) register a
// release hook, so that closing a study frees everything through one call, release(). Pure TS: no Cornerstone,
// React or store, so every folder may import it.
import type { ImageEntry, ReleaseHook } from './types';

const entries = new Map<string, ImageEntry>();
/** Image ids by source Blob: the frames of one file. */
const bySource = new Map<Blob, Set<string>>();
const hooks = new Set<ReleaseHook>();
/** Ids whose release hooks are running (a hook that releases them again is not run twice). */
const releasing = new Set<string>();

function unindex(e: ImageEntry): void {
  const ids = bySource.get(e.source);
  if (!ids) return;
  ids.delete(e.imageId);
  if (ids.size === 0) bySource.delete(e.source);
}

function index(e: ImageEntry): void {
  let ids = bySource.get(e.source);
  if (!ids) bySource.set(e.source, (ids = new Set()));
  ids.add(e.imageId);
}

export const imageRegistry = {
  /** Adds entries (an id already present is replaced). */
  add(added: ImageEntry[]): void {
    for (const e of added) {
      const old = entries.get(e.imageId);
      if (old) unindex(old);
      entries.set(e.imageId, e);
      index(e);
    }
  },

  get(imageId: string | null | undefined): ImageEntry | undefined {
    return imageId ? entries.get(imageId) : undefined;
  },

  has(imageId: string): boolean {
    return entries.has(imageId);
  },

  /** Every image id, in the order added. */
  ids(): string[] {
    return [...entries.keys()];
  },

  setResultKey(imageId: string, key: string | null): void {
    const e = entries.get(imageId);
    if (e) entries.set(imageId, { ...e, resultKey: key });
  },

  /** Images whose bytes are the same source Blob (frames of one file), in frame order. */
  framesOf(source: Blob): ImageEntry[] {
    const ids = bySource.get(source);
    if (!ids) return [];
    return [...ids].map((id) => entries.get(id)!).sort((a, b) => a.frame - b.frame);
  },

  /**
   * Runs every release hook (in the order registered) with the entries of these ids while they are still
   * readable, then forgets them. Unknown ids are ignored; nothing known, no hook runs. A hook that throws does
   * not stop the others nor keep the entries: the first error is thrown once all is done.
   */
  release(imageIds: string[]): void {
    const going: ImageEntry[] = [];
    for (const id of new Set(imageIds)) {
      const e = entries.get(id);
      if (e && !releasing.has(id)) going.push(e);
    }
    if (going.length === 0) return;
    for (const e of going) releasing.add(e.imageId);
    const errors: unknown[] = [];
    try {
      for (const hook of [...hooks]) {
        try {
          hook(going);
        } catch (err) {
          errors.push(err);
        }
      }
    } finally {
      for (const e of going) {
        releasing.delete(e.imageId);
        const cur = entries.get(e.imageId);
        if (!cur) continue;
        entries.delete(e.imageId);
        unindex(cur);
      }
    }
    if (errors.length) throw errors[0];
  },

  /** Registers a hook run by release(); returns its removal. */
  onRelease(hook: ReleaseHook): () => void {
    hooks.add(hook);
    return () => {
      hooks.delete(hook);
    };
  },

  /** Images held (tests and benchmarks). */
  size(): number {
    return entries.size;
  },
};
