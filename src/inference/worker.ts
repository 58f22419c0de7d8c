/// <reference lib="webworker" />
// The inference worker: ALL TensorFlow.js work happens here, off the main thread. It decodes the original file
// bytes with the shared decoder (modality + VOI transformed pixels, never the screen), runs the shared
// preprocessing and model API (src/model/cxr-model.ts), applies the gate and computes CAM heatmaps.
import * as tf from '@tensorflow/tfjs';
import { classifyFindings, loadCxrModel } from '../model/cxr-model';
import type { CxrInference, CxrModel } from '../model/cxr-model';
import { decodeImage } from '../model/decode-image';
import type { GreyImage } from '../model/grey-image';
import { queryAdapter } from './adapter';
import { availableBackends, useBackend } from './backends';
import { headerGate, imageGate } from './gate';
import { loadCachedLayersModel, resolveDefaultModel } from './model-store';
import type { ResolvedModel } from './model-store';
import type {
  AdapterSummary,
  BackendChoice,
  BackendName,
  BackendTiming,
  InitResult,
  ProbeResult,
  ScoreResult,
  WorkerRequest,
  WorkerResponse,
} from './protocol';
import { pickFastest, timingOrder } from './backend-choice';

declare const self: DedicatedWorkerGlobalScope;

class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

const now = () => performance.now();

let resolved: ResolvedModel | null = null;
let adapter: AdapterSummary | null = null;
let available: BackendName[] = [];
let model: CxrModel | null = null;
let backend: BackendName | null = null;
/** The last inference per image key, for heatmaps of other findings without re-running the network. */
const recent = new Map<string, CxrInference>();
const cancelled = new Set<number>();

function remember(key: string, inf: CxrInference): void {
  recent.delete(key);
  recent.set(key, inf);
  while (recent.size > 4) recent.delete(recent.keys().next().value as string);
}

function checkCancelled(id: number): void {
  if (cancelled.has(id)) throw new Cancelled();
}

async function probe(indexUrl: string): Promise<ProbeResult> {
  resolved = await resolveDefaultModel(indexUrl);
  adapter = await queryAdapter(self.navigator as unknown as { gpu?: unknown });
  available = await availableBackends(adapter !== null);
  return {
    manifest: resolved.manifest,
    manifestUrl: resolved.manifestUrl,
    modelCardUrl: resolved.modelCardUrl,
    metadataSource: resolved.source,
    adapter,
    available,
  };
}

/** A mid-grey synthetic plane for warm-up/timing (the model's own input size; no user data involved). */
function timingImage(): { width: number; height: number; data: Float32Array } {
  const n = model!.manifest.preprocessing.canonicalSize;
  const data = new Float32Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[y * n + x] = 0.3 + 0.4 * Math.sin((x * y) / (n * 2));
  return { width: n, height: n, data };
}

async function timeBackend(name: BackendName, budgetMs: number): Promise<BackendTiming> {
  try {
    await useBackend(name);
    const img = timingImage();
    const t0 = now();
    await model!.infer(img);
    const coldMs = now() - t0;
    if (coldMs > budgetMs) return { backend: name, coldMs, warmMs: null, reason: `first inference took ${Math.round(coldMs)} ms, over the ${Math.round(budgetMs)} ms budget` };
    const t1 = now();
    await model!.infer(img);
    return { backend: name, coldMs, warmMs: now() - t1 };
  } catch (err) {
    return { backend: name, coldMs: null, warmMs: null, reason: (err as Error).message };
  }
}

async function init(choice: BackendChoice): Promise<InitResult> {
  if (!resolved) throw new Error('probe first');
  const initial: BackendName = choice.kind === 'auto' ? (available.includes('wasm') ? 'wasm' : 'cpu') : choice.backend;
  if (!available.includes(initial)) throw new Error(`backend "${initial}" is not available here (available: ${available.join(', ')})`);
  await useBackend(initial);
  const t0 = now();
  const loaded = await loadCachedLayersModel(resolved);
  model?.dispose();
  model = await loadCxrModel(resolved.manifest, loaded.model);
  const modelLoadMs = now() - t0;
  recent.clear();
  let timings: BackendTiming[] = [];
  let how: InitResult['how'];
  let why: string;
  let chosen: BackendName = initial;
  if (choice.kind === 'forced') {
    how = 'forced';
    why = 'forced by ?backend= in the URL';
  } else if (choice.kind === 'remembered') {
    how = 'remembered';
    why = 'fastest on this device when last measured';
  } else if (adapter && !adapter.software) {
    // A real GPU: WebGPU first, unless it measures slower than wasm.
    const order = timingOrder(available, adapter);
    timings = [];
    for (const b of order) timings.push(await timeBackend(b, 60_000));
    chosen = pickFastest(timings, 'webgpu');
    how = 'timed';
    why = `hardware adapter; measured one warm inference per backend: ${describeTimings(timings)}`;
  } else {
    const order = timingOrder(available, adapter);
    for (const b of order) {
      const best = Math.min(...timings.map((t) => t.warmMs ?? Infinity));
      // Software rasterisers can take minutes to compile shaders: stop waiting for a backend 40x slower than the best.
      timings.push(await timeBackend(b, Number.isFinite(best) ? Math.max(2000, best * 40) : 120_000));
    }
    chosen = pickFastest(timings, 'wasm');
    how = 'timed';
    why = `${adapter ? 'software WebGPU adapter' : 'no WebGPU adapter'}; measured one warm inference per backend: ${describeTimings(timings)}`;
  }
  await useBackend(chosen);
  backend = chosen;
  // Warm the chosen backend so the first real image does not pay for kernel compilation.
  await model.infer(timingImage());
  return { backend: chosen, how, why, timings, modelSource: loaded.source, modelLoadMs, cacheKey: loaded.cacheKey };
}

