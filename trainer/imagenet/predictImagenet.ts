// Top-k ImageNet predictions for photos (BMP, JPEG, PNG) with a model folder written by import-backbone
// (model.json + weights + imagenet.json). `predict` calls this when the model folder is an ImageNet model.
import * as tf from '@tensorflow/tfjs';
import { basename } from 'node:path';
import { loadLayersModelFrom } from '../io/fileIo';
import { hasBackboneInfo, readBackboneInfo, type BackboneInfo } from './backboneInfo';
import { decodeImageFile } from './decodeImage';
import { imagenetInput } from './preprocessImagenet';

export interface TopPrediction {
  index: number;
  label: string;
  probability: number;
}

export interface ImagenetPrediction {
  file: string;
  top: TopPrediction[];
}

export interface ImagenetClassifier {
  model: tf.LayersModel;
  info: BackboneInfo;
}

/** True when `dir` holds an ImageNet classifier written by import-backbone (imagenet.json with labels). */
export function isImagenetModelDir(dir: string): boolean {
  return hasBackboneInfo(dir);
}

export async function loadImagenetClassifier(dir: string): Promise<ImagenetClassifier> {
  const info = await readBackboneInfo(dir);
  if (!info.classifierLayer || !info.numClasses || info.labels.length !== info.numClasses) {
    throw new Error(`${dir}: the model has no ImageNet classifier (an embedding extractor cannot predict labels)`);
  }
  return { model: await loadLayersModelFrom(dir), info };
}

/** Probabilities (softmax applied if the model ends in logits) for one decoded image. */
export function classifyTensor(c: ImagenetClassifier, x: tf.Tensor4D, k = 5): TopPrediction[] {
  const probs = tf.tidy(() => {
    const y = c.model.predict(x) as tf.Tensor;
    const last = c.model.layers[c.model.layers.length - 1];
    const isSoftmax = last.getClassName() === 'Softmax' || (last.getConfig() as { activation?: string }).activation === 'softmax';
    return (isSoftmax ? y : tf.softmax(y)).reshape([-1]);
  });
  const p = probs.dataSync();
  probs.dispose();
  return Array.from(p, (probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k)
    .map(({ index, probability }) => ({ index, label: c.info.labels[index], probability }));
}

/**
 * Top-k labels for each file. A file that cannot be read or decoded yields an error naming the file; the
 * other files are still classified (errors are reported in `errors`).
 */
export async function predictImagenet(
  modelDirOrClassifier: string | ImagenetClassifier,
  files: string[],
  opts: { topK?: number } = {},
): Promise<{ predictions: ImagenetPrediction[]; errors: { file: string; message: string }[] }> {
  const c = typeof modelDirOrClassifier === 'string' ? await loadImagenetClassifier(modelDirOrClassifier) : modelDirOrClassifier;
  const [h, w] = c.info.inputShape;
  const predictions: ImagenetPrediction[] = [];
  const errors: { file: string; message: string }[] = [];
  for (const file of files) {
    try {
      const img = await decodeImageFile(file);
      const x = imagenetInput(img, [h, w]);
      try {
        predictions.push({ file, top: classifyTensor(c, x, opts.topK ?? 5) });
      } finally {
        x.dispose();
      }
    } catch (err) {
      errors.push({ file, message: (err as Error).message.startsWith(file) ? (err as Error).message : `${basename(file)}: ${(err as Error).message}` });
    }
  }
  return { predictions, errors };
}

/** The JSON line `predict` prints for an ImageNet model: {"file", "top5": [{"label", "index", "probability"}]}. */
export function imagenetPredictionJson(p: ImagenetPrediction): string {
  return JSON.stringify({
    file: p.file,
    top5: p.top.map((t) => ({ label: t.label, index: t.index, probability: Number(t.probability.toFixed(6)) })),
  });
}
