// Score requests: an image is scored once, whoever asks first. A request is answered from the header pre-gate,
// from a result already known by its result key (this session or IndexedDB), by joining the job already scoring
// that key, or by a new job on the on-screen or background pool. Results are kept per key, written to IndexedDB
// and published per image id in the score store. "Score anyway" is always a new run and is not kept.
import { imageRegistry } from '../images';
import { CancelledError, type InferenceClient } from './client';
import { showComputedHeatmap } from './heatmaps';
import { lanes, modelRef, ON_SCREEN_TIMEOUT_MS, sessionOrReason, workerKeys } from './lanes';
import { forgetImageKeys, resolveImage } from './imageKeys';
import { scoreForced, scoreWithFault } from './oneOffRuns';
import {
  entryOf,
  failedOutcome,
  failureReason,
  fromStored,
  fromWorker,
  knownOutcome,
  refusedOutcome,
  toStored,
  type KnownResult,
  type ScoreOutcome,
} from './outcomes';
import type { ScoreResult, WorkerFault } from './protocol';
import { countRequest } from './requestLog';
import { putResult, readResult } from './resultCache';
import { runScore } from './runScore';
import { useScoreStore } from './scoreStore';
import type { Priority, Ticket, WorkerPool } from './workerPool';

export interface ScoreRequestOptions {
  priority: Priority;
  /** "Score anyway": past the gate, a new run whatever is known. */
  force?: boolean;
  /** Test builds only: the worker that takes this request crashes or hangs on it (recovery tests). */
  fault?: WorkerFault;
}

interface Job {
  key: string;
  pool: WorkerPool;
  imageIds: Set<string>;
  /** Someone scoring in the background waits on it (a superseded on-screen job is then kept). */
  background: boolean;
  /** Compute the heatmap too (decided when the job starts: someone on screen waits on it). */
  heatmap: boolean;
  ticket: Ticket;
  promise: Promise<KnownResult>;
}

/** Settled results by result key. */
const known = new Map<string, KnownResult>();
/** Results kept in memory; older ones are read back from IndexedDB when asked for again. */
const KNOWN_MAX = 2000;

function keep(key: string, k: KnownResult): void {
  known.delete(key);
  known.set(key, k);
  while (known.size > KNOWN_MAX) known.delete(known.keys().next().value as string);
}
/** Running or waiting jobs by result key (at most one per pool). */
const jobs = new Map<string, Job[]>();
const st = () => useScoreStore.getState();

/**
 * What is known without running the model: a header refusal, a failure to identify the image, or a result by its
 * key (this session's or IndexedDB's). null: it has to be scored.
 */
export async function lookup(imageId: string): Promise<ScoreOutcome | null> {
  const t0 = performance.now();
  const fileName = imageRegistry.get(imageId)?.fileName ?? '';
  const s = await sessionOrReason();
  if (typeof s === 'string') return failedOutcome(imageId, fileName, s, t0);
  const r = await resolveImage(imageId, modelRef(s));
  if (r.kind === 'refused') return refusedOutcome(imageId, fileName, r.reason, modelRef(s), t0);
  if (r.kind === 'error') return failedOutcome(imageId, fileName, r.reason, t0);
  let k = known.get(r.key);
  if (!k) {
    const stored = await readResult(r.key);
    // A result may have arrived while IndexedDB was read: it wins over the stored one.
    k = known.get(r.key);
    if (!k && stored) {
      k = fromStored(stored);
      keep(r.key, k);
    }
  }
  return k ? knownOutcome(imageId, fileName, r.key, k, t0) : null;
}

/** Publishes an outcome as its image's entry; background work never replaces an entry that is settled. */
function publish(o: ScoreOutcome, priority: Priority): void {
  const prev = st().images[o.imageId];
  if (priority === 'background' && prev && (prev.status === 'done' || prev.status === 'not-scored')) return;
  // The image on screen shows the on-screen lane's result when the lanes run different backends.
  if (priority === 'background' && o.imageId === st().onScreen && !acceptable(o, 'on-screen')) return;
  if (!imageRegistry.has(o.imageId)) return;
  st().setEntry(entryOf(o));
}

