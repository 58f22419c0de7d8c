// The client's request bookkeeping against a scripted worker: ids, stale-request cancellation, timeouts.
import { describe, expect, it, vi } from 'vitest';
import { CancelledError, InferenceClient, TimeoutError } from './client';
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
