// Main-thread client of the inference worker: typed requests with ids, per-request timeouts, and cancellation
// of stale requests (a newer score request for the viewer supersedes the previous one). Never blocks the UI.
import type { Heatmap } from '../model/cxr-model';
import type { BackendChoice, InitResult, ProbeResult, ResultOf, ScoreResult, WorkerRequest, WorkerResponse } from './protocol';

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
}

export const CAM_SIZE = 224;

export class InferenceClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private currentScore: number | null = null;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'statread-inference' });
    this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => this.onMessage(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      const err = new Error(`inference worker failed: ${e.message || 'could not start'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private onMessage(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (p.timer) clearTimeout(p.timer);
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(msg.cancelled ? new CancelledError() : new Error(msg.message));
  }

  private request<T extends keyof ResultOf>(type: T, body: RequestBody<T>, timeoutMs: number, transfer: Transferable[] = []): { id: number; promise: Promise<ResultOf[T]> } {
    const id = this.nextId++;
    const promise = new Promise<ResultOf[T]>((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              this.cancel(id);
              reject(new TimeoutError(type, timeoutMs));
            }, timeoutMs)
          : null;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
    this.worker.postMessage({ type, id, ...body } as unknown as WorkerRequest, transfer);
    return { id, promise };
  }

  private cancel(id: number): void {
    this.worker.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies WorkerRequest);
  }

  /** Reads index.json + manifest.json and the WebGPU adapter (in the worker). */
  probe(indexUrl: string, timeoutMs = 60_000): Promise<ProbeResult> {
    return this.request('probe', { indexUrl }, timeoutMs).promise;
  }

  /** Loads the model and settles the backend (forced, remembered, or timed). */
  init(choice: BackendChoice, timeoutMs = 600_000): Promise<InitResult> {
    return this.request('init', { choice }, timeoutMs).promise;
  }

  /** Scores one image; a later call cancels this one (it rejects with CancelledError). */
  score(input: ScoreInput, timeoutMs = 180_000): Promise<ScoreResult> {
    if (this.currentScore !== null) {
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
      { key: input.key, fileName: input.fileName, frame: input.frame, bytes: input.bytes, force: !!input.force, camLabel: input.camLabel, camSize: CAM_SIZE },
      timeoutMs,
      [input.bytes],
    );
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
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
  }
}

export type { InitResult, ProbeResult, ScoreResult };
