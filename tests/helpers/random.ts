/** Random numbers a failing test can replay: a seeded generator, and the seed it ran with. */

/**
 * A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same sequence.
 * @example const random = seededRandom(42); random() // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from `variable` in the environment (to replay a run), else a fresh one. */
export function seedFrom(variable: string): number {
  const given = Number(process.env[variable]);
  return Number.isInteger(given) && given > 0 ? given : 1 + Math.floor(Math.random() * 0x7fffffff);
}
