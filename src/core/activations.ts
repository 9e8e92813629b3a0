/**
 * Activation functions f and their derivatives, applied to a block of `rows` rows of `n` units.
 * Forward and backward sit side by side with the same argument order (output, input, sizes, kind).
 *
 * The derivative f'(s) is computed from the output y = f(s) (lecture-model.md, "Gradients": for the sigmoid
 * f'(s) = f(s)(1 − f(s))), so the pre-activations need not be kept. relu uses y > 0 ⇔ s > 0.
 * softmax normalizes each row; its backward applies the full Jacobian diag(y) − y yᵀ.
 *
 * Not here: the loss's derivative (losses.ts), which for cross-entropy is fused with the output activation.
 */
import type { Activation, Floats } from './spec.js'

/** y = f(s) for rows × n values; y and s may be the same array (in place). */
export function activationForward(y: Floats, s: Floats, rows: number, n: number, kind: Activation): void {
  const len = rows * n
  switch (kind) {
    case 'sigmoid':
      for (let k = 0; k < len; k++) y[k] = 1 / (1 + Math.exp(-s[k]))
      return
    case 'tanh':
      for (let k = 0; k < len; k++) y[k] = Math.tanh(s[k])
      return
    case 'relu':
      for (let k = 0; k < len; k++) y[k] = s[k] > 0 ? s[k] : 0
      return
    case 'linear':
      if (y !== s) y.set(s.subarray(0, len))
      return
    case 'softmax':
      for (let p = 0; p < rows; p++) {
        const o = p * n
        let max = -Infinity
        for (let i = 0; i < n; i++) if (s[o + i] > max) max = s[o + i]
        let sum = 0
        for (let i = 0; i < n; i++) {
          const e = Math.exp(s[o + i] - max)
          y[o + i] = e
          sum += e
        }
        for (let i = 0; i < n; i++) y[o + i] /= sum
      }
      return
  }
}

/** ds = f'(s) ⊙ dy (softmax: ds = Jᵀ dy), with f'(s) taken from y = f(s). ds is overwritten; ds may be dy. */
export function activationBackward(ds: Floats, dy: Floats, y: Floats, rows: number, n: number, kind: Activation): void {
  const len = rows * n
  switch (kind) {
    case 'sigmoid':
      for (let k = 0; k < len; k++) ds[k] = dy[k] * y[k] * (1 - y[k])
      return
    case 'tanh':
      for (let k = 0; k < len; k++) ds[k] = dy[k] * (1 - y[k] * y[k])
      return
    case 'relu':
      for (let k = 0; k < len; k++) ds[k] = y[k] > 0 ? dy[k] : 0
      return
    case 'linear':
      if (ds !== dy) ds.set(dy.subarray(0, len))
      return
    case 'softmax':
      for (let p = 0; p < rows; p++) {
        const o = p * n
        let dot = 0
        for (let i = 0; i < n; i++) dot += y[o + i] * dy[o + i]
        for (let i = 0; i < n; i++) ds[o + i] = y[o + i] * (dy[o + i] - dot)
      }
      return
  }
}

/** f'(s) from y = f(s) for one elementwise activation (not softmax). */
export function activationSlope(y: number, kind: Activation): number {
  switch (kind) {
    case 'sigmoid':
      return y * (1 - y)
    case 'tanh':
      return 1 - y * y
    case 'relu':
      return y > 0 ? 1 : 0
    case 'linear':
      return 1
    case 'softmax':
      throw new Error('softmax has no elementwise slope')
  }
}
