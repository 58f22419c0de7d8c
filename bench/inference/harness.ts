// In-browser side of bench/inference.bench.ts: StatRead's own worker client (src/inference) and the
// Chester-like baseline worker, timed on a forced backend. Exposes window.__bench for the Node driver.
import { InferenceClient } from '../../src/inference/client';
import type { BackendName } from '../../src/inference/protocol';
import type { BaselineRequest, BaselineResult } from './baselineWorker';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function clearCaches(): Promise<void> {
  const dbs = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    dbs.map(
      (d) =>
        new Promise<void>((resolve) => {
          if (!d.name) return resolve();
          const r = indexedDB.deleteDatabase(d.name);
          r.onsuccess = r.onerror = r.onblocked = () => resolve();
        }),
    ),
  );
  for (const k of await caches.keys()) await caches.delete(k);
}

function b64ToBuffer(b64: string): ArrayBuffer {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

export interface StatReadTimes {
  loadColdMs: number;
  firstInferenceColdMs: number;
  loadCachedMs: number;
  firstInferenceMs: number;
  warmInferenceMs: number;
  scoreHeatmapMs: number;
  heatmapMs: number;
  camOnlyMs: number;
  networkMs: number;
}

/** `indexFile`: a model index under /models/ whose default is the model to time (the bench writes one per model). */
async function statread(backend: BackendName, runs: number, imageB64: string, fileName: string, indexFile = 'index.json'): Promise<StatReadTimes> {
  const indexUrl = new URL(`/models/${indexFile}`, location.href).href;
  await clearCaches();
  let c = new InferenceClient();
  await c.probe(indexUrl);
  const cold = await c.init({ backend, how: 'forced', why: 'benchmark' }, 0);
  c.terminate();
  c = new InferenceClient();
  await c.probe(indexUrl);
  const cached = await c.init({ backend, how: 'forced', why: 'benchmark' }, 0);
  if (cached.modelSource !== 'cache') throw new Error('second load did not come from the cache');
  const warm = await c.time(runs, 0);
  const totals: number[] = [];
  const cams: number[] = [];
  const nets: number[] = [];
  let label = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await c.score({ key: `bench-${i}`, fileName, frame: 0, bytes: b64ToBuffer(imageB64), force: true }, 0);
    totals.push(performance.now() - t);
    cams.push(r.timing.camMs);
    nets.push(r.timing.networkMs);
    label = r.findings.find((f) => f.label !== r.heatmap?.label)?.label ?? label;
  }
  const camOnly: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await c.cam(`bench-${runs - 1}`, label, 0);
    camOnly.push(performance.now() - t);
  }
  c.terminate();
  return {
    loadColdMs: cold.modelLoadMs,
    firstInferenceColdMs: cold.firstInferenceMs,
    loadCachedMs: cached.modelLoadMs,
    firstInferenceMs: cached.firstInferenceMs,
    warmInferenceMs: warm.medianMs,
    scoreHeatmapMs: median(totals),
    heatmapMs: median(cams),
    camOnlyMs: median(camOnly),
    networkMs: median(nets),
  };
}

function baseline(backend: BackendName, runs: number, imageB64: string, fileName: string): Promise<BaselineResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./baselineWorker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<BaselineResult | { error: string }>) => {
      w.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message));
    };
    const req: BaselineRequest = { backend, runs, modelUrl: new URL('/baseline/model.json', location.href).href, bytes: b64ToBuffer(imageB64), fileName };
    clearCaches().then(() => w.postMessage(req, [req.bytes]), reject);
  });
}

declare global {
  interface Window {
    __bench?: { statread: typeof statread; baseline: typeof baseline; median: typeof median };
  }
}
window.__bench = { statread, baseline, median };
