// Gradient kernels that tfjs-backend-wasm 4.22 does not register (Conv2DBackpropFilter,
// DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput), written with ops the wasm backend
// has: PadV2, Slice, AvgPool, Transpose, BatchMatMul, Multiply, Sum, DepthwiseConv2dNative, Reverse. Each kernel runs its
// ops inside tf.tidy and returns the result tensor; the engine does not record kernel-internal ops on the
// gradient tape, so these behave as single kernels. Layout NHWC only (what tfjs layers use).
import * as tf from '@tensorflow/tfjs';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pair = number | [number, number];

function pair(v: Pair | undefined, dflt = 1): [number, number] {
  if (v === undefined || v === null) return [dflt, dflt];
  return typeof v === 'number' ? [v, v] : v;
}

function checkNhwc(format: string | undefined, kernel: string): void {
  if (format && format !== 'NHWC') throw new Error(`${kernel} on wasm: only NHWC is supported (got ${format})`);
}

/**
 * x zero-padded on top/left by the conv's pads and on bottom/right as needed so that every window
 * (i*stride + k*dilation) of the output grid lies inside.
 */
function padForWindows(x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { top, left } = info.padInfo;
  const needH = (info.outHeight - 1) * info.strideHeight + (info.filterHeight - 1) * info.dilationHeight + 1;
  const needW = (info.outWidth - 1) * info.strideWidth + (info.filterWidth - 1) * info.dilationWidth + 1;
  const bottom = Math.max(0, needH - top - x.shape[1]);
  const right = Math.max(0, needW - left - x.shape[2]);
  if (!top && !left && !bottom && !right) return x;
  return tf.pad(x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
}

/**
 * Input windows for every filter tap (kh, kw): xPad[:, kh*d + i*s, kw*d + j*s, :] for all outputs (i, j).
 * StridedSlice is slow on wasm (about 100x a contiguous Slice), so xPad is split once into its s*s stride
 * phases, each a contiguous Slice subsampled by a 1x1 average pool with stride s (exact: a copy), and every
 * tap is then a contiguous Slice of a phase. Returns taps in (kh, kw) row-major order; call within tf.tidy.
 */
function taps(xPad: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D[] {
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, outHeight: ho, outWidth: wo } = info;
  const [n, hp, wp, c] = xPad.shape;
  const phases = new Map<string, tf.Tensor4D>();
  const phase = (p: number, q: number): tf.Tensor4D => {
    const key = `${p},${q}`;
    let t = phases.get(key);
    if (!t) {
      if (sh === 1 && sw === 1) t = xPad;
      else {
        const shifted = p || q ? (tf.slice(xPad, [0, p, q, 0], [n, hp - p, wp - q, c]) as tf.Tensor4D) : xPad;
        t = tf.avgPool(shifted, 1, [sh, sw], 'valid');
      }
      phases.set(key, t);
    }
    return t;
  };
  const out: tf.Tensor4D[] = [];
  for (let kh = 0; kh < info.filterHeight; kh++) {
    for (let kw = 0; kw < info.filterWidth; kw++) {
      const y0 = kh * dh;
      const x0 = kw * dw;
      const ph = phase(y0 % sh, x0 % sw);
      const top = Math.floor(y0 / sh);
      const left = Math.floor(x0 / sw);
      const whole = top === 0 && left === 0 && ph.shape[1] === ho && ph.shape[2] === wo;
      out.push(whole ? ph : (tf.slice(ph, [0, top, left, 0], [n, ho, wo, c]) as tf.Tensor4D));
    }
  }
  return out;
}

/** dW[kh,kw,ci,co] = sum_{n,i,j} xPad[n, i*s+kh, j*s+kw, ci] * dy[n,i,j,co]: one matmul per filter tap. */
export function conv2dBackpropFilterOps(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: Pair,
  pad: Pad,
  dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, pair(strides), 1, pad, dimRoundingMode, false, 'channelsLast');
    const [kh, kw, ci, co] = filterShape;
    const xPad = padForWindows(x, info);
    const rows = dy.shape[0] * info.outHeight * info.outWidth;
    const dy2 = dy.reshape([rows, co]);
    // An explicit transpose then MatMul is ~6x faster on wasm than MatMul with transposeA.
    const grads = taps(xPad, info).map((t) => tf.matMul(t.reshape([rows, ci]).transpose(), dy2));
    return (grads.length === 1 ? grads[0] : tf.stack(grads)).reshape([kh, kw, ci, co]) as tf.Tensor4D;
  });
}

