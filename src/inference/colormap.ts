// Heatmap colours: a compact "turbo"-like ramp (blue -> cyan -> green -> yellow -> red) with alpha rising with
// the value, so weak evidence stays see-through and the radiograph remains readable under the overlay.
const STOPS: [number, number, number, number][] = [
  [0.0, 48, 18, 59],
  [0.2, 70, 130, 246],
  [0.4, 26, 228, 182],
  [0.6, 164, 252, 60],
  [0.8, 251, 185, 56],
  [1.0, 200, 40, 10],
];

export function colourOf(v: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, v));
  for (let i = 1; i < STOPS.length; i++) {
    const [p1, r1, g1, b1] = STOPS[i];
    if (x <= p1) {
      const [p0, r0, g0, b0] = STOPS[i - 1];
      const t = (x - p0) / (p1 - p0);
      return [r0 + (r1 - r0) * t, g0 + (g1 - g0) * t, b0 + (b1 - b0) * t];
    }
  }
  return [STOPS[STOPS.length - 1][1], STOPS[STOPS.length - 1][2], STOPS[STOPS.length - 1][3]];
}

/** RGBA pixels for a [0,1] map: values below `floor` are fully transparent. */
export function heatmapRgba(data: Float32Array, floor = 0.15): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(data.length * 4));
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v > floor)) continue;
    const [r, g, b] = colourOf(v);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(255 * Math.min(1, (v - floor) / (1 - floor) + 0.25));
  }
  return out;
}
