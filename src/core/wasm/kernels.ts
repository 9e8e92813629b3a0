/**
 * AssemblyScript source of the WebAssembly SIMD kernels (compiled by scripts/build-wasm.mjs with
 * `asc --enable simd`; NOT TypeScript for tsc: the three tsconfigs exclude this folder).
 *
 * Each export here is the WASM twin of a plain TypeScript kernel with the same meaning and argument order
 * (src/core/kernels.ts, activations.ts, optimizers.ts); src/core/compute.ts wraps them behind the same
 * signatures, and test/core/wasm-kernels.test.ts compares every pair. Arrays are passed as BYTE offsets
 * into the module's imported memory; every array is row-major float64. Products ACCUMULATE (C += …).
 *
 * SIMD: v128 holds two float64 (f64x2). The products use register blocks: mulABt a 2 × 4 block of dot
 * products over K (two terms per instruction, summed across the lanes at the end); gemm (mulAB and mulAtB)
 * a 4 × 4 block of C, each row a pair of vectors, updated by a broadcast element of A times a row of B.
 * Remainders (odd K, M not a multiple of the row block, N not a multiple of 4 or 2) run narrower blocks
 * down to single scalars. Additions happen in a different order from the TypeScript kernels, so results
 * agree to rounding, not bit for bit.
 *
 * Not here: allocation (compute.ts lays the arrays out in this module's memory) and anything that
 * allocates: the module has no heap.
 */

/** End of the module's own constant data: compute.ts checks that its arrays start above it. */
export function heapBase(): usize {
  return __heap_base
}

// ---------------------------------------------------------------------------------------------------
// Products

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1)
}

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f64x2.add(acc, f64x2.mul(a, b))
}

@inline function addTo(p: usize, x: f64): void {
  store<f64>(p, load<f64>(p) + x)
}

/** Σ_k a[k]·b[k] over K terms, two at a time. */
@inline function dot(a: usize, b: usize, K: i32): f64 {
  let acc = f64x2.splat(0)
  let k = 0
  for (; k + 2 <= K; k += 2) {
    const o = (<usize>k) << 3
    acc = madd(acc, v128.load(a + o), v128.load(b + o))
  }
  let s = hsum(acc)
  if (k < K) s += load<f64>(a + ((<usize>k) << 3)) * load<f64>(b + ((<usize>k) << 3))
  return s
}

