// HTJ2K (High-Throughput JPEG 2000) through Cornerstone's OpenJPH WebAssembly build (@cornerstonejs/codec-openjph,
// the codec the viewer's loader uses). Decodes at full resolution with decodeSubResolution(0), as the loader does.
import type { FrameDecoder } from '../decode/dicom';
import { emscriptenFrameDecoder } from './emscriptenFrameDecoder';
import type { CodecFactory, EmscriptenDecoder } from './emscriptenFrameDecoder';

export const HTJ2K_SYNTAXES = ['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203'];

export interface HtJ2kDecoder extends EmscriptenDecoder {
  decodeSubResolution(level: number): void;
}

export interface OpenJphModule {
  HTJ2KDecoder: new () => HtJ2kDecoder;
}

export type OpenJphFactory = CodecFactory<OpenJphModule>;

export function openJphFrameDecoder(factory: OpenJphFactory): FrameDecoder {
  return emscriptenFrameDecoder(
    factory,
    (m) => new m.HTJ2KDecoder(),
    'HTJ2K',
    (d) => d.decodeSubResolution(0),
  );
}
