// Greyscale adaptation by distillation (stage 2): the ImageNet network fed the colour photo (teacher) teaches
// the same network fed the photo's grey version (student, first conv folded to one channel), so the student's
// features on grey images move towards the features the teacher computes from colour.
//
// Data: natural photos (e.g. ../shared/data/imagenet-tflite), each giving many random crops per epoch
// (scale 30-100% of the short side, aspect 3:4-4:3, left-right flips allowed for natural images), resized to the
// training input size. Grey = Rec.601 luma (0.299 R + 0.587 G + 0.114 B), which is linear, so it is computed on
// the [-1,1] network input directly.
// Loss: mean squared error between student and teacher activations at the output of the first `depth` blocks
// (colour is handled in early layers; cutting there also keeps each step cheap) plus, when depth covers the
// whole trunk, at the feature map. Only the student's first `depth` blocks are trained. The validation score is
// minus the loss on fixed centre crops, so the epoch loop's early stopping keeps the best student.
import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../imagenet/bmp';
import type { Interrupt } from '../train/interrupt';
import type { JsonlLog } from '../train/jsonlLog';
import { weightedBlocks } from '../train/network';
import { runEpochs, stepRng, type LoopResult } from '../train/trainLoop';

export interface DistillOptions {
  /** Crop size fed to teacher and student. Convolution weights do not depend on the input size, so distilling at a
   * smaller size than the radiograph input trains the same kernels for a fraction of the cost. */
  inputSize: number;
  /** Number of blocks (from the input) trained and matched; Infinity = the whole trunk. */
  depth: number;
  cropsPerImage: number;
  epochs: number;
  patience: number;
  batchSize: number;
  lr: number;
  seed: number;
  checkpointDir: string | null;
  resume: boolean;
  log: JsonlLog;
  interrupt: Interrupt | null;
  progress: boolean;
}

export interface DistillResult extends LoopResult {
  /** Validation MSE of the folded student before and after distillation. */
  mseBefore: number;
  mseAfter: number;
  /** Mean square of the teacher's activations at the matched layer (MSE / this = relative error). */
  targetPower: number;
  matchedLayer: string;
  trainedBlocks: string[];
  photos: number;
}

/** RGBA photo -> [1, H, W, 3] float in [-1, 1]. */
function photoTensor(img: RgbaImage): tf.Tensor4D {
  return tf.tidy(() =>
    tf.tensor3d(img.data, [img.height, img.width, 4], 'int32').slice([0, 0, 0], [img.height, img.width, 3]).toFloat().div(127.5).sub(1).expandDims(0),
  ) as tf.Tensor4D;
}

const LUMA = [0.299, 0.587, 0.114];

export function rgbToGrey(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => rgb.mul(tf.tensor1d(LUMA)).sum(3, true)) as tf.Tensor4D;
}

/** The layer whose output is matched: the last weighted layer of block `depth` (or the trunk output). */
function matchLayer(student: tf.LayersModel, depth: number): { name: string; blocks: string[] } {
  const blocks = weightedBlocks(student);
  if (depth >= blocks.length) return { name: student.outputs[0]!.sourceLayer.name, blocks: blocks.map((b) => b.key) };
  const sel = blocks.slice(0, depth);
  const lastLayer = sel[sel.length - 1]!.layers[sel[sel.length - 1]!.layers.length - 1]!;
  // Prefer the activation applied to that layer's output when the next layer is one (ReLU6 after a conv).
  const idx = student.layers.indexOf(lastLayer);
  const next = student.layers[idx + 1];
  const name = next && next.getClassName() === 'ReLU' ? next.name : lastLayer.name;
  return { name, blocks: sel.map((b) => b.key) };
}

/**
 * Distils `teacher` (3-channel trunk) into `student` (1-channel trunk of the same topology), in place.
 * Both must be built at `o.inputSize` (see buildTrunk); the weights are shared with trunks of any size.
 */
