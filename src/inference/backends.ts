/// <reference types="vite/client" />
// tfjs backends inside the worker. wasm runs single-threaded with SIMD (threads break under minification) from
// .wasm files bundled by Vite (no CDN); webgpu is imported only when an adapter exists.
import * as tf from '@tensorflow/tfjs';
// Static import: registers the wasm backend (the bundle carries it anyway for setWasmPaths).
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from './protocol';

let wasmConfigured = false;
let webgpuImported: Promise<unknown> | null = null;

function configureWasm(): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(
    {
      'tfjs-backend-wasm.wasm': new URL(wasmPlainUrl, self.location.href).href,
      'tfjs-backend-wasm-simd.wasm': new URL(wasmSimdUrl, self.location.href).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedUrl, self.location.href).href,
    },
    true,
  );
}

/** Backends that can run here: webgpu only with an adapter, webgl only with OffscreenCanvas webgl2. */
export async function availableBackends(hasAdapter: boolean): Promise<BackendName[]> {
  const out: BackendName[] = [];
  if (hasAdapter) out.push('webgpu');
  try {
    const gl = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1).getContext('webgl2') : null;
    if (gl) {
      out.push('webgl');
      // Give the test context back at once: the page's viewer needs its own WebGL contexts.
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // no webgl2 in this worker
  }
  out.push('wasm', 'cpu');
  return out;
}

/** Switches tfjs to `name` (initialising it on first use). Throws with the reason when it cannot run. */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') configureWasm();
  if (name === 'webgpu' && !webgpuImported) webgpuImported = import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'webgpu') await webgpuImported;
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
}
