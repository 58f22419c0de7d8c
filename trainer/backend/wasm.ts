// tfjs-backend-wasm in Node: point it at the .wasm files in node_modules and force single-threaded SIMD
// (the threaded build needs workers that break under bundling/minification, see the brief).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { registerWasmGradKernels } from '../kernels/registerWasmGradKernels';

let configured = false;

/** Directory holding tfjs-backend-wasm*.wasm (node_modules/@tensorflow/tfjs-backend-wasm/dist/). */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  if (!existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))) {
    throw new Error(`tfjs-backend-wasm binaries not found in ${dir} (reinstall @tensorflow/tfjs-backend-wasm)`);
  }
  return dir;
}

/** Idempotent: sets the wasm paths, disables threads and registers the missing gradient kernels. */
export function configureWasm(): void {
  if (configured) return;
  setWasmPaths(wasmBinaryDir() + '/');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerWasmGradKernels();
  configured = true;
}

/** Switches tfjs to the wasm backend. Returns a one-line description (SIMD or not). */
export async function useWasm(): Promise<string> {
  configureWasm();
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('tfjs-backend-wasm failed to initialise');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `tfjs-backend-wasm 4.22, ${simd ? 'SIMD' : 'no SIMD'}, single-threaded`;
}
