// The wasm gradient kernels added in convGradKernels.ts against the cpu backend's own kernels: random
// inputs, strides 1 and 2, 'same' and 'valid' padding, channel multipliers 1 and 2, odd and even sizes.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureWasm } from '../backend/wasm';
import { WASM_GRAD_KERNELS, WASM_REPLACED_KERNELS } from './registerWasmGradKernels';

function rand(n: number, seed: number): Float32Array {
  // mulberry32 -> approximately N(0,1) via sum of uniforms
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = u() + u() + u() - 1.5;
  return out;
}

type Shape4 = [number, number, number, number];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Gradients of sum(conv(x, w) * r) w.r.t. x and w on the current backend. */
async function convGrads(kind: 'conv' | 'depthwise', xShape: Shape4, wShape: Shape4, stride: number, pad: 'same' | 'valid', seed: number) {
  const x = tf.tensor4d(rand(size(xShape), seed), xShape);
  const w = tf.tensor4d(rand(size(wShape), seed + 1), wShape);
  const f = (a: tf.Tensor4D, b: tf.Tensor4D) => (kind === 'conv' ? tf.conv2d(a, b, stride, pad) : tf.depthwiseConv2d(a, b, stride, pad));
  const yShape = tf.tidy(() => f(x, w).shape);
  const r = tf.tensor(rand(size(yShape), seed + 2), yShape);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    f(a as tf.Tensor4D, b as tf.Tensor4D)
      .mul(r)
      .sum(),
  )([x, w]);
  const out = { dx: await dx.data(), dw: await dw.data(), dxShape: dx.shape, dwShape: dw.shape };
  tf.dispose([x, w, r, dx, dw]);
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; scale: number } {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return { diff, scale };
}

const CASES: { kind: 'conv' | 'depthwise'; x: Shape4; w: Shape4; stride: number; pad: 'same' | 'valid' }[] = [
  { kind: 'conv', x: [2, 9, 9, 3], w: [3, 3, 3, 8], stride: 1, pad: 'same' },
  { kind: 'conv', x: [2, 10, 10, 4], w: [3, 3, 4, 6], stride: 2, pad: 'same' },
  { kind: 'conv', x: [2, 11, 11, 3], w: [3, 3, 3, 5], stride: 2, pad: 'same' },
  { kind: 'conv', x: [1, 12, 7, 5], w: [1, 1, 5, 7], stride: 1, pad: 'same' },
  { kind: 'conv', x: [2, 11, 11, 3], w: [3, 3, 3, 4], stride: 2, pad: 'valid' },
  { kind: 'conv', x: [1, 13, 13, 2], w: [5, 5, 2, 3], stride: 2, pad: 'same' },
  { kind: 'conv', x: [2, 9, 10, 4], w: [1, 1, 4, 6], stride: 2, pad: 'same' },
  { kind: 'conv', x: [1, 7, 7, 3], w: [1, 1, 3, 2], stride: 1, pad: 'valid' },
  { kind: 'depthwise', x: [2, 9, 9, 4], w: [3, 3, 4, 1], stride: 1, pad: 'same' },
  { kind: 'depthwise', x: [2, 10, 10, 6], w: [3, 3, 6, 1], stride: 2, pad: 'same' },
  { kind: 'depthwise', x: [2, 11, 11, 3], w: [3, 3, 3, 1], stride: 2, pad: 'same' },
  { kind: 'depthwise', x: [1, 11, 12, 3], w: [3, 3, 3, 1], stride: 2, pad: 'valid' },
  { kind: 'depthwise', x: [1, 8, 8, 2], w: [3, 3, 2, 2], stride: 1, pad: 'same' },
  { kind: 'depthwise', x: [1, 9, 9, 3], w: [5, 5, 3, 2], stride: 2, pad: 'same' },
  { kind: 'depthwise', x: [3, 14, 14, 5], w: [3, 3, 5, 1], stride: 2, pad: 'valid' },
];

