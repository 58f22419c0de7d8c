// The scoring service: one per page, started from main.tsx. It loads the model once (modelSession.ts), owns the
// backend choice and the workers (workerPool.ts: an on-screen lane in front, background work behind it), keeps
// results per result key in memory and IndexedDB, and publishes them per image id in the score store. The
// findings panel, the worklist and PACS "Score all" only ask it (request/lookup/showOnScreen) and read the store.
import { imageRegistry } from '../images';
import { CancelledError, InferenceClient } from './client';
import { defaultHeatmapFinding } from '../model/cxrModel';
import { ensureHeatmap, hideHeatmap, showHeatmap } from './heatmaps';
import { lanes, settleModel } from './lanes';
import { openModelSession, timeBackendsWhenIdle, type ModelSession } from './modelSession';
import { aiDisabled, backgroundBackend, defaultItemTimeout, poolSize } from './poolConfig';
import type { BackendName } from './protocol';
import { lookup, releaseScores, request, type ScoreRequestOptions } from './scoreJobs';
import { requestCounts, requestTotals } from './requestLog';
import { useScoreStore } from './scoreStore';
import { WorkerPool } from './workerPool';
import type { ScoreOutcome } from './outcomes';

const st = () => useScoreStore.getState();
const pools: WorkerPool[] = [];
let started = false;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A worker client whose restarts count for the pool that runs it. */
function makeClient(): InferenceClient {
  const client: InferenceClient = new InferenceClient(undefined, { onRestart: () => pools.find((p) => p.owns(client))?.noteRestart() });
  return client;
}

function publishPool(): void {
  const bg = lanes.background;
  if (bg) st().set({ pool: { size: bg.size, backend: bg.backend, restarts: bg.restarts } });
}

function makePool(session: ModelSession, backend: BackendName, size: number, first?: InferenceClient): WorkerPool {
  const pool = new WorkerPool({
    backend,
    size,
    first,
    onRestart: publishPool,
    spawn: async () => {
      const c = makeClient();
      try {
        await c.probe(session.indexUrl);
        await c.init({ backend, how: 'forced', why: 'scoring pool (the backend the service settled)' });
        return c;
      } catch (err) {
        c.terminate();
        throw err;
      }
    },
  });
  pools.push(pool);
  return pool;
}

async function boot(): Promise<void> {
  const first = makeClient();
  let session: ModelSession;
  try {
    session = await openModelSession(first, (reason, model) => st().set({ modelReason: reason, ...(model ? { model } : {}) }));
  } catch (err) {
    first.terminate();
    st().set({ modelState: 'error', modelReason: `The AI model could not be loaded: ${message(err)}` });
    settleModel(err instanceof Error ? err : new Error(String(err)));
    return;
  }
  const size = poolSize();
  const bg = backgroundBackend(session.backend);
  lanes.session = session;
  // One pool when both lanes run the same backend (the first worker is one of its workers), else one worker on
  // screen and the pool on the background backend.
  lanes.onScreen = makePool(session, session.backend.name, bg === session.backend.name ? size : 1, first);
  lanes.background = bg === session.backend.name ? lanes.onScreen : makePool(session, bg, size);
  lanes.itemTimeoutMs ??= defaultItemTimeout(bg);
  st().set({ modelState: 'ready', modelReason: '', model: session.model, backend: session.backend });
  publishPool();
  settleModel(session);
  if (session.backend.how === 'default') void timeBackends(session);
}

/** The one-time timing of the backends (first visit on this device); a faster backend takes the on-screen lane. */
async function timeBackends(session: ModelSession): Promise<void> {
  try {
    const busy = () => pools.some((p) => p.load() > 0);
    const pick = await timeBackendsWhenIdle(session, busy, makeClient);
    const current = st().backend!;
    if (pick.backend === current.name) pick.client.terminate();
    else {
      // The winner's worker scores what is on screen from now on; the workers running carry on in the background.
      const old = lanes.onScreen!;
      lanes.onScreen = makePool(session, pick.backend, 1, pick.client);
      if (old !== lanes.background && old.load() === 0) old.terminate();
    }
    st().set({ backend: { name: pick.backend, how: 'timed', why: pick.why, adapter: session.probe.adapter, timings: pick.timings } });
  } catch (err) {
    const b = st().backend;
    if (b) st().set({ backend: { ...b, why: `${b.why}; timing failed: ${message(err)}` } });
  }
}

/** The image the viewer shows: scored first, with its heatmap. */
function showOnScreen(imageId: string | null): void {
  if (imageId === st().onScreen) return;
  st().set({ onScreen: imageId, heatmap: null, selectedFinding: null, heatmapDismissed: false });
  if (!imageId) return;
  request(imageId, { priority: 'on-screen' }).then(
    (o) => {
      const s = st();
      if (s.onScreen !== imageId || o.status !== 'done' || !o.result || s.heatmap || s.selectedFinding || s.heatmapDismissed) return;
      // Scored by the pool without a map, or read back from IndexedDB: draw the default finding's map (only for a
      // finding above its operating point: none otherwise).
      const label = defaultHeatmapFinding(o.result.findings);
      if (label) void showHeatmap(imageId, label);
    },
    () => undefined,
  );
}

/**
 * The reader asks for a finding's heatmap (clicks or presses Enter on its row): shown, and visible even if Shift+H
 * had hidden the overlay. Asking again for the finding already shown hides it.
 */
function selectFinding(label: string): void {
  const s = st();
  const entry = s.onScreen ? s.images[s.onScreen] : undefined;
  if (!entry || entry.status !== 'done') return;
  if (s.selectedFinding === label && s.heatmapVisible) return hideHeatmap();
  if (!s.heatmapVisible) s.set({ heatmapVisible: true });
  void showHeatmap(entry.imageId, label);
}

/** "Score anyway" for the image on screen. */
function scoreAnyway(): void {
  const id = st().onScreen;
  if (id) void request(id, { priority: 'on-screen', force: true }).catch(() => undefined);
}

export const scoringService = {
  /** Starts loading the model and listens for released images (once per page). */
  start(): void {
    if (started) return;
    started = true;
    imageRegistry.onRelease((entries) => releaseScores(entries.map((e) => e.imageId)));
    if (aiDisabled()) {
      const reason = 'The AI is off for this page (?ai=off): images are shown, not scored.';
      st().set({ modelState: 'error', modelReason: reason });
      settleModel(new Error('it is off for this page (?ai=off)'));
      return;
    }
    void boot();
  },
  request: (imageId: string, opts: ScoreRequestOptions): Promise<ScoreOutcome> => request(imageId, opts),
  lookup: (imageId: string): Promise<ScoreOutcome | null> => lookup(imageId),
  showOnScreen,
  selectFinding,
  /** Hides the heatmap of the image on screen (the reader's "Hide heatmap"). */
  hideHeatmap,
  scoreAnyway,
  /** Shows `label`'s heatmap for `imageId` when it is on screen. */
  heatmap: (imageId: string, label: string): Promise<void> => showHeatmap(imageId, label),
  /** The heatmap shown for the on-screen image, computed first when it has not arrived yet (Send to PACS). */
  ensureHeatmap,
  /** Per-image time limit for background work before its worker counts as hung (ms). */
  setItemTimeout(ms: number): void {
    lanes.itemTimeoutMs = ms;
  },
  requestCounts,
  requestTotals,
};

/** A request given up because the reader moved on or its image was closed (not a failure). */
export function isCancelled(err: unknown): boolean {
  return err instanceof CancelledError;
}

export type { ScoreOutcome, ScoreRequestOptions };
