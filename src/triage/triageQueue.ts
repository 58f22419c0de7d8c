// The triage engine: every opened image (local drop, file pick, or PACS, which all go through intakeFiles into
// the studies store) becomes a worklist item. Items are first looked up in IndexedDB (resultStore.ts) by their
// result key (resultKey.ts) and, when not found, scored in the background by a small pool of inference workers
// (bounded concurrency; the image on screen keeps its own worker in aiSession.ts and goes first: the pool takes
// no new item while it is being scored). The bytes of an image are read from its File only while it is being
// hashed or scored and are transferred to the worker, so nothing but the results stays in memory.
// Recovery: a worker that crashes or hangs past the per-item limit is restarted by InferenceClient; the item is
// marked "error" with the reason and the queue goes on.
import { InferenceClient, TimeoutError, WorkerCrashError } from '../inference/client';
import { headerGate } from '../inference/gate';
import { getSourceFile } from '../inference/source-files';
import { parseBackend, type BackendName, type WorkerFault } from '../inference/protocol';
import type { ImageSourceInfo } from '../model/grey-image';
import { useStore, type StoreState } from '../store';
import { useAiStore } from '../store/aiStore';
import { useTriageStore } from '../store/triageStore';
import { isAutomaticOpen } from './openIntent';
import { ActiveClock, estimateRemainingMs } from './progress';
import { contentResultKey, dicomResultKey, sha256Hex, type ModelRef } from './resultKey';
import { getResults, putResult } from './resultStore';
import { startReadMarks, syncReadMarks } from './readMarks';
import { startCountingLongTasks, stopCountingLongTasks, longTasksSupported } from './longTasks';
import type { ImageResult, TriageItem, TriageRowInfo } from './types';

const tri = () => useTriageStore.getState();
const ai = () => useAiStore.getState();

let started = false;
/** Items waiting for the pool, in arrival order. */
const scoreQueue: string[] = [];
/** Items waiting for their result key and the IndexedDB lookup. */
const resolveQueue: string[] = [];
let resolving = false;
/** Row arrival numbers (first seen order), kept across regroupings. */
const arrivals = new Map<string, number>();
/** SHA-256 of PNG/JPEG files by image id (export uses it as the row id). */
const contentHashes = new Map<string, string>();
const waiters: (() => void)[] = [];
let lanesStarted = false;
let liveLanes = 0;
let pendingFault: WorkerFault | null = null;
let itemTimeoutMs: number | null = null;
let scoreRequests = 0;
const clock = new ActiveClock();
const completions: number[] = [];
const clients: InferenceClient[] = [];

function notify(): void {
  while (waiters.length) waiters.shift()!();
}

function wait(): Promise<void> {
  return new Promise((r) => waiters.push(r));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Pool size: ?triageWorkers=N, else one less than the cores (at least 1, at most 4). */
export function poolSize(): number {
  const forced = Number(new URLSearchParams(location.search).get('triageWorkers'));
  if (Number.isInteger(forced) && forced >= 1 && forced <= 8) return forced;
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores - 1));
}

function defaultItemTimeout(backend: BackendName): number {
  return backend === 'wasm' || backend === 'cpu' ? 60_000 : 180_000;
}

// ---- rows and items from the studies store --------------------------------------------------------------

