// The automatic backend choice, run once per device and model version: each candidate backend is loaded and
// timed (one cold, one warm inference) in its own worker under a hard time budget. A software GPU can take
// minutes to compile shaders and blocks its thread meanwhile, so a backend over budget is dropped by
// terminating its worker, which also frees its GPU contexts for the viewer. The winner's worker is kept.
import { InferenceClient, TimeoutError } from './client';
import { pickFastest, timingOrder } from './backendChoice';
import type { BackendName, BackendTiming, InitResult, ProbeResult } from './protocol';

export interface PickOutcome {
  client: InferenceClient;
  init: InitResult;
  backend: BackendName;
  timings: BackendTiming[];
  why: string;
}

export interface PickOptions {
  /** Budget for loading + the cold and warm inference of one backend (default 30 s; wasm gets 4x). */
  budgetMs?: number;
  /** Creates a worker client (tests and benchmarks may wrap it). */
  createClient?: () => InferenceClient;
}

function withBudget<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Times every available backend (cheap ones first) and returns the fastest one's ready client. */
export async function pickBackend(indexUrl: string, probe: ProbeResult, first: InferenceClient, opts: PickOptions = {}): Promise<PickOutcome> {
  const budget = opts.budgetMs ?? 30_000;
  const create = opts.createClient ?? (() => new InferenceClient());
  const order = timingOrder(probe.available, probe.adapter);
  const timings: BackendTiming[] = [];
  const ready = new Map<BackendName, { client: InferenceClient; init: InitResult }>();
  let firstUsed = false;
  for (const b of order) {
    const client = firstUsed ? create() : first;
    const isFirst = !firstUsed;
    firstUsed = true;
    const limit = b === 'wasm' || b === 'cpu' ? budget * 4 : budget;
    try {
      const run = (async () => {
        if (!isFirst) await client.probe(indexUrl);
        const init = await client.init({ backend: b, how: 'timed', why: 'timing' }, 0);
        const warm = await client.time(1, 0);
        return { init, warm: warm.medianMs };
      })();
      const r = await withBudget(run, limit, `${b} load + first inferences`);
      timings.push({ backend: b, coldMs: r.init.firstInferenceMs, warmMs: r.warm });
      ready.set(b, { client, init: r.init });
    } catch (err) {
      timings.push({ backend: b, coldMs: null, warmMs: null, reason: (err as Error).message });
      if (client !== first) client.terminate();
    }
  }
  const fallback: BackendName = ready.has('wasm') ? 'wasm' : (ready.keys().next().value ?? 'cpu');
  const backend = pickFastest(timings, fallback);
  const winner = ready.get(backend);
  for (const [b, r] of ready) if (b !== backend && r.client !== first) r.client.terminate();
  const summary = timings.map((t) => `${t.backend} ${t.warmMs === null ? `n/a (${t.reason ?? 'failed'})` : `${t.warmMs.toFixed(1)} ms`}`).join(', ');
  const adapterNote = probe.adapter ? (probe.adapter.software ? 'software WebGPU adapter' : 'hardware WebGPU adapter') : 'no WebGPU adapter';
  const why = `${adapterNote}; one warm inference per backend: ${summary}`;
  if (winner) {
    if (winner.client !== first) first.terminate();
    return { client: winner.client, init: winner.init, backend, timings, why };
  }
  // Nothing finished in time: load on the fallback in the first worker without a budget.
  const init = await first.init({ backend: fallback, how: 'default', why: 'no backend finished its timing run in time' });
  return { client: first, init, backend: fallback, timings, why: `${why}; none finished in time, using ${fallback}` };
}
