// The pool's scheduling against stand-in workers: the on-screen lane goes first and waits only for the job a worker
// is running, a newer on-screen job supersedes an older one that has not started, workers start lazily up to the
// pool size, and a worker that cannot start fails what waits for it.
import { describe, expect, it } from 'vitest';
import { CancelledError, type InferenceClient } from './client';
import { WorkerPool, type Priority } from './workerPool';

function fakeClient(name: string): InferenceClient {
  return { name, terminate() {} } as unknown as InferenceClient;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A pool whose jobs log their name and worker when they start and finish when released. */
function harness(opts: { size: number; first?: boolean; spawnFails?: boolean }) {
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred>>();
  let spawned = 0;
  const pool = new WorkerPool({
    backend: 'wasm',
    size: opts.size,
    first: opts.first === false ? undefined : fakeClient('w0'),
    spawn: async () => {
      spawned++;
      if (opts.spawnFails) throw new Error('no model');
      return fakeClient(`w${spawned}`);
    },
  });
  const submit = (name: string, priority: Priority, stillWanted = false) => {
    const gate = deferred();
    gates.set(name, gate);
    return pool.submit({
      priority,
      stillWanted: () => stillWanted,
      run: async (client) => {
        started.push(`${name}@${(client as unknown as { name: string }).name}`);
        await gate.promise;
        return name;
      },
    });
  };
  const finish = async (name: string) => {
    gates.get(name)!.resolve();
    await tick();
  };
  return { pool, started, submit, finish, spawned: () => spawned };
}

describe('WorkerPool', () => {
  it('runs an on-screen job next, behind only the job the worker is running', async () => {
    const h = harness({ size: 1 });
    const a = h.submit('a', 'background');
    h.submit('b', 'background');
    h.submit('c', 'background');
    await tick();
    expect(h.started).toEqual(['a@w0']);
    const s = h.submit('s', 'on-screen');
    await h.finish('a');
    await expect(a.promise).resolves.toBe('a');
    expect(h.started).toEqual(['a@w0', 's@w0']);
    await h.finish('s');
    await expect(s.promise).resolves.toBe('s');
    await h.finish('b');
    await h.finish('c');
    expect(h.started).toEqual(['a@w0', 's@w0', 'b@w0', 'c@w0']);
    expect(h.pool.load()).toBe(0);
  });

  it('a newer on-screen job cancels an older one that has not started, or keeps it as background work when wanted', async () => {
    const h = harness({ size: 1 });
    h.submit('a', 'background');
    h.submit('b', 'background');
    await tick();
    const s1 = h.submit('s1', 'on-screen');
    const s2 = h.submit('s2', 'on-screen');
    await expect(s1.promise).rejects.toBeInstanceOf(CancelledError);
    const s3 = h.submit('s3', 'on-screen', true);
    const s4 = h.submit('s4', 'on-screen');
    // s2 is superseded by s3 (not wanted elsewhere: cancelled), s3 by s4 (wanted in the background: kept).
    await expect(s2.promise).rejects.toBeInstanceOf(CancelledError);
    expect(s3.ticket.priority).toBe('background');
    for (const n of ['a', 's4', 'b', 's3']) await h.finish(n);
    expect(h.started).toEqual(['a@w0', 's4@w0', 'b@w0', 's3@w0']);
    await expect(s4.promise).resolves.toBe('s4');
  });

  it('promotes a waiting background job into the on-screen lane', async () => {
    const h = harness({ size: 1 });
    h.submit('a', 'background');
    h.submit('b', 'background');
    const c = h.submit('c', 'background');
    await tick();
    h.pool.promote(c.ticket);
    expect(c.ticket.priority).toBe('on-screen');
    for (const n of ['a', 'c', 'b']) await h.finish(n);
    expect(h.started).toEqual(['a@w0', 'c@w0', 'b@w0']);
    // A job that has started cannot be cancelled any more.
    c.ticket.cancel();
    await expect(c.promise).resolves.toBe('c');
  });

  it('starts workers lazily, up to its size, and only when jobs wait with no worker idle', async () => {
    const h = harness({ size: 3 });
    h.submit('a', 'background');
    await tick();
    expect(h.spawned()).toBe(0);
    h.submit('b', 'background');
    h.submit('c', 'background');
    h.submit('d', 'background');
    await tick();
    expect(h.spawned()).toBe(2);
    expect(h.started.sort()).toEqual(['a@w0', 'b@w1', 'c@w2']);
    await h.finish('b');
    expect(h.started).toContain('d@w1');
    expect(h.spawned()).toBe(2);
  });

  it('fails what waits when no worker can start', async () => {
    const h = harness({ size: 2, first: false, spawnFails: true });
    const a = h.submit('a', 'background');
    await expect(a.promise).rejects.toThrow('the scoring worker could not start: no model');
    expect(h.spawned()).toBe(1);
  });

  it('counts restarts of its workers', () => {
    let told = 0;
    const first = fakeClient('w0');
    const pool = new WorkerPool({ backend: 'wasm', size: 1, first, spawn: async () => fakeClient('x'), onRestart: () => told++ });
    expect(pool.owns(first)).toBe(true);
    expect(pool.owns(fakeClient('other'))).toBe(false);
    pool.noteRestart();
    pool.noteRestart();
    expect(pool.restarts).toBe(2);
    expect(told).toBe(2);
  });
});
