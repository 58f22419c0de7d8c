// Stage 3b (optional, `--unfreeze N|all`): end-to-end fine-tuning of the top N blocks of the trunk together
// with the head, on augmented images (augmentation drawn per step from the seed, so resume is exact), with the
// same loss, early stopping, checkpoints and log as the head stage. On the wasm backend this needs the gradient
// kernels registered by trainer/kernels (Conv2DBackpropFilter, DepthwiseConv2dNative backprops).
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../../src/model/manifest';
import type { GreyPlane } from '../../src/model/preprocess';
import type { AugmentOptions } from './augment';
import { batchTensor } from './images';
import type { Interrupt } from './interrupt';
import type { JsonlLog } from './jsonlLog';
import { multilabelLoss, type LossKind } from './loss';
import { HEAD_LAYER, POOLED_LAYER, unfrozenVariables } from './network';
import { runEpochs, stepRng, type LoopResult } from './trainLoop';
import { meanAuc } from './valScore';

export interface FineTuneOptions {
  unfreeze: number;
  epochs: number;
  patience: number;
  batchSize: number;
  lr: number;
  l2: number;
  loss: LossKind;
  posWeights: number[];
  aug: AugmentOptions;
  seed: number;
  checkpointDir: string | null;
  resume: boolean;
  log: JsonlLog;
  interrupt: Interrupt | null;
  progress: boolean;
}

export interface FineTuneResult extends LoopResult {
  blocks: string[];
  trainedParams: number;
  valProbs: Float32Array;
  valPerLabelAuc: number[];
}

export function predictProbs(model: tf.LayersModel, planes: GreyPlane[], spec: PreprocessSpec, batchSize: number): Float32Array {
  const k = (model.outputs[0]!.shape[1] as number) ?? 0;
  const out = new Float32Array(planes.length * k);
  for (let i = 0; i < planes.length; i += batchSize) {
    const x = batchTensor(planes.slice(i, i + batchSize), spec);
    const p = tf.tidy(() => (model.predict(x) as tf.Tensor[])[0]!.dataSync() as Float32Array);
    out.set(p, i * k);
    x.dispose();
  }
  return out;
}

/** Fine-tunes `model` (attachHead output) in place. Labels are n x k row-major. */
export async function fineTune(
  model: tf.LayersModel,
  spec: PreprocessSpec,
  train: { planes: GreyPlane[]; y: Float32Array },
  val: { planes: GreyPlane[]; y: Float32Array },
  o: FineTuneOptions,
): Promise<FineTuneResult> {
  const head = model.getLayer(HEAD_LAYER);
  const [kernelVar, biasVar] = head.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val) as [tf.Variable, tf.Variable];
  const k = kernelVar.shape[1]!;
  const { vars, blocks } = unfrozenVariables(model, o.unfreeze);
  const params = [...vars, kernelVar, biasVar];
  const pooledModel = tf.model({ inputs: model.inputs, outputs: model.getLayer(POOLED_LAYER).output as tf.SymbolicTensor });
  const posWeight = tf.tensor1d(o.posWeights);
  const yAll = tf.tensor2d(train.y, [train.planes.length, k]);
  let last: { probs: Float32Array; per: number[] } = { probs: new Float32Array(), per: [] };
  const validate = async (): Promise<{ score: number; details: Record<string, unknown> }> => {
    const probs = predictProbs(model, val.planes, spec, 32);
    const m = meanAuc(probs, val.y, val.planes.length, k);
    last = { probs, per: m.perLabel };
    return { score: m.mean, details: { valMeanAuc: m.mean } };
  };
  const before = await validate();
  o.log.write({ kind: 'fine-tune-start', valMeanAuc: before.score, blocks, params: params.reduce((a, v) => a + v.size, 0) });
  const result = await runEpochs({
    initialScore: before.score,
    stage: `fine-tune-${o.unfreeze === Infinity ? 'all' : o.unfreeze}`,
    epochs: o.epochs,
    patience: o.patience,
    batchSize: o.batchSize,
    n: train.planes.length,
    seed: o.seed,
    lr: o.lr,
    params,
    loss: (batch, epoch, step) => {
      const x = batchTensor(
        batch.map((i) => train.planes[i]!),
        spec,
        o.aug,
        (j) => stepRng(o.seed, epoch, step, 0xa06 + j),
      );
      const pooled = pooledModel.apply(x, { training: true }) as tf.Tensor2D;
      const logits = pooled.matMul(kernelVar).add(biasVar) as tf.Tensor2D;
      const yb = tf.gather(yAll, tf.tensor1d(batch, 'int32')) as tf.Tensor2D;
      const l = multilabelLoss(o.loss, logits, yb, posWeight);
      return o.l2 > 0 ? l.add(kernelVar.square().sum().mul(o.l2)) : l;
    },
    validate,
    checkpointDir: o.checkpointDir,
    resume: o.resume,
    log: o.log,
    interrupt: o.interrupt,
    progress: o.progress,
    dropLast: true,
  });
  await validate();
  tf.dispose([posWeight, yAll]);
  return {
    ...result,
    blocks,
    trainedParams: params.reduce((a, v) => a + v.size, 0),
    valProbs: last.probs,
    valPerLabelAuc: last.per,
  };
}
