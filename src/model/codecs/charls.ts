// JPEG-LS through Cornerstone's CharLS WebAssembly build (@cornerstonejs/codec-charls, the codec the viewer's loader
// uses). Register with: registerFrameDecoder(JPEGLS_SYNTAXES, charlsFrameDecoder(factory)).
import type { FrameDecoder } from '../decode/dicom';
import { emscriptenFrameDecoder } from './emscriptenFrameDecoder';
import type { CodecFactory, EmscriptenDecoder } from './emscriptenFrameDecoder';

export const JPEGLS_SYNTAXES = ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81'];

export interface CharlsModule {
  JpegLSDecoder: new () => EmscriptenDecoder;
}

export type CharlsFactory = CodecFactory<CharlsModule>;

/** True when the stream ends with the EOI marker (FFD9), allowing the zero padding of an even-length fragment. */
export function endsWithEoi(frame: Uint8Array): boolean {
  let end = frame.length;
  while (end > 2 && frame.length - end < 4 && frame[end - 1] === 0) end--;
  return end >= 2 && frame[end - 2] === 0xff && frame[end - 1] === 0xd9;
}

export function charlsFrameDecoder(factory: CharlsFactory): FrameDecoder {
  const decode = emscriptenFrameDecoder(factory, (m) => new m.JpegLSDecoder(), 'JPEG-LS');
  return (frame, info) => {
    // CharLS spends ~30 s failing on a stream cut short (e.g. a file truncated between fragments): refuse it first.
    if (!endsWithEoi(frame)) throw new Error(`JPEG-LS frame of ${frame.length} bytes is truncated (no end-of-image marker)`);
    return decode(frame, info);
  };
}
