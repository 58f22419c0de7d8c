// PNG via fast-png: 1-16 bit, grey / grey+alpha / RGB / RGBA / palette -> luminance in [0,1].
// Alpha is ignored (radiographs carry none; a viewer shows the colour samples as stored).
import { convertIndexedToRgb, decode } from 'fast-png';
import type { GreyImage } from '../greyImage';
import { pixelBudgetProblem } from '../pixelBudget';
import { DecodeError, UnsupportedError } from './errors';

/** Width and height from the IHDR chunk (what fast-png will allocate for), read before any decode. */
function ihdrSize(b: Uint8Array, fileName: string): { width: number; height: number; channels: number } {
  const ok = b.length >= 33 && b[12] === 0x49 && b[13] === 0x48 && b[14] === 0x44 && b[15] === 0x52;
  if (!ok) throw new DecodeError('malformed', fileName, 'PNG without an IHDR chunk');
  const u32 = (o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const channels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
  return { width: u32(16), height: u32(20), channels: channels[b[25]] ?? 1 };
}

function unpackBits(packed: ArrayLike<number>, width: number, height: number, channels: number, depth: number): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < perRow; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * perRow + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

export function decodePngFile(bytes: Uint8Array, fileName: string): GreyImage {
  const ihdr = ihdrSize(bytes, fileName);
  const problem = pixelBudgetProblem({ rows: ihdr.height, columns: ihdr.width, samplesPerPixel: ihdr.channels });
  if (problem) throw new UnsupportedError(fileName, 'image-too-large', problem);
  const png = decode(bytes);
  const { width, height } = png;
  let samples: ArrayLike<number> = png.data;
  let channels = png.channels;
  let maxValue = 2 ** png.depth - 1;
  if (png.palette) {
    samples = convertIndexedToRgb(png);
    channels = samples.length / (width * height);
    maxValue = 255;
  } else if (png.depth < 8) {
    samples = unpackBits(png.data, width, height, channels, png.depth);
  }
  const pixels = width * height;
  const data = new Float32Array(pixels);
  const colourChannels = channels >= 3;
  let colour = false;
  for (let i = 0; i < pixels; i++) {
    const o = i * channels;
    if (colourChannels) {
      const r = samples[o];
      const g = samples[o + 1];
      const b = samples[o + 2];
      if (r === g && g === b) data[i] = r / maxValue;
      else {
        colour = true;
        data[i] = (0.299 * r + 0.587 * g + 0.114 * b) / maxValue;
      }
    } else {
      data[i] = samples[o] / maxValue;
    }
  }
  return { width, height, data, source: { format: 'png', fileName, colour, voi: { kind: 'full-range', maxValue } } };
}
