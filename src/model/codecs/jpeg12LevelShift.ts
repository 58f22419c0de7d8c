// The fix for Cornerstone 5.14's JavaScript JPEG decoder (dicom-image-loader dist/esm/codecs/jpeg.js, which both
// the viewer and the AI use for 12-bit DCT JPEG: transfer syntaxes .51/.53/.55). Its level shift is
// `(q + 2056 / bitConversion) >> 4`, right for 8-bit (128.5 after the >> 4) but 2063.5 instead of 2048.5 for 12-bit,
// so every sample comes out ~15 stored units too high (docs/conformance.md). The exact shift and clamp for any
// precision replace it. Applied to the module's source: by a Vite plugin in the app and worker bundles
// (scripts/vite/fixJpeg12LevelShift.ts) and when Node loads the module (trainer/data/nodeCodecs.ts), so display
// and AI decode the same pixels. No pattern (a Cornerstone upgrade) is an error, so the patch is revisited.
const BUGGY =
  /q <= -2056 \/ component\.bitConversion\s*\?\s*0\s*:\s*q >= 2024 \/ component\.bitConversion\s*\?\s*255 \/ component\.bitConversion\s*:\s*\(q \+ 2056 \/ component\.bitConversion\) >> 4;/;
const FIXED =
  '(q + (Math.round(255 / component.bitConversion) + 1) * 8 + 8) >> 4;\n' +
  '        q = q < 0 ? 0 : q > Math.round(255 / component.bitConversion) ? Math.round(255 / component.bitConversion) : q;';

/** The module the fix applies to (matched against a resolved file path). */
export const JPEG12_MODULE = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]codecs[\\/]jpeg\.js$/;

export function patchJpeg12LevelShift(code: string): string {
  if (!BUGGY.test(code)) {
    throw new Error('fix-jpeg12-level-shift: pattern not found in codecs/jpeg.js; re-check the Cornerstone upgrade');
  }
  return code.replace(BUGGY, FIXED);
}
