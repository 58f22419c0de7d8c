// Build-time patch for Cornerstone 5.14's JavaScript JPEG decoder (dicom-image-loader
// dist/esm/codecs/jpeg.js, used for 12-bit DCT JPEG: transfer syntaxes .51/.53/.55).
// Its level shift is `(q + 2056 / bitConversion) >> 4`, right for 8-bit (128.5 after the >> 4) but
// 2063.5 instead of 2048.5 for 12-bit, so every sample comes out ~15 stored units too high
// (docs/conformance.md). We replace it with the exact shift and clamp for any precision.
// If the pattern is not found (a Cornerstone upgrade) the build fails loudly so the patch is revisited.
import type { Plugin } from 'vite';

const TARGET = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]codecs[\\/]jpeg\.js$/;
const BUGGY =
  /q <= -2056 \/ component\.bitConversion\s*\?\s*0\s*:\s*q >= 2024 \/ component\.bitConversion\s*\?\s*255 \/ component\.bitConversion\s*:\s*\(q \+ 2056 \/ component\.bitConversion\) >> 4;/;
const FIXED =
  '(q + (Math.round(255 / component.bitConversion) + 1) * 8 + 8) >> 4;\n' +
  '        q = q < 0 ? 0 : q > Math.round(255 / component.bitConversion) ? Math.round(255 / component.bitConversion) : q;';

export function patchJpeg12LevelShift(code: string): string {
  if (!BUGGY.test(code)) {
    throw new Error('fix-jpeg12-level-shift: pattern not found in codecs/jpeg.js; re-check the Cornerstone upgrade');
  }
  return code.replace(BUGGY, FIXED);
}

export function fixJpeg12LevelShift(): Plugin {
  return {
    name: 'statread:fix-jpeg12-level-shift',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0])) return null;
      return { code: patchJpeg12LevelShift(code), map: null };
    },
  };
}
