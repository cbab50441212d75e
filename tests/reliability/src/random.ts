/** A seeded PRNG, so a failing run can be replayed with the seed it printed. @module */

/** A function returning floats in [0, 1). */
export type Rng = () => number

/** mulberry32: small, fast, good enough to pick faults and events. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The seed of this run: `BH_RELIABILITY_SEED` or a fresh one. */
export const SEED = Number(process.env.BH_RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31))

/** A seeded PRNG for one named part of the run (same seed + name → same sequence). */
export function rngFor(name: string): Rng {
  let h = SEED
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return createRng(h)
}

/** One item of `items`, picked with `rng`. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!
}

/** A whole number in [min, max]. */
export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}
