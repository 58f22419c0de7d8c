// Decodes PNG (fast-png, keeps 16-bit greyscale) and JPEG (jpeg-js) into greyscale or RGB pixel data.
// Pure: runs in Node tests and in the decode worker (decodeWorker.ts); the page itself never calls it.
import { decode as decodePng, convertIndexedToRgb } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';

export interface DecodedWebImage {
  width: number;
  height: number;
  samplesPerPixel: 1 | 3;
  bitsStored: 8 | 16;
  data: Uint8Array | Uint16Array;
}

function dropAlpha(src: ArrayLike<number>, channels: number, keep: number, n: number, out: Uint8Array | Uint16Array) {
  for (let i = 0; i < n; i++) for (let c = 0; c < keep; c++) out[i * keep + c] = src[i * channels + c];
}

export function decodePngImage(bytes: Uint8Array): DecodedWebImage {
  const png = decodePng(bytes);
  const n = png.width * png.height;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const ch = rgb.length / n;
    const out = new Uint8Array(n * 3);
    dropAlpha(rgb, ch, 3, n, out);
    return { width: png.width, height: png.height, samplesPerPixel: 3, bitsStored: 8, data: out };
  }
  const sixteen = png.depth === 16;
  const grey = png.channels <= 2;
  const keep = grey ? 1 : 3;
  const out = sixteen ? new Uint16Array(n * keep) : new Uint8Array(n * keep);
  if (png.depth < 8) {
    // Expand 1/2/4-bit greyscale to 8-bit.
    const scale = 255 / (2 ** png.depth - 1);
    const src = png.data as Uint8Array;
    const perRow = Math.ceil((png.width * png.depth) / 8);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const bit = x * png.depth;
        const byte = src[y * perRow + (bit >> 3)];
        const v = (byte >> (8 - png.depth - (bit & 7))) & (2 ** png.depth - 1);
        out[y * png.width + x] = Math.round(v * scale);
      }
    }
  } else {
    dropAlpha(png.data, png.channels, keep, n, out);
  }
  return { width: png.width, height: png.height, samplesPerPixel: keep, bitsStored: sixteen ? 16 : 8, data: out };
}

export function decodeJpegImage(bytes: Uint8Array): DecodedWebImage {
  const jpg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024, maxResolutionInMP: 400 });
  const n = jpg.width * jpg.height;
  const rgb = jpg.data;
  let grey = true;
  for (let i = 0; i < n && grey; i++) {
    if (rgb[i * 3] !== rgb[i * 3 + 1] || rgb[i * 3] !== rgb[i * 3 + 2]) grey = false;
  }
  if (grey) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = rgb[i * 3];
    return { width: jpg.width, height: jpg.height, samplesPerPixel: 1, bitsStored: 8, data: out };
  }
  return { width: jpg.width, height: jpg.height, samplesPerPixel: 3, bitsStored: 8, data: new Uint8Array(rgb) };
}

export function decodeWebImage(bytes: Uint8Array, format: 'png' | 'jpeg'): DecodedWebImage {
  return format === 'png' ? decodePngImage(bytes) : decodeJpegImage(bytes);
}
