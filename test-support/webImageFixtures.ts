// Large but valid PNGs for the decode and GPU texture tests, made at test time (never committed): 8-bit grey with a
// smooth pattern, so that a 4000 x 4000 file is a few MB yet takes its full decode time (fast-png, as the app).
import { encode } from 'fast-png';

/** Grey value of the test pattern at (x, y): diagonal bands 8 px wide. */
export function bandsValue(x: number, y: number): number {
  return ((x >> 3) + (y >> 3)) & 0xff;
}

/** An 8-bit greyscale PNG of `width` x `height` filled with `bandsValue`. */
export function bandsPng(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = bandsValue(x, y);
  return encode({ width, height, data, depth: 8, channels: 1 }, { zlib: { level: 1 } });
}
