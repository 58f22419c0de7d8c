// Writes the exported model (model.json + weight shards, weights quantised) and checks that the reloaded model
// gives the same outputs as the one in memory, within the quantisation's tolerance.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fileSystemIO, loadLayersModelFrom } from '../io/fileIo';
import { quantizingHandler, type WeightQuantization } from './quantize';

export interface SavedModelInfo {
  dir: string;
  quantization: WeightQuantization;
  files: { name: string; bytes: number }[];
  totalBytes: number;
  /** Max |difference| between in-memory and reloaded outputs on the check batch: [probabilities, featureMap]. */
  reloadMaxAbsDiff: number[];
}

export async function saveModel(model: tf.LayersModel, dir: string, quantization: WeightQuantization, check: tf.Tensor4D): Promise<SavedModelInfo> {
  await model.save(quantizingHandler(fileSystemIO(dir), quantization));
  const files = readdirSync(dir)
    .filter((f) => f === 'model.json' || f.endsWith('.bin'))
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
  const reloaded = await loadLayersModelFrom(dir);
  const a = model.predict(check) as tf.Tensor[];
  const b = reloaded.predict(check) as tf.Tensor[];
  const diffs = a.map((t, i) => tf.tidy(() => t.sub(b[i]!).abs().max().dataSync()[0]!));
  tf.dispose([...a, ...b]);
  reloaded.dispose();
  return { dir, quantization, files, totalBytes: files.reduce((s, f) => s + f.bytes, 0), reloadMaxAbsDiff: diffs };
}
