/**
 * A seeded pseudo-random generator for simulation (core code never calls Math.random: seeds are
 * parameters, so a population can be regenerated bit for bit).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. Period ≥ 2^32, passes PractRand to
 * terabytes; all arithmetic is 32-bit integer, so it is fast in V8 and identical on every platform.
 */
export interface Rng {
  /** A uniform integer in 0 … 2^32 − 1. */
  nextU32: () => number
  /** A uniform double in [0, 1) with 32 random bits. */
  next: () => number
  /** A uniform integer in 0 … n − 1 (n ≤ 2^32). */
  below: (n: number) => number
}

/**
 * A generator from a seed (any integer; only its low 32 bits are used… plus a stream number, so that
 * shards of one simulation draw independent streams from one seed).
 *
 * @example const a = createRng(42); const b = createRng(42); a.next() === b.next() // true
 */
export function createRng (seed: number, stream = 0): Rng {
  let s = (seed ^ Math.imul(stream, 0x9e3779b9)) >>> 0
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) nextU32() // mix the initial state
  const next = (): number => nextU32() / 4294967296
  const below = (n: number): number => Math.floor(next() * n)
  return { nextU32, next, below }
}
