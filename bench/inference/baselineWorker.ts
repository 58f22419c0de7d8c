/// <reference lib="webworker" />
// The Chester-like baseline in its own worker, on the same backend as StatRead: DenseNet-121 at 224x224x3,
// float32, input-gradient saliency. Decoding uses the shared decoder (same cost for both); random weights.
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/inference/backends';
import { decodeImage } from '../../src/model/decodeImage';
import { bilinear } from '../../src/model/resample';
import { registerWasmGradKernels } from '../../trainer/kernels/registerWasmGradKernels';
import { scoreWithSaliency } from './densenet121';
import type { BackendName } from '../../src/inference/protocol';

declare const self: DedicatedWorkerGlobalScope;

export interface BaselineRequest {
  backend: BackendName;
  runs: number;
  modelUrl: string;
  bytes: ArrayBuffer;
  fileName: string;
}

export interface BaselineResult {
  loadColdMs: number;
  loadCachedMs: number;
  firstInferenceMs: number;
  warmInferenceMs: number;
  scoreSaliencyMs: number;
  saliencyMs: number;
  dropToResultMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function toInput(bytes: ArrayBuffer, fileName: string): tf.Tensor4D {
  const img = decodeImage(new Uint8Array(bytes), fileName);
  const g = bilinear(img.data, img.width, img.height, 224, 224);
  const rgb = new Float32Array(224 * 224 * 3);
  for (let i = 0; i < g.length; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = (g[i] - 0.5) / 0.25;
  return tf.tensor4d(rgb, [1, 224, 224, 3]);
}

self.onmessage = async (e: MessageEvent<BaselineRequest>) => {
  try {
    const { backend, runs, modelUrl, bytes, fileName } = e.data;
    await useBackend(backend);
    if (backend === 'wasm') registerWasmGradKernels();
    let t = performance.now();
    let model = await tf.loadLayersModel(modelUrl);
    const loadColdMs = performance.now() - t;
    await model.save('indexeddb://bench-chester-densenet121');
    model.dispose();
    t = performance.now();
    model = await tf.loadLayersModel('indexeddb://bench-chester-densenet121');
    const loadCachedMs = performance.now() - t;
    const x = toInput(bytes.slice(0), fileName);
    t = performance.now();
    await (model.predict(x) as tf.Tensor).data();
    const firstInferenceMs = performance.now() - t;
    const warm: number[] = [];
    const total: number[] = [];
    const drop: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const p = model.predict(x) as tf.Tensor;
      await p.data();
      p.dispose();
      warm.push(performance.now() - t);
      t = performance.now();
      const r = scoreWithSaliency(model, x, 7);
      await Promise.all([r.probs.data(), r.saliency.data()]);
      r.probs.dispose();
      r.saliency.dispose();
      total.push(performance.now() - t);
      t = performance.now();
      const xi = toInput(bytes.slice(0), fileName);
      const r2 = scoreWithSaliency(model, xi, 7);
      await Promise.all([r2.probs.data(), r2.saliency.data()]);
      r2.probs.dispose();
      r2.saliency.dispose();
      xi.dispose();
      drop.push(performance.now() - t);
    }
    const result: BaselineResult = {
      loadColdMs,
      loadCachedMs,
      firstInferenceMs,
      warmInferenceMs: median(warm),
      scoreSaliencyMs: median(total),
      saliencyMs: median(total) - median(warm),
      dropToResultMs: median(drop),
    };
    self.postMessage(result);
  } catch (err) {
    self.postMessage({ error: (err as Error).message });
  }
};
