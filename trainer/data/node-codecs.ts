// Registers the WebAssembly codecs the trainer can use in Node with the shared decoder (decodeImageAsync):
// OpenJPEG for JPEG 2000, the same @cornerstonejs/codec-openjpeg build the viewer's loader runs in the browser.
import { createRequire } from 'node:module';
import { registerFrameDecoder } from '../../src/model/decode-image';
import { JPEG2000_SYNTAXES, openJpegFrameDecoder } from '../../src/model/codecs/openjpeg';
import type { OpenJpegFactory } from '../../src/model/codecs/openjpeg';

let registered = false;

export function registerNodeCodecs(): void {
  if (registered) return;
  registered = true;
  const require = createRequire(import.meta.url);
  const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as (overrides?: object) => ReturnType<OpenJpegFactory>;
  // OpenJPEG logs "[INFO] ..." through the Emscripten print hooks, i.e. to stdout: silence them so `predict` and
  // `evaluate` keep stdout machine-readable.
  const quiet = { print: () => {}, printErr: () => {} };
  registerFrameDecoder(JPEG2000_SYNTAXES, openJpegFrameDecoder(() => factory(quiet)));
}
