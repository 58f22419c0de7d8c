// importTflite(path): read a .tflite MobileNet and rebuild it as a float tfjs LayersModel.
import type * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseTflite } from './schema';
import { tfliteToLayersModel, type TfliteImportInfo } from './toLayersModel';

export type { TfliteImportInfo } from './toLayersModel';

export async function importTflite(path: string): Promise<{ model: tf.LayersModel; info: TfliteImportInfo }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new Error(`${path}: cannot read (${(err as Error).message})`, { cause: err });
  }
  try {
    return tfliteToLayersModel(parseTflite(bytes), basename(path, extname(path)));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}
