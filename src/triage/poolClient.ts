// The worklist's client of the scoring service. Every new item is first looked up (header refusal, a result known
// by its key: this session's or IndexedDB's), even while paused; the rest is asked for as background work, at most
// as many at a time as the pool has workers, so that Pause holds what has not started and the image on screen
// never waits behind a queue. Results are taken in when they are delivered to the worklist: a result the panel got
// while the worklist was paused reaches its row on resume.
import { isCancelled, scoringService, type ScoreOutcome } from '../inference/scoringService';
import type { WorkerFault } from '../inference/protocol';
import { useScoreStore } from '../inference/scoreStore';
import { finishItem, pauseClock, type FinishKind } from './batchProgress';
import { syncReadMarks } from './readMarks';
import { useTriageStore } from './triageStore';
import type { ImageResult } from './types';

const tri = () => useTriageStore.getState();
const lookupQueue: string[] = [];
const computeQueue: string[] = [];
let looking = false;
let outstanding = 0;
let pendingFault: WorkerFault | null = null;
/** Images whose worklist result took a worker's score request in this session. */
let scoreRequests = 0;

function kindOf(o: ScoreOutcome): FinishKind {
  if (o.status === 'error') return 'failed';
  return o.source === 'computed' ? 'computed' : o.source === 'cache' ? 'cache' : 'instant';
}

function deliver(imageId: string, o: ScoreOutcome): void {
  if (!tri().items[imageId]) return;
  if (o.status === 'error') return finishItem(imageId, { status: 'error', reason: o.reason }, 'failed');
  const r = o.result;
  const result: ImageResult | null =
    r && o.source !== 'instant'
      ? {
          scored: o.status === 'done',
          reason: o.reason,
          findings: r.findings,
          abnormal: r.abnormal ?? null,
          backend: r.backend,
          modelId: r.modelId,
          modelVersion: r.modelVersion,
          workerMs: r.timing.totalMs,
          fromCache: o.source === 'cache',
        }
      : null;
  finishItem(imageId, { status: o.status, reason: o.reason, result, cacheKey: o.resultKey }, kindOf(o));
}

async function runLookups(): Promise<void> {
  if (looking) return;
  looking = true;
  try {
    while (lookupQueue.length) {
      const batch = lookupQueue.splice(0, 32);
      const found = await Promise.all(batch.map((id) => scoringService.lookup(id)));
      batch.forEach((id, i) => {
        const o = found[i];
        if (!tri().items[id]) return;
        // Not known, or computed in this session (for the panel): the worklist asks for it in its turn.
        if (!o || o.source === 'computed') computeQueue.push(id);
        else deliver(id, o);
      });
      // PNG/JPEG rows now have their content hash: their stored read marks can be looked up.
      void syncReadMarks();
      pump();
    }
  } finally {
    looking = false;
  }
}

function pump(): void {
  const size = useScoreStore.getState().pool?.size ?? 1;
  while (!tri().paused && outstanding < size && computeQueue.length) {
    const id = computeQueue.shift()!;
    if (tri().items[id]?.status !== 'queued') continue;
    outstanding++;
    tri().updateItems([{ imageId: id, patch: { status: 'scoring', reason: '' } }]);
    const fault = __STATREAD_TEST_HOOKS__ ? pendingFault : null;
    pendingFault = null;
    scoringService
      .request(id, { priority: 'background', ...(fault ? { fault } : {}) })
      .then(
        (o) => {
          if (o.source === 'computed' || o.source === 'failed') scoreRequests++;
          deliver(id, o);
        },
        (err: unknown) => {
          // Cancelled: its image was closed. Anything else is this item's failure.
          if (!isCancelled(err)) finishItem(id, { status: 'error', reason: err instanceof Error ? err.message : String(err) }, 'failed');
        },
      )
      .finally(() => {
        outstanding--;
        pump();
      });
  }
}

/** New items, in arrival order. */
export function scoreItems(imageIds: string[]): void {
  lookupQueue.push(...imageIds);
  void runLookups();
}

/** Items whose images were closed leave the queues. */
export function dropItems(imageIds: string[]): void {
  const gone = new Set(imageIds);
  for (const q of [lookupQueue, computeQueue]) for (let i = q.length - 1; i >= 0; i--) if (gone.has(q[i])) q.splice(i, 1);
}

/** Pause: nothing new is asked for (what is in flight finishes); lookups go on. */
export function setTriagePaused(paused: boolean): void {
  tri().setPaused(paused);
  pauseClock(paused);
  pump();
}

export const poolClientInternals = {
  scoreRequests: () => scoreRequests,
  /** Test builds: the next image the worklist asks for is scored by a worker told to crash or hang. */
  armFault: (mode: WorkerFault) => {
    pendingFault = mode;
  },
};
