// Stage 3a: train the classification head (one Dense layer, sigmoid multi-label) on cached pooled backbone
// features. This is multi-label logistic regression: zero-initialised kernel, bias at the log prior odds of each
// label (deterministic, no init randomness), weighted BCE or focal loss, L2 on the kernel, Adam.
import * as tf from '@tensorflow/tfjs';
import type { Interrupt } from './interrupt';
import type { JsonlLog } from './jsonlLog';
import { multilabelLoss, positiveWeights, type LossKind } from './loss';
import { runEpochs, type LoopResult } from './trainLoop';
import { meanAuc } from './valScore';

/** n x c features and n x k 0/1 labels, row-major. */
export interface FeatureSet {
  x: Float32Array;
  y: Float32Array;
  n: number;
  c: number;
  k: number;
}

export interface HeadOptions {
  epochs: number;
  patience: number;
  batchSize: number;
  lr: number;
  l2: number;
  loss: LossKind;
  seed: number;
  checkpointDir: string | null;
  resume: boolean;
  log: JsonlLog;
  interrupt: Interrupt | null;
  progress: boolean;
  /** Keep the last epoch's weights (no selection on the validation data). */
  keepLast?: boolean;
  /** Stage name in logs and checkpoints (default "head"). */
  stage?: string;
}

export interface HeadResult extends LoopResult {
  kernel: Float32Array;
  bias: Float32Array;
  posWeights: number[];
  /** Validation probabilities with the chosen (best) weights, n_val x k. */
  valProbs: Float32Array;
  valPerLabelAuc: number[];
}

export function rows(y: Float32Array, n: number, k: number): Float32Array[] {
  return Array.from({ length: n }, (_, i) => y.subarray(i * k, (i + 1) * k));
}

export function predictHead(x: Float32Array, n: number, c: number, kernel: tf.Tensor, bias: tf.Tensor): Float32Array {
  return tf.tidy(() => tf.sigmoid(tf.tensor2d(x, [n, c]).matMul(kernel).add(bias)).dataSync() as Float32Array);
}

export async function trainHead(train: FeatureSet, val: FeatureSet, o: HeadOptions): Promise<HeadResult> {
  const { c, k } = train;
  const posW = positiveWeights(rows(train.y, train.n, k));
  const prior = Array.from({ length: k }, (_, j) => {
    let p = 0;
    let m = 0;
    for (let i = 0; i < train.n; i++) {
      const v = train.y[i * k + j]!;
      if (v >= 0) {
        p += v;
        m++;
      }
    }
    const f = Math.min(0.99, Math.max(0.01, p / Math.max(1, m)));
    return Math.log(f / (1 - f));
  });
  const kernel = tf.variable(tf.zeros([c, k]), true, undefined, 'float32');
  const bias = tf.variable(tf.tensor1d(prior), true, undefined, 'float32');
  const posWeight = tf.tensor1d(posW);
  const xAll = tf.tensor2d(train.x, [train.n, c]);
  const yAll = tf.tensor2d(train.y, [train.n, k]);
  let lastVal: { probs: Float32Array; per: number[] } = { probs: new Float32Array(), per: [] };
  const validate = async (): Promise<{ score: number; details: Record<string, unknown> }> => {
    const probs = predictHead(val.x, val.n, c, kernel, bias);
    const m = meanAuc(probs, val.y, val.n, k);
    lastVal = { probs, per: m.perLabel };
    return { score: m.mean, details: { valMeanAuc: m.mean } };
  };
  const result = await runEpochs({
    stage: o.stage ?? 'head',
    epochs: o.epochs,
    patience: o.patience,
    batchSize: o.batchSize,
    n: train.n,
    seed: o.seed,
    lr: o.lr,
    params: [kernel, bias],
    loss: (batch) => {
      const idx = tf.tensor1d(batch, 'int32');
      const xb = tf.gather(xAll, idx) as tf.Tensor2D;
      const yb = tf.gather(yAll, idx) as tf.Tensor2D;
      const logits = xb.matMul(kernel).add(bias) as tf.Tensor2D;
      const l = multilabelLoss(o.loss, logits, yb, posWeight);
      return o.l2 > 0 ? l.add(kernel.square().sum().mul(o.l2)) : l;
    },
    validate,
    checkpointDir: o.checkpointDir,
    resume: o.resume,
    log: o.log,
    interrupt: o.interrupt,
    progress: o.progress,
    keepLast: o.keepLast,
  });
  await validate(); // with the restored best weights
  const out: HeadResult = {
    ...result,
    kernel: kernel.dataSync().slice() as Float32Array,
    bias: bias.dataSync().slice() as Float32Array,
    posWeights: posW,
    valProbs: lastVal.probs,
    valPerLabelAuc: lastVal.per,
  };
  tf.dispose([kernel, bias, posWeight, xAll, yAll]);
  return out;
}
