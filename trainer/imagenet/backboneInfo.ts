// imagenet.json: written beside model.json by import-backbone. It marks the folder as an ImageNet model (so
// `predict` prints top-5 labels) and tells the trainer which layers to build on.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const BACKBONE_INFO_FILE = 'imagenet.json';

export interface BackboneInfo {
  format: 'statread-imagenet-backbone';
  version: 1;
  /** e.g. mobilenet_v2_1.0_224_quant */
  name: string;
  /** Where it came from: TFLite file or tfjs model path/URL. */
  source: string;
  sourceFormat: 'tflite' | 'tfjs-layers';
  importedAt: string;
  /** [height, width, channels]. */
  inputShape: [number, number, number];
  /** x = rgb255 / 127.5 - 1 (Keras MobileNet convention). */
  inputRange: [number, number];
  /** Last spatial feature map (4-D) layer: CAM and fine-tuning start here. */
  featureLayer: string;
  /** Global average pooling layer (output [N, C]); null when the model has none. */
  pooledLayer: string | null;
  /** Dense classifier on pooled features; null for an embedding extractor. */
  classifierLayer: string | null;
  numClasses: number | null;
  /** Class names in output order (empty without a classifier). */
  labels: string[];
  /** Free-form details (TFLite quantisation, operator counts...). */
  details: Record<string, unknown>;
}

export function hasBackboneInfo(dir: string): boolean {
  return existsSync(join(dir, BACKBONE_INFO_FILE));
}

export async function readBackboneInfo(dir: string): Promise<BackboneInfo> {
  const path = join(dir, BACKBONE_INFO_FILE);
  const info = JSON.parse(await readFile(path, 'utf8')) as BackboneInfo;
  if (info.format !== 'statread-imagenet-backbone') throw new Error(`${path}: not a StatRead backbone description`);
  return info;
}

export async function writeBackboneInfo(dir: string, info: BackboneInfo): Promise<void> {
  await writeFile(join(dir, BACKBONE_INFO_FILE), JSON.stringify(info, null, 2) + '\n');
}