function rowsFromStudies(s: StoreState): { rows: Record<string, TriageRowInfo>; rowOf: Map<string, string> } {
  const rows: Record<string, TriageRowInfo> = {};
  const rowOf = new Map<string, string>();
  for (const pk of s.patientOrder) {
    const patient = s.patients[pk];
    for (const sk of patient.studyKeys) {
      const study = s.studies[sk];
      for (const rk of study.seriesKeys) {
        const series = s.series[rk];
        // PNG/JPEG files are grouped by folder in the study list; in the worklist each is its own entry.
        const web = rk.startsWith('web:');
        const key = web ? rk : sk;
        if (!arrivals.has(key)) arrivals.set(key, arrivals.size);
        let row = rows[key];
        if (!row) {
          const first = s.images[series.imageIds[0]];
          row = rows[key] = {
            key,
            kind: web ? 'web' : 'dicom',
            patientName: web ? '' : patient.name,
            patientId: web ? '' : patient.id,
            studyUid: web ? '' : study.studyInstanceUid,
            accession: first?.header?.accessionNumber ?? '',
            studyDate: web ? '' : study.date,
            description: web ? (first?.fileName ?? '') : study.description,
            imageIds: [],
            fileNames: [],
            arrival: arrivals.get(key)!,
          };
        }
        for (const id of series.imageIds) {
          row.imageIds.push(id);
          const f = s.images[id]?.fileName;
          if (f && !row.fileNames.includes(f)) row.fileNames.push(f);
          rowOf.set(id, key);
        }
      }
    }
  }
  return { rows, rowOf };
}

function sameRow(a: TriageRowInfo, b: TriageRowInfo): boolean {
  return (
    a.imageIds.length === b.imageIds.length &&
    a.imageIds.every((id, i) => id === b.imageIds[i]) &&
    a.fileNames.join('\n') === b.fileNames.join('\n') &&
    a.patientName === b.patientName &&
    a.description === b.description &&
    a.studyDate === b.studyDate
  );
}

function syncFromStudies(s: StoreState): void {
  const { rows: fresh, rowOf } = rowsFromStudies(s);
  // Keep the row objects that did not change, so the table only renders the rows that did.
  const known = tri().rows;
  const rows: Record<string, TriageRowInfo> = {};
  for (const [k, r] of Object.entries(fresh)) rows[k] = known[k] && sameRow(known[k], r) ? known[k] : r;
  const old = tri().items;
  const items: Record<string, TriageItem> = {};
  const added: string[] = [];
  for (const [id, rowKey] of rowOf) {
    const prev = old[id];
    if (prev) {
      items[id] = prev.rowKey === rowKey ? prev : { ...prev, rowKey };
      continue;
    }
    const img = s.images[id];
    // A radiograph is one frame; of a multi-frame object (cine, CT, US loops) only the first frame is scored.
    const later = img.frame > 0;
    items[id] = {
      imageId: id,
      rowKey,
      fileName: img.fileName,
      frame: img.frame,
      kind: img.kind,
      status: later ? 'not-scored' : 'queued',
      reason: later ? 'only the first frame of a multi-frame file is scored' : '',
      result: null,
      cacheKey: null,
    };
    if (!later) added.push(id);
  }
  // Images closed in the viewer leave the worklist (and the queues).
  const removed = Object.keys(old).filter((id) => !items[id]);
  if (removed.length) {
    const gone = new Set(removed);
    for (const q of [scoreQueue, resolveQueue]) for (let i = q.length - 1; i >= 0; i--) if (gone.has(q[i])) q.splice(i, 1);
    for (const id of removed) contentHashes.delete(id);
  }
  tri().setRowsAndItems(rows, items);
  void syncReadMarks();
  if (added.length) {
    beginBatchIfIdle();
    tri().setProgress({ total: tri().progress.total + added.length });
    resolveQueue.push(...added);
    void runResolve();
  }
  updateProgress();
}

// ---- batch progress -------------------------------------------------------------------------------------

function beginBatchIfIdle(): void {
  if (tri().progress.running) return;
  completions.length = 0;
  clock.reset();
  if (!tri().paused) clock.start();
  tri().setProgress({ total: 0, finished: 0, fromCache: 0, failed: 0, etaMs: null, running: true, activeMs: 0 });
  startCountingLongTasks((st) => tri().setLongTasks({ ...st, supported: longTasksSupported() }));
}

