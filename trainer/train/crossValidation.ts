// Patient-disjoint K-fold cross-validation of the head stage (frozen features), so every image - in particular
// every one of the few pneumothorax images - is scored once by a head that never saw its patient. A single
// 80/20 split of 190 patients leaves a rare finding with one or two validation patients; out-of-fold scores over
// all images give a far less noisy estimate of what the method achieves on this data.
// No peeking: each fold trains for a fixed number of epochs (the main run's early-stopping choice) and keeps the
// last weights; the held-out fold is never used to select anything.
import type { LabeledImage } from './dataset';
import { trainHead, predictHead, type HeadOptions } from './head';
import { Rng } from './rng';
import * as tf from '@tensorflow/tfjs';

/** Fold index per item: patients dealt round-robin into k folds within strata of their rarest positive label. */
export function patientFolds(items: LabeledImage[], k: number, seed: number): number[] {
  const positives = items[0]?.y.map((_, j) => items.filter((it) => it.y[j] === 1).length) ?? [];
  const byPatient = new Map<string, LabeledImage[]>();
  for (const it of items) byPatient.set(it.patientId, [...(byPatient.get(it.patientId) ?? []), it]);
  const strata = new Map<string, string[]>();
  for (const [pid, list] of [...byPatient.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    let key = 'none';
    let best = Infinity;
    positives.forEach((count, j) => {
      if (list.some((it) => it.y[j] === 1) && count < best) {
        best = count;
        key = String(j);
      }
    });
    strata.set(key, [...(strata.get(key) ?? []), pid]);
  }
  const rng = new Rng(seed ^ 0xc0ffee);
  const foldOf = new Map<string, number>();
  let next = 0;
  for (const key of [...strata.keys()].sort()) {
    for (const pid of rng.shuffle(strata.get(key)!)) foldOf.set(pid, next++ % k);
  }
  return items.map((it) => foldOf.get(it.patientId)!);
}

export interface CvResult {
  k: number;
  epochs: number;
  /**
   * Out-of-fold probabilities, n x labels, in item order. With weighted BCE each fold's bias is shifted by
   * -log(posWeight) exactly as the shipped head's is, so these are on the shipped model's probability scale and
   * operating points chosen on them carry over.
   */
  probs: Float32Array;
  folds: number[];
  /** Each fold's head (prevalence-corrected bias): class activation maps of held-out images for localisation. */
  heads: { kernel: Float32Array; bias: Float32Array }[];
}

/**
 * x: (views * n) x c features, view-major (row = view * n + i), view 0 un-augmented. y: n x k labels (-1 unknown).
 */
export async function crossValidateHead(
  x: Float32Array,
  views: number,
  n: number,
  c: number,
  items: LabeledImage[],
  labels: number,
  k: number,
  epochs: number,
  opts: Omit<HeadOptions, 'epochs' | 'patience' | 'checkpointDir' | 'resume' | 'interrupt'>,
): Promise<CvResult> {
  const folds = patientFolds(items, k, opts.seed);
  const probs = new Float32Array(n * labels);
  const heads: CvResult['heads'] = [];
  for (let f = 0; f < k; f++) {
    const trainIdx = items.map((_, i) => i).filter((i) => folds[i] !== f);
    const testIdx = items.map((_, i) => i).filter((i) => folds[i] === f);
    const rowsOf = (idx: number[], nViews: number): { x: Float32Array; y: Float32Array; n: number } => {
      const xs = new Float32Array(nViews * idx.length * c);
      const ys = new Float32Array(nViews * idx.length * labels);
      for (let v = 0; v < nViews; v++) {
        idx.forEach((i, r) => {
          xs.set(x.subarray((v * n + i) * c, (v * n + i + 1) * c), (v * idx.length + r) * c);
          items[i]!.y.forEach((val, j) => (ys[(v * idx.length + r) * labels + j] = val));
        });
      }
      return { x: xs, y: ys, n: nViews * idx.length };
    };
    const tr = rowsOf(trainIdx, views);
    const te = rowsOf(testIdx, 1);
    const head = await trainHead(
      { ...tr, c, k: labels },
      { ...te, c, k: labels },
      {
        ...opts,
        epochs,
        patience: Number.MAX_SAFE_INTEGER,
        checkpointDir: null,
        resume: false,
        interrupt: null,
        keepLast: true,
        stage: `cv-fold-${f + 1}`,
      },
    );
    const bias = opts.loss === 'wbce' ? Float32Array.from(head.bias, (b, j) => b - Math.log(head.posWeights[j]!)) : head.bias;
    heads.push({ kernel: head.kernel, bias });
    const p = tf.tidy(() => predictHead(te.x, te.n, c, tf.tensor2d(head.kernel, [c, labels]), tf.tensor1d(bias)));
    testIdx.forEach((i, r) => probs.set(p.subarray(r * labels, (r + 1) * labels), i * labels));
    opts.log.write({ kind: 'cv-fold', fold: f + 1, of: k, train: trainIdx.length, test: testIdx.length, lastLoss: head.lastLoss });
  }
  return { k, epochs, probs, folds, heads };
}
