// A pool of inference workers (InferenceClient) running one backend, each with at most one job in flight. Jobs
// wait in one queue with a priority lane in front: an on-screen job is taken by the next worker that frees up,
// so it never waits behind more than the item a worker is already running, and a newer on-screen job supersedes
// an older one that has not started (kept as background work when someone else still wants it, else cancelled).
// Workers start lazily, up to `size`, when jobs wait and none is idle; a crashed or hung worker is replaced by
// its InferenceClient, and the pool counts those restarts.
import { CancelledError, InferenceClient } from './client';
import type { BackendName } from './protocol';

export type Priority = 'on-screen' | 'background';

export interface PoolJob<T> {
  priority: Priority;
  /** Runs on a ready worker; the pool frees that worker when it settles. */
  run: (client: InferenceClient) => Promise<T>;
  /** Asked when a newer on-screen job supersedes this one before it started: true keeps it as background work. */
  stillWanted?: () => boolean;
}

export interface Ticket {
  priority: Priority;
  started: boolean;
  cancel: () => void;
}

interface Queued {
  ticket: Ticket;
  /** Runs the job; settles (never rejects) when it is over. */
  start: (client: InferenceClient) => Promise<void>;
  fail: (err: Error) => void;
  stillWanted: () => boolean;
}

interface Lane {
  client: InferenceClient;
  busy: boolean;
}

export interface PoolOptions {
  backend: BackendName;
  size: number;
  /** Creates a worker client and loads the model on it (probe + init on `backend`). */
  spawn: () => Promise<InferenceClient>;
  /** A client already set up on `backend` (the model session's first worker) becomes the first lane. */
  first?: InferenceClient;
  onRestart?: () => void;
}

export class WorkerPool {
  readonly backend: BackendName;
  readonly size: number;
  restarts = 0;
  private readonly lanes: Lane[] = [];
  private starting = 0;
  private queue: Queued[] = [];
  private startError: Error | null = null;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.backend = options.backend;
    this.size = Math.max(1, options.size);
    if (options.first) this.lanes.push({ client: options.first, busy: false });
  }

  /** Whether this pool runs `client` (its restarts are counted here). */
  owns(client: InferenceClient): boolean {
    return this.lanes.some((l) => l.client === client);
  }

  noteRestart(): void {
    this.restarts++;
    this.options.onRestart?.();
  }

  /** Jobs waiting plus jobs running. */
  load(): number {
    return this.queue.length + this.lanes.filter((l) => l.busy).length;
  }

  submit<T>(job: PoolJob<T>): { promise: Promise<T>; ticket: Ticket } {
    let entry!: Queued;
    const promise = new Promise<T>((resolve, reject) => {
      const ticket: Ticket = {
        priority: job.priority,
        started: false,
        cancel: () => {
          if (ticket.started) return;
          this.queue = this.queue.filter((q) => q !== entry);
          reject(new CancelledError());
        },
      };
      entry = {
        ticket,
        stillWanted: job.stillWanted ?? (() => false),
        fail: reject,
        start: (client) => {
          ticket.started = true;
          return Promise.resolve()
            .then(() => job.run(client))
            .then(resolve, reject);
        },
      };
    });
    if (this.closed) {
      entry.fail(new CancelledError());
      return { promise, ticket: entry.ticket };
    }
    if (job.priority === 'on-screen') {
      // The reader moved on: an older on-screen job that has not started is background work or nothing.
      for (const q of this.queue.filter((x) => x.ticket.priority === 'on-screen')) {
        if (q.stillWanted()) q.ticket.priority = 'background';
        else q.ticket.cancel();
      }
    }
    this.queue.push(entry);
    this.dispatch();
    return { promise, ticket: entry.ticket };
  }

  /** Moves a job that has not started into the priority lane (the image it scores came on screen). */
  promote(ticket: Ticket): void {
    if (ticket.started || ticket.priority === 'on-screen') return;
    for (const q of this.queue.filter((x) => x.ticket.priority === 'on-screen')) {
      if (q.stillWanted()) q.ticket.priority = 'background';
      else q.ticket.cancel();
    }
    ticket.priority = 'on-screen';
    this.dispatch();
  }

  terminate(): void {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.fail(new CancelledError());
    for (const l of this.lanes) l.client.terminate();
    this.lanes.length = 0;
  }

  private next(): Queued | undefined {
    const i = this.queue.findIndex((q) => q.ticket.priority === 'on-screen');
    return this.queue.splice(i >= 0 ? i : 0, 1)[0];
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const lane of this.lanes) {
      if (!this.queue.length) return;
      if (lane.busy) continue;
      const job = this.next()!;
      lane.busy = true;
      void job.start(lane.client).then(() => {
        lane.busy = false;
        this.dispatch();
      });
    }
    const idle = this.lanes.some((l) => !l.busy);
    // A worker that could not start is not tried again (the ones running carry on).
    if (this.queue.length && !idle && !this.startError && this.lanes.length + this.starting < this.size) this.grow();
    if (this.queue.length && this.lanes.length === 0 && this.starting === 0 && this.startError) {
      for (const q of this.queue.splice(0)) q.fail(this.startError);
    }
  }

  private grow(): void {
    this.starting++;
    this.options.spawn().then(
      (client) => {
        this.starting--;
        if (this.closed) return client.terminate();
        this.lanes.push({ client, busy: false });
        this.dispatch();
      },
      (err: unknown) => {
        this.starting--;
        this.startError = new Error(`the scoring worker could not start: ${err instanceof Error ? err.message : String(err)}`);
        this.dispatch();
      },
    );
  }
}
