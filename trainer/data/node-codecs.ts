// Registers the WebAssembly codecs the trainer can use in Node with the shared decoder (decodeImageAsync):
// OpenJPEG for JPEG 2000 and CharLS for JPEG-LS, the same @cornerstonejs builds the viewer's loader runs in the
// browser.
import { createRequire } from 'node:module';
import { registerFrameDecoder } from '../../src/model/decode-image';
import { JPEGLS_SYNTAXES, charlsFrameDecoder } from '../../src/model/codecs/charls';
import type { CharlsModule } from '../../src/model/codecs/charls';
import { JPEG2000_SYNTAXES, openJpegFrameDecoder } from '../../src/model/codecs/openjpeg';
import type { OpenJpegModule } from '../../src/model/codecs/openjpeg';

let registered = false;

export function registerNodeCodecs(): void {
  if (registered) return;
  registered = true;
  const require = createRequire(import.meta.url);
  // The codecs log "[INFO] ..." through the Emscripten print hooks, i.e. to stdout: silence them so `predict` and
  // `evaluate` keep stdout machine-readable.
  const quiet = { print: () => {}, printErr: () => {} };
  const openjpeg = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as (o: object) => Promise<OpenJpegModule>;
  const charls = require('@cornerstonejs/codec-charls/decodewasmjs') as (o: object) => Promise<CharlsModule>;
  registerFrameDecoder(JPEG2000_SYNTAXES, openJpegFrameDecoder(() => openjpeg(quiet)));
  registerFrameDecoder(JPEGLS_SYNTAXES, charlsFrameDecoder(() => charls(quiet)));
}
