// Main-thread client of the inference worker: typed requests with ids, per-request timeouts, and cancellation
// of stale requests (a newer score request for the viewer supersedes the previous one). Never blocks the UI.
//
// Recovery: when the worker crashes (its error event) or hangs (a score/cam/time request passes its
// time limit), the client terminates it, rejects what was pending on it with the reason (WorkerCrashError,
// TimeoutError), starts a fresh worker and replays the last successful probe + init on it, so the next request
// runs on a working model. Requests made while the fresh worker is being set up wait for it.
import type { Heatmap } from '../model/cxrModel';
import type { BackendChoice, InitResult, ProbeResult, ResultOf, ScoreResult, WorkerFault, WorkerRequest, WorkerResponse } from './protocol';

export class CancelledError extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'CancelledError';
  }
}

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${Math.round(ms / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

/** The worker died (uncaught error) or was restarted while this request was pending. */
export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashError';
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

type RequestBody<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id' | 'type'>;

export interface ScoreInput {
  key: string;
  fileName: string;
  frame: number;
  bytes: ArrayBuffer;
  force?: boolean;
  camLabel?: string;
  /** Compute the heatmap (default true; the worklist only needs the probabilities). */
  heatmap?: boolean;
  /** A newer score request cancels this one (default true: the viewer only cares about the image on screen). */
  supersede?: boolean;
  /** Test builds only (dropped from production bundles): the worker crashes or hangs on this request. */
  fault?: WorkerFault;
}

export interface ClientOptions {
  /** Called after the worker was replaced (reason: why the old one was given up). */
  onRestart?: (reason: string) => void;
}

type WorkerSource = Worker | (() => Worker);

function defaultWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'statread-inference' });
}

export const CAM_SIZE = 224;

/** Requests whose time limit means a hung worker (they only compute; probe/init may wait on the network). */
const HANG_CHECKED = new Set<string>(['score', 'cam', 'time']);
const MAX_RESTARTS = 3;

export class InferenceClient {
  private worker!: Worker;
  private readonly factory: (() => Worker) | null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private currentScore: number | null = null;
  /** Last successful set-up, replayed on a fresh worker after a crash or hang. */
  private lastProbe: string | null = null;
  private lastInit: BackendChoice | null = null;
  /** Set while a fresh worker is being set up: requests wait for it. */
  private restarting: Promise<void> | null = null;
  private terminated = false;
  /** Restarts since the last answered request: a worker that keeps dying is given up after MAX_RESTARTS. */
  private failuresSinceAnswer = 0;
  private broken: Error | null = null;
  /** How many times the worker was replaced, and why the last time. */
  restarts = 0;
  lastRestartReason: string | null = null;

  constructor(
    worker?: WorkerSource,
    private readonly options: ClientOptions = {},
  ) {
    // A worker handed in as an object cannot be recreated; a factory (or the default) can.
    this.factory = typeof worker === 'function' ? worker : worker ? null : defaultWorker;
    this.attach(typeof worker === 'object' ? worker : this.factory!());
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
      if (this.worker === worker) this.onMessage(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      if (this.worker !== worker) return;
      e.preventDefault?.();
      this.recover(new WorkerCrashError(`the inference worker crashed (${e.message || 'it could not start'})`));
    };
  }

