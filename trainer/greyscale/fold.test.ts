// Folding the first convolution: the 1-channel network's output on a grey image equals the RGB network's output
// on the same image replicated into R, G, B (to float tolerance): on a small random network always, and on the
// imported ImageNet MobileNet with a real radiograph when the shared data is present.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/model/decodeImage';
import { preprocess } from '../../src/model/preprocess';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { loadLayersModelFrom } from '../io/fileIo';
import { buildTrunk, firstConvLayer } from '../train/network';
import { tinyBackboneDir } from '../train/testBackbone';
import { foldKernel } from './fold';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().div(b.abs().max().add(1e-12)).dataSync()[0]!);
}

describe('foldKernel', () => {
  it('sums the RGB kernels into one channel', () => {
    const k = tf.tensor4d([1, 2, 3, 10, 20, 30], [1, 1, 3, 2]);
    const f = foldKernel(k);
    expect(f.shape).toEqual([1, 1, 1, 2]);
    expect(Array.from(f.dataSync())).toEqual([1 + 3 + 20, 2 + 10 + 30]);
  });

  it('rejects a first convolution that is not RGB', () => {
    expect(() => foldKernel(tf.zeros([3, 3, 1, 4]) as tf.Tensor4D)).toThrow(/3-channel/);
  });

  it('gives a 1-channel network equal to the RGB network on replicated grey (random network)', async () => {
    const input = tf.input({ shape: [32, 32, 3] });
    let x = tf.layers
      .conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'Conv2d_0', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })
      .apply(input) as tf.SymbolicTensor;
    x = tf.layers.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'Conv2d_1_depthwise', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({ filters: 16, kernelSize: 1, name: 'Conv2d_1_pointwise', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })
      .apply(x) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
    const rgbModel = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 5 }).apply(gap) as tf.SymbolicTensor });
    const rgb = await buildTrunk(rgbModel, { inputSize: 24, channels: 3 });
    const grey = await buildTrunk(rgbModel, { inputSize: 24, channels: 1, firstConvKernel: foldKernel });
    expect(grey.inputs[0]!.shape).toEqual([null, 24, 24, 1]);
    expect((firstConvLayer(grey).getWeights()[0] as tf.Tensor).shape).toEqual([3, 3, 1, 8]);
    const g = tf.randomUniform([2, 24, 24, 1], -1, 1, 'float32', 5);
    const a = grey.predict(g) as tf.Tensor;
    const b = rgb.predict(tf.tile(g, [1, 1, 1, 3])) as tf.Tensor;
    expect(a.shape).toEqual(b.shape);
    expect(maxRelDiff(a, b)).toBeLessThan(1e-5);
  });

  const reason = missingDataReason('imagenet-tflite') ?? missingDataReason('nih-cxr14-64');
  it.skipIf(!!reason)(`gives the same MobileNet features on a real radiograph${reason ? ` (skipped: ${reason})` : ''}`, async () => {
    const backbone = await loadLayersModelFrom(await tinyBackboneDir());
    const rgb = await buildTrunk(backbone, { inputSize: 128, channels: 3 });
    const grey = await buildTrunk(backbone, { inputSize: 128, channels: 1, firstConvKernel: foldKernel });
    const file = dataPath('nih-cxr14-64', 'images', '00000001_000.png');
    const img = decodeImage(readFileSync(file), file);
    const spec = { canonicalSize: 64, inputSize: 128, scale: 2, offset: -1, fit: 'stretch' as const };
    const x1 = tf.tensor4d(preprocess(img, { ...spec, channels: 1 }), [1, 128, 128, 1]);
    const x3 = tf.tensor4d(preprocess(img, { ...spec, channels: 3 }), [1, 128, 128, 3]);
    const a = grey.predict(x1) as tf.Tensor;
    const b = rgb.predict(x3) as tf.Tensor;
    expect(b.abs().max().dataSync()[0]).toBeGreaterThan(0.5); // a real, non-trivial feature map
    expect(maxRelDiff(a, b)).toBeLessThan(1e-4);
  });
});
