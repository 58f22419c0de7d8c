// DICOM JPEG Lossless (Process 14, incl. SV1) via Cornerstone's pure-JS decoder.
import { Decoder } from '@cornerstonejs/jpeg-lossless-decoder-js';

export function decodeJpegLosslessSamples(data: Uint8Array, bitsAllocated: number): Uint8Array | Uint16Array {
  const decoder = new Decoder();
  const copy = new Uint8Array(data); // a fresh ArrayBuffer holding just this frame (data may be a Node Buffer view)
  return decoder.decode(copy.buffer, 0, copy.byteLength, bitsAllocated <= 8 ? 1 : 2);
}
