// Decodes a colour photo (BMP, JPEG, PNG) to RGBA by its magic bytes, with the file named in every error.
import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { readFile } from 'node:fs/promises';
import { decodeBmp, type RgbaImage } from './bmp';

export type { RgbaImage } from './bmp';

export function decodeImageBytes(bytes: Uint8Array): RgbaImage {
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return decodeBmp(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
  }
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const png = decodePng(bytes);
    const { width, height, channels } = png;
    const src = png.data;
    const max = png.depth === 16 ? 65535 : (1 << png.depth) - 1;
    const out = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let k = 0; k < 4; k++) {
        let v: number;
        if (png.palette) {
          const entry = png.palette[src[i]];
          v = k < 3 ? entry[k] : (entry[3] ?? 255);
        } else if (channels === 1 || channels === 2) v = k < 3 ? (src[i * channels] * 255) / max : channels === 2 ? (src[i * 2 + 1] * 255) / max : 255;
        else v = k < channels ? (src[i * channels + k] * 255) / max : 255;
        out[i * 4 + k] = Math.round(v);
      }
    }
    return { width, height, data: out };
  }
  throw new Error('unrecognised image format (expected BMP, JPEG or PNG)');
}

export async function decodeImageFile(path: string): Promise<RgbaImage> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new Error(`${path}: cannot read (${(err as Error).message})`, { cause: err });
  }
  try {
    return decodeImageBytes(bytes);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}
