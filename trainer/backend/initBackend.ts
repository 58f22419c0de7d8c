// Backend selection for the Node trainer: `--backend auto|tensorflow-gpu|tensorflow|webgpu|wasm|cpu`.
// auto tries, in order: tfjs-node-gpu (only if libtensorflow really runs on a GPU), tfjs-node, WebGPU with a
// real (non-fallback) adapter, wasm (SIMD, single thread), cpu. tfjs-node(-gpu) are optional peer
// dependencies: they are imported by a computed name so that neither tsc nor a bundler requires them, and
// `npm ci` never downloads libtensorflow.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { useWasm } from './wasm';

export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface BackendResult {
  /** What runs: one of the concrete choices. */
  name: BackendName;
  /** Human-readable detail (package, device, SIMD...). */
  detail: string;
  /** Every candidate tried before, with the reason it was skipped (auto only). */
  skipped: { name: BackendName; reason: string }[];
}

export interface InitBackendOptions {
  /** Module loader, replaceable in tests. Defaults to a dynamic `import()` of the given name. */
  importModule?: (name: string) => Promise<unknown>;
  /** navigator-like object for WebGPU detection; defaults to globalThis.navigator. */
  navigator?: { gpu?: { requestAdapter(): Promise<unknown> } };
}

export function parseBackendChoice(value: string | undefined): BackendChoice {
  const v = (value ?? 'auto').toLowerCase();
  if ((BACKEND_CHOICES as readonly string[]).includes(v)) return v as BackendChoice;
  throw new Error(`--backend must be one of ${BACKEND_CHOICES.join('|')} (got "${value}")`);
}

/** Dynamic import by computed name; an absent package is reported the same way under tsx and vitest. */
async function defaultImport(name: string): Promise<unknown> {
  try {
    createRequire(import.meta.url).resolve(name);
  } catch {
    throw Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return import(/* @vite-ignore */ name);
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') return 'not installed';
  return (e?.message ?? String(err)).split('\n')[0];
}

async function tryTensorflow(gpu: boolean, load: (n: string) => Promise<unknown>): Promise<string> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  await load(pkg);
  if (!tf.findBackend('tensorflow')) {
    throw new Error(`${pkg} loaded but registered no "tensorflow" backend with this @tensorflow/tfjs (install ${pkg}@4.22.0)`);
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg}: backend failed to initialise`);
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean; isGPUPackage?: boolean };
  if (gpu) {
    if (backend.isGPUPackage === false) throw new Error('the "tensorflow" backend comes from tfjs-node, not tfjs-node-gpu');
    if (!backend.isUsingGpuDevice) {
      throw new Error('tfjs-node-gpu runs on the CPU (libtensorflow found no usable GPU: it needs CUDA 11.2 and cuDNN 8.1)');
    }
    return `${pkg} 4.22 (libtensorflow on the GPU)`;
  }
  return `${pkg} 4.22 (libtensorflow on the CPU${backend.isUsingGpuDevice ? ', GPU visible' : ''})`;
}

async function tryWebgpu(nav: InitBackendOptions['navigator']): Promise<string> {
  const gpu = nav?.gpu;
  if (!gpu) throw new Error('no navigator.gpu in this runtime (normal for Node)');
  const adapter = (await gpu.requestAdapter()) as { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; description?: string } } | null;
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
  if (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter) throw new Error('only a software fallback adapter is available');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-backend-webgpu failed to initialise');
  return `tfjs-backend-webgpu 4.22${adapter.info?.description ? ` (${adapter.info.description})` : ''}`;
}

async function tryOne(name: BackendName, opts: InitBackendOptions): Promise<string> {
  const load = opts.importModule ?? defaultImport;
  switch (name) {
    case 'tensorflow-gpu':
      return tryTensorflow(true, load);
    case 'tensorflow':
      return tryTensorflow(false, load);
    case 'webgpu':
      return tryWebgpu(opts.navigator ?? (globalThis as { navigator?: InitBackendOptions['navigator'] }).navigator);
    case 'wasm':
      return useWasm();
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise');
      return 'tfjs-backend-cpu 4.22 (plain JavaScript, slow)';
  }
}

/**
 * Selects and initialises a tfjs backend. An explicit choice that cannot run throws with the reason; `auto`
 * walks the fallback order and reports what it skipped and why.
 */
export async function initBackend(choice: BackendChoice = 'auto', opts: InitBackendOptions = {}): Promise<BackendResult> {
  const order: BackendName[] = choice === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] : [choice];
  const skipped: BackendResult['skipped'] = [];
  for (const name of order) {
    try {
      const detail = await tryOne(name, opts);
      await tf.ready();
      return { name, detail, skipped };
    } catch (err) {
      const reason = reasonOf(err);
      if (choice !== 'auto') throw new Error(`--backend ${name} is not available: ${reason}`, { cause: err });
      skipped.push({ name, reason });
    }
  }
  throw new Error(`no tfjs backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/** One line for the start of every command, e.g. "backend: wasm (tfjs-backend-wasm 4.22, SIMD ...)". */
export function describeBackend(r: BackendResult): string {
  const why = r.skipped.length ? `; skipped ${r.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}` : '';
  return `backend: ${r.name} - ${r.detail}${why}`;
}
