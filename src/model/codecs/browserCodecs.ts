// Registers the decoder registry (registry.ts) in a browser or worker bundle built by Vite: the same @cornerstonejs
// codecs the trainer registers in Node (trainer/data/nodeCodecs.ts), so decodeImageAsync gives the same pixels on
// both sides. The .wasm files are emitted by Vite (`?url`); every codec loads on the first frame that needs it.
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import charlsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import openJpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import openJpegWasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openJphFactory from '@cornerstonejs/codec-openjph/wasmjs';
import openJphWasmUrl from '@cornerstonejs/codec-openjph/wasm?url';
import type { CharlsModule } from './charls';
import type { OpenJpegModule } from './openjpeg';
import type { OpenJphModule } from './openjph';
import { registerCodecs } from './registry';

// Each factory gets its own options object: Emscripten builds use it as their Module, and two Embind codecs on one
// object clash ("Cannot register multiple overloads").
function emscriptenOptions(wasmUrl: string) {
  return { print: () => {}, printErr: () => {}, locateFile: (f: string) => (f.endsWith('.wasm') ? wasmUrl : f) };
}

let registered = false;

export function registerBrowserCodecs(): void {
  if (registered) return;
  registered = true;
  registerCodecs({
    openjpeg: () => openJpegFactory(emscriptenOptions(openJpegWasmUrl)) as Promise<OpenJpegModule>,
    charls: () => charlsFactory(emscriptenOptions(charlsWasmUrl)) as Promise<CharlsModule>,
    openjph: () => openJphFactory(emscriptenOptions(openJphWasmUrl)) as Promise<OpenJphModule>,
    // The loader's JavaScript JPEG decoder, imported by file because the package does not export it; the Vite plugin
    // scripts/vite/fixJpeg12LevelShift.ts patches it in this bundle exactly as in the viewer's decode worker.
    jpeg12: () => import('../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/codecs/jpeg.js').then((m) => m.default),
  });
}
