// Seeded PRNG (mulberry32, from src/model/random.ts) and a string/number hash, so every fuzz case is a pure function of (seed, case id).
export type Rng = () => number;

export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// The project's one seeded generator (also used by OOD fitting, the patient split and the bootstrap).
export { mulberry32 } from '../src/model/random';

export function int(rng: Rng, lo: number, hiExclusive: number): number {
  return lo + Math.floor(rng() * (hiExclusive - lo));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}
