// Error statistics between what the viewer decoded and the independent reference.

export interface ErrorStats {
  count: number;
  mismatches: number;
  maxAbsError: number;
  meanAbsError: number;
  /** index of the first mismatch, -1 when none */
  firstMismatch: number;
}

export function compareValues(actual: ArrayLike<number>, expected: ArrayLike<number>): ErrorStats {
  if (actual.length !== expected.length) {
    throw new Error(`length differs: decoded ${actual.length} values, reference ${expected.length}`);
  }
  let mismatches = 0;
  let maxAbsError = 0;
  let sumAbs = 0;
  let firstMismatch = -1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (d > 0) {
      mismatches++;
      if (firstMismatch < 0) firstMismatch = i;
    }
    if (d > maxAbsError) maxAbsError = d;
    sumAbs += d;
  }
  return { count: actual.length, mismatches, maxAbsError, meanAbsError: sumAbs / Math.max(1, actual.length), firstMismatch };
}

/** Pearson correlation of two equally long series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Keeps one channel of interleaved samples (e.g. the R of RGBA canvas data). */
export function channel(data: ArrayLike<number>, stride: number, offset = 0): Float64Array {
  const out = new Float64Array(Math.floor(data.length / stride));
  for (let i = 0; i < out.length; i++) out[i] = data[i * stride + offset];
  return out;
}

/** Mean of each cell of a grid laid over a single-channel image (region-wise comparison). */
export function gridMeans(values: ArrayLike<number>, width: number, height: number, cells: number): Float64Array {
  const sums = new Float64Array(cells * cells);
  const counts = new Float64Array(cells * cells);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(cells - 1, Math.floor((y * cells) / height));
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cells - 1, Math.floor((x * cells) / width));
      sums[gy * cells + gx] += values[y * width + x];
      counts[gy * cells + gx]++;
    }
  }
  return sums.map((s, i) => s / Math.max(1, counts[i]));
}

/**
 * Where the image lies on the canvas in the default (fitted) view: scaled uniformly to fit, centred.
 * Returns the whole-pixel rectangle inside the image (a pixel of margin dropped at the edges) and the
 * image pixel under each canvas pixel of it.
 */
export function fittedImageRect(canvasW: number, canvasH: number, cols: number, rows: number) {
  const scale = Math.min(canvasW / cols, canvasH / rows);
  const offsetX = (canvasW - cols * scale) / 2;
  const offsetY = (canvasH - rows * scale) / 2;
  const x0 = Math.ceil(offsetX);
  const y0 = Math.ceil(offsetY);
  const width = Math.floor(cols * scale) - 2;
  const height = Math.floor(rows * scale) - 2;
  /** image pixel index (row-major) under canvas-rect pixel (x, y) */
  const imageIndex = (x: number, y: number): number => {
    const ix = Math.min(cols - 1, Math.floor((x0 + x + 0.5 - offsetX) / scale));
    const iy = Math.min(rows - 1, Math.floor((y0 + y + 0.5 - offsetY) / scale));
    return iy * cols + ix;
  };
  /** canvas pixel index (row-major) of canvas-rect pixel (x, y) */
  const canvasIndex = (x: number, y: number): number => (y0 + y) * canvasW + x0 + x;
  return { x0, y0, width, height, imageIndex, canvasIndex };
}
