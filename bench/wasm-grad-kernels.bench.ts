// Fine-tuning throughput of the imported MobileNetV2 on tfjs-backend-wasm (with the gradient kernels added in
// trainer/kernels) against tfjs-backend-cpu, same model, batch and data, in one run. Also: TFLite import time
// and inference time per image. Writes bench/out/wasm-grad-kernels.md.
//   npx tsx bench/wasm-grad-kernels.bench.ts [--batch 4] [--steps 3]
import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { initBackend } from '../trainer/backend/initBackend';
import { importTflite } from '../trainer/tflite/importTflite';
import { dataPath } from '../test-support/sharedData';

const { values } = parseArgs({ options: { batch: { type: 'string' }, steps: { type: 'string' }, 'cpu-steps': { type: 'string' } } });
const batch = Number(values.batch ?? 4);
const steps = Number(values.steps ?? 3);
const cpuSteps = Number(values['cpu-steps'] ?? 1);
const tflite = dataPath('imagenet-tflite', 'mobilenet_v2_1.0_224_quant.tflite');

async function measure(backend: 'wasm' | 'cpu', n: number) {
  const r = await initBackend(backend);
  const t0 = performance.now();
  const { model } = await importTflite(tflite);
  const importMs = performance.now() - t0;
  const x = tf.randomUniform([batch, 224, 224, 3], -1, 1, 'float32', 1);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => (i * 97) % 1001),
      'int32',
    ),
    1001,
  );
  // Inference, one image.
  const one = x.slice([0, 0, 0, 0], [1, 224, 224, 3]);
  (model.predict(one) as tf.Tensor).dispose();
  const t1 = performance.now();
  for (let i = 0; i < 3; i++) (model.predict(one) as tf.Tensor).dataSync();
  const inferMs = (performance.now() - t1) / 3;
  // Fine-tuning the whole network: forward + backward + SGD update.
  model.compile({ optimizer: tf.train.sgd(1e-4), loss: 'categoricalCrossentropy' });
  await model.trainOnBatch(x, y); // warm-up
  const t2 = performance.now();
  for (let i = 0; i < n; i++) await model.trainOnBatch(x, y);
  const stepMs = (performance.now() - t2) / n;
  tf.dispose([x, y, one]);
  model.dispose();
  return { backend, detail: r.detail, importMs, inferMs, stepMs, imagesPerSec: (batch * 1000) / stepMs };
}

async function main(): Promise<void> {
  if (!existsSync(tflite)) throw new Error(`${tflite} missing: the benchmark needs ../shared/data/imagenet-tflite`);
  const wasm = await measure('wasm', steps);
  const cpu = await measure('cpu', cpuSteps);
  const rows = [wasm, cpu].map(
    (r) =>
      `| ${r.backend} | ${r.detail} | ${r.importMs.toFixed(0)} | ${r.inferMs.toFixed(0)} | ${(r.stepMs / 1000).toFixed(2)} | ${r.imagesPerSec.toFixed(2)} |`,
  );
  const md = [
    '## Trainer backends: MobileNetV2 fine-tuning on wasm vs cpu',
    '',
    `\`npx tsx bench/wasm-grad-kernels.bench.ts --batch ${batch} --steps ${steps}\`: MobileNetV2 1.0/224 imported from TFLite, whole network trained ` +
      `(SGD, categorical cross-entropy, batch ${batch}, 224x224), after one warm-up step; wasm uses the Conv2DBackpropFilter / depthwise backprop kernels from trainer/kernels (and their faster Conv2DBackpropInput). The cpu row is the plain-JavaScript backend, the only other one installed here; timings vary with other load on the machine.`,
    '',
    '| backend | detail | TFLite import (ms) | inference, 1 image (ms) | train step (s) | images/s (fine-tuning) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `wasm / cpu fine-tuning speed-up: **${(cpu.stepMs / wasm.stepMs).toFixed(1)}x**; inference speed-up ${(cpu.inferMs / wasm.inferMs).toFixed(1)}x.`,
    '',
  ].join('\n');
  await mkdir('bench/out', { recursive: true });
  await writeFile('bench/out/wasm-grad-kernels.md', md);
  console.log(md);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
