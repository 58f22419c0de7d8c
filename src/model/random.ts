// Deterministic pseudo-random numbers shared by the browser model code, the trainer and the fuzz harness.
// Algorithm: mulberry32 (32-bit state); quality is ample for shuffling, bootstrap and power-iteration starts.

/** Returns a generator of uniform numbers in [0, 1) seeded by `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
