// Native (uncompressed) YBR_FULL_422 pixel data: each pair of pixels on a row is stored as
// Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2). Cornerstone 5.14 passes these 2 samples/pixel through unconverted
// (black or failing render), so StatRead converts them to RGB itself.

/** YBR_FULL -> RGB (PS3.3 C.7.6.3.1.2), rounded and clamped to 0..255. */
export function ybrToRgb(y: number, cb: number, cr: number): [number, number, number] {
  const c = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  return [c(y + 1.402 * (cr - 128)), c(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)), c(y + 1.772 * (cb - 128))];
}

/** Converts one frame of YBR_FULL_422 samples (rows x columns, even column count) to interleaved RGB. */
export function ybrFull422ToRgb(samples: ArrayLike<number>, rows: number, columns: number): Uint8Array {
  const out = new Uint8Array(rows * columns * 3);
  const pairsPerRow = Math.ceil(columns / 2);
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < pairsPerRow; p++) {
      const s = (r * pairsPerRow + p) * 4;
      const cb = samples[s + 2];
      const cr = samples[s + 3];
      for (let k = 0; k < 2; k++) {
        const x = p * 2 + k;
        if (x >= columns) break;
        const [R, G, B] = ybrToRgb(samples[s + k], cb, cr);
        const o = (r * columns + x) * 3;
        out[o] = R;
        out[o + 1] = G;
        out[o + 2] = B;
      }
    }
  }
  return out;
}