describe('wasm gradient kernels', () => {
  beforeAll(async () => {
    configureWasm();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('registers the kernels tfjs-backend-wasm 4.22 lacks and replaces its slow Conv2DBackpropInput', () => {
    for (const k of WASM_GRAD_KERNELS) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
    for (const k of WASM_REPLACED_KERNELS) expect(String(tf.getKernel(k, 'wasm')?.kernelFunc)).toMatch(/conv2dBackpropInputOps/);
  });

  for (const c of CASES) {
    it(`${c.kind} x=[${c.x}] w=[${c.w}] stride ${c.stride} ${c.pad}: dx and dW match the cpu backend`, async () => {
      await tf.setBackend('cpu');
      const ref = await convGrads(c.kind, c.x, c.w, c.stride, c.pad, 7);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const got = await convGrads(c.kind, c.x, c.w, c.stride, c.pad, 7);
      expect(tf.memory().numTensors).toBe(before); // kernel-internal tensors are freed
      expect(got.dwShape).toEqual(ref.dwShape);
      expect(got.dxShape).toEqual(ref.dxShape);
      const dw = maxAbsDiff(got.dw, ref.dw);
      const dx = maxAbsDiff(got.dx, ref.dx);
      expect(dw.diff).toBeLessThan(1e-4 * dw.scale);
      expect(dx.diff).toBeLessThan(1e-4 * dx.scale);
      // The gradients are not trivially zero.
      expect(dw.scale).toBeGreaterThan(1);
    });
  }

  it('depthwise filter and input gradients with dilation 2 match a brute-force adjoint of the forward conv', async () => {
    // tfjs autodiff refuses dilated depthwise gradients and the cpu backward kernels ignore dilation, so the
    // reference is built from the (dilation-aware) forward conv: dW[k] = <conv(x, e_k), dy>, dx[i] = <conv(e_i, f), dy>.
    const xShape: Shape4 = [1, 7, 6, 2];
    const fShape: Shape4 = [3, 3, 2, 2];
    const xv = rand(size(xShape), 21);
    const fv = rand(size(fShape), 22);
    await tf.setBackend('cpu');
    const x = tf.tensor4d(xv, xShape);
    const f = tf.tensor4d(fv, fShape);
    const yShape = tf.tidy(() => tf.depthwiseConv2d(x, f, 1, 'same', 'NHWC', 2).shape) as Shape4;
    const dyv = rand(size(yShape), 23);
    const dy = tf.tensor4d(dyv, yShape);
    const oneHot = (n: number, i: number) => Float32Array.from({ length: n }, (_, j) => (j === i ? 1 : 0));
    const inner = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.tidy(() => tf.depthwiseConv2d(a, b, 1, 'same', 'NHWC', 2).mul(dy).sum().dataSync()[0]);
    const refDw = Array.from({ length: size(fShape) }, (_, i) => inner(x, tf.tensor4d(oneHot(size(fShape), i), fShape)));
    const refDx = Array.from({ length: size(xShape) }, (_, i) => inner(tf.tensor4d(oneHot(size(xShape), i), xShape), f));
    tf.dispose([x, f, dy]);
    await tf.setBackend('wasm');
    const attrs = { strides: 1, dilations: 2, pad: 'same' };
    const [wx, wf, wdy] = [tf.tensor4d(xv, xShape), tf.tensor4d(fv, fShape), tf.tensor4d(dyv, yShape)];
    const dw = tf
      .engine()
      .runKernel('DepthwiseConv2dNativeBackpropFilter', { x: wx, dy: wdy }, { ...attrs, filterShape: fShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const dx = tf
      .engine()
      .runKernel('DepthwiseConv2dNativeBackpropInput', { dy: wdy, filter: wf }, { ...attrs, inputShape: xShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const e1 = maxAbsDiff(await dw.data(), refDw);
    const e2 = maxAbsDiff(await dx.data(), refDx);
    tf.dispose([wx, wf, wdy, dw, dx]);
    expect(e1.diff).toBeLessThan(1e-4 * e1.scale);
    expect(e2.diff).toBeLessThan(1e-4 * e2.scale);
  });

  it('trains a small MobileNetV2-style block on wasm and matches the cpu loss curve', async () => {
    const build = () => {
      const input = tf.input({ shape: [12, 12, 3] });
      let y = tf.layers
        .conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })
        .apply(input) as tf.SymbolicTensor;
      y = tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor;
      const dw = tf.layers
        .depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
        .apply(y) as tf.SymbolicTensor;
      y = tf.layers.add().apply([y, tf.layers.reLU({ maxValue: 6 }).apply(dw) as tf.SymbolicTensor]) as tf.SymbolicTensor;
      y = tf.layers
        .depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 3 }) })
        .apply(y) as tf.SymbolicTensor;
      y = tf.layers.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
      y = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(y) as tf.SymbolicTensor;
      const m = tf.model({ inputs: input, outputs: y });
      m.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
      return m;
    };
    const losses: Record<string, number[]> = {};
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const m = build();
      const x = tf.tensor4d(rand(8 * 12 * 12 * 3, 11), [8, 12, 12, 3]);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 1, 0], 'int32'), 2);
      const h = await m.fit(x, labels, { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
      losses[backend] = h.history.loss as number[];
      tf.dispose([x, labels]);
      m.dispose();
    }
    for (let i = 0; i < 5; i++) expect(Math.abs(losses.wasm[i] - losses.cpu[i])).toBeLessThan(1e-4);
    expect(losses.wasm[4]).toBeLessThan(losses.wasm[0]);
  });
});