function updateProgress(): void {
  const t = tri();
  if (!t.progress.running) return;
  const pending = Object.values(t.items).filter((i) => i.status === 'queued' || i.status === 'scoring').length;
  const finished = Math.max(0, t.progress.total - pending);
  const etaMs = estimateRemainingMs(completions, pending);
  if (pending === 0 && useStore.getState().intakeBusy) {
    // Files of the same drop are still being read: the batch goes on (results found in IndexedDB can finish
    // every row listed so far before the next file is listed, which would split one drop into several batches).
    t.setProgress({ finished, etaMs: null, activeMs: clock.elapsed() });
    return;
  }
  if (pending === 0) {
    clock.stop();
    stopCountingLongTasks();
    t.setProgress({ finished, etaMs: 0, running: false, activeMs: clock.elapsed() });
    return;
  }
  t.setProgress({ finished, etaMs, activeMs: clock.elapsed() });
}

/** how: computed (counts for the rate), instant (header refusal, no work done), cache (IndexedDB), failed. */
function finish(imageId: string, patch: Partial<TriageItem>, how: 'computed' | 'instant' | 'cache' | 'failed'): void {
  const it = tri().items[imageId];
  if (!it) return;
  tri().updateItems([{ imageId, patch }]);
  const p = tri().progress;
  if (how === 'cache') tri().setProgress({ fromCache: p.fromCache + 1 });
  if (how === 'failed') tri().setProgress({ failed: p.failed + 1 });
  if (how === 'computed') completions.push(clock.elapsed());
  updateProgress();
}

// ---- result keys and the IndexedDB lookup ---------------------------------------------------------------

async function waitForModel(): Promise<ModelRef | null> {
  for (;;) {
    const m = ai().model;
    if (m) return { id: m.id, version: m.version };
    if (ai().state === 'error') return null;
    await new Promise<void>((resolve) => {
      const unsub = useAiStore.subscribe((s) => {
        if (s.model || s.state === 'error') {
          unsub();
          resolve();
        }
      });
    });
  }
}

/** What the DICOM header alone says against scoring (same rules and words as the worker's header gate). */
function preGate(imageId: string): string | null {
  const h = useStore.getState().images[imageId]?.header;
  if (!h) return null;
  const src = {
    format: 'dicom',
    fileName: '',
    modality: h.modality,
    viewPosition: h.viewPosition,
    colour: h.samplesPerPixel > 1 || h.photometricInterpretation === 'PALETTE COLOR',
  } as ImageSourceInfo;
  const g = headerGate(src);
  return g.pass ? null : g.reason;
}

async function resultKeyFor(imageId: string, model: ModelRef): Promise<string | null> {
  const img = useStore.getState().images[imageId];
  const src = getSourceFile(imageId);
  if (!img || !src) return null;
  const h = img.header;
  if (h && h.sopInstanceUid) {
    return dicomResultKey(model, {
      sopInstanceUid: h.sopInstanceUid,
      frame: img.frame,
      numberOfFrames: h.numberOfFrames,
      transferSyntaxUid: h.transferSyntaxUid,
      photometricInterpretation: h.photometricInterpretation,
      rows: h.rows,
      columns: h.columns,
      bitsStored: h.bitsStored,
      fileSize: src.file.size,
    });
  }
  const hash = await sha256Hex(await src.file.arrayBuffer());
  contentHashes.set(imageId, hash);
  return contentResultKey(model, hash, img.frame);
}

