// Registers the decoder registry (src/model/codecs/registry.ts) in Node with the shared decoder (decodeImageAsync):
// OpenJPEG (JPEG 2000), CharLS (JPEG-LS), OpenJPH (HTJ2K) and Cornerstone's JavaScript 12-bit JPEG decoder, the same
// packages the viewer's loader runs in the browser, so Node and the browser decode to the same bits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CharlsModule } from '../../src/model/codecs/charls';
import { jpegImageClassFromSource } from '../../src/model/codecs/jpeg12';
import type { JpegImageClass } from '../../src/model/codecs/jpeg12';
import type { OpenJpegModule } from '../../src/model/codecs/openjpeg';
import type { OpenJphModule } from '../../src/model/codecs/openjph';
import { registerCodecs } from '../../src/model/codecs/registry';

const require = createRequire(import.meta.url);
const SPECIFIERS = {
  openjpeg: '@cornerstonejs/codec-openjpeg/decodewasmjs',
  charls: '@cornerstonejs/codec-charls/decodewasmjs',
  openjph: '@cornerstonejs/codec-openjph/wasmjs',
} as const;
const modules = new Map<string, Promise<unknown>>();

/**
 * One instance per codec per process (decoders and tests share them). Each gets its own options object: Emscripten
 * builds use it as their Module, and two Embind codecs sharing one (as this file once did) clash with "Cannot
 * register multiple overloads". The print hooks are silenced because the codecs log "[INFO] ..." to stdout, which
 * `predict` and `evaluate` keep machine-readable.
 */
export function nodeCodecModule<M>(name: keyof typeof SPECIFIERS): Promise<M> {
  let m = modules.get(name);
  if (!m) {
    m = (require(SPECIFIERS[name]) as (o: object) => Promise<unknown>)({ print: () => {}, printErr: () => {} });
    modules.set(name, m);
  }
  return m as Promise<M>;
}

let jpeg12: Promise<JpegImageClass> | undefined;

/** Path of Cornerstone's JavaScript JPEG decoder (dicom-image-loader dist/esm/codecs/jpeg.js; not exported). */
export function jpeg12ModulePath(): string {
  return join(dirname(require.resolve('@cornerstonejs/dicom-image-loader/package.json')), 'dist', 'esm', 'codecs', 'jpeg.js');
}

/** That decoder with the level-shift fix the Vite plugin applies to the viewer's copy. */
export function loadJpeg12(): Promise<JpegImageClass> {
  jpeg12 ??= Promise.resolve().then(() => jpegImageClassFromSource(readFileSync(jpeg12ModulePath(), 'utf8')));
  return jpeg12;
}

let registered = false;

export function registerNodeCodecs(): void {
  if (registered) return;
  registered = true;
  registerCodecs({
    openjpeg: () => nodeCodecModule<OpenJpegModule>('openjpeg'),
    charls: () => nodeCodecModule<CharlsModule>('charls'),
    openjph: () => nodeCodecModule<OpenJphModule>('openjph'),
    jpeg12: loadJpeg12,
  });
}