/** C (M × N) += A (M × K) · Bᵀ, B is (N × K): dot products of rows of A with rows of B. */
export function mulABt(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void {
  const rowK = (<usize>K) << 3 // bytes of a row of A or B
  const rowN = (<usize>N) << 3 // bytes of a row of C
  let i = 0
  for (; i + 2 <= M; i += 2) {
    const a0 = A + <usize>i * rowK
    const a1 = a0 + rowK
    const c0 = C + <usize>i * rowN
    const c1 = c0 + rowN
    let j = 0
    for (; j + 4 <= N; j += 4) {
      const b0 = B + <usize>j * rowK
      const b1 = b0 + rowK
      const b2 = b1 + rowK
      const b3 = b2 + rowK
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s02 = f64x2.splat(0), s03 = f64x2.splat(0)
      let s10 = f64x2.splat(0), s11 = f64x2.splat(0), s12 = f64x2.splat(0), s13 = f64x2.splat(0)
      let k = 0
      for (; k + 2 <= K; k += 2) {
        const o = (<usize>k) << 3
        const x0 = v128.load(a0 + o)
        const x1 = v128.load(a1 + o)
        const w0 = v128.load(b0 + o)
        const w1 = v128.load(b1 + o)
        const w2 = v128.load(b2 + o)
        const w3 = v128.load(b3 + o)
        s00 = madd(s00, x0, w0); s01 = madd(s01, x0, w1); s02 = madd(s02, x0, w2); s03 = madd(s03, x0, w3)
        s10 = madd(s10, x1, w0); s11 = madd(s11, x1, w1); s12 = madd(s12, x1, w2); s13 = madd(s13, x1, w3)
      }
      let t00 = hsum(s00), t01 = hsum(s01), t02 = hsum(s02), t03 = hsum(s03)
      let t10 = hsum(s10), t11 = hsum(s11), t12 = hsum(s12), t13 = hsum(s13)
      if (k < K) { // the odd last term
        const o = (<usize>k) << 3
        const x0 = load<f64>(a0 + o), x1 = load<f64>(a1 + o)
        const w0 = load<f64>(b0 + o), w1 = load<f64>(b1 + o), w2 = load<f64>(b2 + o), w3 = load<f64>(b3 + o)
        t00 += x0 * w0; t01 += x0 * w1; t02 += x0 * w2; t03 += x0 * w3
        t10 += x1 * w0; t11 += x1 * w1; t12 += x1 * w2; t13 += x1 * w3
      }
      const oc = (<usize>j) << 3
      addTo(c0 + oc, t00); addTo(c0 + oc + 8, t01); addTo(c0 + oc + 16, t02); addTo(c0 + oc + 24, t03)
      addTo(c1 + oc, t10); addTo(c1 + oc + 8, t11); addTo(c1 + oc + 16, t12); addTo(c1 + oc + 24, t13)
    }
    for (; j < N; j++) { // the last N mod 4 columns
      const b0 = B + <usize>j * rowK
      const oc = (<usize>j) << 3
      addTo(c0 + oc, dot(a0, b0, K))
      addTo(c1 + oc, dot(a1, b0, K))
    }
  }
  if (i < M) { // the odd last row
    const a0 = A + <usize>i * rowK
    const c0 = C + <usize>i * rowN
    for (let j = 0; j < N; j++) addTo(c0 + ((<usize>j) << 3), dot(a0, B + <usize>j * rowK, K))
  }
}

/** Terms of the inner sum per pass of gemm: a column strip of B over KC rows (4 columns, 4 KiB) stays in
 *  the L1 cache while every row block of C uses it, where a strip over all K rows (K = T·B in the weight
 *  gradients: thousands) would not. */
const KC = 128

/**
 * C (M × N) += Â · B with B (K × N) and Â (M × K) read through strides: Â[i][k] = A[i·sAi + k·sAk] (in
 * elements). mulAB is sAi = K, sAk = 1; mulAtB (A stored K × M) is sAi = 1, sAk = M. The sum over k runs in
 * passes of KC terms, each accumulating into C.
 */
function gemm(C: usize, A: usize, sAi: i32, sAk: i32, B: usize, M: i32, K: i32, N: i32): void {
  for (let k0 = 0; k0 < K; k0 += KC) {
    gemmPass(C, A + <usize>k0 * ((<usize>sAk) << 3), sAi, sAk, B + <usize>k0 * ((<usize>N) << 3), M, min(KC, K - k0), N)
  }
}

/** One pass of gemm over K ≤ KC terms. */
function gemmPass(C: usize, A: usize, sAi: i32, sAk: i32, B: usize, M: i32, K: i32, N: i32): void {
  const stepI = (<usize>sAi) << 3
  const stepK = (<usize>sAk) << 3
  const rowN = (<usize>N) << 3 // bytes of a row of B or C
  let i = 0
  for (; i + 4 <= M; i += 4) {
    const a0 = A + <usize>i * stepI
    const a1 = a0 + stepI
    const a2 = a1 + stepI
    const a3 = a2 + stepI
    const c0 = C + <usize>i * rowN
    const c1 = c0 + rowN
    const c2 = c1 + rowN
    const c3 = c2 + rowN
    let j = 0
    for (; j + 4 <= N; j += 4) { // 4 × 4 block of C: 8 vectors
      const oc = (<usize>j) << 3
      let r00 = v128.load(c0 + oc), r01 = v128.load(c0 + oc + 16)
      let r10 = v128.load(c1 + oc), r11 = v128.load(c1 + oc + 16)
      let r20 = v128.load(c2 + oc), r21 = v128.load(c2 + oc + 16)
      let r30 = v128.load(c3 + oc), r31 = v128.load(c3 + oc + 16)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const w0 = v128.load(b)
        const w1 = v128.load(b + 16)
        const x0 = f64x2.splat(load<f64>(a0 + ka))
        r00 = madd(r00, x0, w0); r01 = madd(r01, x0, w1)
        const x1 = f64x2.splat(load<f64>(a1 + ka))
        r10 = madd(r10, x1, w0); r11 = madd(r11, x1, w1)
        const x2 = f64x2.splat(load<f64>(a2 + ka))
        r20 = madd(r20, x2, w0); r21 = madd(r21, x2, w1)
        const x3 = f64x2.splat(load<f64>(a3 + ka))
        r30 = madd(r30, x3, w0); r31 = madd(r31, x3, w1)
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r00); v128.store(c0 + oc + 16, r01)
      v128.store(c1 + oc, r10); v128.store(c1 + oc + 16, r11)
      v128.store(c2 + oc, r20); v128.store(c2 + oc + 16, r21)
      v128.store(c3 + oc, r30); v128.store(c3 + oc + 16, r31)
    }
    for (; j + 2 <= N; j += 2) { // 4 × 2
      const oc = (<usize>j) << 3
      let r0 = v128.load(c0 + oc), r1 = v128.load(c1 + oc), r2 = v128.load(c2 + oc), r3 = v128.load(c3 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const w = v128.load(b)
        r0 = madd(r0, f64x2.splat(load<f64>(a0 + ka)), w)
        r1 = madd(r1, f64x2.splat(load<f64>(a1 + ka)), w)
        r2 = madd(r2, f64x2.splat(load<f64>(a2 + ka)), w)
        r3 = madd(r3, f64x2.splat(load<f64>(a3 + ka)), w)
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r0); v128.store(c1 + oc, r1); v128.store(c2 + oc, r2); v128.store(c3 + oc, r3)
    }
    if (j < N) { // 4 × 1
      const oc = (<usize>j) << 3
      let r0 = load<f64>(c0 + oc), r1 = load<f64>(c1 + oc), r2 = load<f64>(c2 + oc), r3 = load<f64>(c3 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const w = load<f64>(b)
        r0 += load<f64>(a0 + ka) * w
        r1 += load<f64>(a1 + ka) * w
        r2 += load<f64>(a2 + ka) * w
        r3 += load<f64>(a3 + ka) * w
        b += rowN
        ka += stepK
      }
      store<f64>(c0 + oc, r0); store<f64>(c1 + oc, r1); store<f64>(c2 + oc, r2); store<f64>(c3 + oc, r3)
    }
  }
  for (; i < M; i++) { // the last M mod 4 rows, one at a time: 1 × 8, 1 × 2, 1 × 1
    const a0 = A + <usize>i * stepI
    const c0 = C + <usize>i * rowN
    let j = 0
    for (; j + 8 <= N; j += 8) {
      const oc = (<usize>j) << 3
      let r0 = v128.load(c0 + oc), r1 = v128.load(c0 + oc + 16), r2 = v128.load(c0 + oc + 32), r3 = v128.load(c0 + oc + 48)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const x = f64x2.splat(load<f64>(a0 + ka))
        r0 = madd(r0, x, v128.load(b))
        r1 = madd(r1, x, v128.load(b + 16))
        r2 = madd(r2, x, v128.load(b + 32))
        r3 = madd(r3, x, v128.load(b + 48))
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r0); v128.store(c0 + oc + 16, r1); v128.store(c0 + oc + 32, r2); v128.store(c0 + oc + 48, r3)
    }
    for (; j + 2 <= N; j += 2) {
      const oc = (<usize>j) << 3
      let r = v128.load(c0 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        r = madd(r, f64x2.splat(load<f64>(a0 + ka)), v128.load(b))
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r)
    }
    if (j < N) {
      const oc = (<usize>j) << 3
      let r = load<f64>(c0 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        r += load<f64>(a0 + ka) * load<f64>(b)
        b += rowN
        ka += stepK
      }
      store<f64>(c0 + oc, r)
    }
  }
}

