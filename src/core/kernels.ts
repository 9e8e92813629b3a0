/**
 * Dense matrix kernels over flat row-major Float64Arrays or Float32Arrays (Floats: the same code for both
 * training precisions; V8 computes in float64 and rounds on every store to a Float32Array). Every kernel ACCUMULATES into its output
 * (C += …): zeroing is the caller's explicit job. Sizes: A, B, C are given with their row and column counts
 * through M, K, N as in C (M × N) += op(A) · op(B) with inner dimension K.
 *
 * Each product has a plain reference kernel (`mulABtReference`, `mulABReference`, `mulAtBReference`) and,
 * beside it with the same signature, a register-blocked one (`…Blocked`) that the TypeScript kernel set
 * (compute.ts JS_KERNELS) uses: it works on 2 rows of C and 4 terms of the inner sum at a time, so each value
 * loaded from memory feeds several multiply-adds (2–3× faster in V8, see docs/benchmarks.md). The WASM SIMD
 * kernels (src/core/wasm/kernels.ts) are a third implementation of the same products.
 * test/core/kernels.test.ts checks the blocked and the WASM kernels against the reference on shapes with
 * every remainder. Results agree to rounding: the order of the additions differs.
 *
 * Also here: the optimizers' update loops (sgd, momentum, adam) of the TypeScript set.
 *
 * Not here: choosing a kernel set or allocating in WASM memory (compute.ts).
 */
import type { Floats } from './spec.js'

/** C (M × N) += A (M × K) · Bᵀ, where B is (N × K). Forward: s = x · Wᵀ with W stored (nOut × nIn). */
export function mulABtReference(C: Floats, A: Floats, B: Floats, M: number, K: number, N: number): void {
  mulABtRows(C, A, B, K, N, 0, M)
}

/** mulABtReference for the rows i = from..to−1 of C only. */
function mulABtRows(C: Floats, A: Floats, B: Floats, K: number, N: number, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const a0 = i * K
    const c0 = i * N
    for (let j = 0; j < N; j++) {
      const b0 = j * K
      let sum = 0
      for (let k = 0; k < K; k++) sum += A[a0 + k] * B[b0 + k]
      C[c0 + j] += sum
    }
  }
}

/** mulABt, blocked: 2 rows of A against 4 rows of B, eight running sums. */
export function mulABtBlocked(C: Floats, A: Floats, B: Floats, M: number, K: number, N: number): void {
  const M2 = M - (M % 2)
  const N4 = N - (N % 4)
  let i = 0
  for (; i < M2; i += 2) {
    const a0 = i * K
    const a1 = a0 + K
    const c0 = i * N
    const c1 = c0 + N
    let j = 0
    for (; j < N4; j += 4) {
      const b0 = j * K
      const b1 = b0 + K
      const b2 = b1 + K
      const b3 = b2 + K
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k]
        const x1 = A[a1 + k]
        const w0 = B[b0 + k], w1 = B[b1 + k], w2 = B[b2 + k], w3 = B[b3 + k]
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3
      }
      C[c0 + j] += s00; C[c0 + j + 1] += s01; C[c0 + j + 2] += s02; C[c0 + j + 3] += s03
      C[c1 + j] += s10; C[c1 + j + 1] += s11; C[c1 + j + 2] += s12; C[c1 + j + 3] += s13
    }
    for (; j < N; j++) {
      const b0 = j * K
      let s0 = 0, s1 = 0
      for (let k = 0; k < K; k++) {
        s0 += A[a0 + k] * B[b0 + k]
        s1 += A[a1 + k] * B[b0 + k]
      }
      C[c0 + j] += s0
      C[c1 + j] += s1
    }
  }
  mulABtRows(C, A, B, K, N, i, M) // the odd last row
}

/** C (M × N) += A (M × K) · B (K × N). Backward: g_in = δ · W. */
export function mulABReference(C: Floats, A: Floats, B: Floats, M: number, K: number, N: number): void {
  mulABRows(C, A, B, K, N, 0, M)
}

/** mulABReference for the rows i = from..to−1 of C only. */
function mulABRows(C: Floats, A: Floats, B: Floats, K: number, N: number, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const a0 = i * K
    const c0 = i * N
    for (let k = 0; k < K; k++) {
      const a = A[a0 + k]
      if (a === 0) continue
      const b0 = k * N
      for (let j = 0; j < N; j++) C[c0 + j] += a * B[b0 + j]
    }
  }
}

