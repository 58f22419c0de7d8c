// Stage 3a input: pooled backbone features of every training image (and `copies` augmented views of each),
// cached on disk. The cache key hashes the trunk (topology + weight values: so fold/distil results differ),
// the preprocessing spec, the augmentation settings, the copy count, the seed and the image list, so any change
// recomputes and an unchanged rerun (an ablation, a head-only retrain, a resumed run) reads the file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../../src/model/manifest';
import type { GreyPlane } from '../../src/model/preprocess';
import type { AugmentOptions } from './augment';
import { batchTensor } from './images';
import { Progress } from './progress';
import { stepRng, yieldToEventLoop } from './trainLoop';

/** Thrown when Ctrl-C arrives during feature extraction (nothing to checkpoint: partial features are not cached). */
export class ExtractionInterrupted extends Error {
  constructor() {
    super('feature extraction interrupted');
    this.name = 'ExtractionInterrupted';
  }
}

export function trunkHash(trunk: tf.LayersModel): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(trunk.toJSON(undefined, false)));
  for (const w of trunk.getWeights()) {
    const d = w.dataSync() as Float32Array;
    h.update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }
  return h.digest('hex').slice(0, 16);
}

/** Global-average-pooled features of `planes` (n x C, row-major). */
export async function extractFeatures(
  trunk: tf.LayersModel,
  planes: GreyPlane[],
  spec: PreprocessSpec,
  o: {
    batchSize: number;
    aug?: AugmentOptions;
    rngFor?: (i: number) => ReturnType<typeof stepRng>;
    progress?: Progress;
    progressBase?: number;
    shouldStop?: () => boolean;
  },
): Promise<{ x: Float32Array; c: number }> {
  const c = trunk.outputs[0]!.shape[3] as number;
  const x = new Float32Array(planes.length * c);
  for (let i = 0; i < planes.length; i += o.batchSize) {
    const part = planes.slice(i, i + o.batchSize);
    const input = batchTensor(part, spec, o.aug, o.rngFor ? (j) => o.rngFor!(i + j) : undefined);
    const pooled = tf.tidy(() => (trunk.predict(input) as tf.Tensor4D).mean([1, 2]));
    x.set((await pooled.data()) as Float32Array, i * c);
    tf.dispose([input, pooled]);
    await yieldToEventLoop();
    if (o.shouldStop?.()) throw new ExtractionInterrupted();
    o.progress?.update((o.progressBase ?? 0) + i + part.length);
  }
  return { x, c };
}

export interface CachedFeatures {
  /** (copies + 1) * n x C: view 0 is un-augmented, views 1..copies augmented; row = view * n + i. */
  x: Float32Array;
  n: number;
  c: number;
  views: number;
  key: string;
  fromCache: boolean;
  seconds: number;
}

export async function cachedFeatures(
  trunk: tf.LayersModel,
  planes: GreyPlane[],
  ids: string[],
  spec: PreprocessSpec,
  o: {
    cacheDir: string | null;
    copies: number;
    aug: AugmentOptions;
    seed: number;
    batchSize: number;
    progress: boolean;
    label?: string;
    shouldStop?: () => boolean;
  },
): Promise<CachedFeatures> {
  const t0 = Date.now();
  const key = createHash('sha256')
    .update(JSON.stringify({ trunk: trunkHash(trunk), spec, aug: o.aug, copies: o.copies, seed: o.seed, ids }))
    .digest('hex')
    .slice(0, 20);
  const c = trunk.outputs[0]!.shape[3] as number;
  const n = planes.length;
  const views = o.copies + 1;
  const file = o.cacheDir ? join(o.cacheDir, `features-${key}.f32`) : null;
  if (file && existsSync(file)) {
    const buf = readFileSync(file);
    if (buf.byteLength === views * n * c * 4) {
      const x = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      return { x, n, c, views, key, fromCache: true, seconds: (Date.now() - t0) / 1000 };
    }
  }
  const x = new Float32Array(views * n * c);
  const bar = new Progress(o.label ?? 'features', views * n, o.progress);
  for (let v = 0; v < views; v++) {
    const r = await extractFeatures(trunk, planes, spec, {
      batchSize: o.batchSize,
      aug: v === 0 ? undefined : o.aug,
      rngFor: v === 0 ? undefined : (i) => stepRng(o.seed, 1000 + v, i, 0x5eed),
      progress: bar,
      progressBase: v * n,
      shouldStop: o.shouldStop,
    }).finally(() => {
      if (o.shouldStop?.()) bar.stop();
    });
    x.set(r.x, v * n * c);
  }
  bar.stop();
  if (file && o.cacheDir) {
    mkdirSync(o.cacheDir, { recursive: true });
    writeFileSync(`${file}.tmp`, new Uint8Array(x.buffer));
    renameSync(`${file}.tmp`, file);
    writeFileSync(
      join(o.cacheDir, `features-${key}.json`),
      JSON.stringify({ key, n, c, views, spec, aug: o.aug, seed: o.seed, created: new Date().toISOString() }, null, 1),
    );
  }
  return { x, n, c, views, key, fromCache: false, seconds: (Date.now() - t0) / 1000 };
}
