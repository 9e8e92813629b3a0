// Every fast kernel against its plain TypeScript reference, on shapes covering every remainder of the
// blocking and of the SIMD width: the register-blocked TypeScript products (M mod 2, N mod 4, K mod 4) and
// each WebAssembly SIMD kernel, in both precisions: float64 (f64x2: 2 lanes; 2×4 and 4×4 register blocks, so
// M mod 4, N mod 4 and mod 2, K mod 2) and float32 (f32x4: 4 lanes; 2×4 and 4×8 blocks, so also N mod 8 and
// K mod 4), with operands at odd offsets in WASM memory (not 16-byte aligned). Products accumulate into a
// non-zero C. In float64, elementwise kernels and updates with the same operation order must agree bit for
// bit. In float32 the reference is the TypeScript kernel on Float32Arrays (it computes each value in float64
// and rounds once), the WASM kernel computes in f32: they agree to a few float32 roundings (stated per kernel).
import { describe, expect, it } from 'vitest'
import {
  ACTIVATIONS,
  JS_KERNELS,
  JS_KERNELS_F32,
  PRECISIONS,
  adamUpdate,
  addColumnSums,
  addRowVector,
  allocate,
  createRng,
  jsKernels,
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
  type Floats,
  type Kernels,
  type Precision,
} from '../../src/core/index.js'
import { activationBackward, activationForward } from '../../src/core/activations.js'

type Product = (C: Floats, A: Floats, B: Floats, M: number, K: number, N: number) => void
const rng = createRng(77)

const shapes: [number, number, number][] = []
for (let M = 1; M <= 5; M++) for (let K = 1; K <= 9; K++) for (let N = 1; N <= 10; N++) shapes.push([M, K, N])
shapes.push([33, 65, 17], [64, 128, 128], [7, 203, 120], [13, 1, 9], [1, 300, 1], [6, 11, 19], [9, 259, 23])

/** WASM kernels of one precision with one big arena; `into(values, misalign)` copies values into it at a
 *  fresh place, shifted by `misalign` elements so SIMD loads are unaligned when it is not a multiple of the
 *  lanes. */
function wasmArena(floats: number, precision: Precision) {
  const { kernels, pool } = allocate('wasm', (k) => ({ kernels: k, pool: k.floats(floats) }), { precision })
  let next = 0
  return {
    kernels,
    reset: () => void (next = 0),
    into(values: ArrayLike<number>, misalign = 1): Floats {
      const view = pool.subarray(next + misalign, next + misalign + values.length)
      view.set(values)
      next += misalign + values.length + 3
      if (next > pool.length) throw new Error('test arena too small')
      return view
    },
  }
}

/** Agreement of WASM with the TypeScript reference, per precision: absolute bounds scaled as noted. */
const TOLERANCE: Record<Precision, { product: number; activation: number; backward: number; update: number; sum: number }> = {
  // products: per term of the inner sum K; activation: relative (|y| ≥ 1); update/sum: relative
  float64: { product: 1e-12, activation: 4e-16, backward: 1e-15, update: 0, sum: 1e-14 },
  float32: { product: 1e-6, activation: 1.2e-7, backward: 3e-7, update: 1e-6, sum: 1e-6 },
}

describe('the runtime', () => {
  it('has WebAssembly SIMD (Node 20), so "auto" picks the WASM kernels and "js" the TypeScript ones', () => {
    expect(wasmKernelsAvailable()).toBe(true)
    expect(kernelKind('auto')).toBe('wasm')
    expect(kernelKind('wasm')).toBe('wasm')
    expect(kernelKind('js')).toBe('js')
    expect(allocate('js', (k) => k)).toBe(JS_KERNELS)
    expect(allocate('js', (k) => k, { precision: 'float32' })).toBe(JS_KERNELS_F32)
    expect(() => kernelKind('fast' as never)).toThrow('kernels: expected one of auto, wasm, js, got "fast"')
    expect(() => allocate('js', (k) => k, { precision: 'float16' as never })).toThrow('kernels: expected precision float64 or float32, got "float16"')
  })

  it('each kernel set allocates arrays of its precision; the TypeScript sets share their functions', () => {
    for (const choice of ['wasm', 'js'] as const) {
      const k64 = allocate(choice, (k) => ({ k, a: k.floats(5) }))
      const k32 = allocate(choice, (k) => ({ k, a: k.floats(5) }), { precision: 'float32' })
      expect([k64.k.precision, k64.a.constructor]).toEqual(['float64', Float64Array])
      expect([k32.k.precision, k32.a.constructor, k32.k.kind]).toEqual(['float32', Float32Array, choice])
    }
    expect(JS_KERNELS_F32.mulABt).toBe(JS_KERNELS.mulABt)
    expect(jsKernels('float32')).toBe(JS_KERNELS_F32)
  })
})

