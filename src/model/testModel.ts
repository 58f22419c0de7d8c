// A tiny randomly initialised LayersModel that follows the manifest contract (outputs [probabilities,
// featureMap], Dense head named in the manifest). For fast plumbing tests of cxr-model, evaluate and predict (the
// shipped model's numbers are checked by trainer/commands/shippedModel.test.ts); never shipped as a model.
import * as tf from '@tensorflow/tfjs';
import type { ModelManifest, PreprocessSpec } from './manifest';

export function buildContractModel(labels: string[], spec: PreprocessSpec, opts: { seed?: number; filters?: number; headLayer?: string } = {}): tf.LayersModel {
  const seed = opts.seed ?? 1;
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, spec.channels] });
  const conv1 = tf.layers.conv2d({
    filters: 8,
    kernelSize: 3,
    strides: 2,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotNormal({ seed }),
  });
  const conv2 = tf.layers.conv2d({
    filters: opts.filters ?? 6,
    kernelSize: 3,
    strides: 2,
    padding: 'same',
    activation: 'relu',
    name: 'features',
    kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
  });
  const feat = conv2.apply(conv1.apply(input)) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(feat) as tf.SymbolicTensor;
  const head = tf.layers.dense({
    units: labels.length,
    activation: 'sigmoid',
    name: opts.headLayer ?? 'head',
    kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 2 }),
    biasInitializer: tf.initializers.constant({ value: -0.5 }),
  });
  const probs = head.apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [probs, feat] });
}

export function contractManifest(labels: string[], spec: PreprocessSpec, channels: number, overrides: Partial<ModelManifest> = {}): ModelManifest {
  return {
    id: 'test-contract',
    version: '0.0.0-test',
    created: '2026-01-01T00:00:00.000Z',
    architecture: 'tiny random CNN (tests only)',
    modelUrl: 'model.json',
    preprocessing: spec,
    labels,
    critical: labels.slice(0, 1),
    operatingPoints: Object.fromEntries(labels.map((l) => [l, 0.5])),
    headLayer: 'head',
    ood: { method: 'mahalanobis-pca', mean: new Array(channels).fill(0), components: [], variances: [], threshold: 1e9, percentiles: {} },
    metrics: { dataset: 'none', n: 0, findings: {} },
    modelCard: 'MODEL_CARD.md',
    trainingCommand: 'none (test model)',
    ...overrides,
  };
}
