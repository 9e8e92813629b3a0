/**
 * Error functions over the output y and teacher signal z of `rows` (step, sequence) rows of ℓ outputs (nOut in the code);
 * rows whose mask is 0 (no target, or padding past a sequence's end) add nothing.
 *
 *   'sse'            E = Σ ½ (y − z)²                 (the lecture's E, a sum over p, t and i)
 *   'mse'            E = Σ (y − z)² / N               N = ℓ × (rows with a target) in the batch
 *   'cross-entropy'  E = −Σ z log y                    softmax output (categorical)
 *                    E = −Σ z log y + (1−z) log(1−y)   sigmoid output (binary)
 * With errorTolerance τ > 0 (NETtalk), a squared error term with |y − z| < τ counts as zero.
 *
 * lossBackward ADDS dE/ds (the gradient at the output layer's pre-activation s) into `ds`. For cross-entropy
 * paired with its canonical output activation this is y − z (for softmax y·Σz − z), fused so it stays exact when y saturates; for
 * the squared losses it is (dE/dy) ⊙ f'(s).
 *
 * src/core/wasm/kernels.ts has the WASM twins of both (same operation order; logarithms may differ in the last
 * bit), compared in test/core/kernels.test.ts.
 *
 * Not here: recurrent contributions to the output layer’s gradient (network.ts adds them).
 */
import { activationSlope } from './activations.js'
import type { Activation, Floats, LossKind } from './spec.js'

export interface LossOptions {
  kind: LossKind
  /** The output layer's activation. */
  activation: Activation
  errorTolerance: number
}

/** E of the rows (for 'mse' divided by `count`, the batch's N). */
export function lossForward(y: Floats, z: Floats, mask: Uint8Array, rows: number, nOut: number, count: number, opts: LossOptions): number {
  let sum = 0
  const tol = opts.errorTolerance
  for (let r = 0; r < rows; r++) {
    if (mask[r] === 0) continue
    const o = r * nOut
    for (let i = 0; i < nOut; i++) {
      const yi = y[o + i]
      const zi = z[o + i]
      if (opts.kind === 'cross-entropy') {
        if (opts.activation === 'softmax') {
          if (zi !== 0) sum -= zi * Math.log(yi)
        } else {
          if (zi !== 0) sum -= zi * Math.log(yi)
          if (zi !== 1) sum -= (1 - zi) * Math.log(1 - yi)
        }
      } else {
        const d = yi - zi
        if (tol > 0 && Math.abs(d) < tol) continue
        sum += d * d
      }
    }
  }
  if (opts.kind === 'sse') return 0.5 * sum
  if (opts.kind === 'mse') return count > 0 ? sum / count : 0
  return sum
}

/** ds += dE/ds for the rows (see the header); `count` as in lossForward. */
export function lossBackward(ds: Floats, y: Floats, z: Floats, mask: Uint8Array, rows: number, nOut: number, count: number, opts: LossOptions): void {
  const tol = opts.errorTolerance
  const scale = opts.kind === 'mse' ? (count > 0 ? 2 / count : 0) : 1
  for (let r = 0; r < rows; r++) {
    if (mask[r] === 0) continue
    const o = r * nOut
    // softmax: dE/ds_i = y_i Σ_j z_j − z_i, which is y − z for targets summing to 1
    let zSum = 1
    if (opts.kind === 'cross-entropy' && opts.activation === 'softmax') {
      zSum = 0
      for (let i = 0; i < nOut; i++) zSum += z[o + i]
    }
    for (let i = 0; i < nOut; i++) {
      const d = y[o + i] - z[o + i]
      if (opts.kind === 'cross-entropy') {
        ds[o + i] += y[o + i] * zSum - z[o + i]
      } else {
        if (tol > 0 && Math.abs(d) < tol) continue
        ds[o + i] += scale * d * activationSlope(y[o + i], opts.activation)
      }
    }
  }
}
