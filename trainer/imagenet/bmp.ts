// Minimal BMP decoder (no well-kept npm BMP package is installed): uncompressed 24/32-bit BI_RGB or
// BI_BITFIELDS and 8-bit palettised, bottom-up or top-down rows. Returns RGBA.
export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major from the top. */
  data: Uint8Array;
}

export function decodeBmp(bytes: Uint8Array): RgbaImage {
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new Error('not a BMP file (no "BM" signature)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  if (headerSize < 40) throw new Error(`BMP core headers (size ${headerSize}) are not supported`);
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0 || width > 65535 || height > 65535) throw new Error(`BMP size ${width}x${rawHeight} is invalid`);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) throw new Error(`compressed BMP (compression ${compression}) is not supported`);
  if (bpp !== 24 && bpp !== 32 && bpp !== 8) throw new Error(`${bpp}-bit BMP is not supported (24, 32 or 8-bit only)`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw new Error('BMP pixel data is truncated');
  let palette: Uint8Array | null = null;
  if (bpp === 8) {
    const colours = dv.getUint32(46, true) || 256;
    palette = bytes.subarray(14 + headerSize, 14 + headerSize + 4 * colours);
  }
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (palette) {
        const p = bytes[row + x] * 4;
        out[o] = palette[p + 2];
        out[o + 1] = palette[p + 1];
        out[o + 2] = palette[p];
      } else {
        const p = row + x * (bpp / 8);
        out[o] = bytes[p + 2];
        out[o + 1] = bytes[p + 1];
        out[o + 2] = bytes[p];
      }
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}
