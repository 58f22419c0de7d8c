// Reads training images through the shared browser path (src/model/decodeImage + src/model/preprocess), keeps
// the canonical planes (canonicalSize^2 floats each: 803 x 64 x 64 = 13 MB) in memory, and turns a batch of
// them, optionally augmented, into an input tensor. Augmentation acts on the canonical plane, between the two
// resampling steps of the browser's preprocessing, so training inputs differ from browser inputs only by the
// augmentation itself.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decodeImage } from '../../src/model/decodeImage';
import type { PreprocessSpec } from '../../src/model/manifest';
import { canonicalise, toNetworkInput, type GreyPlane } from '../../src/model/preprocess';
import { augmentSquare, drawAugment, type AugmentOptions } from './augment';
import type { Rng } from './rng';

export async function loadCanonical(path: string, spec: PreprocessSpec): Promise<GreyPlane> {
  const bytes = await readFile(path);
  const img = decodeImage(bytes, basename(path));
  return canonicalise(img, spec);
}

/** Loads every path (in order) to canonical planes, a few files at a time. */
export async function loadAllCanonical(paths: string[], spec: PreprocessSpec, onProgress?: (done: number) => void): Promise<GreyPlane[]> {
  const out: GreyPlane[] = new Array(paths.length);
  const width = 8;
  for (let i = 0; i < paths.length; i += width) {
    const part = await Promise.all(paths.slice(i, i + width).map((p) => loadCanonical(p, spec)));
    part.forEach((pl, j) => (out[i + j] = pl));
    onProgress?.(Math.min(paths.length, i + width));
  }
  return out;
}

/** One plane -> network input values, augmented when `aug` and `rng` are given. */
export function planeToInput(plane: GreyPlane, spec: PreprocessSpec, aug?: AugmentOptions, rng?: Rng): Float32Array {
  if (aug && rng) {
    if (plane.width !== plane.height) throw new Error('augmentation expects a square canonical plane');
    const data = augmentSquare(plane.data, plane.width, drawAugment(aug, rng));
    return toNetworkInput({ width: plane.width, height: plane.height, data }, spec);
  }
  return toNetworkInput(plane, spec);
}

/** A batch tensor [n, S, S, C] from planes. `rngFor(i)` gives the augmentation generator of batch item i. */
export function batchTensor(planes: GreyPlane[], spec: PreprocessSpec, aug?: AugmentOptions, rngFor?: (i: number) => Rng): tf.Tensor4D {
  const s = spec.inputSize;
  const per = s * s * spec.channels;
  const buf = new Float32Array(planes.length * per);
  planes.forEach((p, i) => buf.set(planeToInput(p, spec, aug, rngFor?.(i)), i * per));
  return tf.tensor4d(buf, [planes.length, s, s, spec.channels]);
}
