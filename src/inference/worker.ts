/// <reference lib="webworker" />
// The inference worker: ALL TensorFlow.js work happens here, off the main thread. It decodes the original file
// bytes with the shared decoder (modality + VOI transformed pixels, never the screen), runs the shared
// preprocessing and model API (src/model/cxrModel.ts), applies the gate and computes CAM heatmaps.
import * as tf from '@tensorflow/tfjs';
import { classifyAbnormal, classifyFindings, defaultHeatmapFinding, loadCxrModel } from '../model/cxrModel';
import type { CamOptions, CxrInference, CxrModel } from '../model/cxrModel';
import { registerBrowserCodecs } from '../model/codecs/browserCodecs';
import { decodeImageAsync } from '../model/decodeImage';
import type { GreyImage } from '../model/greyImage';
import { queryAdapter } from './adapter';
import { availableBackends, useBackend } from './backends';
import { headerGate, imageGate, sizeGate } from './gate';
import { loadCachedLayersModel, resolveDefaultModel } from './modelStore';
import type { ResolvedModel } from './modelStore';
import type { AdapterSummary, BackendChoice, BackendName, InitResult, ProbeResult, ScoreResult, WorkerRequest, WorkerResponse } from './protocol';

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

async function init(choice: BackendChoice): Promise<InitResult> {
  if (!resolved) throw new Error('probe first');
  if (!available.includes(choice.backend)) throw new Error(`backend "${choice.backend}" is not available here (available: ${available.join(', ')})`);
  await useBackend(choice.backend);
  const t0 = now();
  const loaded = await loadCachedLayersModel(resolved);
  model?.dispose();
  model = await loadCxrModel(resolved.manifest, loaded.model);
  const modelLoadMs = now() - t0;
  recent.clear();
  backend = choice.backend;
  // Warm up, so the first real image does not pay for kernel compilation.
  const t1 = now();
  await model.infer(timingImage());
  return { backend: choice.backend, firstInferenceMs: now() - t1, modelSource: loaded.source, modelLoadMs, cacheKey: loaded.cacheKey };
}

async function time(runs: number): Promise<{ medianMs: number; runsMs: number[] }> {
  if (!model) throw new Error('model not loaded');
  const img = timingImage();
  const runsMs: number[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    const t = now();
    await model.infer(img);
    runsMs.push(now() - t);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], runsMs };
}

/**
 * Heatmaps are min-max normalised CAMs (where the model's evidence for the finding is strongest relative to the
 * rest of the image), as CAM/Grad-CAM displays usually are; the probability in the table says how strong it is.
 */
function camOptions(size: number): CamOptions {
  return { width: size, height: size, normalise: 'min-max' };
}

async function score(req: Extract<WorkerRequest, { type: 'score' }>): Promise<ScoreResult> {
  if (!model || !backend) throw new Error('model not loaded');
  const t0 = now();
  // JPEG 2000 / JPEG-LS DICOMs decode through the same WebAssembly codecs the trainer registers in Node.
  registerBrowserCodecs();
  const img: GreyImage = await decodeImageAsync(new Uint8Array(req.bytes), req.fileName, { frame: req.frame });
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
  const headerOnly = headerGate(img.source);
  const header = headerOnly.pass ? sizeGate(img.width, img.height, model.manifest.preprocessing) : headerOnly;
  if (!header.pass && !req.force) {
    return {
      ...base,
      gate: header,
      scored: false,
      findings: [],
      abnormal: null,
      probabilities: {},
      ood: null,
      heatmap: null,
      timing: { decodeMs, preprocessMs: 0, networkMs: 0, camMs: 0, totalMs: now() - t0 },
    };
  }
  const inf = await model.infer(img);
  checkCancelled(req.id);
  remember(req.key, inf);
  const gate = header.pass ? imageGate(inf.ood) : header;
  if (!gate.pass && !req.force) {
    return {
      ...base,
      gate,
      scored: false,
      findings: [],
      abnormal: null,
      probabilities: {},
      ood: inf.ood,
      heatmap: null,
      timing: { decodeMs, ...inf.timing, camMs: 0, totalMs: now() - t0 },
    };
  }
  const findings = classifyFindings(model.manifest, inf.probabilities);
  const t1 = now();
  const label = req.camLabel && model.manifest.labels.includes(req.camLabel) ? req.camLabel : defaultHeatmapFinding(findings);
  const heatmap = label && req.camSize > 0 ? inf.cam(label, camOptions(req.camSize)) : null;
  const camMs = now() - t1;
  return {
    ...base,
    gate,
    scored: true,
    findings,
    abnormal: classifyAbnormal(model.manifest, inf.probabilities),
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
      case 'time':
        result = await time(req.runs);
        break;
      case 'score': {
        // Test builds only (the recovery tests): a crash is an uncaught error thrown outside any promise (the
        // page sees the worker's error event) after which this request is never answered; a hang is a busy loop
        // that only terminate() ends.
        if (__STATREAD_TEST_HOOKS__ && req.fault) {
          if (req.fault === 'hang') {
            for (;;) {
              // deliberately never returns
            }
          }
          setTimeout(() => {
            throw new Error('injected worker crash (test hook)');
          }, 0);
          return;
        }
        const r = await score(req);
        if (r.heatmap) transfer.push(r.heatmap.data.buffer);
        result = r;
        break;
      }
      case 'cam': {
        const inf = recent.get(req.key);
        if (!inf) throw new Error('this image has not been scored (or was evicted): score it again');
        const h = inf.cam(req.label, camOptions(req.camSize));
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
