// The benchmark baseline, built like the nearest open peer (Chester, mlmed/chester-xray): DenseNet-121 at
// 224x224x3, float32, 14 sigmoid outputs, saliency from the gradient of the score w.r.t. the input. Random
// weights (seeded): it measures speed only, never accuracy.
import * as tf from '@tensorflow/tfjs';

const BLOCKS = [6, 12, 24, 16];
const GROWTH = 32;

function bnRelu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const bn = tf.layers.batchNormalization({ axis: 3, epsilon: 1.001e-5, name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
  return tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(bn) as tf.SymbolicTensor;
}

let seed = 1;
const init = () => tf.initializers.heNormal({ seed: seed++ });

function convBlock(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  let y = bnRelu(x, `${name}_0`);
  y = tf.layers.conv2d({ filters: 4 * GROWTH, kernelSize: 1, useBias: false, kernelInitializer: init(), name: `${name}_1_conv` }).apply(y) as tf.SymbolicTensor;
  y = bnRelu(y, `${name}_1`);
  y = tf.layers
    .conv2d({ filters: GROWTH, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(), name: `${name}_2_conv` })
    .apply(y) as tf.SymbolicTensor;
  return tf.layers.concatenate({ axis: 3, name: `${name}_concat` }).apply([x, y]) as tf.SymbolicTensor;
}

function transition(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const channels = x.shape[3] as number;
  let y = bnRelu(x, name);
  y = tf.layers
    .conv2d({ filters: Math.floor(channels * 0.5), kernelSize: 1, useBias: false, kernelInitializer: init(), name: `${name}_conv` })
    .apply(y) as tf.SymbolicTensor;
  return tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(y) as tf.SymbolicTensor;
}

export function buildDenseNet121(labels = 14, size = 224): tf.LayersModel {
  seed = 1;
  const input = tf.input({ shape: [size, size, 3], name: 'image' });
  let x = tf.layers.zeroPadding2d({ padding: 3 }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2, useBias: false, kernelInitializer: init(), name: 'conv1_conv' }).apply(x) as tf.SymbolicTensor;
  x = bnRelu(x, 'conv1');
  x = tf.layers.zeroPadding2d({ padding: 1 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }).apply(x) as tf.SymbolicTensor;
  BLOCKS.forEach((n, b) => {
    for (let i = 0; i < n; i++) x = convBlock(x, `conv${b + 2}_block${i + 1}`);
    if (b < BLOCKS.length - 1) x = transition(x, `pool${b + 2}`);
  });
  x = bnRelu(x, 'final');
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: labels, activation: 'sigmoid', kernelInitializer: init(), name: 'predictions' }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'densenet121_chester_like' });
}

/** Chester-style saliency: |d score_k / d input|, max over channels -> size x size map. Returns the probabilities too. */
export function scoreWithSaliency(model: tf.LayersModel, x: tf.Tensor4D, k: number): { probs: tf.Tensor; saliency: tf.Tensor } {
  const probs = tf.tidy(() => model.predict(x) as tf.Tensor);
  const saliency = tf.tidy(() => {
    const g = tf.grad((inp: tf.Tensor) => (model.apply(inp, { training: false }) as tf.Tensor).slice([0, k], [1, 1]).sum())(x);
    return g.abs().max(3).squeeze();
  });
  return { probs, saliency };
}
