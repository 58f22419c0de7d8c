// Separable resampling of single-channel float images (row-major). Deterministic: double-precision accumulation
// in a fixed order, results stored to Float32Array, so Node and the browser produce identical numbers.

export type ResampleFilter = 'area' | 'box' | 'triangle' | 'bicubic' | 'lanczos3';

interface Taps {
  start: Int32Array;
  count: Int32Array;
  /** count[i] weights per output i, packed at i * maxTaps. */
  weights: Float64Array;
  maxTaps: number;
}

/** Exact area averaging: output pixel i covers source [i*s, (i+1)*s); each source pixel weighs its overlap. */
function areaTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const maxTaps = Math.ceil(scale) + 2;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const first = Math.floor(lo);
    const last = Math.min(inSize - 1, Math.ceil(hi) - 1);
    start[i] = first;
    let n = 0;
    for (let x = first; x <= last; x++) {
      const w = Math.min(hi, x + 1) - Math.max(lo, x);
      weights[i * maxTaps + n++] = w > 0 ? w / scale : 0;
    }
    count[i] = n;
  }
  return { start, count, weights, maxTaps };
}

const FILTERS: Record<Exclude<ResampleFilter, 'area'>, { support: number; fn: (x: number) => number }> = {
  box: { support: 0.5, fn: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  triangle: { support: 1, fn: (x) => Math.max(0, 1 - Math.abs(x)) },
  bicubic: {
    support: 2,
    fn: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  lanczos3: {
    support: 3,
    fn: (x) => {
      if (x === 0) return 1;
      if (x <= -3 || x >= 3) return 0;
      const px = Math.PI * x;
      return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
    },
  },
};

/** Pillow-style convolution taps (filter widened by the scale when downsampling: antialiased). */
function filterTaps(inSize: number, outSize: number, filter: Exclude<ResampleFilter, 'area'>): Taps {
  const { support: baseSupport, fn } = FILTERS[filter];
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = baseSupport * filterScale;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const xmin = Math.max(Math.floor(center - support + 0.5), 0);
    const xmax = Math.min(Math.floor(center + support + 0.5), inSize);
    let total = 0;
    const n = xmax - xmin;
    for (let k = 0; k < n; k++) {
      const w = fn((k + xmin - center + 0.5) / filterScale);
      weights[i * maxTaps + k] = w;
      total += w;
    }
    if (total !== 0) for (let k = 0; k < n; k++) weights[i * maxTaps + k] /= total;
    start[i] = xmin;
    count[i] = n;
  }
  return { start, count, weights, maxTaps };
}

function taps(inSize: number, outSize: number, filter: ResampleFilter): Taps {
  return filter === 'area' ? areaTaps(inSize, outSize) : filterTaps(inSize, outSize, filter);
}

/** Resamples a width x height image to outWidth x outHeight (horizontal pass, then vertical). */
export function resample(src: ArrayLike<number>, width: number, height: number, outWidth: number, outHeight: number, filter: ResampleFilter): Float32Array {
  const h = taps(width, outWidth, filter);
  const tmp = new Float32Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let i = 0; i < outWidth; i++) {
      let acc = 0;
      const s = h.start[i];
      const base = i * h.maxTaps;
      for (let k = 0; k < h.count[i]; k++) acc += src[row + s + k] * h.weights[base + k];
      tmp[y * outWidth + i] = acc;
    }
  }
  const v = taps(height, outHeight, filter);
  const out = new Float32Array(outWidth * outHeight);
  for (let j = 0; j < outHeight; j++) {
    const s = v.start[j];
    const base = j * v.maxTaps;
    for (let x = 0; x < outWidth; x++) {
      let acc = 0;
      for (let k = 0; k < v.count[j]; k++) acc += tmp[(s + k) * outWidth + x] * v.weights[base + k];
      out[j * outWidth + x] = acc;
    }
  }
  return out;
}

/**
 * Bilinear interpolation with half-pixel centres (tf.image.resizeBilinear with halfPixelCenters=true,
 * no antialiasing): the right tool for upsampling the canonical image to the network input size.
 */
export function bilinear(src: ArrayLike<number>, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  const out = new Float32Array(outWidth * outHeight);
  const sx = width / outWidth;
  const sy = height / outHeight;
  for (let j = 0; j < outHeight; j++) {
    const fy = Math.min(Math.max((j + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = fy - y0;
    for (let i = 0; i < outWidth; i++) {
      const fx = Math.min(Math.max((i + 0.5) * sx - 0.5, 0), width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = fx - x0;
      const top = src[y0 * width + x0] * (1 - wx) + src[y0 * width + x1] * wx;
      const bottom = src[y1 * width + x0] * (1 - wx) + src[y1 * width + x1] * wx;
      out[j * outWidth + i] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}
