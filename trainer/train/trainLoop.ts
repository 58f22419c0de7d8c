// The epoch loop shared by every trained stage (head on cached features, end-to-end fine-tuning, greyscale
// distillation): seeded per-epoch shuffling, minibatch steps, validation score after each epoch, early stopping
// with best-weights restore, a checkpoint every epoch (and on Ctrl-C, mid-epoch), exact `--resume`, a progress
// bar with ETA and a JSONL record per step and per epoch.
//
// Repeatability: the permutation of epoch e depends only on (seed, e), and a step's own randomness (augmentation)
// should be drawn from `stepRng(seed, epoch, step)`, so a run resumed from any checkpoint replays exactly the
// batches an uninterrupted run would have seen.
import * as tf from '@tensorflow/tfjs';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { EarlyStopping, type EarlyStoppingState } from './earlyStopping';
import type { Interrupt } from './interrupt';
import type { JsonlLog } from './jsonlLog';
import { Progress } from './progress';
import { Rng } from './rng';

export interface LoopOptions {
  /** Stage name, used in logs and checkpoint state. */
  stage: string;
  epochs: number;
  patience: number;
  batchSize: number;
  /** Number of training samples (indices 0..n-1 are shuffled into batches). */
  n: number;
  seed: number;
  /** Optimizer learning rate (constant, or a function of epoch for a schedule). */
  lr: number | ((epoch: number) => number);
  /** Variables trained (their order must be the same on resume). */
  params: tf.Variable[];
  /** One optimisation step on the batch; returns the loss. The loop owns the optimizer. */
  loss: (batch: number[], epoch: number, step: number) => tf.Scalar;
  /** Validation after each epoch: the score early stopping maximises (mean AUC). */
  validate: () => Promise<{ score: number; details?: Record<string, unknown> }>;
  checkpointDir: string | null;
  resume: boolean;
  log: JsonlLog;
  interrupt: Interrupt | null;
  progress: boolean;
  /** Drop the last partial batch (keeps batch statistics comparable); default false. */
  dropLast?: boolean;
  /** Log a step record every this many steps (default 1). */
  logEvery?: number;
  /** Keep the last epoch's weights instead of the best-scoring ones (cross-validation: no selection on the test fold). */
  keepLast?: boolean;
  /** Validation score of the starting weights: an epoch must beat it to be kept (fine-tuning must beat the head). */
  initialScore?: number;
}

export interface LoopResult {
  interrupted: boolean;
  epochsRun: number;
  bestEpoch: number;
  bestScore: number;
  history: { epoch: number; loss: number; score: number; lr: number; seconds: number }[];
  /** Mean training loss of the first and of the last completed epoch. */
  firstLoss: number;
  lastLoss: number;
}

interface LoopState {
  stage: string;
  seed: number;
  /** Next epoch to run and next step in it. */
  epoch: number;
  step: number;
  stop: EarlyStoppingState;
  history: LoopResult['history'];
  /** Loss sum/count of the epoch in progress. */
  lossSum: number;
  lossCount: number;
  optimizerWeightNames: string[];
  done: boolean;
}

/** Deterministic per-step generator for augmentation etc. */
export function stepRng(seed: number, epoch: number, step: number, salt = 0): Rng {
  const r = new Rng((seed ^ Math.imul(epoch + 1, 0x27d4eb2d) ^ Math.imul(step + 1, 0x165667b1) ^ salt) >>> 0);
  r.next();
  return r;
}

