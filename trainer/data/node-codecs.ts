// Registers the WebAssembly codecs the trainer can use in Node with the shared decoder (decodeImageAsync):
// OpenJPEG for JPEG 2000 and CharLS for JPEG-LS, the same @cornerstonejs builds the viewer's
// loader runs in the browser.
import { createRequire } from 'node:module';
import { registerFrameDecoder } from '../../src/model/decode-image';
import { JPEGLS_SYNTAXES, charlsFrameDecoder } from '../../src/model/codecs/charls';
import type { CharlsModule } from '../../src/model/codecs/charls';
import { JPEG2000_SYNTAXES, openJpegFrameDecoder } from '../../src/model/codecs/openjpeg';
import type { OpenJpegModule } from '../../src/model/codecs/openjpeg';

const require = createRequire(import.meta.url);
// The codecs log "[INFO] ..." through the Emscripten print hooks, i.e. to stdout: silence them so `predict` and
// `evaluate` keep stdout machine-readable.
const quiet = { print: () => {}, printErr: () => {} };
const SPECIFIERS = {
  openjpeg: '@cornerstonejs/codec-openjpeg/decodewasmjs',
  charls: '@cornerstonejs/codec-charls/decodewasmjs',
} as const;
const modules = new Map<string, Promise<unknown>>();

/**
 * One instance per codec per process (decoders and tests share them). Note: Cornerstone's Embind codec builds can
 * clash when several are instantiated in one realm (OpenJPH after CharLS throws "Cannot register multiple
 * overloads"), which is why HTJ2K is not registered here.
 */
export function nodeCodecModule<M>(name: keyof typeof SPECIFIERS): Promise<M> {
  let m = modules.get(name);
  if (!m) {
    m = (require(SPECIFIERS[name]) as (o: object) => Promise<unknown>)(quiet);
    modules.set(name, m);
  }
  return m as Promise<M>;
}

let registered = false;

export function registerNodeCodecs(): void {
  if (registered) return;
  registered = true;
  registerFrameDecoder(JPEG2000_SYNTAXES, openJpegFrameDecoder(() => nodeCodecModule<OpenJpegModule>('openjpeg')));
  registerFrameDecoder(JPEGLS_SYNTAXES, charlsFrameDecoder(() => nodeCodecModule<CharlsModule>('charls')));
}
