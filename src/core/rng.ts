/**
 * The seeded random generator every random choice in the core comes from (initial weights, shuffling).
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state) seeded through splitmix32, so
 * a (seed, stream) pair always yields the same sequence on every JavaScript engine: only 32-bit integer
 * arithmetic (Math.imul, >>>) is used.
 *
 * Not here: cryptographic randomness, and the engine's unseeded generator (never used in the core).
 */

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number
  /** Restarts this generator as createRng(seed, stream) would start, without allocating. */
  reseed(seed: number, stream?: number): void
}

/** splitmix32: one output for the state `s` (the caller advances s by the golden ratio step). */
function splitmix32(s: number): number {
  let z = s >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

const GOLDEN = 0x9e3779b9

/** A generator for `seed` (a whole number in [0, 2^32)); distinct `stream`s give independent sequences. */
export function createRng(seed: number, stream = 0): Rng {
  let a = 0, b = 0, c = 0, d = 0
  const nextUint32 = (): number => {
    // sfc32 step
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  const reseed = (newSeed: number, newStream = 0): void => {
    const s0 = ((newSeed >>> 0) ^ Math.imul(newStream + 1, 0x632be5ab)) >>> 0
    a = splitmix32(s0 + GOLDEN)
    b = splitmix32(s0 + 2 * GOLDEN)
    c = splitmix32(s0 + 3 * GOLDEN)
    d = splitmix32(s0 + 4 * GOLDEN)
    for (let i = 0; i < 12; i++) nextUint32() // let the seeding settle
  }
  reseed(seed, stream)
  const next = (): number => {
    // 21 high bits + 32 bits = 53 bits of mantissa
    const hi = nextUint32() >>> 11
    const lo = nextUint32()
    return (hi * 4294967296 + lo) / 9007199254740992
  }
  return {
    next,
    nextUint32,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    reseed,
  }
}

/** Fisher–Yates shuffle of `order` in place. */
export function shuffleInPlace(order: Int32Array, rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
}
