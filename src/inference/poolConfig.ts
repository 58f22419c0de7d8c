// How many workers score in the background and on which backend: ?triageWorkers= and ?triageBackend= in the URL
// override the defaults (one less than the cores, 1 to 4; the on-screen backend, except a GPU backend on a
// software rasteriser or with no adapter to tell, where background work runs on wasm).
import { parseBackend, type BackendName } from './protocol';
import type { BackendInfo } from './scoreStore';

/** Pool size: ?triageWorkers=N (1-8), else one less than the cores (at least 1, at most 4). */
export function poolSize(): number {
  const forced = Number(new URLSearchParams(location.search).get('triageWorkers'));
  if (Number.isInteger(forced) && forced >= 1 && forced <= 8) return forced;
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * The backend for background work: the on-screen one, except a GPU backend on a software rasteriser
 * (SwiftShader, lavapipe: tens of times slower than wasm) or with no WebGPU adapter to tell. ?triageBackend= forces one.
 */
export function backgroundBackend(onScreen: BackendInfo): BackendName {
  const forced = parseBackend(new URLSearchParams(location.search).get('triageBackend'));
  if (forced) return forced;
  if ((onScreen.name === 'webgpu' || onScreen.name === 'webgl') && (!onScreen.adapter || onScreen.adapter.software)) return 'wasm';
  return onScreen.name;
}

/** Time limit per background image before its worker counts as hung (ms). */
export function defaultItemTimeout(backend: BackendName): number {
  return backend === 'wasm' || backend === 'cpu' ? 60_000 : 180_000;
}

/**
 * `?ai=off`: the page runs without its AI (no model is loaded, nothing is scored; the panel says so). For reading
 * without the AI on a weak machine, and for the viewer's end-to-end tests.
 */
export function aiDisabled(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('ai') === 'off';
}
