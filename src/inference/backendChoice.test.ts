import { describe, expect, it } from 'vitest';
import { adapterLabel, summariseAdapter } from './adapter';
import { backendMemoryKey, pickFastest, timingOrder } from './backendChoice';
import { parseBackend } from './protocol';

describe('adapter summary', () => {
  it('flags SwiftShader (as Chromium reports it headless) as software', () => {
    const a = summariseAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' });
    expect(a.software).toBe(true);
    expect(adapterLabel(a)).toContain('(software)');
  });
  it('flags lavapipe/llvmpipe descriptions and fallback adapters', () => {
    expect(summariseAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).software).toBe(true);
    expect(summariseAdapter({ vendor: 'mesa', description: 'lavapipe' }).software).toBe(true);
    expect(summariseAdapter({ vendor: 'x' }, true).software).toBe(true);
    expect(summariseAdapter({ vendor: 'x', isFallbackAdapter: true }).software).toBe(true);
  });
  it('treats a named hardware GPU as hardware', () => {
    const a = summariseAdapter({ vendor: 'nvidia', architecture: 'ada-lovelace', description: 'NVIDIA GeForce RTX 4070' });
    expect(a.software).toBe(false);
  });
});

describe('backend choice', () => {
  it('times cheap backends first on a software adapter, WebGPU first on a real one', () => {
    const sw = summariseAdapter({ architecture: 'swiftshader' });
    const hw = summariseAdapter({ vendor: 'amd', architecture: 'rdna-3' });
    expect(timingOrder(['webgpu', 'webgl', 'wasm', 'cpu'], sw)).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(timingOrder(['webgpu', 'webgl', 'wasm', 'cpu'], hw)).toEqual(['webgpu', 'wasm', 'webgl']);
    expect(timingOrder(['webgl', 'wasm', 'cpu'], null)).toEqual(['wasm', 'webgl']);
  });
  it('picks the fastest warm inference and ignores failed ones', () => {
    expect(
      pickFastest(
        [
          { backend: 'wasm', coldMs: 50, warmMs: 12 },
          { backend: 'webgl', coldMs: 9000, warmMs: 400 },
          { backend: 'webgpu', coldMs: null, warmMs: null, reason: 'over budget' },
        ],
        'cpu',
      ),
    ).toBe('wasm');
    expect(
      pickFastest(
        [
          { backend: 'webgpu', coldMs: 800, warmMs: 3 },
          { backend: 'wasm', coldMs: 40, warmMs: 11 },
        ],
        'wasm',
      ),
    ).toBe('webgpu');
    expect(pickFastest([{ backend: 'webgpu', coldMs: null, warmMs: null }], 'wasm')).toBe('wasm');
  });
  it('remembers per adapter and per model version', () => {
    const a = summariseAdapter({ vendor: 'google', architecture: 'swiftshader' });
    const b = summariseAdapter({ vendor: 'nvidia', description: 'RTX' });
    expect(backendMemoryKey(a, 'm', '1')).not.toBe(backendMemoryKey(b, 'm', '1'));
    expect(backendMemoryKey(a, 'm', '1')).not.toBe(backendMemoryKey(a, 'm', '2'));
  });
  it('parses ?backend= values', () => {
    expect(parseBackend('WASM')).toBe('wasm');
    expect(parseBackend('webgpu')).toBe('webgpu');
    expect(parseBackend('tensorflow')).toBeNull();
    expect(parseBackend(null)).toBeNull();
  });
});
