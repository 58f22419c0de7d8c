// ImageNet class names. The TF-slim MobileNets have 1001 outputs (index 0 = "background"); Keras-style models
// have 1000 (no background). The labels file ships with the TFLite models in ../shared/data/imagenet-tflite.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Default labels file: $STATREAD_DATA/imagenet-tflite/imagenet_labels.txt (data dir defaults to ../shared/data). */
export function defaultLabelsPath(): string {
  const dataDir = resolve(process.env.STATREAD_DATA ?? join(REPO_ROOT, '..', 'shared', 'data'));
  return join(dataDir, 'imagenet-tflite', 'imagenet_labels.txt');
}

/** Reads a labels file (one label per line) and fits it to `numClasses` (adds/drops "background"). */
export async function readImagenetLabels(numClasses: number, path = defaultLabelsPath()): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`ImageNet labels ${path}: cannot read (${(err as Error).message}); pass --labels FILE`, { cause: err });
  }
  const labels = text.split(/\r?\n/).map((l) => l.trim());
  while (labels.length && labels[labels.length - 1] === '') labels.pop();
  if (labels.length === numClasses) return labels;
  if (labels.length === numClasses + 1 && labels[0] === 'background') return labels.slice(1);
  if (labels.length + 1 === numClasses) return ['background', ...labels];
  throw new Error(`ImageNet labels ${path}: ${labels.length} labels for a ${numClasses}-class model`);
}