function newJob(imageId: string, key: string, priority: Priority): Job {
  const pool = (priority === 'on-screen' ? lanes.onScreen : lanes.background)!;
  const job = { key, pool, imageIds: new Set([imageId]), background: priority === 'background', heatmap: false } as Job;
  const { promise, ticket }: { promise: Promise<ScoreResult>; ticket: Ticket } = pool.submit<ScoreResult>({
    priority,
    stillWanted: () => job.background,
    run: (client: InferenceClient): Promise<ScoreResult> => {
      job.heatmap = ticket.priority === 'on-screen' || [...job.imageIds].includes(st().onScreen ?? '');
      const id = [...job.imageIds].find((i) => imageRegistry.has(i)) ?? imageId;
      countRequest(id, 'score');
      const timeoutMs = ticket.priority === 'on-screen' ? ON_SCREEN_TIMEOUT_MS : (lanes.itemTimeoutMs ?? 60_000);
      return runScore(client, id, key, { heatmap: job.heatmap, force: false, timeoutMs });
    },
  });
  job.ticket = ticket;
  job.promise = promise
    .then((r) => {
      const k = fromWorker(r, modelRef(lanes.session!));
      keep(key, k);
      for (const id of job.imageIds) workerKeys.set(id, key);
      void putResult(key, toStored(k));
      showComputedHeatmap(job.imageIds, r.heatmap);
      return k;
    })
    .finally(() => {
      const list = (jobs.get(key) ?? []).filter((j) => j !== job);
      if (list.length) jobs.set(key, list);
      else jobs.delete(key);
    });
  jobs.set(key, [...(jobs.get(key) ?? []), job]);
  return job;
}

/** Joins the job already scoring `key` (on screen: the one in the on-screen pool, moved to the front). */
function joinJob(imageId: string, key: string, priority: Priority): Job | null {
  const list = jobs.get(key) ?? [];
  const job = priority === 'on-screen' ? list.find((j) => j.pool === lanes.onScreen) : list[0];
  if (!job) return null;
  job.imageIds.add(imageId);
  if (priority === 'on-screen') job.pool.promote(job.ticket);
  else job.background = true;
  return job;
}

/** Results computed on another backend than the on-screen one are not shown as the on-screen result. */
function acceptable(o: ScoreOutcome, priority: Priority): boolean {
  return priority === 'background' || o.source !== 'computed' || o.result?.backend === lanes.onScreen?.backend;
}

/** Scores an image (or answers from what is known); rejects with CancelledError when superseded or released. */
export async function request(imageId: string, opts: ScoreRequestOptions): Promise<ScoreOutcome> {
  const t0 = performance.now();
  const fileName = imageRegistry.get(imageId)?.fileName ?? '';
  if (opts.priority === 'on-screen') {
    // The panel shows "scoring" unless what the image has is already the on-screen answer.
    const prev = st().images[imageId];
    const fits =
      prev &&
      (prev.status === 'done' || prev.status === 'not-scored') &&
      (prev.fromCache || !prev.result?.backend || prev.result.backend === lanes.onScreen?.backend);
    if (!fits || opts.force) st().setEntry({ imageId, fileName, status: 'queued', reason: '', result: null, fromCache: false, elapsedMs: null, timing: null });
  }
  try {
    const o = opts.force ? await scoreForced(imageId, fileName, t0) : await scoreOnce(imageId, fileName, opts, t0);
    publish(o, opts.priority);
    return o;
  } catch (err) {
    if (err instanceof CancelledError && st().images[imageId]?.status === 'queued') st().dropEntries([imageId]);
    throw err;
  }
}

async function scoreOnce(imageId: string, fileName: string, opts: ScoreRequestOptions, t0: number): Promise<ScoreOutcome> {
  const found = await lookup(imageId);
  if (found && (found.source === 'instant' || found.source === 'failed')) return found;
  const key = found?.resultKey ?? imageRegistry.get(imageId)?.resultKey;
  if (!key) return failedOutcome(imageId, fileName, 'the original file of this image is not available', t0);
  if (__STATREAD_TEST_HOOKS__ && opts.fault) return scoreWithFault(imageId, fileName, key, opts.fault, t0);
  if (found && acceptable(found, opts.priority)) return found;
  const k = known.get(key);
  if (k && acceptable(knownOutcome(imageId, fileName, key, k, t0), opts.priority)) return knownOutcome(imageId, fileName, key, k, t0);
  const job = joinJob(imageId, key, opts.priority) ?? newJob(imageId, key, opts.priority);
  try {
    return knownOutcome(imageId, fileName, key, await job.promise, t0);
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    return failedOutcome(imageId, fileName, failureReason(err, fileName), t0);
  }
}

/** Released images: their entries and keys go; jobs only they wait for and that have not started are dropped. */
export function releaseScores(imageIds: string[]): void {
  const gone = new Set(imageIds);
  forgetImageKeys(imageIds);
  for (const id of imageIds) workerKeys.delete(id);
  for (const list of jobs.values()) {
    for (const job of list) {
      for (const id of gone) job.imageIds.delete(id);
      if (job.imageIds.size === 0) job.ticket.cancel();
    }
  }
  st().dropEntries(imageIds);
}
