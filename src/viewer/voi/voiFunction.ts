// The VOI LUT functions of PS3.3 C.11.2.1.2 (LINEAR, LINEAR_EXACT, SIGMOID): map a Modality LUT output
// value to a display fraction in [0, 1] given Window Center (c) and Window Width (w).
export type VoiLutFunctionName = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export function normaliseVoiLutFunction(raw: string | undefined | null): VoiLutFunctionName {
  const v = (raw ?? '').trim().toUpperCase();
  return v === 'LINEAR_EXACT' || v === 'SIGMOID' ? v : 'LINEAR';
}

export function linear(x: number, c: number, w: number): number {
  if (w < 1) w = 1;
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 1;
  return (x - (c - 0.5)) / (w - 1) + 0.5;
}

export function linearExact(x: number, c: number, w: number): number {
  if (w <= 0) w = Number.EPSILON;
  if (x <= c - w / 2) return 0;
  if (x > c + w / 2) return 1;
  return (x - c) / w + 0.5;
}

export function sigmoid(x: number, c: number, w: number): number {
  if (w <= 0) w = Number.EPSILON;
  return 1 / (1 + Math.exp((-4 * (x - c)) / w));
}

export function applyVoiFunction(fn: VoiLutFunctionName, x: number, c: number, w: number): number {
  if (fn === 'LINEAR_EXACT') return linearExact(x, c, w);
  if (fn === 'SIGMOID') return sigmoid(x, c, w);
  return linear(x, c, w);
}

/** 8-bit display value (0..255) the user sees, with MONOCHROME1/invert applied. */
export function displayValue(fraction: number, invert: boolean): number {
  const f = Math.min(1, Math.max(0, fraction));
  return Math.round((invert ? 1 - f : f) * 255);
}

/**
 * Default window when the file gives none: the full range of Modality LUT output values, ignoring
 * pixel padding values (PS3.3 C.7.5.1.1.2) so that a padded border does not squash the contrast.
 */
export function rangeExcludingPadding(values: ArrayLike<number>, padding: { value: number; rangeLimit: number | null } | null): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  const lo = padding ? Math.min(padding.value, padding.rangeLimit ?? padding.value) : 0;
  const hi = padding ? Math.max(padding.value, padding.rangeLimit ?? padding.value) : -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (padding && v >= lo && v <= hi) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 0 };
  return { min, max };
}