async function runResolve(): Promise<void> {
  if (resolving) return;
  resolving = true;
  try {
    while (resolveQueue.length) {
      const model = await waitForModel();
      const batch = resolveQueue.splice(0, 32);
      if (!model) {
        for (const id of batch) finish(id, { status: 'error', reason: `the AI model could not be loaded: ${ai().reason}` }, 'failed');
        continue;
      }
      const keys = new Map<string, string>();
      for (const id of batch) {
        if (!tri().items[id]) continue;
        const refused = preGate(id);
        if (refused) {
          finish(id, { status: 'not-scored', reason: refused }, 'instant');
          continue;
        }
        try {
          const key = await resultKeyFor(id, model);
          if (key) keys.set(id, key);
        } catch (err) {
          finish(id, { status: 'error', reason: `could not read the file (${message(err)})` }, 'failed');
        }
      }
      const found = await getResults([...new Set(keys.values())]);
      for (const [id, key] of keys) {
        const hit = found.get(key);
        if (!tri().items[id]) continue;
        if (hit) {
          const result: ImageResult = { scored: hit.scored, reason: hit.reason, findings: hit.findings, backend: hit.backend, modelId: hit.modelId, modelVersion: hit.modelVersion, workerMs: 0, fromCache: true };
          finish(id, { status: hit.scored ? 'done' : 'not-scored', reason: hit.reason, result, cacheKey: key }, 'cache');
        } else {
          tri().updateItems([{ imageId: id, patch: { cacheKey: key } }]);
          scoreQueue.push(id);
        }
      }
      // PNG/JPEG rows now have their content hash: their stored read marks can be looked up.
      void syncReadMarks();
      if (scoreQueue.length) {
        startLanes();
        notify();
      }
    }
  } finally {
    resolving = false;
  }
}

// ---- the scoring pool -------------------------------------------------------------------------------------

/** The pool waits until the viewer's own model is loaded (same backend) and yields while the image on screen is scored. */
function onScreenBusy(): boolean {
  const s = ai().state;
  return s === 'scoring' || s === 'loading-model';
}

async function nextItem(): Promise<string> {
  for (;;) {
    if (!tri().paused && !onScreenBusy()) {
      while (scoreQueue.length) {
        const id = scoreQueue.shift()!;
        if (tri().items[id]?.status === 'queued') return id;
      }
    }
    await wait();
  }
}

function startLanes(): void {
  if (lanesStarted) return;
  lanesStarted = true;
  useAiStore.subscribe(() => notify());
  void (async () => {
    // Same backend as the viewer's worker once it has settled it (forced, remembered, or the provisional wasm).
    while (!ai().backend) {
      if (ai().state === 'error') {
        failQueued(`the AI model could not be loaded: ${ai().reason}`);
        lanesStarted = false;
        return;
      }
      await wait();
    }
    const backend = poolBackend();
    if (itemTimeoutMs === null) itemTimeoutMs = defaultItemTimeout(backend);
    const size = poolSize();
    tri().setPool({ size, backend, restarts: 0 });
    for (let i = 0; i < size; i++) void lane(i, backend);
  })();
}

/**
 * The viewer's backend, except a GPU backend on a software rasteriser (SwiftShader, lavapipe: tens of times
 * slower than wasm, docs/inference.md) or with no WebGPU adapter to tell: a batch then runs on wasm.
 * ?triageBackend= forces one.
 */
function poolBackend(): BackendName {
  const forced = parseBackend(new URLSearchParams(location.search).get('triageBackend'));
  if (forced) return forced;
  const b = ai().backend!;
  if ((b.name === 'webgpu' || b.name === 'webgl') && (!b.adapter || b.adapter.software)) return 'wasm';
  return b.name;
}

function failQueued(reason: string): void {
  for (const id of scoreQueue.splice(0)) finish(id, { status: 'error', reason }, 'failed');
}

async function lane(index: number, backend: BackendName): Promise<void> {
  const client = new InferenceClient(undefined, {
    onRestart: () => {
      const p = tri().pool;
      if (p) tri().setPool({ ...p, restarts: p.restarts + 1 });
    },
  });
  clients[index] = client;
  try {
    await client.probe(new URL('models/index.json', document.baseURI).href);
    await client.init({ backend, how: 'forced', why: 'worklist scoring pool (same backend as the viewer)' });
  } catch (err) {
    client.terminate();
    if (liveLanes === 0 && clients.every((c) => c === client || !c)) failQueued(`the scoring worker could not start: ${message(err)}`);
    return;
  }
  liveLanes++;
  for (;;) {
    const id = await nextItem();
    await scoreItem(client, id);
  }
}

