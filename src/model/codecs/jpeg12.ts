// 12-bit DCT JPEG (extended .51, and the retired spectral .53 / progressive .55) through the decoder the viewer's
// loader uses for them: Cornerstone's JavaScript JpegImage (dicom-image-loader dist/esm/codecs/jpeg.js) with the
// level-shift fix of jpeg12LevelShift.ts. 8-bit DCT frames stay with the built-in jpeg-js decoder (decode/jpeg.ts);
// decode/dicom.ts hands only frames of higher precision to this one.
import type { FrameDecoder } from '../decode/dicom';
import { jpegFrameSize } from '../decode/jpeg';
import type { CodecFactory } from './emscriptenFrameDecoder';
import { patchJpeg12LevelShift } from './jpeg12LevelShift';

export const JPEG_EXTENDED_SYNTAXES = ['1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55'];

/** The part of Cornerstone's JpegImage class used here. */
export interface JpegImage {
  parse(data: Uint8Array): void;
  colorTransform?: boolean;
  width: number;
  height: number;
  getData16(width: number, height: number): Uint16Array;
}

export type JpegImageClass = new () => JpegImage;

export type Jpeg12Factory = CodecFactory<JpegImageClass>;

/**
 * The JpegImage class from the source text of codecs/jpeg.js, patched as the Vite plugin patches the viewer's copy:
 * for Node, where no bundler transforms the package (and the package does not export the file). The module has no
 * imports; it is evaluated as a function body returning its default export. Never used in the browser (CSP).
 */
export function jpegImageClassFromSource(source: string): JpegImageClass {
  const patched = patchJpeg12LevelShift(source);
  const body = patched.replace(/^export default JpegImage;\s*$/m, 'return JpegImage;');
  if (body === patched) throw new Error('codecs/jpeg.js: no "export default JpegImage;" (re-check the Cornerstone upgrade)');
  return new Function(`'use strict';\n${body}`)() as JpegImageClass;
}

export function jpeg12FrameDecoder(factory: Jpeg12Factory): FrameDecoder {
  let codec: Promise<JpegImageClass> | undefined;
  return async (frame, info) => {
    if (info.samplesPerPixel !== 1) throw new Error(`12-bit JPEG with ${info.samplesPerPixel} samples per pixel is not supported (greyscale only)`);
    // JpegImage allocates from the frame header: refuse a frame larger than the DICOM header declares first.
    const sof = jpegFrameSize(frame);
    if (!sof) throw new Error('no JPEG frame header before the first scan');
    if (sof.width !== info.columns || sof.height !== info.rows || sof.components !== 1) {
      throw new Error(`JPEG frame is ${sof.width}x${sof.height}x${sof.components}, the header says ${info.columns}x${info.rows}x1`);
    }
    codec ??= factory();
    const jpeg = new (await codec)();
    jpeg.parse(frame);
    jpeg.colorTransform = false; // as the loader sets it
    // Samples as the JPEG holds them; decode/dicom.ts masks to Bits Stored and sign-extends signed data.
    return jpeg.getData16(info.columns, info.rows);
  };
}
