// JPEG 2000 through Cornerstone's OpenJPEG WebAssembly build (@cornerstonejs/codec-openjpeg, the codec the viewer's
// loader uses). Register with: registerFrameDecoder(JPEG2000_SYNTAXES, openJpegFrameDecoder(factory)).
import type { FrameDecoder } from '../decode/dicom';
import { emscriptenFrameDecoder } from './emscriptenFrameDecoder';
import type { CodecFactory, EmscriptenDecoder } from './emscriptenFrameDecoder';

export const JPEG2000_SYNTAXES = ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91'];

export interface OpenJpegModule {
  J2KDecoder: new () => EmscriptenDecoder;
}

export type OpenJpegFactory = CodecFactory<OpenJpegModule>;

export function openJpegFrameDecoder(factory: OpenJpegFactory): FrameDecoder {
  return emscriptenFrameDecoder(factory, (m) => new m.J2KDecoder(), 'JPEG 2000');
}
