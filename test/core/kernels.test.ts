// Every fast kernel against its plain TypeScript reference, on shapes covering every remainder of the
// blocking and of the SIMD width: the register-blocked TypeScript products (M mod 2, N mod 4, K mod 4) and
// each WebAssembly SIMD kernel (2-lane vectors; 2×4 and 4×4 register blocks, so M mod 4, N mod 4 and mod 2,
// K mod 2), with operands at odd offsets in WASM memory (not 16-byte aligned). Products accumulate into a
// non-zero C. Elementwise kernels and updates with the same operation order must agree bit for bit.
import { describe, expect, it } from 'vitest'
import {
  ACTIVATIONS,
  JS_KERNELS,
  adamUpdate,
  addColumnSums,
  addRowVector,
  allocate,
  createRng,
  kernelKind,
  momentumUpdate,
  mulABBlocked,
  mulABReference,
  mulABtBlocked,
  mulABtReference,
  mulAtBBlocked,
  mulAtBReference,
  sgdUpdate,
  wasmKernelsAvailable,
  type Kernels,
} from '../../src/core/index.js'
import { activationBackward, activationForward } from '../../src/core/activations.js'

type Product = (C: Float64Array, A: Float64Array, B: Float64Array, M: number, K: number, N: number) => void
const rng = createRng(77)
const random = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1))

const shapes: [number, number, number][] = []
for (let M = 1; M <= 5; M++) for (let K = 1; K <= 9; K++) for (let N = 1; N <= 10; N++) shapes.push([M, K, N])
shapes.push([33, 65, 17], [64, 128, 128], [7, 203, 120], [13, 1, 9], [1, 300, 1])

/** WASM kernels with one big arena; `into(values, misalign)` copies values into it at a fresh place, shifted
 *  by `misalign` float64s so SIMD loads are unaligned when it is odd. */
function wasmArena(floats: number) {
  const { kernels, pool } = allocate('wasm', (k) => ({ kernels: k, pool: k.f64(floats) }))
  let next = 0
  return {
    kernels,
    reset: () => void (next = 0),
    into(values: Float64Array, misalign = 1): Float64Array {
      const view = pool.subarray(next + misalign, next + misalign + values.length)
      view.set(values)
      next += misalign + values.length + 2
      if (next > pool.length) throw new Error('test arena too small')
      return view
    },
  }
}

const arena = wasmArena(400_000)
const wasm: Kernels = arena.kernels

const products: [string, Product, Product, Product, (M: number, K: number, N: number) => [number, number]][] = [
  ['mulABt', mulABtReference, mulABtBlocked, wasm.mulABt, (M, K, N) => [M * K, N * K]],
  ['mulAB', mulABReference, mulABBlocked, wasm.mulAB, (M, K, N) => [M * K, K * N]],
  ['mulAtB', mulAtBReference, mulAtBBlocked, wasm.mulAtB, (M, K, N) => [K * M, K * N]],
]

describe('the runtime', () => {
  it('has WebAssembly SIMD (Node 20), so "auto" picks the WASM kernels and "js" the TypeScript ones', () => {
    expect(wasmKernelsAvailable()).toBe(true)
    expect(kernelKind('auto')).toBe('wasm')
    expect(kernelKind('wasm')).toBe('wasm')
    expect(kernelKind('js')).toBe('js')
    expect(wasm.kind).toBe('wasm')
    expect(allocate('js', (k) => k)).toBe(JS_KERNELS)
    expect(() => kernelKind('fast' as never)).toThrow('kernels: expected one of auto, wasm, js, got "fast"')
  })

  it('the WASM kernels refuse arrays they did not allocate', () => {
    const outside = new Float64Array(4)
    const inside = arena.into(random(4))
    expect(() => wasm.mulAB(outside, inside, inside, 2, 1, 2)).toThrow('not allocated by them')
    expect(() => wasm.add(inside, outside)).toThrow('not allocated by them')
  })
})

describe.each(products)('%s: blocked and WASM = reference', (_, reference, blocked, simd, sizes) => {
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
      arena.reset()
      const Cw = arena.into(C0, (M + K) % 2)
      simd(Cw, arena.into(A, 1), arena.into(B, K % 2), M, K, N)
      const tolerance = 1e-12 * Math.max(1, K)
      for (let i = 0; i < M * N; i++) {
        expect(Math.abs(actual[i] - expected[i]), `blocked ${M}×${K}×${N} [${i}]`).toBeLessThan(tolerance)
        expect(Math.abs(Cw[i] - expected[i]), `wasm ${M}×${K}×${N} [${i}]`).toBeLessThan(tolerance)
      }
    }
  })
})

const blocks: [number, number][] = [[1, 1], [1, 2], [1, 3], [2, 3], [3, 5], [4, 7], [5, 26], [7, 120]]

describe('WASM row vectors, column sums, sums = TypeScript', () => {
  it.each(blocks)('%i × %i', (M, N) => {
    arena.reset()
    const A = random(M * N)
    const b = random(N)
    const expected = Float64Array.from(A)
    addRowVector(expected, b, M, N)
    const Aw = arena.into(A)
    wasm.addRowVector(Aw, arena.into(b, 0), M, N)
    expect(Array.from(Aw)).toEqual(Array.from(expected))

    const c = random(N)
    const sums = Float64Array.from(c)
    addColumnSums(sums, A, M, N)
    const cw = arena.into(c, 0)
    wasm.addColumnSums(cw, arena.into(A), M, N)
    expect(Array.from(cw)).toEqual(Array.from(sums))

    const added = Float64Array.from(A)
    JS_KERNELS.add(added, expected)
    const addedW = arena.into(A)
    wasm.add(addedW, arena.into(expected, 0))
    expect(Array.from(addedW)).toEqual(Array.from(added))

    const squares = JS_KERNELS.sumSquares(A)
    expect(Math.abs(wasm.sumSquares(arena.into(A)) - squares)).toBeLessThan(1e-14 * squares)
    const scaled = Float64Array.from(A)
    JS_KERNELS.scale(scaled, -0.37)
    const scaledW = arena.into(A)
    wasm.scale(scaledW, -0.37)
    expect(Array.from(scaledW)).toEqual(Array.from(scaled))
  })
})