/**
 * dW[kh,kw,c,m] = sum_{n,i,j} xPad[n, i*s+kh*d, j*s+kw*d, c] * dy[n,i,j,c*M+m].
 * Without filter dilation this is itself a depthwise correlation: treat (n, c) as channels of one image
 * xPad -> [1, Hp, Wp, N*C] and dy as a Ho x Wo "filter" [Ho, Wo, N*C, M] dilated by the stride; one XNNPACK
 * depthwise conv gives [1, KH, KW, N*C*M], summed over n. (2-4x faster on wasm than per-tap products.)
 * With dilation > 1, per-tap products summed over batch and space.
 */
export function depthwiseBackpropFilterOps(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: Pair,
  dilations: Pair,
  pad: Pad,
  dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, pair(strides), pair(dilations), pad, dimRoundingMode, true, 'channelsLast');
    const [kh, kw, c, m] = filterShape;
    const n = x.shape[0];
    const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;
    let xPad = padForWindows(x, info);
    if (info.dilationHeight === 1 && info.dilationWidth === 1) {
      const needH = (ho - 1) * sh + kh;
      const needW = (wo - 1) * sw + kw;
      if (xPad.shape[1] !== needH || xPad.shape[2] !== needW) xPad = xPad.slice([0, 0, 0, 0], [n, needH, needW, c]);
      const image = (n === 1 ? xPad : xPad.transpose([1, 2, 0, 3])).reshape([1, needH, needW, n * c]) as tf.Tensor4D;
      const dy5 = dy.reshape([n, ho, wo, c, m]);
      const filter = (n === 1 ? dy5 : dy5.transpose([1, 2, 0, 3, 4])).reshape([ho, wo, n * c, m]) as tf.Tensor4D;
      const out = tf.depthwiseConv2d(image, filter, 1, 'valid', 'NHWC', [sh, sw]); // [1, kh, kw, n*c*m]
      return (n === 1 ? out : out.reshape([kh, kw, n, c * m]).sum(2)).reshape([kh, kw, c, m]) as tf.Tensor4D;
    }
    const dy5 = dy.reshape([n, ho, wo, c, m]);
    const grads = taps(xPad, info).map((xs) => (m === 1 ? tf.sum(tf.mul(xs, dy), [0, 1, 2]) : tf.sum(tf.mul(xs.expandDims(4), dy5), [0, 1, 2])));
    return tf.stack(grads).reshape([kh, kw, c, m]) as tf.Tensor4D;
  });
}

/**
 * dx = full correlation of the stride-dilated dy with the 180-degree-rotated filter: insert (s-1) zeros
 * between dy rows/cols, pad by (k-1)*d - pad, run a stride-1 depthwise conv with the flipped filter, and
 * sum over the channel multiplier.
 */
export function depthwiseBackpropInputOps(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  strides: Pair,
  dilations: Pair,
  pad: Pad,
  dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, pair(strides), pair(dilations), pad, dimRoundingMode, true, 'channelsLast');
    const [n, h, w] = inputShape;
    const { dilationHeight: dh, dilationWidth: dw } = info;
    // 1-2. Dilate dy by the stride and pad it for a stride-1 'valid' correlation giving h x w.
    const d = dilateAndPadForInputGrad(dy, info, h, w);
    // 3. Stride-1 depthwise correlation with the flipped filter, one channel per (c, m).
    const flipped = tf.reverse(filter, [0, 1]).reshape([kh, kw, c * m, 1]) as tf.Tensor4D;
    const out = tf.depthwiseConv2d(d, flipped, 1, 'valid', 'NHWC', [dh, dw]);
    return (m === 1 ? out : out.reshape([n, h, w, c, m]).sum(4)) as tf.Tensor4D;
  });
}

/**
 * dy dilated by the stride (s-1 zeros between rows/cols) and padded so that a stride-1 'valid' correlation
 * with a kh x kw filter (dilation d) yields exactly h x w: the common first step of both input gradients.
 */
