// Backend choice rules (pure): which backends to time, which timing wins, and the per-device memory key.
import type { AdapterSummary, BackendName, BackendTiming } from './protocol';
import { adapterLabel } from './adapter';

/** Backends timed by the automatic choice: cheap ones first so a slow software GPU gets a budget from them. */
export function timingOrder(available: BackendName[], adapter: AdapterSummary | null): BackendName[] {
  const order: BackendName[] = adapter && !adapter.software ? ['webgpu', 'wasm', 'webgl'] : ['wasm', 'webgl', 'webgpu'];
  return order.filter((b) => available.includes(b));
}

/** Fastest warm inference; ties and total failure go to `fallback`. */
export function pickFastest(timings: BackendTiming[], fallback: BackendName): BackendName {
  let best: BackendTiming | null = null;
  for (const t of timings) if (t.warmMs !== null && (best === null || t.warmMs < (best.warmMs as number))) best = t;
  return best ? best.backend : fallback;
}

/** localStorage key under which the automatic pick is remembered: per adapter and per model version. */
export function backendMemoryKey(adapter: AdapterSummary | null, modelId: string, modelVersion: string): string {
  return `statread.backend|${adapterLabel(adapter)}|${modelId}@${modelVersion}`;
}