describe.each(ACTIVATIONS)('WASM activation %s = TypeScript', (kind) => {
  it.each(blocks)('%i × %i, forward and backward, in place and not', (rows, n) => {
    arena.reset()
    const s = random(rows * n).map((v, i) => (i % 5 === 0 ? 0 : 6 * v)) // zeros (relu's kink) and saturation
    const y = new Float64Array(rows * n)
    activationForward(y, s, rows, n, kind)
    const sw = arena.into(s)
    const yw = arena.into(new Float64Array(rows * n), 0)
    wasm.activationForward(yw, sw, rows, n, kind)
    for (let i = 0; i < y.length; i++) expect(Math.abs(yw[i] - y[i]), `forward [${i}]`).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(y[i])))
    wasm.activationForward(sw, sw, rows, n, kind) // in place
    expect(Array.from(sw)).toEqual(Array.from(yw))

    const dy = random(rows * n)
    const ds = new Float64Array(rows * n)
    activationBackward(ds, dy, y, rows, n, kind)
    const dyw = arena.into(dy)
    const dsw = arena.into(new Float64Array(rows * n))
    wasm.activationBackward(dsw, dyw, arena.into(y, 0), rows, n, kind)
    for (let i = 0; i < ds.length; i++) expect(Math.abs(dsw[i] - ds[i]), `backward [${i}]`).toBeLessThan(1e-15)
    if (kind !== 'softmax') expect(Array.from(dsw)).toEqual(Array.from(ds)) // same operations, same order
  })
})

describe('WASM updates = TypeScript, bit for bit', () => {
  it.each([1, 2, 3, 17, 42026])('%i weights: sgd, momentum, adam', (n) => {
    arena.reset()
    const w = random(n)
    const g = random(n)
    const m = random(n)
    const v = random(n).map(Math.abs)
    const check = (run: (k: Kernels, arrays: Float64Array[]) => void, arrays: Float64Array[]) => {
      const plain = arrays.map((a) => Float64Array.from(a))
      run(JS_KERNELS, plain)
      const inWasm = arrays.map((a, i) => arena.into(a, i % 2))
      run(wasm, inWasm)
      inWasm.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(plain[i])))
    }
    check((k, [w1, g1]) => k.sgdUpdate(w1, g1, 0.03), [w, g])
    check((k, [w1, g1, v1]) => k.momentumUpdate(w1, g1, v1, 0.03, 0.9), [w, g, m])
    check((k, [w1, g1, m1, v1]) => k.adamUpdate(w1, g1, m1, v1, 0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3), [w, g, m, v])
    // and the TypeScript set's updates are optimizers.ts' loops
    expect(JS_KERNELS.sgdUpdate).toBe(sgdUpdate)
    expect(JS_KERNELS.momentumUpdate).toBe(momentumUpdate)
    expect(JS_KERNELS.adamUpdate).toBe(adamUpdate)
  })
})

describe('WASM losses = TypeScript', () => {
  const combos = [
    ['sse', 'sigmoid', 0],
    ['sse', 'tanh', 0.1],
    ['mse', 'linear', 0],
    ['mse', 'relu', 0.2],
    ['sse', 'sigmoid', 0.1],
    ['cross-entropy', 'sigmoid', 0],
    ['cross-entropy', 'softmax', 0],
  ] as const
  it.each(combos)('%s with %s outputs, tolerance %s', (kind, activation, errorTolerance) => {
    for (const [rows, nOut] of blocks) {
      arena.reset()
      const opts = { kind, activation, errorTolerance }
      const y = new Float64Array(rows * nOut)
      activationForward(y, random(rows * nOut).map((v) => 3 * v), rows, nOut, activation)
      const z = random(rows * nOut).map((v, i) => (kind === 'cross-entropy' ? (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : Math.abs(v)) : i % 4 === 0 ? y[i] + 0.05 * v : v))
      const mask = Uint8Array.from({ length: rows }, (_, r) => (r % 3 === 1 ? 0 : 1))
      const count = nOut * mask.reduce((a, b) => a + b, 0)
      const maskIn = (() => {
        const view = arena.into(Float64Array.from(mask)) // room in the arena (a float64 per row), then the bytes over it
        const bytes = new Uint8Array(view.buffer, view.byteOffset, rows)
        bytes.set(mask)
        return bytes
      })()
      const yw = arena.into(y)
      const zw = arena.into(z, 0)
      const E = JS_KERNELS.lossForward(y, z, mask, rows, nOut, count, opts)
      const Ew = wasm.lossForward(yw, zw, maskIn, rows, nOut, count, opts)
      expect(Math.abs(Ew - E)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(E)))
      const ds0 = random(rows * nOut)
      const ds = Float64Array.from(ds0)
      JS_KERNELS.lossBackward(ds, y, z, mask, rows, nOut, count, opts)
      const dsw = arena.into(ds0)
      wasm.lossBackward(dsw, yw, zw, maskIn, rows, nOut, count, opts)
      expect(Array.from(dsw)).toEqual(Array.from(ds)) // no logarithms: same operations, same order
      if (rows * nOut >= 10) expect(Array.from(ds)).not.toEqual(Array.from(ds0)) // and something was added
    }
  })
})
