// The PNG/JPEG decode worker: reads the file it is given, decodes it (decodeWebImage.ts, the same code as before on
// the main thread) and transfers the pixel buffer back, so a large image never stalls the page. One request at a
// time (webImageDecoder.ts sends the next when this one is answered); nothing is kept between requests.
import { decodeWebImage } from './decodeWebImage';
import { minMax } from '../../model/decode/voi';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';

declare const self: DedicatedWorkerGlobalScope;

const epochNow = () => performance.timeOrigin + performance.now();

async function handle(req: DecodeRequest): Promise<{ msg: DecodeResponse; transfer: Transferable[] }> {
  const bytes = new Uint8Array(await req.source.arrayBuffer());
  const startEpochMs = epochNow();
  const d = decodeWebImage(bytes, req.format);
  if (req.want === 'info') {
    const msg: DecodeResponse = {
      id: req.id,
      ok: true,
      want: 'info',
      width: d.width,
      height: d.height,
      samplesPerPixel: d.samplesPerPixel,
      bitsStored: d.bitsStored,
      startEpochMs,
      endEpochMs: epochNow(),
    };
    return { msg, transfer: [] };
  }
  const { min, max } = minMax(d.data);
  return { msg: { id: req.id, ok: true, want: 'pixels', ...d, min, max, startEpochMs, endEpochMs: epochNow() }, transfer: [d.data.buffer] };
}

self.onmessage = (e: MessageEvent<DecodeRequest>) => {
  const req = e.data;
  handle(req).then(
    ({ msg, transfer }) => self.postMessage(msg, transfer),
    (err: unknown) => self.postMessage({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies DecodeResponse),
  );
};
