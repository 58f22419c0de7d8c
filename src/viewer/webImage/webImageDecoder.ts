// Main-thread client of the PNG/JPEG decode worker (decodeWorker.ts): every PNG/JPEG decode of the page (the
// display loader, intake's grey-or-colour check of a three-component JPEG) runs there, so a large image never
// blocks the page; the pixel buffer comes back transferred, not copied. One long-lived worker owned by this module,
// started on the first request. One request in flight at a time; display decodes go before intake checks.
// A worker that crashes (its error event) or hangs past the time limit is terminated: the request it was running
// fails with the reason (the caller names the file), and the next request starts a fresh worker. Nothing already
// decoded or open is lost.
import type { WebImageInfo } from '../../images';
import type { DecodedWebImage } from './decodeWebImage';
import type { DecodeRequest, DecodeResponse, WebImageFormat } from './decodeProtocol';

export type { WebImageFormat } from './decodeProtocol';

/** When the worker decoded, on this page's clock (performance.now()). */
export interface DecodeTiming {
  start: number;
  end: number;
}

export interface WebImagePixels extends DecodedWebImage {
  min: number;
  max: number;
  timing: DecodeTiming;
}

/** The decode worker died or hung while decoding this file. */
export class DecodeWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeWorkerError';
  }
}

type Want = DecodeRequest['want'];
type Answer<W extends Want> = Extract<DecodeResponse, { ok: true; want: W }>;

interface Job {
  want: Want;
  format: WebImageFormat;
  source: Blob;
  resolve: (r: Extract<DecodeResponse, { ok: true }>) => void;
  reject: (e: Error) => void;
}

interface Running {
  id: number;
  job: Job;
  timer: ReturnType<typeof setTimeout> | null;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module', name: 'statread-image-decode' });
}

/** A decode that takes longer than this is taken for a hung worker (a 64 M-sample PNG decodes in a few seconds). */
export const DECODE_TIME_LIMIT_MS = 120_000;

export class WebImageDecoder {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private running: Running | null = null;
  private nextId = 1;
  /** Workers replaced after a crash or hang, and why the last one was. */
  restarts = 0;
  lastFailure: string | null = null;

  constructor(
    private readonly spawn: () => Worker = defaultWorker,
    private readonly timeLimitMs = DECODE_TIME_LIMIT_MS,
  ) {}

  /** Decodes a PNG/JPEG file for display: its pixels, their range, and when the worker decoded it. */
  async decode(source: Blob, format: WebImageFormat): Promise<WebImagePixels> {
    const r = (await this.enqueue('pixels', format, source)) as Answer<'pixels'>;
    const { width, height, samplesPerPixel, bitsStored, data, min, max } = r;
    return { width, height, samplesPerPixel, bitsStored, data, min, max, timing: toPageClock(r) };
  }

  /** Size, channels and bit depth as the display decode will give them (decodes in the worker, keeps no pixels). */
  async info(source: Blob, format: WebImageFormat): Promise<WebImageInfo> {
    const r = (await this.enqueue('info', format, source)) as Answer<'info'>;
    return { width: r.width, height: r.height, samplesPerPixel: r.samplesPerPixel, bitsStored: r.bitsStored };
  }

  /** Requests waiting plus the one running. */
  load(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  private enqueue(want: Want, format: WebImageFormat, source: Blob): Promise<Extract<DecodeResponse, { ok: true }>> {
    return new Promise((resolve, reject) => {
      const job: Job = { want, format, source, resolve, reject };
      // Display decodes (the reader is waiting for them) go before intake's checks, in arrival order within each.
      const at = want === 'pixels' ? this.queue.findIndex((j) => j.want !== 'pixels') : -1;
      if (at < 0) this.queue.push(job);
      else this.queue.splice(at, 0, job);
      this.pump();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (e: MessageEvent<DecodeResponse>) => {
      if (this.worker === worker) this.answer(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault?.();
      if (this.worker === worker) this.fail(`the image decode worker crashed (${e.message || 'it could not start'})`);
    };
    worker.onmessageerror = () => {
      if (this.worker === worker) this.fail('the image decode worker sent a message that could not be read');
    };
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      job.reject(new DecodeWorkerError(`the image decode worker could not start (${(e as Error).message ?? e})`));
      this.pump();
      return;
    }
    const id = this.nextId++;
    const timer =
      this.timeLimitMs > 0
        ? setTimeout(() => this.fail(`the image decode worker did not finish within ${Math.round(this.timeLimitMs / 1000)} s`), this.timeLimitMs)
        : null;
    this.running = { id, job, timer };
    const req: DecodeRequest = { id, want: job.want, format: job.format, source: job.source };
    worker.postMessage(req);
  }

  private answer(msg: DecodeResponse): void {
    const run = this.running;
    if (!run || msg.id !== run.id) return;
    if (run.timer) clearTimeout(run.timer);
    this.running = null;
    if (msg.ok) run.job.resolve(msg);
    else run.job.reject(new Error(msg.message));
    this.pump();
  }

  /** The worker crashed or hung: the request it ran fails with `reason`, the worker goes, the queue goes on. */
  private fail(reason: string): void {
    const run = this.running;
    this.running = null;
    if (run?.timer) clearTimeout(run.timer);
    this.worker?.terminate();
    this.worker = null;
    this.restarts++;
    this.lastFailure = reason;
    run?.job.reject(new DecodeWorkerError(reason));
    this.pump();
  }
}

function toPageClock(span: { startEpochMs: number; endEpochMs: number }): DecodeTiming {
  return { start: span.startEpochMs - performance.timeOrigin, end: span.endEpochMs - performance.timeOrigin };
}

/** The page's one decode worker client (the worker starts on the first request). */
export const webImageDecoder = new WebImageDecoder();
