/**
 * AssemblyScript source of the WebAssembly SIMD kernels (compiled by scripts/build-wasm.ts with
 * `asc --enable simd`, and a second time with `--enable relaxed-simd` too; NOT TypeScript for tsc: the three
 * tsconfigs exclude this folder).
 *
 * Each export here is the WASM twin of a plain TypeScript kernel with the same meaning and argument order
 * (src/core/kernels.ts, activations.ts, optimizers.ts); src/core/compute.ts wraps them behind the same
 * signatures, and test/core/kernels.test.ts compares every pair. Arrays are passed as BYTE offsets
 * into the module's imported memory; every array is row-major. Products ACCUMULATE (C += …).
 *
 * Precision. Every kernel is written ONCE, generic over its element type T (f64 or f32), and exported twice:
 * `mulABt` etc. for float64 arrays, `mulABtF32` etc. for float32 arrays (training precision 'float32').
 * `sizeof<T>()` is a compile-time constant, so each instance compiles to straight code for its type.
 * In float32, products, elementwise derivatives and updates compute in f32; activations' exp/tanh, the loss
 * and its derivative compute in f64 from the f32 values and round once on store (as the TypeScript kernels
 * do on Float32Arrays); the loss is summed in f64.
 *
 * SIMD: a v128 holds L = 16 / sizeof<T>() values (f64x2: 2, f32x4: 4). The products use register blocks:
 * mulABt a 2 × 4 block of dot products over K (L terms per instruction, summed across the lanes at the end);
 * gemm (mulAB and mulAtB) a 4 × 2L block of C (4 × 4 in f64, 4 × 8 in f32), each row two vectors, updated by a
 * broadcast element of A times a row of B. Remainders (K mod L, M not a multiple of the row block, N not a
 * multiple of 2L or L) run narrower blocks down to single scalars. Additions happen in a different order
 * from the TypeScript kernels, so results agree to rounding, not bit for bit.
 *
 * Fused multiply-add: the products' multiply-adds go through `madd`, which is `relaxed_madd` (one rounding
 * where the hardware fuses) when the module is compiled with relaxed SIMD (ASC_FEATURE_RELAXED_SIMD, a
 * compile-time constant), and a multiply then an add otherwise. compute.ts loads the relaxed module only where
 * the runtime validates it.
 *
 * Not here: allocation (compute.ts lays the arrays out in this module's memory) and anything that
 * allocates: the module has no heap.
 */

/** End of the module's own constant data: compute.ts checks that its arrays start above it. */
export function heapBase(): usize {
  return __heap_base
}

// ---------------------------------------------------------------------------------------------------
// Generic helpers: T is f64 or f32

/** Bytes of k elements of T. */
@inline function off<T>(k: i32): usize {
  return (<usize>k) << alignof<T>()
}

/** Values of T per v128. */
@inline function lanes<T>(): i32 {
  return <i32>(16 / sizeof<T>())
}

@inline function hsum<T>(v: v128): T {
  if (sizeof<T>() == 8) return <T>(v128.extract_lane<f64>(v, 0) + v128.extract_lane<f64>(v, 1))
  return <T>((v128.extract_lane<f32>(v, 0) + v128.extract_lane<f32>(v, 1)) + (v128.extract_lane<f32>(v, 2) + v128.extract_lane<f32>(v, 3)))
}

/** acc + a·b per lane: fused where the module has relaxed SIMD and the hardware fuses. */
@inline function madd<T>(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, acc)
  return v128.add<T>(acc, v128.mul<T>(a, b))
}

@inline function addTo<T>(p: usize, x: T): void {
  store<T>(p, load<T>(p) + x)
}

/** Σ_k a[k]·b[k] over K terms, L at a time. */
@inline function dot<T>(a: usize, b: usize, K: i32): T {
  const L = lanes<T>()
  let acc = v128.splat<T>(<T>0)
  let k = 0
  for (; k + L <= K; k += L) {
    const o = off<T>(k)
    acc = madd<T>(acc, v128.load(a + o), v128.load(b + o))
  }
  let s = hsum<T>(acc)
  for (; k < K; k++) s += load<T>(a + off<T>(k)) * load<T>(b + off<T>(k))
  return s
}

// ---------------------------------------------------------------------------------------------------
// Products