/** mulAB, blocked: 2 rows of C at a time, 4 rows of B per pass over a row of C. */
export function mulABBlocked(C: Floats, A: Floats, B: Floats, M: number, K: number, N: number): void {
  const M2 = M - (M % 2)
  const K4 = K - (K % 4)
  let i = 0
  for (; i < M2; i += 2) {
    const a0 = i * K
    const a1 = a0 + K
    const c0 = i * N
    const c1 = c0 + N
    let k = 0
    for (; k < K4; k += 4) {
      const x0 = A[a0 + k], x1 = A[a0 + k + 1], x2 = A[a0 + k + 2], x3 = A[a0 + k + 3]
      const y0 = A[a1 + k], y1 = A[a1 + k + 1], y2 = A[a1 + k + 2], y3 = A[a1 + k + 3]
      const b0 = k * N
      const b1 = b0 + N
      const b2 = b1 + N
      const b3 = b2 + N
      for (let j = 0; j < N; j++) {
        const w0 = B[b0 + j], w1 = B[b1 + j], w2 = B[b2 + j], w3 = B[b3 + j]
        C[c0 + j] += x0 * w0 + x1 * w1 + x2 * w2 + x3 * w3
        C[c1 + j] += y0 * w0 + y1 * w1 + y2 * w2 + y3 * w3
      }
    }
    for (; k < K; k++) {
      const x = A[a0 + k]
      const y = A[a1 + k]
      const b0 = k * N
      for (let j = 0; j < N; j++) {
        const w = B[b0 + j]
        C[c0 + j] += x * w
        C[c1 + j] += y * w
      }
    }
  }
  mulABRows(C, A, B, K, N, i, M) // the odd last row
}

/** C (M × N) += Aᵀ · B, where A is (K × M) and B is (K × N). Gradients: dW += δᵀ · x. */
export function mulAtBReference(C: Floats, A: Floats, B: Floats, M: number, K: number, N: number): void {
  mulAtBTerms(C, A, B, M, N, 0, K)
}

/** mulAtBReference for the terms k = from..to−1 of the sum only. */
function mulAtBTerms(C: Floats, A: Floats, B: Floats, M: number, N: number, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const a0 = k * M
    const b0 = k * N
    for (let i = 0; i < M; i++) {
      const a = A[a0 + i]
      if (a === 0) continue
      const c0 = i * N
      for (let j = 0; j < N; j++) C[c0 + j] += a * B[b0 + j]
    }
  }
}

/** mulAtB, blocked: 4 rows of A and B (4 terms of the sum over K) and 2 rows of C at a time. */
export function mulAtBBlocked(C: Floats, A: Floats, B: Floats, M: number, K: number, N: number): void {
  const K4 = K - (K % 4)
  const M2 = M - (M % 2)
  let k = 0
  for (; k < K4; k += 4) {
    const a0 = k * M
    const a1 = a0 + M
    const a2 = a1 + M
    const a3 = a2 + M
    const b0 = k * N
    const b1 = b0 + N
    const b2 = b1 + N
    const b3 = b2 + N
    let i = 0
    for (; i < M2; i += 2) {
      const x0 = A[a0 + i], x1 = A[a1 + i], x2 = A[a2 + i], x3 = A[a3 + i]
      const y0 = A[a0 + i + 1], y1 = A[a1 + i + 1], y2 = A[a2 + i + 1], y3 = A[a3 + i + 1]
      const c0 = i * N
      const c1 = c0 + N
      for (let j = 0; j < N; j++) {
        const w0 = B[b0 + j], w1 = B[b1 + j], w2 = B[b2 + j], w3 = B[b3 + j]
        C[c0 + j] += x0 * w0 + x1 * w1 + x2 * w2 + x3 * w3
        C[c1 + j] += y0 * w0 + y1 * w1 + y2 * w2 + y3 * w3
      }
    }
    for (; i < M; i++) {
      const x0 = A[a0 + i], x1 = A[a1 + i], x2 = A[a2 + i], x3 = A[a3 + i]
      const c0 = i * N
      for (let j = 0; j < N; j++) C[c0 + j] += x0 * B[b0 + j] + x1 * B[b1 + j] + x2 * B[b2 + j] + x3 * B[b3 + j]
    }
  }
  mulAtBTerms(C, A, B, M, N, k, K) // the last K mod 4 terms
}

/** c (N) += column sums of A (M × N). Bias gradients: db += Σ_rows δ. */
export function addColumnSums(c: Floats, A: Floats, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const a0 = i * N
    for (let j = 0; j < N; j++) c[j] += A[a0 + j]
  }
}

/** Each row of A (M × N) += b (N). */
export function addRowVector(A: Floats, b: Floats, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const a0 = i * N
    for (let j = 0; j < N; j++) A[a0 + j] += b[j]
  }
}

// The optimizers' update loops (optimizers.ts) of the TypeScript kernel set (compute.ts JS_KERNELS); src/core/wasm/kernels.ts has their
// SIMD twins with the same operation order, so both give the same bits.

/** 'sgd': w ← w − c·g. */
export function sgdUpdate(w: Floats, g: Floats, c: number): void {
  for (let i = 0; i < w.length; i++) w[i] -= c * g[i]
}

/** 'momentum': v ← μ·v − c·g; w ← w + v. */
export function momentumUpdate(w: Floats, g: Floats, v: Floats, c: number, mu: number): void {
  for (let i = 0; i < w.length; i++) {
    v[i] = mu * v[i] - c * g[i]
    w[i] += v[i]
  }
}

/** 'adam' at update k, with the bias corrections c1 = 1 − β1^k and c2 = 1 − β2^k. */
export function adamUpdate(w: Floats, g: Floats, m: Floats, v: Floats, c: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]
    m[i] = beta1 * m[i] + (1 - beta1) * gi
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
    w[i] -= (c * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon)
  }
}
