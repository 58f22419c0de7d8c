// The decoder registry: which DICOM transfer syntax the shared decoder (decodeImageAsync) reads with which codec.
// The codecs are the packages the viewer's loader (Cornerstone's dicom-image-loader) uses, so everything the viewer
// shows can be scored and the AI reads the same pixels. Each side supplies how to load them — the browser worker
// (browserCodecs.ts: Vite-bundled .wasm URLs) and Node (trainer/data/nodeCodecs.ts: require) — and registers the
// same table, so Node and the browser decode to the same bits. Adding a codec: a frame decoder file here, one line
// in CODECS, one loader on each side.
import { BUILT_IN_SYNTAXES, registerFrameDecoder } from '../decode/dicom';
import type { FrameDecoder } from '../decode/dicom';
import { JPEGLS_SYNTAXES, charlsFrameDecoder } from './charls';
import type { CharlsFactory } from './charls';
import { JPEG_EXTENDED_SYNTAXES, jpeg12FrameDecoder } from './jpeg12';
import type { Jpeg12Factory } from './jpeg12';
import { JPEG2000_SYNTAXES, openJpegFrameDecoder } from './openjpeg';
import type { OpenJpegFactory } from './openjpeg';
import { HTJ2K_SYNTAXES, openJphFrameDecoder } from './openjph';
import type { OpenJphFactory } from './openjph';

/** How one environment loads each codec (called at most once, on the first frame that needs it). */
export interface CodecLoaders {
  openjpeg: OpenJpegFactory;
  charls: CharlsFactory;
  openjph: OpenJphFactory;
  jpeg12: Jpeg12Factory;
}

export type CodecName = keyof CodecLoaders;

export interface CodecEntry {
  syntaxes: readonly string[];
  /** The package the decoder comes from (the viewer's loader uses the same one for these syntaxes). */
  source: string;
  decoder: (loaders: CodecLoaders) => FrameDecoder;
}

export const CODECS: Readonly<Record<CodecName, CodecEntry>> = {
  openjpeg: { syntaxes: JPEG2000_SYNTAXES, source: '@cornerstonejs/codec-openjpeg', decoder: (l) => openJpegFrameDecoder(l.openjpeg) },
  charls: { syntaxes: JPEGLS_SYNTAXES, source: '@cornerstonejs/codec-charls', decoder: (l) => charlsFrameDecoder(l.charls) },
  openjph: { syntaxes: HTJ2K_SYNTAXES, source: '@cornerstonejs/codec-openjph', decoder: (l) => openJphFrameDecoder(l.openjph) },
  jpeg12: { syntaxes: JPEG_EXTENDED_SYNTAXES, source: '@cornerstonejs/dicom-image-loader codecs/jpeg.js', decoder: (l) => jpeg12FrameDecoder(l.jpeg12) },
};

/** Every transfer syntax decodeImageAsync reads once the codecs are registered (built-in + CODECS). */
export const DECODABLE_SYNTAXES: ReadonlySet<string> = new Set([...BUILT_IN_SYNTAXES, ...Object.values(CODECS).flatMap((c) => c.syntaxes)]);

/** Registers every codec of CODECS with the shared decoder, loaded the environment's way. */
export function registerCodecs(loaders: CodecLoaders): void {
  for (const entry of Object.values(CODECS)) registerFrameDecoder(entry.syntaxes, entry.decoder(loaders));
}