  /** Rejects everything pending on the current worker with `err`, and replaces the worker when it can. */
  private recover(err: Error, keep?: number): void {
    for (const [id, p] of this.pending) {
      if (id === keep) continue;
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.currentScore = null;
    if (!this.factory || this.terminated) return;
    this.worker.terminate();
    if (++this.failuresSinceAnswer > MAX_RESTARTS) {
      this.terminated = true;
      this.broken = new WorkerCrashError(`${err.message}; gave up after ${MAX_RESTARTS} restarts in a row`);
      return;
    }
    this.restarts++;
    this.lastRestartReason = err.message;
    this.attach(this.factory());
    const probe = this.lastProbe;
    const init = this.lastInit;
    const setup = (async () => {
      if (probe) await this.send('probe', { indexUrl: probe }, 120_000).promise;
      if (probe && init) await this.send('init', { choice: init }, 600_000).promise;
    })();
    this.restarting = setup.then(
      () => undefined,
      () => undefined,
    );
    void this.restarting.then(() => {
      this.restarting = null;
      this.options.onRestart?.(err.message);
    });
  }

  private onMessage(msg: WorkerResponse): void {
    this.failuresSinceAnswer = 0;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (p.timer) clearTimeout(p.timer);
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(msg.cancelled ? new CancelledError() : new Error(msg.message));
  }

  /** Posts a request now (no waiting for a restart): used by the restart itself. */
  private send<T extends keyof ResultOf>(
    type: T,
    body: RequestBody<T>,
    timeoutMs: number,
    transfer: Transferable[] = [],
  ): { id: number; promise: Promise<ResultOf[T]> } {
    const id = this.nextId++;
    const promise = new Promise<ResultOf[T]>((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              const err = new TimeoutError(type, timeoutMs);
              // A request that does its own work (score, cam, time) and passes its limit means a hung worker:
              // replace it. Probe/init keep the old behaviour (the worker is told to drop the request).
              if (HANG_CHECKED.has(type) && this.factory) {
                err.message += '; the inference worker was restarted';
                reject(err);
                this.recover(new WorkerCrashError(`the inference worker was restarted after a ${type} request hung`), id);
              } else {
                this.cancel(id);
                reject(err);
              }
            }, timeoutMs)
          : null;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
    this.worker.postMessage({ type, id, ...body } as unknown as WorkerRequest, transfer);
    return { id, promise };
  }

  private request<T extends keyof ResultOf>(
    type: T,
    body: RequestBody<T>,
    timeoutMs: number,
    transfer: Transferable[] = [],
  ): { id: number; promise: Promise<ResultOf[T]> } {
    if (this.broken) return { id: -this.nextId++, promise: Promise.reject(this.broken) };
    if (!this.restarting) return this.send(type, body, timeoutMs, transfer);
    // A fresh worker is being set up: send once it is ready (the id is reserved now, for stale-cancel).
    let inner: { id: number; promise: Promise<ResultOf[T]> } | null = null;
    const promise = this.restarting.then(() => {
      inner = this.send(type, body, timeoutMs, transfer);
      return inner.promise;
    });
    const id = -this.nextId++;
    this.deferred.set(id, () => inner?.id ?? null);
    return { id, promise };
  }

  /** Requests made during a restart: their real id once sent. */
  private deferred = new Map<number, () => number | null>();

  private cancel(id: number): void {
    if (id < 0) {
      const real = this.deferred.get(id)?.();
      this.deferred.delete(id);
      if (real === null || real === undefined) return;
      id = real;
    }
    this.worker.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies WorkerRequest);
  }

  /** Reads index.json + manifest.json and the WebGPU adapter (in the worker). */
  probe(indexUrl: string, timeoutMs = 60_000): Promise<ProbeResult> {
    return this.request('probe', { indexUrl }, timeoutMs).promise.then((r) => {
      this.lastProbe = indexUrl;
      return r;
    });
  }

  /** Loads the model and settles the backend (forced, remembered, or timed). */
  init(choice: BackendChoice, timeoutMs = 600_000): Promise<InitResult> {
    return this.request('init', { choice }, timeoutMs).promise.then((r) => {
      this.lastInit = choice;
      return r;
    });
  }

  /** Scores one image; a later call cancels this one (it rejects with CancelledError). */
  score(input: ScoreInput, timeoutMs = 180_000): Promise<ScoreResult> {
    const supersede = input.supersede ?? true;
    if (supersede && this.currentScore !== null) {
      const prev = this.pending.get(this.currentScore);
      if (prev) {
        this.pending.delete(this.currentScore);
        if (prev.timer) clearTimeout(prev.timer);
        this.cancel(this.currentScore);
        prev.reject(new CancelledError());
      }
    }
    const { id, promise } = this.request(
      'score',
      {
        key: input.key,
        fileName: input.fileName,
        frame: input.frame,
        bytes: input.bytes,
        force: !!input.force,
        camLabel: input.camLabel,
        camSize: input.heatmap === false ? 0 : CAM_SIZE,
        ...(__STATREAD_TEST_HOOKS__ && input.fault ? { fault: input.fault } : {}),
      },
      timeoutMs,
      [input.bytes],
    );
    if (!supersede) return promise;
    this.currentScore = id;
    return promise.finally(() => {
      if (this.currentScore === id) this.currentScore = null;
    });
  }

  /** Median of `runs` warm inferences of a synthetic image (backend timing). */
  time(runs = 1, timeoutMs = 120_000): Promise<ResultOf['time']> {
    return this.request('time', { runs }, timeoutMs).promise;
  }

  /** Heatmap of another finding for an image scored recently (no network run). */
  cam(key: string, label: string, timeoutMs = 30_000): Promise<Heatmap> {
    return this.request('cam', { key, label, camSize: CAM_SIZE }, timeoutMs).promise;
  }

  terminate(): void {
    this.terminated = true;
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
  }
}

export type { InitResult, ProbeResult, ScoreResult };