async function scoreItem(client: InferenceClient, imageId: string): Promise<void> {
  const it = tri().items[imageId];
  if (!it) return;
  const src = getSourceFile(imageId);
  if (!src) {
    finish(imageId, { status: 'error', reason: 'the original file of this image is not available' }, 'failed');
    return;
  }
  tri().updateItems([{ imageId, patch: { status: 'scoring', reason: '' } }]);
  const model = ai().model;
  try {
    const bytes = await src.file.arrayBuffer();
    if (pendingFault) {
      const mode = pendingFault;
      pendingFault = null;
      await client.injectFault(mode);
    }
    scoreRequests++;
    const r = await client.score({ key: imageId, fileName: src.fileName, frame: src.frame, bytes, heatmap: false, supersede: false }, itemTimeoutMs ?? 60_000);
    const result: ImageResult = {
      scored: r.scored,
      reason: r.scored ? '' : r.gate.reason,
      findings: r.findings,
      backend: r.backend,
      modelId: model?.id ?? '',
      modelVersion: model?.version ?? '',
      workerMs: r.timing.totalMs,
      fromCache: false,
    };
    finish(imageId, { status: r.scored ? 'done' : 'not-scored', reason: result.reason, result }, 'computed');
    const key = tri().items[imageId]?.cacheKey;
    if (key && model) {
      void putResult({ key, modelId: model.id, modelVersion: model.version, scored: r.scored, reason: result.reason, findings: r.findings, backend: r.backend, savedAt: Date.now() });
    }
    // A header refusal holds for every frame of the file: the other frames need not be decoded.
    if (!r.scored && r.gate.stage === 'header') {
      for (const other of Object.values(tri().items)) {
        if (other.status === 'queued' && other.imageId !== imageId && getSourceFile(other.imageId)?.file === src.file) {
          finish(other.imageId, { status: 'not-scored', reason: result.reason }, 'instant');
        }
      }
    }
  } catch (err) {
    let reason: string;
    if (err instanceof WorkerCrashError) reason = `${err.message}; the worker was restarted and the queue goes on`;
    else if (err instanceof TimeoutError) reason = `scoring hung: ${err.message}`;
    else reason = `could not score ${src.fileName}: ${message(err)}`;
    finish(imageId, { status: 'error', reason }, 'failed');
  }
}

// ---- public API --------------------------------------------------------------------------------------------

export function setTriagePaused(paused: boolean): void {
  tri().setPaused(paused);
  if (paused) clock.stop();
  else if (tri().progress.running) clock.start();
  updateProgress();
  notify();
}

/** The worklist follows the viewer: opening a study (not the automatic first image of a drop) marks it read. */
function followViewer(s: StoreState, prev: StoreState): void {
  if (s.activeSeriesKey === prev.activeSeriesKey && s.activeImageIndex === prev.activeImageIndex) return;
  if (isAutomaticOpen() || !s.activeSeriesKey) return;
  const id = s.series[s.activeSeriesKey]?.imageIds[s.activeImageIndex];
  const row = id ? tri().items[id]?.rowKey : undefined;
  if (row) tri().markRead(row);
}

/** Starts following the studies store (once per page). */
export function startTriage(): void {
  if (started) return;
  started = true;
  startReadMarks((id) => contentHashes.get(id) ?? null);
  syncFromStudies(useStore.getState());
  useStore.subscribe((s, prev) => {
    if (s.series !== prev.series || s.images !== prev.images) syncFromStudies(s);
    if (prev.intakeBusy && !s.intakeBusy) updateProgress();
    followViewer(s, prev);
  });
}

export interface TriageTestApi {
  scoreRequests: () => number;
  injectFault: (mode: WorkerFault) => void;
  setItemTimeout: (ms: number) => void;
  contentHash: (imageId: string) => string | null;
}

export const triageInternals: TriageTestApi = {
  scoreRequests: () => scoreRequests,
  injectFault: (mode) => {
    pendingFault = mode;
  },
  setItemTimeout: (ms) => {
    itemTimeoutMs = ms;
  },
  contentHash: (id) => contentHashes.get(id) ?? null,
};
