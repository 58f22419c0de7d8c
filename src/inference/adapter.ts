// WebGPU adapter summary and the software-rasteriser test used by the backend choice.
import type { AdapterSummary } from './protocol';

const SOFTWARE = /swiftshader|lavapipe|llvmpipe|software|microsoft basic render/i;

export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** Summarises adapter.info (+ the older adapter.isFallbackAdapter) and decides whether it is a software adapter. */
export function summariseAdapter(info: AdapterInfoLike | undefined, isFallbackAdapter = false): AdapterSummary {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const fallback = isFallbackAdapter || !!info?.isFallbackAdapter;
  const software = fallback || SOFTWARE.test([vendor, architecture, device, description].join(' '));
  return { vendor, architecture, device, description, isFallbackAdapter: fallback, software };
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean; requestAdapterInfo?: () => Promise<AdapterInfoLike> } | null>;
}

/** Asks navigator.gpu (main thread or worker) for the adapter; null when WebGPU is absent. */
export async function queryAdapter(nav: { gpu?: unknown } | undefined = globalThis.navigator): Promise<AdapterSummary | null> {
  const gpu = nav?.gpu as GpuLike | undefined;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : undefined);
    return summariseAdapter(info, !!adapter.isFallbackAdapter);
  } catch {
    return null;
  }
}

/** One line naming the adapter, for the UI and the remembered-backend key. */
export function adapterLabel(a: AdapterSummary | null): string {
  if (!a) return 'no WebGPU adapter';
  const parts = [a.vendor, a.architecture, a.device, a.description].filter((s) => s && s.length > 0);
  const name = parts.length ? parts.join(' / ') : 'unknown adapter';
  return a.software ? `${name} (software)` : name;
}
