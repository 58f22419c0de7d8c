// Test support: an ImageNet backbone CI can build itself. Imports the smallest TFLite MobileNet of the shared
// data (MobileNetV1 0.25/128, 470 k parameters) with the project's own importer into a temp folder, once per
// machine (cached under the OS temp dir, keyed by the TFLite file's size and mtime).
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import importBackbone from '../commands/importBackbone';
import { dataPath } from '../../test-support/sharedData';

export const TINY_TFLITE = 'imagenet-tflite/mobilenet_v1_0.25_128_quant.tflite';

export async function tinyBackboneDir(): Promise<string> {
  const src = dataPath(TINY_TFLITE);
  const st = statSync(src);
  const dir = join(tmpdir(), 'statread-test-backbones', `mobilenet_v1_0.25_128-${st.size}-${Math.floor(st.mtimeMs)}`);
  if (existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'imagenet.json'))) return dir;
  const code = await importBackbone.run(['--tflite', src, '--out', dir, '--backend', 'cpu']);
  if (code !== 0) throw new Error(`import-backbone failed with exit code ${code}`);
  return dir;
}
