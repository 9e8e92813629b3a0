/**
 * Dense matrix kernels over flat row-major Float64Arrays. Every kernel ACCUMULATES into its output
 * (C += …): zeroing is the caller's explicit job. Sizes: A, B, C are given with their row and column counts
 * through M, K, N as in C (M × N) += op(A) · op(B) with inner dimension K.
 *
 * These are the plain reference kernels. A faster variant may only land next to them, behind the same
 * signature, with a test comparing the two.
 */

/** C (M × N) += A (M × K) · Bᵀ, where B is (N × K). Forward: s = x · Wᵀ with W stored (nOut × nIn). */
export function mulABt(C: Float64Array, A: Float64Array, B: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i++) {
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

/** C (M × N) += A (M × K) · B (K × N). Backward: g_in = δ · W. */
export function mulAB(C: Float64Array, A: Float64Array, B: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i++) {
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

/** C (M × N) += Aᵀ · B, where A is (K × M) and B is (K × N). Gradients: dW += δᵀ · x. */
export function mulAtB(C: Float64Array, A: Float64Array, B: Float64Array, M: number, K: number, N: number): void {
  for (let k = 0; k < K; k++) {
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

/** c (N) += column sums of A (M × N). Bias gradients: db += Σ_rows δ. */
export function addColumnSums(c: Float64Array, A: Float64Array, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const a0 = i * N
    for (let j = 0; j < N; j++) c[j] += A[a0 + j]
  }
}

/** Each row of A (M × N) += b (N). */
export function addRowVector(A: Float64Array, b: Float64Array, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const a0 = i * N
    for (let j = 0; j < N; j++) A[a0 + j] += b[j]
  }
}