/** C (M × N) += A (M × K) · B (K × N). */
export function mulAB(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void {
  gemm(C, A, K, 1, B, M, K, N)
}

/** C (M × N) += Aᵀ · B, A is (K × M), B is (K × N). */
export function mulAtB(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void {
  gemm(C, A, 1, M, B, M, K, N)
}

// ---------------------------------------------------------------------------------------------------
// Row vectors and column sums

/** Each row of A (M × N) += b (N). */
export function addRowVector(A: usize, b: usize, M: i32, N: i32): void {
  const rowN = (<usize>N) << 3
  for (let i = 0; i < M; i++) add(A + <usize>i * rowN, b, N)
}

/** c (N) += column sums of A (M × N). */
export function addColumnSums(c: usize, A: usize, M: i32, N: i32): void {
  const rowN = (<usize>N) << 3
  for (let i = 0; i < M; i++) add(c, A + <usize>i * rowN, N)
}

/** a (n) += b (n). */
export function add(a: usize, b: usize, n: i32): void {
  let k = 0
  for (; k + 2 <= n; k += 2) {
    const o = (<usize>k) << 3
    v128.store(a + o, f64x2.add(v128.load(a + o), v128.load(b + o)))
  }
  if (k < n) addTo(a + ((<usize>k) << 3), load<f64>(b + ((<usize>k) << 3)))
}

// ---------------------------------------------------------------------------------------------------
// Activations: kinds as in compute.ts ACTIVATION_CODES

const SIGMOID = 0
const TANH = 1
const RELU = 2
const LINEAR = 3
const SOFTMAX = 4

/** y = f(s) for len = rows × n values; y may be s. */
export function activationForward(y: usize, s: usize, rows: i32, n: i32, kind: i32): void {
  const len = rows * n
  if (kind === SIGMOID) {
    for (let k = 0; k < len; k++) {
      const o = (<usize>k) << 3
      store<f64>(y + o, 1 / (1 + Math.exp(-load<f64>(s + o))))
    }
  } else if (kind === TANH) {
    for (let k = 0; k < len; k++) {
      const o = (<usize>k) << 3
      store<f64>(y + o, Math.tanh(load<f64>(s + o)))
    }
  } else if (kind === RELU) {
    const zero = f64x2.splat(0)
    let k = 0
    for (; k + 2 <= len; k += 2) {
      const o = (<usize>k) << 3
      const v = v128.load(s + o)
      v128.store(y + o, v128.bitselect(v, zero, f64x2.gt(v, zero))) // s > 0 ? s : 0 (NaN → 0, as in JS)
    }
    if (k < len) {
      const o = (<usize>k) << 3
      const v = load<f64>(s + o)
      store<f64>(y + o, v > 0 ? v : 0)
    }
  } else if (kind === LINEAR) {
    if (y !== s) memory.copy(y, s, (<usize>len) << 3)
  } else if (kind === SOFTMAX) {
    const rowN = (<usize>n) << 3
    for (let p = 0; p < rows; p++) {
      const so = s + <usize>p * rowN
      const yo = y + <usize>p * rowN
      let max = -Infinity
      for (let i = 0; i < n; i++) max = Math.max(max, load<f64>(so + ((<usize>i) << 3)))
      let sum: f64 = 0
      for (let i = 0; i < n; i++) {
        const e = Math.exp(load<f64>(so + ((<usize>i) << 3)) - max)
        store<f64>(yo + ((<usize>i) << 3), e)
        sum += e
      }
      for (let i = 0; i < n; i++) store<f64>(yo + ((<usize>i) << 3), load<f64>(yo + ((<usize>i) << 3)) / sum)
    }
  }
}

/** ds = f'(s) ⊙ dy with f'(s) from y = f(s) (softmax: ds = Jᵀ dy); ds may be dy. */
export function activationBackward(ds: usize, dy: usize, y: usize, rows: i32, n: i32, kind: i32): void {
  const len = rows * n
  if (kind === SOFTMAX) {
    const rowN = (<usize>n) << 3
    for (let p = 0; p < rows; p++) {
      const o = <usize>p * rowN
      let d: f64 = 0
      for (let i = 0; i < n; i++) d += load<f64>(y + o + ((<usize>i) << 3)) * load<f64>(dy + o + ((<usize>i) << 3))
      for (let i = 0; i < n; i++) {
        const q = o + ((<usize>i) << 3)
        store<f64>(ds + q, load<f64>(y + q) * (load<f64>(dy + q) - d))
      }
    }
    return
  }
  if (kind === LINEAR) {
    if (ds !== dy) memory.copy(ds, dy, (<usize>len) << 3)
    return
  }
  const one = f64x2.splat(1)
  const zero = f64x2.splat(0)
  let k = 0
  for (; k + 2 <= len; k += 2) {
    const o = (<usize>k) << 3
    const g = v128.load(dy + o)
    const v = v128.load(y + o)
    let r: v128
    if (kind === SIGMOID) r = f64x2.mul(f64x2.mul(g, v), f64x2.sub(one, v)) // dy·y·(1 − y)
    else if (kind === TANH) r = f64x2.mul(g, f64x2.sub(one, f64x2.mul(v, v))) // dy·(1 − y²)
    else r = v128.bitselect(g, zero, f64x2.gt(v, zero)) // relu: y > 0 ? dy : 0
    v128.store(ds + o, r)
  }
  if (k < len) {
    const o = (<usize>k) << 3
    const g = load<f64>(dy + o)
    const v = load<f64>(y + o)
    store<f64>(ds + o, kind === SIGMOID ? g * v * (1 - v) : kind === TANH ? g * (1 - v * v) : v > 0 ? g : 0)
  }
}

// ---------------------------------------------------------------------------------------------------
// Losses (losses.ts): kinds as in compute.ts LOSS_CODES; mask is one byte per row (0: no target)

const SSE = 0
const MSE = 1
const CROSS_ENTROPY = 2

/** E of the rows × nOut outputs with a target ('mse' divided by count, the batch's N). */
export function lossForward(y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): f64 {
  let sum: f64 = 0
  for (let r = 0; r < rows; r++) {
    if (load<u8>(mask + <usize>r) === 0) continue
    const o = (<usize>r * <usize>nOut) << 3
    for (let i = 0; i < nOut; i++) {
      const q = o + ((<usize>i) << 3)
      const yi = load<f64>(y + q)
      const zi = load<f64>(z + q)
      if (kind === CROSS_ENTROPY) {
        if (zi !== 0) sum -= zi * Math.log(yi)
        if (activation !== SOFTMAX && zi !== 1) sum -= (1 - zi) * Math.log(1 - yi)
      } else {
        const d = yi - zi
        if (tolerance > 0 && Math.abs(d) < tolerance) continue
        sum += d * d
      }
    }
  }
  if (kind === SSE) return 0.5 * sum
  if (kind === MSE) return count > 0 ? sum / count : 0
  return sum
}

/** ds += dE/ds for the rows (losses.ts lossBackward, same operation order). */
export function lossBackward(ds: usize, y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): void {
  const scale: f64 = kind === MSE ? (count > 0 ? 2 / count : 0) : 1
  for (let r = 0; r < rows; r++) {
    if (load<u8>(mask + <usize>r) === 0) continue
    const o = (<usize>r * <usize>nOut) << 3
    let zSum: f64 = 1 // softmax with cross-entropy: dE/ds_i = y_i Σ_j z_j − z_i
    if (kind === CROSS_ENTROPY && activation === SOFTMAX) {
      zSum = 0
      for (let i = 0; i < nOut; i++) zSum += load<f64>(z + o + ((<usize>i) << 3))
    }
    for (let i = 0; i < nOut; i++) {
      const q = o + ((<usize>i) << 3)
      const yi = load<f64>(y + q)
      const zi = load<f64>(z + q)
      if (kind === CROSS_ENTROPY) {
        store<f64>(ds + q, load<f64>(ds + q) + (yi * zSum - zi))
      } else {
        const d = yi - zi
        if (tolerance > 0 && Math.abs(d) < tolerance) continue
        const slope: f64 = activation === SIGMOID ? yi * (1 - yi) : activation === TANH ? 1 - yi * yi : activation === RELU ? (yi > 0 ? 1 : 0) : 1
        store<f64>(ds + q, load<f64>(ds + q) + scale * d * slope)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Updates (optimizers.ts)

/** w −= c·g over n values. */
export function sgdStep(w: usize, g: usize, n: i32, c: f64): void {
  const cv = f64x2.splat(c)
  let k = 0
  for (; k + 2 <= n; k += 2) {
    const o = (<usize>k) << 3
    v128.store(w + o, f64x2.sub(v128.load(w + o), f64x2.mul(cv, v128.load(g + o))))
  }
  if (k < n) {
    const o = (<usize>k) << 3
    store<f64>(w + o, load<f64>(w + o) - c * load<f64>(g + o))
  }
}

/** v ← μ·v − c·g; w ← w + v. */
export function momentumStep(w: usize, g: usize, v: usize, n: i32, c: f64, mu: f64): void {
  const cv = f64x2.splat(c)
  const muv = f64x2.splat(mu)
  let k = 0
  for (; k + 2 <= n; k += 2) {
    const o = (<usize>k) << 3
    const vel = f64x2.sub(f64x2.mul(muv, v128.load(v + o)), f64x2.mul(cv, v128.load(g + o)))
    v128.store(v + o, vel)
    v128.store(w + o, f64x2.add(v128.load(w + o), vel))
  }
  if (k < n) {
    const o = (<usize>k) << 3
    const vel = mu * load<f64>(v + o) - c * load<f64>(g + o)
    store<f64>(v + o, vel)
    store<f64>(w + o, load<f64>(w + o) + vel)
  }
}

/** Adam with bias corrections c1 = 1 − β1^k, c2 = 1 − β2^k (same operation order as optimizers.ts). */
export function adamStep(w: usize, g: usize, m: usize, v: usize, n: i32, c: f64, beta1: f64, beta2: f64, epsilon: f64, c1: f64, c2: f64): void {
  const b1 = f64x2.splat(beta1), nb1 = f64x2.splat(1 - beta1)
  const b2 = f64x2.splat(beta2), nb2 = f64x2.splat(1 - beta2)
  const cv = f64x2.splat(c), c1v = f64x2.splat(c1), c2v = f64x2.splat(c2), ev = f64x2.splat(epsilon)
  let k = 0
  for (; k + 2 <= n; k += 2) {
    const o = (<usize>k) << 3
    const gk = v128.load(g + o)
    const mk = f64x2.add(f64x2.mul(b1, v128.load(m + o)), f64x2.mul(nb1, gk))
    const vk = f64x2.add(f64x2.mul(b2, v128.load(v + o)), f64x2.mul(f64x2.mul(nb2, gk), gk))
    v128.store(m + o, mk)
    v128.store(v + o, vk)
    const step = f64x2.div(f64x2.mul(cv, f64x2.div(mk, c1v)), f64x2.add(f64x2.sqrt(f64x2.div(vk, c2v)), ev))
    v128.store(w + o, f64x2.sub(v128.load(w + o), step))
  }
  if (k < n) {
    const o = (<usize>k) << 3
    const gk = load<f64>(g + o)
    const mk = beta1 * load<f64>(m + o) + (1 - beta1) * gk
    const vk = beta2 * load<f64>(v + o) + (1 - beta2) * gk * gk
    store<f64>(m + o, mk)
    store<f64>(v + o, vk)
    store<f64>(w + o, load<f64>(w + o) - (c * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon))
  }
}

/** Σ a[k]² over n values (the gradient norm for clipping and the per-layer norms). */
export function sumSquares(a: usize, n: i32): f64 {
  return dot(a, a, n)
}

/** a ← s·a over n values. */
export function scale(a: usize, n: i32, s: f64): void {
  const sv = f64x2.splat(s)
  let k = 0
  for (; k + 2 <= n; k += 2) {
    const o = (<usize>k) << 3
    v128.store(a + o, f64x2.mul(v128.load(a + o), sv))
  }
  if (k < n) {
    const o = (<usize>k) << 3
    store<f64>(a + o, load<f64>(a + o) * s)
  }
}
