// JPEG 2000 frames through Cornerstone's OpenJPEG WebAssembly build (@cornerstonejs/codec-openjpeg, the codec the
// viewer's loader uses). The caller supplies the module factory, because loading differs: Node requires
// '@cornerstonejs/codec-openjpeg/decodewasmjs' (the .wasm is found beside it); a browser worker imports the same
// factory and passes locateFile with the bundled .wasm URL. Register with:
//   registerFrameDecoder(JPEG2000_SYNTAXES, openJpegFrameDecoder(factory))
import type { FrameDecoder } from '../decode/dicom';

export const JPEG2000_SYNTAXES = ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91'];

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete?(): void;
}

export interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}

export type OpenJpegFactory = () => Promise<OpenJpegModule>;

export function openJpegFrameDecoder(factory: OpenJpegFactory): FrameDecoder {
  let codec: Promise<OpenJpegModule> | undefined;
  return async (frame, info) => {
    codec ??= factory();
    const m = await codec;
    const decoder = new m.J2KDecoder();
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      decoder.decode();
      const fi = decoder.getFrameInfo();
      if (fi.width !== info.columns || fi.height !== info.rows) {
        throw new Error(`JPEG 2000 frame is ${fi.width}x${fi.height}, the header says ${info.columns}x${info.rows}`);
      }
      const bytes = decoder.getDecodedBuffer().slice(); // copy out of the WebAssembly heap
      if (fi.bitsPerSample <= 8) return fi.isSigned ? new Int8Array(bytes.buffer) : bytes;
      return fi.isSigned ? new Int16Array(bytes.buffer) : new Uint16Array(bytes.buffer);
    } finally {
      decoder.delete?.();
    }
  };
}