export async function distillGreyscale(teacher: tf.LayersModel, student: tf.LayersModel, photos: RgbaImage[], o: DistillOptions): Promise<DistillResult> {
  if (photos.length === 0) throw new Error('distillation needs at least one natural image (--natural DIR)');
  const { name, blocks } = matchLayer(student, o.depth);
  const sSub = tf.model({ inputs: student.inputs, outputs: student.getLayer(name).output as tf.SymbolicTensor });
  const tSub = tf.model({ inputs: teacher.inputs, outputs: teacher.getLayer(name).output as tf.SymbolicTensor });
  const trainedSet = new Set(blocks);
  const params: tf.Variable[] = [];
  for (const b of weightedBlocks(student)) {
    if (!trainedSet.has(b.key)) continue;
    for (const l of b.layers) for (const w of l.trainableWeights) params.push((w as unknown as { val: tf.Variable }).val);
  }
  const full = photos.map(photoTensor);
  const size: [number, number] = [o.inputSize, o.inputSize];
  const n = photos.length * o.cropsPerImage;

  const crops = (items: number[], epoch: number, step: number): tf.Tensor4D =>
    tf.tidy(() =>
      tf.concat(
        items.map((item, j) => {
          const img = photos[item % photos.length]!;
          const r = stepRng(o.seed, epoch, step, 0xd15 + j);
          const side = Math.min(img.width, img.height) * r.uniform(0.3, 1);
          const aspect = Math.exp(r.uniform(Math.log(3 / 4), Math.log(4 / 3)));
          const ch = Math.min(img.height, side / Math.sqrt(aspect));
          const cw = Math.min(img.width, side * Math.sqrt(aspect));
          const y0 = r.uniform(0, img.height - ch) / img.height;
          const x0 = r.uniform(0, img.width - cw) / img.width;
          const box = [y0, x0, y0 + ch / img.height, x0 + cw / img.width];
          let c = tf.image.cropAndResize(full[item % photos.length]!, [box], [0], size, 'bilinear') as tf.Tensor4D;
          if (r.next() < 0.5) c = tf.reverse(c, 2) as tf.Tensor4D;
          return c;
        }),
      ),
    ) as tf.Tensor4D;

  // Fixed validation set: the centre square of each photo and its left and right squares.
  const valRgb = tf.tidy(() =>
    tf.concat(
      photos.flatMap((img, i) => {
        const side = Math.min(img.width, img.height);
        const boxes = [0.5, 0.2, 0.8].map((fx) => {
          const cx = fx * img.width;
          const x0 = Math.min(Math.max(0, cx - side / 2), img.width - side) / img.width;
          const y0 = (img.height - side) / 2 / img.height;
          return [y0, x0, y0 + side / img.height, x0 + side / img.width];
        });
        return [
          tf.image.cropAndResize(
            full[i]!,
            boxes,
            boxes.map(() => 0),
            size,
            'bilinear',
          ),
        ];
      }),
    ),
  ) as tf.Tensor4D;
  const valTarget = tSub.predict(valRgb) as tf.Tensor;
  const valGrey = rgbToGrey(valRgb);
  const valMse = (): number => tf.tidy(() => (sSub.predict(valGrey) as tf.Tensor).sub(valTarget).square().mean().dataSync()[0]!);
  const mseBefore = valMse();
  const targetPower = tf.tidy(() => valTarget.square().mean().dataSync()[0]!);

  const result = await runEpochs({
    stage: 'distill',
    epochs: o.epochs,
    patience: o.patience,
    batchSize: o.batchSize,
    n,
    seed: o.seed,
    lr: o.lr,
    params,
    loss: (batch, epoch, step) => {
      const rgb = crops(batch, epoch, step);
      const target = tf.tidy(() => tSub.predict(rgb) as tf.Tensor);
      const pred = sSub.apply(rgbToGrey(rgb), { training: true }) as tf.Tensor;
      return pred.sub(target).square().mean() as tf.Scalar;
    },
    validate: async () => {
      const mse = valMse();
      return { score: -mse, details: { valMse: mse } };
    },
    checkpointDir: o.checkpointDir,
    resume: o.resume,
    log: o.log,
    interrupt: o.interrupt,
    progress: o.progress,
  });
  const mseAfter = valMse();
  tf.dispose([...full, valRgb, valTarget, valGrey]);
  return { ...result, mseBefore, mseAfter, targetPower, matchedLayer: name, trainedBlocks: blocks, photos: photos.length };
}
