// Backend selection: with tfjs-node(-gpu) absent (as here: they are optional peers, never installed by npm ci)
// auto falls back to wasm and says why; an explicit choice that cannot run fails with the reason; a
// tfjs-node-gpu that silently runs on the CPU is not taken for a GPU backend.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackend, initBackend, parseBackendChoice } from './initBackend';

const notInstalled = async (name: string): Promise<never> => {
  const err = new Error(`Cannot find package '${name}'`) as Error & { code: string };
  err.code = 'ERR_MODULE_NOT_FOUND';
  throw err;
};

describe('initBackend', () => {
  afterEach(() => {
    if (tf.findBackend('tensorflow')) {
      tf.setBackend('cpu');
      tf.removeBackend('tensorflow');
    }
  });

  it('auto: tfjs-node absent and no WebGPU in Node -> wasm, listing what it skipped', async () => {
    const r = await initBackend('auto', { importModule: notInstalled, navigator: {} });
    expect(r.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(r.detail).toMatch(/SIMD/);
    expect(r.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu']);
    expect(r.skipped[0].reason).toBe('not installed');
    expect(r.skipped[2].reason).toMatch(/navigator\.gpu/);
    expect(describeBackend(r)).toMatch(/^backend: wasm .*skipped tensorflow-gpu \(not installed\)/);
  });

  it('auto with the real module loader: this checkout has no tfjs-node, so it falls back cleanly', async () => {
    const r = await initBackend('auto');
    expect(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm']).toContain(r.name);
    if (r.name === 'wasm') expect(r.skipped.find((s) => s.name === 'tensorflow')?.reason).toBe('not installed');
  });

  it('an explicit backend that is not installed fails with the reason instead of silently falling back', async () => {
    await expect(initBackend('tensorflow', { importModule: notInstalled })).rejects.toThrow(/--backend tensorflow is not available: not installed/);
    await expect(initBackend('tensorflow-gpu', { importModule: notInstalled })).rejects.toThrow(/not installed/);
  });

  it('tfjs-node-gpu that runs on the CPU (wrong CUDA) is skipped; tfjs-node (CPU) is used instead', async () => {
    const cpuFactory = tf.findBackendFactory('cpu')!;
    const fakeNodeGpu = async () => {
      // What tfjs-node-gpu does on import: register a "tensorflow" backend, here one whose device is the CPU.
      if (!tf.findBackendFactory('tensorflow')) {
        tf.registerBackend(
          'tensorflow',
          () => Object.assign(cpuFactory() as object, { isGPUPackage: true, isUsingGpuDevice: false }) as unknown as tf.KernelBackend,
        );
      }
      return {};
    };
    const r = await initBackend('auto', { importModule: fakeNodeGpu, navigator: {} });
    expect(r.name).toBe('tensorflow');
    expect(r.skipped[0]).toEqual({ name: 'tensorflow-gpu', reason: expect.stringMatching(/CUDA 11\.2 and cuDNN 8\.1/) });
    await expect(initBackend('tensorflow-gpu', { importModule: fakeNodeGpu })).rejects.toThrow(/runs on the CPU/);
  });

  it('WebGPU with only a software fallback adapter is not used', async () => {
    const nav = { gpu: { requestAdapter: async () => ({ isFallbackAdapter: true }) } };
    const r = await initBackend('auto', { importModule: notInstalled, navigator: nav });
    expect(r.name).toBe('wasm');
    expect(r.skipped.find((s) => s.name === 'webgpu')?.reason).toMatch(/fallback/);
  });

  it('cpu works and unknown names are rejected', async () => {
    expect((await initBackend('cpu')).name).toBe('cpu');
    expect(parseBackendChoice(undefined)).toBe('auto');
    expect(parseBackendChoice('WASM')).toBe('wasm');
    expect(() => parseBackendChoice('cuda')).toThrow(/auto\|tensorflow-gpu\|tensorflow\|webgpu\|wasm\|cpu/);
  });
});
