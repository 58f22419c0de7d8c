// JPEG-LS through Cornerstone's CharLS WebAssembly build (@cornerstonejs/codec-charls, the codec the viewer's loader
// uses). Register with: registerFrameDecoder(JPEGLS_SYNTAXES, charlsFrameDecoder(factory)).
import type { FrameDecoder } from '../decode/dicom';
import { emscriptenFrameDecoder } from './emscripten-frame-decoder';
import type { CodecFactory, EmscriptenDecoder } from './emscripten-frame-decoder';

export const JPEGLS_SYNTAXES = ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81'];

export interface CharlsModule {
  JpegLSDecoder: new () => EmscriptenDecoder;
}

export type CharlsFactory = CodecFactory<CharlsModule>;

export function charlsFrameDecoder(factory: CharlsFactory): FrameDecoder {
  return emscriptenFrameDecoder(factory, (m) => new m.JpegLSDecoder(), 'JPEG-LS');
}
