// The client's request bookkeeping against a scripted worker: ids, stale-request cancellation, timeouts.
import { describe, expect, it, vi } from 'vitest';
import { CancelledError, InferenceClient, TimeoutError, WorkerCrashError } from './client';
import type { WorkerRequest, WorkerResponse } from './protocol';

class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: WorkerRequest[] = [];
  transfers: Transferable[][] = [];
  postMessage(msg: WorkerRequest, transfer: Transferable[] = []) {
    this.sent.push(msg);
    this.transfers.push(transfer);
  }
  reply(msg: WorkerResponse) {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerResponse>);
  }
  terminate() {}
}

const input = (key: string) => ({ key, fileName: `${key}.png`, frame: 0, bytes: new ArrayBuffer(8) });

describe('InferenceClient', () => {
  it('matches responses to requests by id and transfers the file bytes', async () => {
    const w = new FakeWorker();
    const c = new InferenceClient(w as unknown as Worker);
    const p = c.score(input('a'));
    const req = w.sent[0] as Extract<WorkerRequest, { type: 'score' }>;
    expect(req.type).toBe('score');
    expect(w.transfers[0]).toContain(req.bytes);
    w.reply({ type: 'result', id: req.id, result: { key: 'a' } });
    await expect(p).resolves.toEqual({ key: 'a' });
  });

  it('cancels a stale score request when a newer one starts', async () => {
    const w = new FakeWorker();
    const c = new InferenceClient(w as unknown as Worker);
    const first = c.score(input('a'));
    const second = c.score(input('b'));
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    const cancel = w.sent.find((m) => m.type === 'cancel') as Extract<WorkerRequest, { type: 'cancel' }>;
    expect(cancel.target).toBe(w.sent[0].id);
    // A late answer to the cancelled request is ignored; the newer one still resolves.
    w.reply({ type: 'result', id: w.sent[0].id, result: { key: 'a' } });
    const secondReq = w.sent.find((m) => m.type === 'score' && m.key === 'b')!;
    w.reply({ type: 'result', id: secondReq.id, result: { key: 'b' } });
    await expect(second).resolves.toEqual({ key: 'b' });
  });

  it('rejects with TimeoutError and tells the worker to drop the request', async () => {
    vi.useFakeTimers();
    try {
      const w = new FakeWorker();
      const c = new InferenceClient(w as unknown as Worker);
      const p = c.probe('http://x/models/index.json', 1000);
      const check = expect(p).rejects.toBeInstanceOf(TimeoutError);
      vi.advanceTimersByTime(1001);
      await check;
      expect(w.sent.some((m) => m.type === 'cancel' && m.target === w.sent[0].id)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes worker errors through with their message', async () => {
    const w = new FakeWorker();
    const c = new InferenceClient(w as unknown as Worker);
    const p = c.cam('a', 'Pneumothorax');
    w.reply({ type: 'error', id: w.sent[0].id, message: 'this image has not been scored' });
    await expect(p).rejects.toThrow('this image has not been scored');
  });
});

describe('InferenceClient recovery', () => {
  function factory() {
    const made: FakeWorker[] = [];
    const make = () => {
      const w = new FakeWorker();
      made.push(w);
      return w as unknown as Worker;
    };
    return { made, make };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  async function setUp(f: ReturnType<typeof factory>, c: InferenceClient) {
    const probe = c.probe('http://x/models/index.json');
    f.made[0].reply({ type: 'result', id: f.made[0].sent[0].id, result: { manifest: {} } });
    await probe;
    const init = c.init({ backend: 'wasm', how: 'forced', why: 'test' });
    f.made[0].reply({ type: 'result', id: f.made[0].sent[1].id, result: { backend: 'wasm' } });
    await init;
  }

  it('a crashed worker is replaced, set up again, and the next request runs on the new one', async () => {
    const f = factory();
    const restarted: string[] = [];
    const c = new InferenceClient(f.make, { onRestart: (r) => restarted.push(r) });
    await setUp(f, c);
    const p = c.score({ ...input('a'), supersede: false });
    f.made[0].onerror?.({ message: 'Uncaught Error: boom', preventDefault() {} } as unknown as ErrorEvent);
    await expect(p).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(p).rejects.toThrow(/crashed \(Uncaught Error: boom\)/);
    expect(f.made).toHaveLength(2);
    const fresh = f.made[1];
    // The last successful probe and init are replayed on the fresh worker before anything else is sent.
    expect(fresh.sent.map((m) => m.type)).toEqual(['probe']);
    const next = c.score({ ...input('b'), supersede: false });
    fresh.reply({ type: 'result', id: fresh.sent[0].id, result: {} });
    await flush();
    expect(fresh.sent.map((m) => m.type)).toEqual(['probe', 'init']);
    expect((fresh.sent[1] as Extract<WorkerRequest, { type: 'init' }>).choice.backend).toBe('wasm');
    fresh.reply({ type: 'result', id: fresh.sent[1].id, result: {} });
    await flush();
    await flush();
    const score = fresh.sent.find((m) => m.type === 'score')!;
    expect((score as Extract<WorkerRequest, { type: 'score' }>).key).toBe('b');
    fresh.reply({ type: 'result', id: score.id, result: { key: 'b' } });
    await expect(next).resolves.toEqual({ key: 'b' });
    expect(c.restarts).toBe(1);
    expect(restarted[0]).toMatch(/crashed/);
    // Messages from the dead worker are ignored.
    f.made[0].reply({ type: 'result', id: 999, result: {} });
  });

  it('a score request past its time limit counts as a hang: rejected with the reason, worker restarted', async () => {
    vi.useFakeTimers();
    try {
      const f = factory();
      const c = new InferenceClient(f.make);
      const probe = c.probe('http://x/models/index.json');
      f.made[0].reply({ type: 'result', id: f.made[0].sent[0].id, result: {} });
      await probe;
      const p = c.score({ ...input('a'), supersede: false, heatmap: false }, 5000);
      expect((f.made[0].sent[1] as Extract<WorkerRequest, { type: 'score' }>).camSize).toBe(0);
      const check = expect(p).rejects.toThrow(/score did not finish within 5 s; the inference worker was restarted/);
      vi.advanceTimersByTime(5001);
      await check;
      expect(f.made).toHaveLength(2);
      expect(c.lastRestartReason).toMatch(/hung/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up on a worker that keeps crashing', async () => {
    const f = factory();
    const c = new InferenceClient(f.make);
    for (let i = 0; i < 4; i++) f.made[f.made.length - 1].onerror?.({ message: 'dead' } as unknown as ErrorEvent);
    await expect(c.score(input('x'))).rejects.toThrow(/gave up after 3 restarts/);
  });

  it('a worker handed in as an object is not restarted (no way to recreate it)', async () => {
    const w = new FakeWorker();
    const c = new InferenceClient(w as unknown as Worker);
    const p = c.score(input('a'));
    w.onerror?.({ message: 'boom' } as unknown as ErrorEvent);
    await expect(p).rejects.toBeInstanceOf(WorkerCrashError);
    expect(c.restarts).toBe(0);
  });
});
