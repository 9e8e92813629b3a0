// Each register-blocked kernel against its plain reference, on shapes covering every remainder of the
// blocking (M mod 2, N mod 4, K mod 4) and on larger ones; both accumulate into a non-zero C.
import { describe, expect, it } from 'vitest'
import { createRng, mulAB, mulABBlocked, mulABt, mulABtBlocked, mulAtB, mulAtBBlocked } from '../../src/core/index.js'

type Kernel = (C: Float64Array, A: Float64Array, B: Float64Array, M: number, K: number, N: number) => void
const rng = createRng(77)
const random = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1))

const shapes: [number, number, number][] = []
for (let M = 1; M <= 4; M++) for (let K = 1; K <= 9; K++) for (let N = 1; N <= 9; N++) shapes.push([M, K, N])
shapes.push([33, 65, 17], [64, 128, 128], [7, 203, 120])

const pairs: [string, Kernel, Kernel, (M: number, K: number, N: number) => [number, number]][] = [
  ['mulABt', mulABt, mulABtBlocked, (M, K, N) => [M * K, N * K]],
  ['mulAB', mulAB, mulABBlocked, (M, K, N) => [M * K, K * N]],
  ['mulAtB', mulAtB, mulAtBBlocked, (M, K, N) => [K * M, K * N]],
]

describe.each(pairs)('%s: blocked = reference', (_, reference, blocked, sizes) => {
  it(`on ${shapes.length} shapes`, () => {
    for (const [M, K, N] of shapes) {
      const [aSize, bSize] = sizes(M, K, N)
      const A = random(aSize)
      const B = random(bSize)
      const C0 = random(M * N)
      const expected = Float64Array.from(C0)
      const actual = Float64Array.from(C0)
      reference(expected, A, B, M, K, N)
      blocked(actual, A, B, M, K, N)
      for (let i = 0; i < M * N; i++) expect(Math.abs(actual[i] - expected[i]), `${M}×${K}×${N} [${i}]`).toBeLessThan(1e-12 * Math.max(1, K))
    }
  })
})