/**
 * Lets the event loop run (signal handlers, timers, I/O). tfjs's data() resolves as a microtask on wasm/cpu, so
 * a training loop that only awaits tensors never reaches the event loop and Ctrl-C would wait for the end of the run.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function epochPermutation(seed: number, epoch: number, n: number): number[] {
  return new Rng((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0).shuffle(Array.from({ length: n }, (_, i) => i));
}

function batchesOf(perm: number[], batchSize: number, dropLast: boolean): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < perm.length; i += batchSize) {
    const b = perm.slice(i, i + batchSize);
    if (b.length < batchSize && dropLast && out.length > 0) break;
    out.push(b);
  }
  return out;
}

export async function runEpochs(o: LoopOptions): Promise<LoopResult> {
  const lrOf = (e: number): number => (typeof o.lr === 'number' ? o.lr : o.lr(e));
  let optimizer = tf.train.adam(lrOf(0));
  const stopper = new EarlyStopping(o.patience, 1e-4, { best: o.initialScore ?? -Infinity, bestEpoch: -1, bad: 0 });
  let state: LoopState = {
    stage: o.stage,
    seed: o.seed,
    epoch: 0,
    step: 0,
    stop: stopper.state,
    history: [],
    lossSum: 0,
    lossCount: 0,
    optimizerWeightNames: [],
    done: false,
  };
  let best: tf.Tensor[] = o.params.map((p) => p.clone());

  if (o.resume && o.checkpointDir && hasCheckpoint(o.checkpointDir)) {
    const ck = loadCheckpoint<LoopState>(o.checkpointDir);
    if (ck.state.stage !== o.stage) throw new Error(`checkpoint in ${o.checkpointDir} is for stage "${ck.state.stage}", not "${o.stage}"`);
    state = ck.state;
    stopper.state = state.stop;
    o.params.forEach((p, i) => {
      const t = ck.tensors.get(`param/${i}`);
      if (!t || t.shape.join() !== p.shape.join()) throw new Error(`checkpoint param ${i} missing or wrong shape`);
      p.assign(t);
      best[i]!.dispose();
      best[i] = ck.tensors.get(`best/${i}`) ?? p.clone();
    });
    if (state.optimizerWeightNames.length > 0) {
      optimizer = tf.train.adam(lrOf(state.epoch));
      await optimizer.setWeights(state.optimizerWeightNames.map((name, i) => ({ name, tensor: ck.tensors.get(`opt/${i}`)! })));
    }
    o.log.write({ kind: 'resume', stage: o.stage, epoch: state.epoch, step: state.step, from: o.checkpointDir });
    console.error(`[${o.stage}] resumed from ${o.checkpointDir} at epoch ${state.epoch + 1}, step ${state.step}`);
  }

  const save = async (): Promise<void> => {
    if (!o.checkpointDir) return;
    const optW = await optimizer.getWeights();
    state.optimizerWeightNames = optW.map((w) => w.name);
    state.stop = stopper.state;
    await saveCheckpoint(o.checkpointDir, state, [
      ...o.params.map((p, i) => ({ name: `param/${i}`, tensor: p as tf.Tensor })),
      ...best.map((t, i) => ({ name: `best/${i}`, tensor: t })),
      ...optW.map((w, i) => ({ name: `opt/${i}`, tensor: w.tensor })),
    ]);
  };

  const stepsPerEpoch = batchesOf(epochPermutation(o.seed, 0, o.n), o.batchSize, o.dropLast ?? false).length;
  const totalSteps = o.epochs * stepsPerEpoch;
  const bar = new Progress(o.stage, totalSteps, o.progress && !state.done);
  let interrupted = false;
  const logEvery = o.logEvery ?? 1;

  while (!state.done && state.epoch < o.epochs) {
    const e = state.epoch;
    const lr = lrOf(e);
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const t0 = Date.now();
    const batches = batchesOf(epochPermutation(o.seed, e, o.n), o.batchSize, o.dropLast ?? false);
    for (let s = state.step; s < batches.length; s++) {
      const batch = batches[s]!;
      const ts = Date.now();
      const lossT = optimizer.minimize(() => o.loss(batch, e, s), true, o.params) as tf.Scalar;
      const loss = (await lossT.data())[0]!;
      lossT.dispose();
      await yieldToEventLoop();
      state.lossSum += loss * batch.length;
      state.lossCount += batch.length;
      state.step = s + 1;
      if ((s + 1) % logEvery === 0 || s + 1 === batches.length) {
        o.log.write({ kind: 'step', stage: o.stage, epoch: e + 1, step: s + 1, steps: batches.length, loss, lr, stepS: (Date.now() - ts) / 1000 });
      }
      bar.update(e * stepsPerEpoch + s + 1, `epoch ${e + 1}/${o.epochs} loss ${loss.toFixed(4)}`);
      if (o.interrupt?.requested) {
        interrupted = true;
        break;
      }
    }
    if (interrupted) break;
    const meanLoss = state.lossSum / Math.max(1, state.lossCount);
    const val = await o.validate();
    const isBest = stopper.update(e, val.score);
    if (isBest) {
      best.forEach((t) => t.dispose());
      best = o.params.map((p) => p.clone());
    }
    const seconds = (Date.now() - t0) / 1000;
    state.history.push({ epoch: e + 1, loss: meanLoss, score: val.score, lr, seconds });
    o.log.write({ kind: 'epoch', stage: o.stage, epoch: e + 1, loss: meanLoss, valScore: val.score, best: isBest, lr, seconds, ...val.details });
    bar.update((e + 1) * stepsPerEpoch, `epoch ${e + 1}/${o.epochs} loss ${meanLoss.toFixed(4)} val ${val.score.toFixed(3)}${isBest ? ' *' : ''}`);
    state.epoch = e + 1;
    state.step = 0;
    state.lossSum = 0;
    state.lossCount = 0;
    if (stopper.shouldStop) {
      o.log.write({ kind: 'early-stop', stage: o.stage, epoch: e + 1, bestEpoch: stopper.state.bestEpoch + 1, best: stopper.state.best });
      state.done = true;
    }
    await save();
    if (o.interrupt?.requested) {
      interrupted = true;
      break;
    }
  }
  if (interrupted) {
    await save();
    o.log.write({ kind: 'interrupted', stage: o.stage, epoch: state.epoch + 1, step: state.step, checkpoint: o.checkpointDir });
  }
  bar.stop();
  if (!interrupted) {
    state.done = true;
    // The best epoch's weights, or the starting weights when no epoch beat `initialScore`.
    if (!o.keepLast) o.params.forEach((p, i) => p.assign(best[i]!));
    await save();
  }
  best.forEach((t) => t.dispose());
  optimizer.dispose();
  const h = state.history;
  return {
    interrupted,
    epochsRun: h.length,
    bestEpoch: stopper.state.bestEpoch + 1,
    bestScore: stopper.state.best,
    history: h,
    firstLoss: h[0]?.loss ?? NaN,
    lastLoss: h[h.length - 1]?.loss ?? NaN,
  };
}
