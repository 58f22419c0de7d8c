// Size, channels and bit depth of a PNG or JPEG from its header alone, so that intake does not decode (and
// keep) the pixels of images that are not on screen: the web image loader decodes a file when it is shown.
// The header is also checked for the obvious damage (a PNG without IHDR/IEND, a JPEG without SOF/EOI, which is
// what a truncated file looks like), so that such files still get an alert at intake. Pure.
import type { WebImageInfo } from '../../images';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function ascii(b: Uint8Array, o: number, n: number): string {
  return String.fromCharCode(...b.subarray(o, o + n));
}

export function readPngInfo(b: Uint8Array): WebImageInfo {
  if (b.length < 33 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) throw new Error('not a PNG signature');
  if (ascii(b, 12, 4) !== 'IHDR') throw new Error('the IHDR chunk is missing');
  const width = u32(b, 16);
  const height = u32(b, 20);
  const depth = b[24];
  const colorType = b[25];
  if (width === 0 || height === 0) throw new Error(`invalid size ${width}x${height}`);
  const depths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
  if (!depths[colorType]?.includes(depth)) throw new Error(`invalid bit depth ${depth} for colour type ${colorType}`);
  // Every chunk up to IEND must lie inside the file (a truncated file fails here).
  let o = 8;
  let sawEnd = false;
  while (o + 12 <= b.length) {
    const len = u32(b, o);
    const type = ascii(b, o + 4, 4);
    o += 12 + len;
    if (o > b.length) break;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) throw new Error('the file is truncated (no IEND chunk)');
  const grey = colorType === 0 || colorType === 4;
  return {
    width,
    height,
    samplesPerPixel: grey ? 1 : 3,
    bitsStored: colorType !== 3 && depth === 16 ? 16 : 8,
  };
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * JPEG frame header. A one-component JPEG is greyscale; a three-component one may still hold grey pixels (the
 * decoder then keeps one channel), which only a decode can tell: `components` lets the caller decide.
 */
export function readJpegInfo(b: Uint8Array): { width: number; height: number; components: number; precision: number } {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  let end = b.length;
  while (end > 2 && b[end - 1] === 0) end--;
  let eoi = false;
  for (let i = end - 2; i >= Math.max(2, end - 64); i--) if (b[i] === 0xff && b[i + 1] === 0xd9) eoi = true;
  if (!eoi) throw new Error('the file is truncated (no EOI marker)');
  let o = 2;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) throw new Error(`corrupt marker segment at byte ${o}`);
    const marker = b[o + 1];
    if (marker === 0xff) {
      o++;
      continue;
    }
    const len = (b[o + 2] << 8) | b[o + 3];
    if (SOF.has(marker)) {
      if (o + 10 > b.length) break;
      const precision = b[o + 4];
      const height = (b[o + 5] << 8) | b[o + 6];
      const width = (b[o + 7] << 8) | b[o + 8];
      const components = b[o + 9];
      if (!width || !height || !components) throw new Error(`invalid frame header (${width}x${height}, ${components} components)`);
      return { width, height, components, precision };
    }
    if (marker === 0xda) break;
    o += 2 + len;
  }
  throw new Error('no frame header (SOF) before the image data');
}
