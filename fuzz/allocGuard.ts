// Records every ArrayBuffer / typed-array allocation above a cap, so the harness can fail a case that let a
// declared length allocate without bound (even when the pages are never touched, or the allocation is caught).
// Constructors are wrapped in Proxies: `instanceof`, statics and subclasses behave as before. Import first.
export const ALLOC_CAP_BYTES = Number(process.env.FUZZ_ALLOC_CAP_MB ?? 512) * 1024 * 1024;

export interface BigAllocation {
  type: string;
  bytes: number;
}

const seen: BigAllocation[] = [];

/** Allocations over the cap since the last call. */
export function takeBigAllocations(): BigAllocation[] {
  return seen.splice(0, seen.length);
}

const TYPES = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

const g = globalThis as unknown as Record<string, new (...args: unknown[]) => unknown>;
for (const name of [...TYPES, 'ArrayBuffer'] as const) {
  const ctor = g[name];
  const perElement = name === 'ArrayBuffer' ? 1 : (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  g[name] = new Proxy(ctor, {
    construct(target, args, newTarget) {
      const n = args[0];
      if (typeof n === 'number' && n * perElement > ALLOC_CAP_BYTES) seen.push({ type: name, bytes: n * perElement });
      return Reflect.construct(target, args, newTarget === g[name] ? target : newTarget);
    },
  });
}
