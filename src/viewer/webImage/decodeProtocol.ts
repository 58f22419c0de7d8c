// Messages between the main thread (webImageDecoder.ts) and the PNG/JPEG decode worker (decodeWorker.ts).
import type { WebImageInfo } from '../../images';
import type { DecodedWebImage } from './decodeWebImage';

export type WebImageFormat = 'png' | 'jpeg';

/**
 * `pixels`: decode and send the pixels back (transferred). `info`: decode only to learn size, channels and bit depth
 * (intake tells a grey three-component JPEG from a colour one); the pixels stay in the worker and are dropped.
 */
export interface DecodeRequest {
  id: number;
  want: 'pixels' | 'info';
  format: WebImageFormat;
  /** The file itself (a Blob is shared with the worker, not copied): the worker reads it. */
  source: Blob;
}

/** When the worker decoded, in epoch milliseconds (performance.timeOrigin + now), so the page can place it. */
export interface DecodeSpan {
  startEpochMs: number;
  endEpochMs: number;
}

export type DecodeResponse =
  | ({ id: number; ok: true; want: 'pixels'; min: number; max: number } & DecodedWebImage & DecodeSpan)
  | ({ id: number; ok: true; want: 'info' } & WebImageInfo & DecodeSpan)
  | { id: number; ok: false; message: string };