function describeTimings(ts: BackendTiming[]): string {
  return ts.map((t) => `${t.backend} ${t.warmMs === null ? `n/a (${t.reason ?? 'failed'})` : `${t.warmMs.toFixed(1)} ms`}`).join(', ');
}

function defaultCamLabel(findings: ReturnType<typeof classifyFindings>): string | null {
  const critical = findings.filter((f) => f.critical).sort((a, b) => b.probability - a.probability);
  if (critical.length) return critical[0].label;
  const all = [...findings].sort((a, b) => b.probability - a.probability);
  return all[0]?.label ?? null;
}

async function score(req: Extract<WorkerRequest, { type: 'score' }>): Promise<ScoreResult> {
  if (!model || !backend) throw new Error('model not loaded');
  const t0 = now();
  let img: GreyImage;
  img = decodeImage(new Uint8Array(req.bytes), req.fileName, { frame: req.frame });
  const decodeMs = now() - t0;
  checkCancelled(req.id);
  const base = {
    key: req.key,
    fileName: req.fileName,
    width: img.width,
    height: img.height,
    forced: req.force,
    backend,
  };
  const header = headerGate(img.source);
  if (!header.pass && !req.force) {
    return { ...base, gate: header, scored: false, findings: [], probabilities: {}, ood: null, heatmap: null, timing: { decodeMs, preprocessMs: 0, networkMs: 0, camMs: 0, totalMs: now() - t0 } };
  }
  const inf = await model.infer(img);
  checkCancelled(req.id);
  remember(req.key, inf);
  const gate = header.pass ? imageGate(inf.ood) : header;
  if (!gate.pass && !req.force) {
    return { ...base, gate, scored: false, findings: [], probabilities: {}, ood: inf.ood, heatmap: null, timing: { decodeMs, ...inf.timing, camMs: 0, totalMs: now() - t0 } };
  }
  const findings = classifyFindings(model.manifest, inf.probabilities);
  const t1 = now();
  const label = req.camLabel && model.manifest.labels.includes(req.camLabel) ? req.camLabel : defaultCamLabel(findings);
  const heatmap = label ? inf.cam(label, { width: req.camSize, height: req.camSize }) : null;
  const camMs = now() - t1;
  return {
    ...base,
    gate,
    scored: true,
    findings,
    probabilities: inf.probabilities,
    ood: inf.ood,
    heatmap,
    timing: { decodeMs, ...inf.timing, camMs, totalMs: now() - t0 },
  };
}

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

async function handle(req: WorkerRequest): Promise<void> {
  if (req.type === 'cancel') {
    cancelled.add(req.target);
    return;
  }
  try {
    let result: unknown;
    const transfer: Transferable[] = [];
    switch (req.type) {
      case 'probe':
        result = await probe(req.indexUrl);
        break;
      case 'init':
        result = await init(req.choice);
        break;
      case 'score': {
        const r = await score(req);
        if (r.heatmap) transfer.push(r.heatmap.data.buffer);
        result = r;
        break;
      }
      case 'cam': {
        const inf = recent.get(req.key);
        if (!inf) throw new Error('this image has not been scored (or was evicted): score it again');
        const h = inf.cam(req.label, { width: req.camSize, height: req.camSize });
        transfer.push(h.data.buffer);
        result = h;
        break;
      }
    }
    checkCancelled(req.id);
    post({ type: 'result', id: req.id, result }, transfer);
  } catch (err) {
    const isCancel = err instanceof Cancelled;
    post({ type: 'error', id: req.id, message: isCancel ? 'cancelled' : describe(err), cancelled: isCancel });
  } finally {
    cancelled.delete(req.id);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

// Requests are handled one at a time, in order (tfjs is not re-entrant across backend switches); a cancel
// is noted immediately so a queued or running request can stop at its next checkpoint.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  if (req.type === 'cancel') {
    void handle(req);
    return;
  }
  queue = queue.then(() => (cancelled.has(req.id) ? post({ type: 'error', id: req.id, message: 'cancelled', cancelled: true }) : handle(req)));
};

// Keep a reference so bundlers don't drop the namespace import used for side effects (backend registration).
void tf.getBackend;
