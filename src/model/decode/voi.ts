// DICOM grey pipeline, PS3.3 C.11 / PS3.14: stored value -> Modality LUT -> VOI LUT -> [0,1] -> MONOCHROME1 inversion.
// Plain double-precision JS math, written into Float32Array: identical in Node and the browser.

export type WindowFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export type ModalityTransform = { kind: 'rescale'; slope: number; intercept: number } | { kind: 'lut'; firstMapped: number; data: ArrayLike<number> };

export type VoiTransform =
  | { kind: 'window'; center: number; width: number; fn: WindowFunction }
  | { kind: 'lut'; firstMapped: number; data: ArrayLike<number>; maxOut: number }
  | { kind: 'min-max'; min: number; max: number };

function lutLookup(x: number, firstMapped: number, data: ArrayLike<number>): number {
  const i = Math.round(x) - firstMapped;
  if (i <= 0) return data[0];
  if (i >= data.length - 1) return data[data.length - 1];
  return data[i];
}

/** In place: stored values become modality values (e.g. Hounsfield units or log exposure). */
export function applyModality(values: Float32Array, m: ModalityTransform): void {
  if (m.kind === 'rescale') {
    if (m.slope === 1 && m.intercept === 0) return;
    for (let i = 0; i < values.length; i++) values[i] = values[i] * m.slope + m.intercept;
  } else {
    for (let i = 0; i < values.length; i++) values[i] = lutLookup(values[i], m.firstMapped, m.data);
  }
}

/** One value through a window (PS3.3 C.11.2.1.2 and C.11.2.1.3), output in [0,1]. */
export function windowLevel(x: number, center: number, width: number, fn: WindowFunction): number {
  if (fn === 'SIGMOID') return 1 / (1 + Math.exp((-4 * (x - center)) / width));
  if (fn === 'LINEAR_EXACT') {
    if (x <= center - width / 2) return 0;
    if (x > center + width / 2) return 1;
    return (x - center) / width + 0.5;
  }
  // LINEAR: width >= 1 by the standard; guard width == 1 (a step at centre - 0.5).
  const lo = center - 0.5 - (width - 1) / 2;
  const hi = center - 0.5 + (width - 1) / 2;
  if (x <= lo) return 0;
  if (x > hi) return 1;
  return (x - (center - 0.5)) / (width - 1) + 0.5;
}

/** Smallest and largest value. */
export function minMax(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Modality values -> grey levels in [0,1] written to `out`; MONOCHROME1 images are inverted afterwards. */
export function applyVoi(values: Float32Array, voi: VoiTransform, invert: boolean, out: Float32Array): void {
  const n = values.length;
  if (voi.kind === 'window') {
    for (let i = 0; i < n; i++) out[i] = windowLevel(values[i], voi.center, voi.width, voi.fn);
  } else if (voi.kind === 'lut') {
    const scale = voi.maxOut > 0 ? 1 / voi.maxOut : 0;
    for (let i = 0; i < n; i++) out[i] = lutLookup(values[i], voi.firstMapped, voi.data) * scale;
  } else {
    const range = voi.max - voi.min;
    if (range > 0) {
      for (let i = 0; i < n; i++) out[i] = (values[i] - voi.min) / range;
    } else {
      out.fill(0);
    }
  }
  if (invert) for (let i = 0; i < n; i++) out[i] = 1 - out[i];
}
