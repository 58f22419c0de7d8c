/// <reference path="./pako.d.ts" />
// Inflater for the Deflated Explicit VR Little Endian transfer syntax with an output cap, for dicom-parser's
// `inflater` option: intake on the main thread, the scoring worker and the trainer all use this one. A 1 MB deflate
// stream can inflate to a gigabyte: pako's streaming inflater hands over its output in 1 MiB chunks, and
// inflation stops at the first chunk past the cap, so at most the cap is ever held.
import pako from 'pako';
import { DEFAULT_PIXEL_BUDGET } from '../pixelBudget';

const CHUNK = 1 << 20;

export class InflateLimitError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the deflated data set inflates to more than ${maxBytes} bytes (the limit); refused as a possible deflate bomb`);
    this.name = 'InflateLimitError';
  }
}

/** Raw-inflates `byteArray` from `position` on, keeping the bytes before it; throws InflateLimitError past `maxBytes`. */
export function inflateCapped(byteArray: Uint8Array, position: number, maxBytes: number = DEFAULT_PIXEL_BUDGET.maxInflatedBytes): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new pako.Inflate({ raw: true, chunkSize: CHUNK });
  stream.onData = (chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      chunks.length = 0;
      throw new InflateLimitError(maxBytes);
    }
    chunks.push(chunk);
  };
  stream.push(byteArray.subarray(position), true);
  if (stream.err < 0) throw new Error(`the deflated data set is corrupt (${stream.msg || `zlib error ${stream.err}`})`);
  const full = new Uint8Array(position + total);
  full.set(byteArray.subarray(0, position), 0);
  let at = position;
  for (const c of chunks) {
    full.set(c, at);
    at += c.length;
  }
  return full;
}

/** dicom-parser `inflater` option bound to a cap. */
export function cappedInflater(maxBytes: number = DEFAULT_PIXEL_BUDGET.maxInflatedBytes): (byteArray: Uint8Array, position: number) => Uint8Array {
  return (byteArray, position) => inflateCapped(byteArray, position, maxBytes);
}
