// One decoder for the trainer (Node) and the inference worker (browser): file bytes -> GreyImage.
// PNG, JPEG, BMP and DICOM (uncompressed, deflate, JPEG baseline 8-bit, JPEG lossless, RLE), sniffed from the
// bytes first and the file name second. No DOM, no Node built-ins.
import type { GreyImage, ImageFormat } from './greyImage';
import { decodeBmpFile, isBmp } from './decode/bmp';
import { decodeDicom, decodeDicomAsync, isDicom } from './decode/dicom';
import type { DicomDecodeOptions } from './decode/dicom';
import { DecodeError, describeError } from './decode/errors';
import { decodeJpegFile } from './decode/jpeg';
import { decodePngFile } from './decode/png';

export type { GreyImage, ImageFormat, ImageSourceInfo, VoiSource } from './greyImage';
export { DecodeError, UnsupportedError } from './decode/errors';
export type { DecodeErrorCode } from './decode/errors';
export { TRANSFER_SYNTAX_NAMES, greyFromPixels, hasFrameDecoder, registerFrameDecoder } from './decode/dicom';
export type { FrameDecoder, FrameInfo, GreyscalePixels } from './decode/dicom';
export { applyModality, applyVoi, windowLevel } from './decode/voi';
export type { ModalityTransform, VoiTransform, WindowFunction } from './decode/voi';

export type DecodeOptions = DicomDecodeOptions;

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** The format from the bytes (signature), else from the file extension (DICOM without preamble), else null. */
export function sniffFormat(bytes: Uint8Array, fileName: string): ImageFormat | null {
  if (isDicom(bytes)) return 'dicom';
  if (isPng(bytes)) return 'png';
  if (isJpeg(bytes)) return 'jpeg';
  if (isBmp(bytes)) return 'bmp';
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'dcm' || ext === 'dicom' || ext === 'dic' || !fileName.includes('.')) return 'dicom';
  return null;
}

/**
 * decodeImage, plus DICOM transfer syntaxes served by registered frame decoders: the decoder registry
 * (src/model/codecs/registry.ts: JPEG 2000, JPEG-LS, HTJ2K, 12-bit JPEG), registered by registerBrowserCodecs() or
 * registerNodeCodecs(). Same numbers as decodeImage wherever both can decode.
 */
export async function decodeImageAsync(input: ArrayBuffer | Uint8Array, fileName: string, options: DecodeOptions = {}): Promise<GreyImage> {
  const bytes = input instanceof Uint8Array ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  if (bytes.length > 0 && sniffFormat(bytes, fileName) === 'dicom') return decodeDicomAsync(bytes, fileName, options);
  return decodeImage(bytes, fileName, options);
}

/**
 * Decodes one image file. Throws DecodeError (code + reason naming the file) for unreadable input and
 * UnsupportedError for well-formed files in encodings the built-in decoders lack (those of the decoder registry need
 * decodeImageAsync).
 */
export function decodeImage(input: ArrayBuffer | Uint8Array, fileName: string, options: DecodeOptions = {}): GreyImage {
  // A plain Uint8Array view: Node Buffers (a Uint8Array subclass) make dicom-parser return Buffer slices that share memory.
  const bytes = input instanceof Uint8Array ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  if (bytes.length === 0) throw new DecodeError('empty', fileName, 'the file is empty');
  const format = sniffFormat(bytes, fileName);
  if (format === null) {
    throw new DecodeError('unknown-format', fileName, 'not a PNG, JPEG, BMP or DICOM file');
  }
  if (format === 'dicom') return decodeDicom(bytes, fileName, options);
  try {
    if (format === 'png') return decodePngFile(bytes, fileName);
    if (format === 'jpeg') return decodeJpegFile(bytes, fileName);
    return decodeBmpFile(bytes, fileName);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError('malformed', fileName, `could not decode ${format.toUpperCase()} (${describeError(err)})`, { cause: err });
  }
}
