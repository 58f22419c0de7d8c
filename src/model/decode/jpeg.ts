// JPEG (baseline/extended 8-bit DCT) via jpeg-js: standalone .jpg files and DICOM JPEG Baseline frames.
import jpeg from 'jpeg-js';
import type { GreyImage } from '../greyImage';
import { pixelBudgetProblem } from '../pixelBudget';
import { UnsupportedError } from './errors';

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Offset of the first SOF marker, or -1 when none comes before the first scan. */
function sofOffset(data: Uint8Array): number {
  let p = 2;
  while (p + 4 < data.length) {
    if (data[p] !== 0xff) {
      p++;
      continue;
    }
    const marker = data[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (SOF.has(marker)) return p;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    if (marker === 0xda) return -1; // start of scan before any SOF
    p += 2 + ((data[p + 2] << 8) | data[p + 3]);
  }
  return -1;
}

/** Sample precision from the first SOF marker (8 for baseline, 12 for extended), or -1 when none is found. */
export function jpegPrecision(data: Uint8Array): number {
  const p = sofOffset(data);
  return p < 0 ? -1 : data[p + 4];
}

/** Frame size from the first SOF marker (what a decoder will allocate for), or null when none is found. */
export function jpegFrameSize(data: Uint8Array): { width: number; height: number; components: number } | null {
  const p = sofOffset(data);
  if (p < 0 || p + 9 >= data.length) return null;
  return { height: (data[p + 5] << 8) | data[p + 6], width: (data[p + 7] << 8) | data[p + 8], components: data[p + 9] };
}

const LIMITS = { maxResolutionInMP: 200, maxMemoryUsageInMB: 2048 };

/** Refuses a JPEG whose frame header is over the pixel budget, before jpeg-js allocates for it. */
function checkBudget(data: Uint8Array, fileName: string): void {
  const sof = jpegFrameSize(data);
  const problem = sof && pixelBudgetProblem({ rows: sof.height, columns: sof.width, samplesPerPixel: sof.components });
  if (problem) throw new UnsupportedError(fileName, 'image-too-large', problem);
}

/** Decoded samples: 1 per pixel for greyscale, 3 interleaved (RGB) for colour. */
export function decodeJpegBaselineSamples(data: Uint8Array, samplesPerPixel: number, photometric: string): Uint8Array {
  // DICOM RGB in JPEG is usually stored without the YCbCr transform; YBR_* photometrics are transformed.
  const colorTransform = photometric === 'RGB' ? false : undefined;
  checkBudget(data, 'JPEG frame');
  const img = jpeg.decode(data, { useTArray: true, formatAsRGBA: false, colorTransform, ...LIMITS });
  const pixels = img.width * img.height;
  if (samplesPerPixel === 3) return img.data;
  const grey = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) grey[i] = img.data[3 * i];
  return grey;
}

/** A .jpg/.jpeg file -> GreyImage (luminance, Rec.601 weights, /255). */
export function decodeJpegFile(bytes: Uint8Array, fileName: string): GreyImage {
  checkBudget(bytes, fileName);
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, ...LIMITS });
  const pixels = img.width * img.height;
  const data = new Float32Array(pixels);
  let colour = false;
  for (let i = 0; i < pixels; i++) {
    const r = img.data[3 * i];
    const g = img.data[3 * i + 1];
    const b = img.data[3 * i + 2];
    if (r === g && g === b) data[i] = r / 255;
    else {
      colour = true;
      data[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    }
  }
  return {
    width: img.width,
    height: img.height,
    data,
    source: { format: 'jpeg', fileName, colour, voi: { kind: 'full-range', maxValue: 255 } },
  };
}
