// Registers JPEG 2000 (OpenJPEG) and JPEG-LS (CharLS) with the shared decoder in a browser or worker bundle built
// by Vite: the same @cornerstonejs WebAssembly builds the trainer registers in Node (trainer/data/node-codecs.ts),
// so decodeImageAsync gives the same pixels on both sides. The .wasm files are emitted by Vite (`?url`).
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import charlsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import openJpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import openJpegWasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import { registerFrameDecoder } from '../decode/dicom';
import { JPEGLS_SYNTAXES, charlsFrameDecoder } from './charls';
import type { CharlsModule } from './charls';
import { JPEG2000_SYNTAXES, openJpegFrameDecoder } from './openjpeg';
import type { OpenJpegModule } from './openjpeg';

let registered = false;

export function registerBrowserCodecs(): void {
  if (registered) return;
  registered = true;
  const quiet = { print: () => {}, printErr: () => {} };
  registerFrameDecoder(
    JPEG2000_SYNTAXES,
    openJpegFrameDecoder(() => openJpegFactory({ ...quiet, locateFile: (f) => (f.endsWith('.wasm') ? openJpegWasmUrl : f) }) as Promise<OpenJpegModule>),
  );
  registerFrameDecoder(
    JPEGLS_SYNTAXES,
    charlsFrameDecoder(() => charlsFactory({ ...quiet, locateFile: (f) => (f.endsWith('.wasm') ? charlsWasmUrl : f) }) as Promise<CharlsModule>),
  );
}