describe.each(PRECISIONS)('%s', (precision) => {
  const arena = wasmArena(400_000, precision)
  const wasm: Kernels = arena.kernels
  const tol = TOLERANCE[precision]
  /** Random values in [-1, 1], exactly representable in this precision. */
  const random = (n: number): Floats => jsKernels(precision).floats(n).map((_, i, a) => (a[i] = rng.uniform(-1, 1)))
  const copy = (a: Floats): Floats => {
    const c = jsKernels(precision).floats(a.length)
    c.set(a)
    return c
  }

  it('the WASM kernels refuse arrays they did not allocate, and arrays of the other precision', () => {
    const outside = jsKernels(precision).floats(4)
    const inside = arena.into(random(4))
    expect(() => wasm.mulAB(outside, inside, inside, 2, 1, 2)).toThrow('not allocated by them')
    expect(() => wasm.add(inside, outside)).toThrow('not allocated by them')
    const other = precision === 'float32' ? wasm.f64(4) : new Float32Array(inside.buffer, inside.byteOffset, 4)
    expect(() => wasm.add(inside, other)).toThrow(`passed to the ${precision} WASM kernels`)
  })

  const products: [string, Product, Product, Product, (M: number, K: number, N: number) => [number, number]][] = [
    ['mulABt', mulABtReference, mulABtBlocked, wasm.mulABt, (M, K, N) => [M * K, N * K]],
    ['mulAB', mulABReference, mulABBlocked, wasm.mulAB, (M, K, N) => [M * K, K * N]],
    ['mulAtB', mulAtBReference, mulAtBBlocked, wasm.mulAtB, (M, K, N) => [K * M, K * N]],
  ]

  describe.each(products)('%s: blocked and WASM = reference', (_, reference, blocked, simd, sizes) => {
    it(`on ${shapes.length} shapes`, () => {
      for (const [M, K, N] of shapes) {
        const [aSize, bSize] = sizes(M, K, N)
        const A = random(aSize)
        const B = random(bSize)
        const C0 = random(M * N)
        const expected = copy(C0)
        const actual = copy(C0)
        reference(expected, A, B, M, K, N)
        blocked(actual, A, B, M, K, N)
        arena.reset()
        const Cw = arena.into(C0, (M + K) % 4)
        simd(Cw, arena.into(A, 1), arena.into(B, K % 4), M, K, N)
        const tolerance = tol.product * Math.max(1, K)
        for (let i = 0; i < M * N; i++) {
          expect(Math.abs(actual[i] - expected[i]), `blocked ${M}×${K}×${N} [${i}]`).toBeLessThan(tolerance)
          expect(Math.abs(Cw[i] - expected[i]), `wasm ${M}×${K}×${N} [${i}]`).toBeLessThan(tolerance)
        }
      }
    })
  })

  const blocks: [number, number][] = [[1, 1], [1, 2], [1, 3], [1, 5], [2, 3], [3, 5], [4, 7], [5, 26], [7, 120], [3, 9]]

  describe('WASM row vectors, column sums, sums = TypeScript', () => {
    it.each(blocks)('%i × %i', (M, N) => {
      arena.reset()
      const A = random(M * N)
      const b = random(N)
      const expected = copy(A)
      addRowVector(expected, b, M, N)
      const Aw = arena.into(A)
      wasm.addRowVector(Aw, arena.into(b, 0), M, N)
      expect(Array.from(Aw)).toEqual(Array.from(expected)) // one correctly rounded addition per value

      const c = random(N)
      const sums = copy(c)
      addColumnSums(sums, A, M, N)
      const cw = arena.into(c, 0)
      wasm.addColumnSums(cw, arena.into(A), M, N)
      expect(Array.from(cw)).toEqual(Array.from(sums))

      const added = copy(A)
      jsKernels(precision).add(added, expected)
      const addedW = arena.into(A)
      wasm.add(addedW, arena.into(expected, 0))
      expect(Array.from(addedW)).toEqual(Array.from(added))

      const squares = JS_KERNELS.sumSquares(A)
      expect(Math.abs(wasm.sumSquares(arena.into(A)) - squares)).toBeLessThan(tol.sum * squares)
      const scaled = copy(A)
      jsKernels(precision).scale(scaled, -0.37)
      const scaledW = arena.into(A)
      wasm.scale(scaledW, -0.37)
      if (precision === 'float64') expect(Array.from(scaledW)).toEqual(Array.from(scaled))
      else for (let i = 0; i < A.length; i++) expect(Math.abs(scaledW[i] - scaled[i])).toBeLessThanOrEqual(tol.update * Math.abs(scaled[i]))
    })
  })

  describe.each(ACTIVATIONS)('WASM activation %s = TypeScript', (kind) => {
    it.each(blocks)('%i × %i, forward and backward, in place and not', (rows, n) => {
      arena.reset()
      const s = random(rows * n).map((v, i) => (i % 5 === 0 ? 0 : 6 * v)) // zeros (relu's kink) and saturation
      const y = jsKernels(precision).floats(rows * n)
      activationForward(y, s, rows, n, kind)
      const sw = arena.into(s)
      const yw = arena.into(jsKernels(precision).floats(rows * n), 0)
      wasm.activationForward(yw, sw, rows, n, kind)
      for (let i = 0; i < y.length; i++) expect(Math.abs(yw[i] - y[i]), `forward [${i}]`).toBeLessThanOrEqual(tol.activation * Math.max(1, Math.abs(y[i])))
      wasm.activationForward(sw, sw, rows, n, kind) // in place
      expect(Array.from(sw)).toEqual(Array.from(yw))

      const dy = random(rows * n)
      const ds = jsKernels(precision).floats(rows * n)
      activationBackward(ds, dy, y, rows, n, kind)
      const dyw = arena.into(dy)
      const dsw = arena.into(jsKernels(precision).floats(rows * n))
      wasm.activationBackward(dsw, dyw, arena.into(y, 0), rows, n, kind)
      for (let i = 0; i < ds.length; i++) expect(Math.abs(dsw[i] - ds[i]), `backward [${i}]`).toBeLessThan(tol.backward)
      if (kind !== 'softmax' && precision === 'float64') expect(Array.from(dsw)).toEqual(Array.from(ds)) // same operations, same order
    })
  })

  describe(`WASM updates = TypeScript${precision === 'float64' ? ', bit for bit' : ''}`, () => {
    it.each([1, 2, 3, 5, 7, 17, 42026])('%i weights: sgd, momentum, adam', (n) => {
      arena.reset()
      const w = random(n)
      const g = random(n)
      const m = random(n)
      const v = random(n).map(Math.abs)
      const check = (run: (k: Kernels, arrays: Floats[]) => void, arrays: Floats[]) => {
        const plain = arrays.map(copy)
        run(jsKernels(precision), plain)
        const inWasm = arrays.map((a, i) => arena.into(a, i % 4))
        run(wasm, inWasm)
        inWasm.forEach((a, i) => {
          if (precision === 'float64') expect(Array.from(a)).toEqual(Array.from(plain[i]))
          else for (let k = 0; k < n; k++) expect(Math.abs(a[k] - plain[i][k]), `[${i}][${k}]`).toBeLessThanOrEqual(tol.update * (1 + Math.abs(plain[i][k])))
        })
        // and something happened
        expect(Array.from(inWasm[0])).not.toEqual(Array.from(arrays[0]))
      }
      check((k, [w1, g1]) => k.sgdUpdate(w1, g1, 0.03), [w, g])
      check((k, [w1, g1, v1]) => k.momentumUpdate(w1, g1, v1, 0.03, 0.9), [w, g, m])
      check((k, [w1, g1, m1, v1]) => k.adamUpdate(w1, g1, m1, v1, 0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3), [w, g, m, v])
      // and the TypeScript set's updates are optimizers.ts' loops
      expect(jsKernels(precision).sgdUpdate).toBe(sgdUpdate)
      expect(jsKernels(precision).momentumUpdate).toBe(momentumUpdate)
      expect(jsKernels(precision).adamUpdate).toBe(adamUpdate)
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
        const y = jsKernels(precision).floats(rows * nOut)
        activationForward(y, random(rows * nOut).map((v) => 3 * v), rows, nOut, activation)
        const z = random(rows * nOut).map((v, i) => (kind === 'cross-entropy' ? (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : Math.abs(v)) : i % 4 === 0 ? y[i] + 0.05 * v : v))
        const mask = Uint8Array.from({ length: rows }, (_, r) => (r % 3 === 1 ? 0 : 1))
        const count = nOut * mask.reduce((a, b) => a + b, 0)
        const maskIn = (() => {
          const view = arena.into(Float64Array.from(mask)) // room in the arena (an element per row), then the bytes over it
          const bytes = new Uint8Array(view.buffer, view.byteOffset, rows)
          bytes.set(mask)
          return bytes
        })()
        const yw = arena.into(y)
        const zw = arena.into(z, 0)
        const E = jsKernels(precision).lossForward(y, z, mask, rows, nOut, count, opts)
        const Ew = wasm.lossForward(yw, zw, maskIn, rows, nOut, count, opts)
        expect(Math.abs(Ew - E)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(E))) // summed in float64 in both precisions
        const ds0 = random(rows * nOut)
        const ds = copy(ds0)
        jsKernels(precision).lossBackward(ds, y, z, mask, rows, nOut, count, opts)
        const dsw = arena.into(ds0)
        wasm.lossBackward(dsw, yw, zw, maskIn, rows, nOut, count, opts)
        expect(Array.from(dsw)).toEqual(Array.from(ds)) // no logarithms: same operations in float64, same order, one rounding
        if (rows * nOut >= 10) expect(Array.from(ds)).not.toEqual(Array.from(ds0)) // and something was added
      }
    })
  })
})