/** C (M × N) += A (M × K) · Bᵀ, B is (N × K): dot products of rows of A with rows of B. */
function mulABtT<T>(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void {
  const L = lanes<T>()
  const rowK = off<T>(K) // bytes of a row of A or B
  const rowN = off<T>(N) // bytes of a row of C
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
      const zero = v128.splat<T>(<T>0)
      let s00 = zero, s01 = zero, s02 = zero, s03 = zero
      let s10 = zero, s11 = zero, s12 = zero, s13 = zero
      let k = 0
      for (; k + L <= K; k += L) {
        const o = off<T>(k)
        const x0 = v128.load(a0 + o)
        const x1 = v128.load(a1 + o)
        const w0 = v128.load(b0 + o)
        const w1 = v128.load(b1 + o)
        const w2 = v128.load(b2 + o)
        const w3 = v128.load(b3 + o)
        s00 = madd<T>(s00, x0, w0); s01 = madd<T>(s01, x0, w1); s02 = madd<T>(s02, x0, w2); s03 = madd<T>(s03, x0, w3)
        s10 = madd<T>(s10, x1, w0); s11 = madd<T>(s11, x1, w1); s12 = madd<T>(s12, x1, w2); s13 = madd<T>(s13, x1, w3)
      }
      let t00 = hsum<T>(s00), t01 = hsum<T>(s01), t02 = hsum<T>(s02), t03 = hsum<T>(s03)
      let t10 = hsum<T>(s10), t11 = hsum<T>(s11), t12 = hsum<T>(s12), t13 = hsum<T>(s13)
      for (; k < K; k++) { // the last K mod L terms
        const o = off<T>(k)
        const x0 = load<T>(a0 + o), x1 = load<T>(a1 + o)
        const w0 = load<T>(b0 + o), w1 = load<T>(b1 + o), w2 = load<T>(b2 + o), w3 = load<T>(b3 + o)
        t00 += x0 * w0; t01 += x0 * w1; t02 += x0 * w2; t03 += x0 * w3
        t10 += x1 * w0; t11 += x1 * w1; t12 += x1 * w2; t13 += x1 * w3
      }
      const oc = off<T>(j)
      const e = <usize>sizeof<T>()
      addTo<T>(c0 + oc, t00); addTo<T>(c0 + oc + e, t01); addTo<T>(c0 + oc + 2 * e, t02); addTo<T>(c0 + oc + 3 * e, t03)
      addTo<T>(c1 + oc, t10); addTo<T>(c1 + oc + e, t11); addTo<T>(c1 + oc + 2 * e, t12); addTo<T>(c1 + oc + 3 * e, t13)
    }
    for (; j < N; j++) { // the last N mod 4 columns
      const b0 = B + <usize>j * rowK
      const oc = off<T>(j)
      addTo<T>(c0 + oc, dot<T>(a0, b0, K))
      addTo<T>(c1 + oc, dot<T>(a1, b0, K))
    }
  }
  if (i < M) { // the odd last row
    const a0 = A + <usize>i * rowK
    const c0 = C + <usize>i * rowN
    for (let j = 0; j < N; j++) addTo<T>(c0 + off<T>(j), dot<T>(a0, B + <usize>j * rowK, K))
  }
}

/** Terms of the inner sum per pass of gemm: a column strip of B over KC rows (2L columns, 4 KiB) stays in
 *  the L1 cache while every row block of C uses it, where a strip over all K rows (K = T·B in the weight
 *  gradients: thousands) would not. */
const KC = 128

/**
 * C (M × N) += Â · B with B (K × N) and Â (M × K) read through strides: Â[i][k] = A[i·sAi + k·sAk] (in
 * elements). mulAB is sAi = K, sAk = 1; mulAtB (A stored K × M) is sAi = 1, sAk = M. The sum over k runs in
 * passes of KC terms, each accumulating into C.
 */
function gemm<T>(C: usize, A: usize, sAi: i32, sAk: i32, B: usize, M: i32, K: i32, N: i32): void {
  for (let k0 = 0; k0 < K; k0 += KC) {
    gemmPass<T>(C, A + <usize>k0 * off<T>(sAk), sAi, sAk, B + <usize>k0 * off<T>(N), M, min(KC, K - k0), N)
  }
}

