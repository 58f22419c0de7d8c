// Frame decoders over Cornerstone's Emscripten codec builds (OpenJPEG, CharLS, OpenJPH), which share one decoder API:
// getEncodedBuffer(n).set(frame); decode(); getFrameInfo(); getDecodedBuffer(). The caller supplies the module
// factory, because loading differs: Node requires the package's 'decodewasmjs' export (the .wasm is found beside
// it); a browser worker imports the same factory and passes locateFile with the bundled .wasm URL.
import type { FrameDecoder } from '../decode/dicom';

export interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned?: boolean };
  delete?(): void;
}

export type CodecFactory<M> = () => Promise<M>;

export function emscriptenFrameDecoder<M, D extends EmscriptenDecoder = EmscriptenDecoder>(
  factory: CodecFactory<M>,
  make: (m: M) => D,
  name: string,
  run: (decoder: D) => void = (d) => d.decode(),
): FrameDecoder {
  let codec: Promise<M> | undefined;
  return async (frame, info) => {
    codec ??= factory();
    const decoder = make(await codec);
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      run(decoder);
      const fi = decoder.getFrameInfo();
      if (fi.width !== info.columns || fi.height !== info.rows) {
        throw new Error(`${name} frame is ${fi.width}x${fi.height}, the header says ${info.columns}x${info.rows}`);
      }
      const bytes = decoder.getDecodedBuffer().slice(); // copy out of the WebAssembly heap
      const signed = fi.isSigned ?? info.pixelRepresentation === 1;
      if (fi.bitsPerSample <= 8) return signed ? new Int8Array(bytes.buffer) : bytes;
      return signed ? new Int16Array(bytes.buffer) : new Uint16Array(bytes.buffer);
    } finally {
      decoder.delete?.();
    }
  };
}
