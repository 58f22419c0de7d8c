// Windows BMP (uncompressed 1/4/8-bit palette, 24-bit, 32-bit BI_RGB/BITFIELDS) -> luminance in [0,1].
// Enough for the photos the out-of-distribution gate is checked on; radiographs never come as BMP.
import type { GreyImage } from '../greyImage';
import { DecodeError, UnsupportedError } from './errors';
import { pixelBudgetProblem } from '../pixelBudget';

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length > 26 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

function maskShift(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

export function decodeBmpFile(bytes: Uint8Array, fileName: string): GreyImage {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54) throw new DecodeError('malformed', fileName, 'BMP header truncated');
  const pixelOffset = v.getUint32(10, true);
  const dibSize = v.getUint32(14, true);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0) throw new DecodeError('malformed', fileName, `BMP with size ${width}x${rawHeight}`);
  const overBudget = pixelBudgetProblem({ rows: height, columns: width });
  if (overBudget) throw new UnsupportedError(fileName, 'image-too-large', overBudget);
  if (compression !== 0 && compression !== 3) {
    throw new UnsupportedError(fileName, `bmp-compression-${compression}`, `compressed BMP (method ${compression}) is not supported`);
  }
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  if (pixelOffset + rowBytes * height > bytes.length) throw new DecodeError('malformed', fileName, 'BMP pixel data truncated');
  const data = new Float32Array(width * height);
  let colour = false;
  const put = (x: number, y: number, r: number, g: number, b: number) => {
    if (!(r === g && g === b)) colour = true;
    data[(topDown ? y : height - 1 - y) * width + x] = r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b;
  };
  if (bpp <= 8) {
    const colours = v.getUint32(46, true) || 2 ** bpp;
    const pal = 14 + dibSize;
    for (let y = 0; y < height; y++) {
      const row = pixelOffset + y * rowBytes;
      for (let x = 0; x < width; x++) {
        const bit = x * bpp;
        const idx = (bytes[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        const p = pal + 4 * Math.min(idx, colours - 1);
        put(x, y, bytes[p + 2] / 255, bytes[p + 1] / 255, bytes[p] / 255);
      }
    }
  } else if (bpp === 24 || bpp === 32) {
    let masks = { r: 0x00ff0000, g: 0x0000ff00, b: 0x000000ff };
    if (compression === 3) {
      const at = dibSize >= 52 ? 54 : 14 + dibSize;
      masks = { r: v.getUint32(at, true), g: v.getUint32(at + 4, true), b: v.getUint32(at + 8, true) };
    }
    const [mr, mg, mb] = [maskShift(masks.r), maskShift(masks.g), maskShift(masks.b)];
    for (let y = 0; y < height; y++) {
      const row = pixelOffset + y * rowBytes;
      for (let x = 0; x < width; x++) {
        if (bpp === 24) {
          const p = row + 3 * x;
          put(x, y, bytes[p + 2] / 255, bytes[p + 1] / 255, bytes[p] / 255);
        } else {
          const w = v.getUint32(row + 4 * x, true);
          put(x, y, ((w & masks.r) >>> mr.shift) / mr.max, ((w & masks.g) >>> mg.shift) / mg.max, ((w & masks.b) >>> mb.shift) / mb.max);
        }
      }
    }
  } else {
    throw new UnsupportedError(fileName, `bmp-${bpp}-bit`, `${bpp}-bit BMP is not supported`);
  }
  return { width, height, data, source: { format: 'bmp', fileName, colour, voi: { kind: 'full-range', maxValue: 255 } } };
}