/** One pass of gemm over K ≤ KC terms. */
function gemmPass<T>(C: usize, A: usize, sAi: i32, sAk: i32, B: usize, M: i32, K: i32, N: i32): void {
  const L = lanes<T>()
  const stepI = off<T>(sAi)
  const stepK = off<T>(sAk)
  const rowN = off<T>(N) // bytes of a row of B or C
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
    for (; j + 2 * L <= N; j += 2 * L) { // 4 × 2L block of C: 8 vectors
      const oc = off<T>(j)
      let r00 = v128.load(c0 + oc), r01 = v128.load(c0 + oc + 16)
      let r10 = v128.load(c1 + oc), r11 = v128.load(c1 + oc + 16)
      let r20 = v128.load(c2 + oc), r21 = v128.load(c2 + oc + 16)
      let r30 = v128.load(c3 + oc), r31 = v128.load(c3 + oc + 16)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const w0 = v128.load(b)
        const w1 = v128.load(b + 16)
        const x0 = v128.splat<T>(load<T>(a0 + ka))
        r00 = madd<T>(r00, x0, w0); r01 = madd<T>(r01, x0, w1)
        const x1 = v128.splat<T>(load<T>(a1 + ka))
        r10 = madd<T>(r10, x1, w0); r11 = madd<T>(r11, x1, w1)
        const x2 = v128.splat<T>(load<T>(a2 + ka))
        r20 = madd<T>(r20, x2, w0); r21 = madd<T>(r21, x2, w1)
        const x3 = v128.splat<T>(load<T>(a3 + ka))
        r30 = madd<T>(r30, x3, w0); r31 = madd<T>(r31, x3, w1)
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r00); v128.store(c0 + oc + 16, r01)
      v128.store(c1 + oc, r10); v128.store(c1 + oc + 16, r11)
      v128.store(c2 + oc, r20); v128.store(c2 + oc + 16, r21)
      v128.store(c3 + oc, r30); v128.store(c3 + oc + 16, r31)
    }
    for (; j + L <= N; j += L) { // 4 × L
      const oc = off<T>(j)
      let r0 = v128.load(c0 + oc), r1 = v128.load(c1 + oc), r2 = v128.load(c2 + oc), r3 = v128.load(c3 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const w = v128.load(b)
        r0 = madd<T>(r0, v128.splat<T>(load<T>(a0 + ka)), w)
        r1 = madd<T>(r1, v128.splat<T>(load<T>(a1 + ka)), w)
        r2 = madd<T>(r2, v128.splat<T>(load<T>(a2 + ka)), w)
        r3 = madd<T>(r3, v128.splat<T>(load<T>(a3 + ka)), w)
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r0); v128.store(c1 + oc, r1); v128.store(c2 + oc, r2); v128.store(c3 + oc, r3)
    }
    for (; j < N; j++) { // 4 × 1, the last N mod L columns
      const oc = off<T>(j)
      let r0 = load<T>(c0 + oc), r1 = load<T>(c1 + oc), r2 = load<T>(c2 + oc), r3 = load<T>(c3 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const w = load<T>(b)
        r0 += load<T>(a0 + ka) * w
        r1 += load<T>(a1 + ka) * w
        r2 += load<T>(a2 + ka) * w
        r3 += load<T>(a3 + ka) * w
        b += rowN
        ka += stepK
      }
      store<T>(c0 + oc, r0); store<T>(c1 + oc, r1); store<T>(c2 + oc, r2); store<T>(c3 + oc, r3)
    }
  }
  for (; i < M; i++) { // the last M mod 4 rows, one at a time: 1 × 4L, 1 × L, 1 × 1
    const a0 = A + <usize>i * stepI
    const c0 = C + <usize>i * rowN
    let j = 0
    for (; j + 4 * L <= N; j += 4 * L) {
      const oc = off<T>(j)
      let r0 = v128.load(c0 + oc), r1 = v128.load(c0 + oc + 16), r2 = v128.load(c0 + oc + 32), r3 = v128.load(c0 + oc + 48)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        const x = v128.splat<T>(load<T>(a0 + ka))
        r0 = madd<T>(r0, x, v128.load(b))
        r1 = madd<T>(r1, x, v128.load(b + 16))
        r2 = madd<T>(r2, x, v128.load(b + 32))
        r3 = madd<T>(r3, x, v128.load(b + 48))
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r0); v128.store(c0 + oc + 16, r1); v128.store(c0 + oc + 32, r2); v128.store(c0 + oc + 48, r3)
    }
    for (; j + L <= N; j += L) {
      const oc = off<T>(j)
      let r = v128.load(c0 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        r = madd<T>(r, v128.splat<T>(load<T>(a0 + ka)), v128.load(b))
        b += rowN
        ka += stepK
      }
      v128.store(c0 + oc, r)
    }
    for (; j < N; j++) {
      const oc = off<T>(j)
      let r = load<T>(c0 + oc)
      let b = B + oc
      let ka: usize = 0
      for (let k = 0; k < K; k++) {
        r += load<T>(a0 + ka) * load<T>(b)
        b += rowN
        ka += stepK
      }
      store<T>(c0 + oc, r)
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Row vectors and column sums

/** a (n) += b (n). */
function addT<T>(a: usize, b: usize, n: i32): void {
  const L = lanes<T>()
  let k = 0
  for (; k + L <= n; k += L) {
    const o = off<T>(k)
    v128.store(a + o, v128.add<T>(v128.load(a + o), v128.load(b + o)))
  }
  for (; k < n; k++) addTo<T>(a + off<T>(k), load<T>(b + off<T>(k)))
}

/** Each row of A (M × N) += b (N). */
function addRowVectorT<T>(A: usize, b: usize, M: i32, N: i32): void {
  const rowN = off<T>(N)
  for (let i = 0; i < M; i++) addT<T>(A + <usize>i * rowN, b, N)
}

/** c (N) += column sums of A (M × N). */
function addColumnSumsT<T>(c: usize, A: usize, M: i32, N: i32): void {
  const rowN = off<T>(N)
  for (let i = 0; i < M; i++) addT<T>(c, A + <usize>i * rowN, N)
}

// ---------------------------------------------------------------------------------------------------
// Activations: kinds as in compute.ts ACTIVATION_CODES

const SIGMOID = 0
const TANH = 1
const RELU = 2
const LINEAR = 3
const SOFTMAX = 4

/** The value at element k of a T array, as f64. */
@inline function get<T>(p: usize, k: i32): f64 {
  return <f64>load<T>(p + off<T>(k))
}

/** Stores x (rounded to T) at element k. */
@inline function put<T>(p: usize, k: i32, x: f64): void {
  store<T>(p + off<T>(k), <T>x)
}

/** y = f(s) for len = rows × n values; y may be s. */
function activationForwardT<T>(y: usize, s: usize, rows: i32, n: i32, kind: i32): void {
  const len = rows * n
  if (kind === SIGMOID) {
    for (let k = 0; k < len; k++) put<T>(y, k, 1 / (1 + Math.exp(-get<T>(s, k))))
  } else if (kind === TANH) {
    for (let k = 0; k < len; k++) put<T>(y, k, Math.tanh(get<T>(s, k)))
  } else if (kind === RELU) {
    const L = lanes<T>()
    const zero = v128.splat<T>(<T>0)
    let k = 0
    for (; k + L <= len; k += L) {
      const o = off<T>(k)
      const v = v128.load(s + o)
      v128.store(y + o, v128.bitselect(v, zero, v128.gt<T>(v, zero))) // s > 0 ? s : 0 (NaN → 0, as in JS)
    }
    for (; k < len; k++) {
      const v = get<T>(s, k)
      put<T>(y, k, v > 0 ? v : 0)
    }
  } else if (kind === LINEAR) {
    if (y !== s) memory.copy(y, s, off<T>(len))
  } else if (kind === SOFTMAX) {
    const rowN = off<T>(n)
    for (let p = 0; p < rows; p++) {
      const so = s + <usize>p * rowN
      const yo = y + <usize>p * rowN
      let max = -Infinity
      for (let i = 0; i < n; i++) max = Math.max(max, get<T>(so, i))
      let sum: f64 = 0
      for (let i = 0; i < n; i++) {
        const e = Math.exp(get<T>(so, i) - max)
        put<T>(yo, i, e)
        sum += e
      }
      for (let i = 0; i < n; i++) put<T>(yo, i, get<T>(yo, i) / sum)
    }
  }
}

/** ds = f'(s) ⊙ dy with f'(s) from y = f(s) (softmax: ds = Jᵀ dy); ds may be dy. */
function activationBackwardT<T>(ds: usize, dy: usize, y: usize, rows: i32, n: i32, kind: i32): void {
  const len = rows * n
  if (kind === SOFTMAX) {
    const rowN = off<T>(n)
    for (let p = 0; p < rows; p++) {
      const o = <usize>p * rowN
      let d: f64 = 0
      for (let i = 0; i < n; i++) d += get<T>(y + o, i) * get<T>(dy + o, i)
      for (let i = 0; i < n; i++) put<T>(ds + o, i, get<T>(y + o, i) * (get<T>(dy + o, i) - d))
    }
    return
  }
  if (kind === LINEAR) {
    if (ds !== dy) memory.copy(ds, dy, off<T>(len))
    return
  }
  const L = lanes<T>()
  const one = v128.splat<T>(<T>1)
  const zero = v128.splat<T>(<T>0)
  let k = 0
  for (; k + L <= len; k += L) {
    const o = off<T>(k)
    const g = v128.load(dy + o)
    const v = v128.load(y + o)
    let r: v128
    if (kind === SIGMOID) r = v128.mul<T>(v128.mul<T>(g, v), v128.sub<T>(one, v)) // dy·y·(1 − y)
    else if (kind === TANH) r = v128.mul<T>(g, v128.sub<T>(one, v128.mul<T>(v, v))) // dy·(1 − y²)
    else r = v128.bitselect(g, zero, v128.gt<T>(v, zero)) // relu: y > 0 ? dy : 0
    v128.store(ds + o, r)
  }
  for (; k < len; k++) { // the last len mod L values, in T like the vectors
    const o = off<T>(k)
    const g = load<T>(dy + o)
    const v = load<T>(y + o)
    store<T>(ds + o, kind === SIGMOID ? g * v * (<T>1 - v) : kind === TANH ? g * (<T>1 - v * v) : v > 0 ? g : <T>0)
  }
}

// ---------------------------------------------------------------------------------------------------
// Losses (losses.ts): kinds as in compute.ts LOSS_CODES; mask is one byte per row (0: no target).
// Computed in f64 from the T values (the TypeScript kernels do the same on Float32Arrays).

const SSE = 0
const MSE = 1
const CROSS_ENTROPY = 2

/** E of the rows × nOut outputs with a target ('mse' divided by count, the batch's N). */
function lossForwardT<T>(y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): f64 {
  let sum: f64 = 0
  for (let r = 0; r < rows; r++) {
    if (load<u8>(mask + <usize>r) === 0) continue
    const o = off<T>(r * nOut)
    for (let i = 0; i < nOut; i++) {
      const yi = get<T>(y + o, i)
      const zi = get<T>(z + o, i)
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
function lossBackwardT<T>(ds: usize, y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): void {
  const scale: f64 = kind === MSE ? (count > 0 ? 2 / count : 0) : 1
  for (let r = 0; r < rows; r++) {
    if (load<u8>(mask + <usize>r) === 0) continue
    const o = off<T>(r * nOut)
    let zSum: f64 = 1 // softmax with cross-entropy: dE/ds_i = y_i Σ_j z_j − z_i
    if (kind === CROSS_ENTROPY && activation === SOFTMAX) {
      zSum = 0
      for (let i = 0; i < nOut; i++) zSum += get<T>(z + o, i)
    }
    for (let i = 0; i < nOut; i++) {
      const yi = get<T>(y + o, i)
      const zi = get<T>(z + o, i)
      if (kind === CROSS_ENTROPY) {
        put<T>(ds + o, i, get<T>(ds + o, i) + (yi * zSum - zi))
      } else {
        const d = yi - zi
        if (tolerance > 0 && Math.abs(d) < tolerance) continue
        const slope: f64 = activation === SIGMOID ? yi * (1 - yi) : activation === TANH ? 1 - yi * yi : activation === RELU ? (yi > 0 ? 1 : 0) : 1
        put<T>(ds + o, i, get<T>(ds + o, i) + scale * d * slope)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Updates (optimizers.ts), in T

/** w −= c·g over n values. */
function sgdStepT<T>(w: usize, g: usize, n: i32, c: f64): void {
  const L = lanes<T>()
  const ct = <T>c
  const cv = v128.splat<T>(ct)
  let k = 0
  for (; k + L <= n; k += L) {
    const o = off<T>(k)
    v128.store(w + o, v128.sub<T>(v128.load(w + o), v128.mul<T>(cv, v128.load(g + o))))
  }
  for (; k < n; k++) {
    const o = off<T>(k)
    store<T>(w + o, load<T>(w + o) - ct * load<T>(g + o))
  }
}

/** v ← μ·v − c·g; w ← w + v. */
function momentumStepT<T>(w: usize, g: usize, v: usize, n: i32, c: f64, mu: f64): void {
  const L = lanes<T>()
  const ct = <T>c, mut = <T>mu
  const cv = v128.splat<T>(ct)
  const muv = v128.splat<T>(mut)
  let k = 0
  for (; k + L <= n; k += L) {
    const o = off<T>(k)
    const vel = v128.sub<T>(v128.mul<T>(muv, v128.load(v + o)), v128.mul<T>(cv, v128.load(g + o)))
    v128.store(v + o, vel)
    v128.store(w + o, v128.add<T>(v128.load(w + o), vel))
  }
  for (; k < n; k++) {
    const o = off<T>(k)
    const vel = mut * load<T>(v + o) - ct * load<T>(g + o)
    store<T>(v + o, vel)
    store<T>(w + o, load<T>(w + o) + vel)
  }
}

/** Adam with bias corrections c1 = 1 − β1^k, c2 = 1 − β2^k (same operation order as optimizers.ts). */
function adamStepT<T>(w: usize, g: usize, m: usize, v: usize, n: i32, c: f64, beta1: f64, beta2: f64, epsilon: f64, c1: f64, c2: f64): void {
  const L = lanes<T>()
  const b1t = <T>beta1, nb1t = <T>(1 - beta1), b2t = <T>beta2, nb2t = <T>(1 - beta2)
  const ct = <T>c, c1t = <T>c1, c2t = <T>c2, et = <T>epsilon
  const b1 = v128.splat<T>(b1t), nb1 = v128.splat<T>(nb1t)
  const b2 = v128.splat<T>(b2t), nb2 = v128.splat<T>(nb2t)
  const cv = v128.splat<T>(ct), c1v = v128.splat<T>(c1t), c2v = v128.splat<T>(c2t), ev = v128.splat<T>(et)
  let k = 0
  for (; k + L <= n; k += L) {
    const o = off<T>(k)
    const gk = v128.load(g + o)
    const mk = v128.add<T>(v128.mul<T>(b1, v128.load(m + o)), v128.mul<T>(nb1, gk))
    const vk = v128.add<T>(v128.mul<T>(b2, v128.load(v + o)), v128.mul<T>(v128.mul<T>(nb2, gk), gk))
    v128.store(m + o, mk)
    v128.store(v + o, vk)
    const step = v128.div<T>(v128.mul<T>(cv, v128.div<T>(mk, c1v)), v128.add<T>(v128.sqrt<T>(v128.div<T>(vk, c2v)), ev))
    v128.store(w + o, v128.sub<T>(v128.load(w + o), step))
  }
  for (; k < n; k++) {
    const o = off<T>(k)
    const gk = load<T>(g + o)
    const mk = b1t * load<T>(m + o) + nb1t * gk
    const vk = b2t * load<T>(v + o) + nb2t * gk * gk
    store<T>(m + o, mk)
    store<T>(v + o, vk)
    store<T>(w + o, load<T>(w + o) - (ct * (mk / c1t)) / (sqrt<T>(vk / c2t) + et))
  }
}

/** a ← s·a over n values. */
function scaleT<T>(a: usize, n: i32, s: f64): void {
  const L = lanes<T>()
  const st = <T>s
  const sv = v128.splat<T>(st)
  let k = 0
  for (; k + L <= n; k += L) {
    const o = off<T>(k)
    v128.store(a + o, v128.mul<T>(v128.load(a + o), sv))
  }
  for (; k < n; k++) {
    const o = off<T>(k)
    store<T>(a + o, load<T>(a + o) * st)
  }
}

// ---------------------------------------------------------------------------------------------------
// Exports: each kernel for float64 arrays (plain names) and float32 arrays (…F32)

export function mulABt(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void { mulABtT<f64>(C, A, B, M, K, N) }
export function mulABtF32(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void { mulABtT<f32>(C, A, B, M, K, N) }

/** C (M × N) += A (M × K) · B (K × N). */
export function mulAB(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void { gemm<f64>(C, A, K, 1, B, M, K, N) }
export function mulABF32(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void { gemm<f32>(C, A, K, 1, B, M, K, N) }

/** C (M × N) += Aᵀ · B, A is (K × M), B is (K × N). */
export function mulAtB(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void { gemm<f64>(C, A, 1, M, B, M, K, N) }
export function mulAtBF32(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32): void { gemm<f32>(C, A, 1, M, B, M, K, N) }

export function addRowVector(A: usize, b: usize, M: i32, N: i32): void { addRowVectorT<f64>(A, b, M, N) }
export function addRowVectorF32(A: usize, b: usize, M: i32, N: i32): void { addRowVectorT<f32>(A, b, M, N) }

export function addColumnSums(c: usize, A: usize, M: i32, N: i32): void { addColumnSumsT<f64>(c, A, M, N) }
export function addColumnSumsF32(c: usize, A: usize, M: i32, N: i32): void { addColumnSumsT<f32>(c, A, M, N) }

export function add(a: usize, b: usize, n: i32): void { addT<f64>(a, b, n) }
export function addF32(a: usize, b: usize, n: i32): void { addT<f32>(a, b, n) }

export function activationForward(y: usize, s: usize, rows: i32, n: i32, kind: i32): void { activationForwardT<f64>(y, s, rows, n, kind) }
export function activationForwardF32(y: usize, s: usize, rows: i32, n: i32, kind: i32): void { activationForwardT<f32>(y, s, rows, n, kind) }

export function activationBackward(ds: usize, dy: usize, y: usize, rows: i32, n: i32, kind: i32): void { activationBackwardT<f64>(ds, dy, y, rows, n, kind) }
export function activationBackwardF32(ds: usize, dy: usize, y: usize, rows: i32, n: i32, kind: i32): void { activationBackwardT<f32>(ds, dy, y, rows, n, kind) }

export function lossForward(y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): f64 {
  return lossForwardT<f64>(y, z, mask, rows, nOut, count, kind, activation, tolerance)
}
export function lossForwardF32(y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): f64 {
  return lossForwardT<f32>(y, z, mask, rows, nOut, count, kind, activation, tolerance)
}

export function lossBackward(ds: usize, y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): void {
  lossBackwardT<f64>(ds, y, z, mask, rows, nOut, count, kind, activation, tolerance)
}
export function lossBackwardF32(ds: usize, y: usize, z: usize, mask: usize, rows: i32, nOut: i32, count: f64, kind: i32, activation: i32, tolerance: f64): void {
  lossBackwardT<f32>(ds, y, z, mask, rows, nOut, count, kind, activation, tolerance)
}

export function sgdStep(w: usize, g: usize, n: i32, c: f64): void { sgdStepT<f64>(w, g, n, c) }
export function sgdStepF32(w: usize, g: usize, n: i32, c: f64): void { sgdStepT<f32>(w, g, n, c) }

export function momentumStep(w: usize, g: usize, v: usize, n: i32, c: f64, mu: f64): void { momentumStepT<f64>(w, g, v, n, c, mu) }
export function momentumStepF32(w: usize, g: usize, v: usize, n: i32, c: f64, mu: f64): void { momentumStepT<f32>(w, g, v, n, c, mu) }

export function adamStep(w: usize, g: usize, m: usize, v: usize, n: i32, c: f64, beta1: f64, beta2: f64, epsilon: f64, c1: f64, c2: f64): void {
  adamStepT<f64>(w, g, m, v, n, c, beta1, beta2, epsilon, c1, c2)
}
export function adamStepF32(w: usize, g: usize, m: usize, v: usize, n: i32, c: f64, beta1: f64, beta2: f64, epsilon: f64, c1: f64, c2: f64): void {
  adamStepT<f32>(w, g, m, v, n, c, beta1, beta2, epsilon, c1, c2)
}

/** Σ a[k]² over n values (the gradient norm for clipping and the per-layer norms). */
export function sumSquares(a: usize, n: i32): f64 { return dot<f64>(a, a, n) }
export function sumSquaresF32(a: usize, n: i32): f64 { return <f64>dot<f32>(a, a, n) }

/** a ← s·a over n values. */
export function scale(a: usize, n: i32, s: f64): void { scaleT<f64>(a, n, s) }
export function scaleF32(a: usize, n: i32, s: f64): void { scaleT<f32>(a, n, s) }
