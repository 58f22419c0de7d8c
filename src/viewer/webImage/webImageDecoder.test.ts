// The decode worker client against scripted workers: one request in flight, display before intake checks, pixels
// and timing passed through, and a crash or hang failing only the request that was running.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecodeWorkerError, WebImageDecoder } from './webImageDecoder';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';

class FakeWorker {
  onmessage: ((e: MessageEvent<DecodeResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  sent: DecodeRequest[] = [];
  terminated = false;
  postMessage(msg: DecodeRequest) {
    this.sent.push(msg);
  }
  reply(msg: DecodeResponse) {
    this.onmessage?.({ data: msg } as MessageEvent<DecodeResponse>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
  terminate() {
    this.terminated = true;
  }
}

function decoderWith(limitMs = 0) {
  const workers: FakeWorker[] = [];
  const decoder = new WebImageDecoder(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  }, limitMs);
  return { decoder, workers };
}

const blob = (name: string) => new Blob([name]);
const span = { startEpochMs: performance.timeOrigin + 10, endEpochMs: performance.timeOrigin + 35 };

function pixels(id: number, data: Uint8Array): DecodeResponse {
  return { id, ok: true, want: 'pixels', width: data.length, height: 1, samplesPerPixel: 1, bitsStored: 8, data, min: 1, max: 9, ...span };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WebImageDecoder', () => {
  it('starts no worker before the first request, sends the file itself and passes pixels and timing back', async () => {
    const { decoder, workers } = decoderWith();
    expect(workers).toHaveLength(0);
    const file = blob('a');
    const p = decoder.decode(file, 'png');
    expect(workers).toHaveLength(1);
    const req = workers[0].sent[0];
    expect(req).toMatchObject({ want: 'pixels', format: 'png' });
    expect(req.source).toBe(file);
    const data = new Uint8Array([1, 5, 9]);
    workers[0].reply(pixels(req.id, data));
    const r = await p;
    expect(r.data).toBe(data);
    expect([r.width, r.height, r.min, r.max]).toEqual([3, 1, 1, 9]);
    expect(r.timing.start).toBeCloseTo(10, 3);
    expect(r.timing.end).toBeCloseTo(35, 3);
  });

  it('keeps one request in flight and puts display decodes before intake checks', async () => {
    const { decoder, workers } = decoderWith();
    const first = decoder.info(blob('intake-1'), 'jpeg');
    const second = decoder.info(blob('intake-2'), 'jpeg');
    const shown = decoder.decode(blob('shown'), 'png');
    const w = workers[0];
    expect(w.sent).toHaveLength(1);
    expect(decoder.load()).toBe(3);
    w.reply({ id: w.sent[0].id, ok: true, want: 'info', width: 4, height: 2, samplesPerPixel: 3, bitsStored: 8, ...span });
    await expect(first).resolves.toEqual({ width: 4, height: 2, samplesPerPixel: 3, bitsStored: 8 });
    // The display decode asked after intake-2 runs before it.
    expect(w.sent).toHaveLength(2);
    expect(w.sent[1].want).toBe('pixels');
    w.reply(pixels(w.sent[1].id, new Uint8Array([7])));
    await shown;
    expect(w.sent[2].want).toBe('info');
    w.reply({ id: w.sent[2].id, ok: false, message: 'SOI not found' });
    await expect(second).rejects.toThrow('SOI not found');
    expect(workers).toHaveLength(1);
    expect(decoder.load()).toBe(0);
  });

  it('a crash fails only the running request; the next one runs on a fresh worker', async () => {
    const { decoder, workers } = decoderWith();
    const running = decoder.decode(blob('bad'), 'png');
    const waiting = decoder.decode(blob('good'), 'png');
    workers[0].crash('out of memory');
    await expect(running).rejects.toThrow(DecodeWorkerError);
    await expect(running).rejects.toThrow('the image decode worker crashed (out of memory)');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    // A late answer from the dead worker is ignored.
    workers[0].reply(pixels(workers[0].sent[0].id, new Uint8Array([1])));
    const req = workers[1].sent[0];
    workers[1].reply(pixels(req.id, new Uint8Array([2, 3])));
    await expect(waiting).resolves.toMatchObject({ width: 2 });
    expect(decoder.restarts).toBe(1);
  });

  it('a decode that passes the time limit is taken for a hung worker', async () => {
    vi.useFakeTimers();
    const { decoder, workers } = decoderWith(1000);
    const hung = decoder.decode(blob('hang'), 'jpeg');
    const next = decoder.info(blob('next'), 'jpeg');
    vi.advanceTimersByTime(1001);
    await expect(hung).rejects.toThrow('the image decode worker did not finish within 1 s');
    expect(workers[0].terminated).toBe(true);
    const req = workers[1].sent[0];
    workers[1].reply({ id: req.id, ok: true, want: 'info', width: 1, height: 1, samplesPerPixel: 1, bitsStored: 8, ...span });
    await expect(next).resolves.toMatchObject({ samplesPerPixel: 1 });
  });
});