function dilateAndPadForInputGrad(dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo, h: number, w: number): tf.Tensor4D {
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, outHeight: ho, outWidth: wo } = info;
  const kh = info.filterHeight;
  const kw = info.filterWidth;
  const n = dy.shape[0];
  const ch = dy.shape[3];
  let d: tf.Tensor4D = dy;
  if (sh > 1 || sw > 1) {
    const d6 = tf.pad(dy.reshape([n, ho, 1, wo, 1, ch]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    d = d6.reshape([n, ho * sh, wo * sw, ch]).slice([0, 0, 0, 0], [n, (ho - 1) * sh + 1, (wo - 1) * sw + 1, ch]) as tf.Tensor4D;
  }
  const padT = (kh - 1) * dh - info.padInfo.top;
  const padL = (kw - 1) * dw - info.padInfo.left;
  const padB = h + (kh - 1) * dh - padT - d.shape[1];
  const padR = w + (kw - 1) * dw - padL - d.shape[2];
  const cropT = Math.max(0, -padT);
  const cropL = Math.max(0, -padL);
  const cropB = Math.max(0, -padB);
  const cropR = Math.max(0, -padR);
  if (cropT || cropL || cropB || cropR) {
    d = d.slice([0, cropT, cropL, 0], [n, d.shape[1] - cropT - cropB, d.shape[2] - cropL - cropR, ch]);
  }
  const pads: [number, number][] = [
    [0, 0],
    [Math.max(0, padT), Math.max(0, padB)],
    [Math.max(0, padL), Math.max(0, padR)],
    [0, 0],
  ];
  return pads.some(([a, b]) => a || b) ? tf.pad(d, pads) : d;
}

/**
 * Conv2DBackpropInput. tfjs-backend-wasm has this kernel, but a plain loop about 10x slower than its
 * XNNPACK forward convolution, so it is replaced: a 1x1 stride-1 conv's input gradient is dy . W^T (one
 * MatMul); otherwise dx = stride-1 'valid' conv of the dilated, padded dy with the 180-degree-rotated filter
 * whose in/out channels are swapped.
 */
export function conv2dBackpropInputOps(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  strides: Pair,
  pad: Pad,
  dimRoundingMode?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, ci, co] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, pair(strides), 1, pad, dimRoundingMode, false, 'channelsLast');
    const [n, h, w] = inputShape;
    const p = info.padInfo;
    if (kh === 1 && kw === 1 && info.strideHeight === 1 && info.strideWidth === 1 && !p.top && !p.left && !p.bottom && !p.right) {
      return tf.matMul(dy.reshape([n * h * w, co]), filter.reshape([ci, co]).transpose()).reshape([n, h, w, ci]) as tf.Tensor4D;
    }
    const d = dilateAndPadForInputGrad(dy, info, h, w);
    const flipped = tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(d, flipped, 1, 'valid');
  });
}

interface KernelArgs {
  inputs: Record<string, tf.Tensor>;
  attrs?: Record<string, unknown>;
}

/** Kernel configs for tf.registerKernel, for any backend (registered for wasm). */
export function convGradKernelConfigs(backendName: string): tf.KernelConfig[] {
  return [
    {
      kernelName: 'Conv2DBackpropInput',
      backendName,
      kernelFunc: ({ inputs, attrs }: KernelArgs) => {
        const a = attrs as { strides: Pair; pad: Pad; dataFormat?: string; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };
        checkNhwc(a.dataFormat, 'Conv2DBackpropInput');
        return conv2dBackpropInputOps(inputs.dy as tf.Tensor4D, inputs.filter as tf.Tensor4D, a.inputShape, a.strides, a.pad, a.dimRoundingMode);
      },
    },
    {
      kernelName: 'Conv2DBackpropFilter',
      backendName,
      kernelFunc: ({ inputs, attrs }: KernelArgs) => {
        const a = attrs as { strides: Pair; pad: Pad; dataFormat?: string; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] };
        checkNhwc(a.dataFormat, 'Conv2DBackpropFilter');
        return conv2dBackpropFilterOps(inputs.x as tf.Tensor4D, inputs.dy as tf.Tensor4D, a.filterShape, a.strides, a.pad, a.dimRoundingMode);
      },
    },
    {
      kernelName: 'DepthwiseConv2dNativeBackpropFilter',
      backendName,
      kernelFunc: ({ inputs, attrs }: KernelArgs) => {
        const a = attrs as { strides: Pair; dilations: Pair; pad: Pad; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] };
        return depthwiseBackpropFilterOps(inputs.x as tf.Tensor4D, inputs.dy as tf.Tensor4D, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode);
      },
    },
    {
      kernelName: 'DepthwiseConv2dNativeBackpropInput',
      backendName,
      kernelFunc: ({ inputs, attrs }: KernelArgs) => {
        const a = attrs as { strides: Pair; dilations: Pair; pad: Pad; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };
        return depthwiseBackpropInputOps(
          inputs.dy as tf.Tensor4D,
          inputs.filter as tf.Tensor4D,
          a.inputShape,
          a.strides,
          a.dilations,
          a.pad,
          a.dimRoundingMode,
        );
      },
    },
  ] as unknown as tf.KernelConfig[];
}
