/**
 * Parameter updates over the flat parameter and gradient arrays (lecture-model.md, "Update"):
 *   'sgd'       w ← w − c·g                                          (the lecture's rule)
 *   'momentum'  v ← μ·v − c·g;  w ← w + v
 *   'adam'      m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − c·m̂ / (sqrt(v̂) + ε)
 *               with m̂ = m / (1 − β1^k), v̂ = v / (1 − β2^k) at update k = 1, 2, …
 * plus optional clipping of the gradient's L2 norm. The state is flat arrays in the parameter layout so it
 * can be saved with the weights and training resumes exactly.
 *
 * Not here: computing g (network.ts). The update reads g and never clears it.
 */
import type { NormalizedTrainingSpec } from './spec.js'

export interface OptimizerState {
  /** Updates applied so far (Adam's k). */
  steps: number
  /** 'momentum': velocity v; 'adam': first moment m. Empty for 'sgd'. */
  first: Float64Array
  /** 'adam': second moment v. Empty otherwise. */
  second: Float64Array
}

export function createOptimizerState(spec: NormalizedTrainingSpec, size: number): OptimizerState {
  return {
    steps: 0,
    first: new Float64Array(spec.optimizer === 'sgd' ? 0 : size),
    second: new Float64Array(spec.optimizer === 'adam' ? size : 0),
  }
}

/** Whether `state` was made for this optimizer and parameter count (state saved for another optimizer does
 *  not fit, and training then starts the optimizer afresh). */
export function optimizerStateFits(state: OptimizerState, spec: NormalizedTrainingSpec, size: number): boolean {
  return state.first.length === (spec.optimizer === 'sgd' ? 0 : size) && state.second.length === (spec.optimizer === 'adam' ? size : 0)
}

export function l2Norm(a: Float64Array, from = 0, to = a.length): number {
  let sum = 0
  for (let i = from; i < to; i++) sum += a[i] * a[i]
  return Math.sqrt(sum)
}

/** Scales g to norm `maxNorm` when it is longer; returns the norm before clipping. */
export function clipGradient(grads: Float64Array, maxNorm: number): number {
  const norm = l2Norm(grads)
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / norm
    for (let i = 0; i < grads.length; i++) grads[i] *= scale
  }
  return norm
}

export function optimizerStep(params: Float64Array, grads: Float64Array, state: OptimizerState, spec: NormalizedTrainingSpec): void {
  const c = spec.learningRate
  const n = params.length
  state.steps++
  switch (spec.optimizer) {
    case 'sgd':
      for (let i = 0; i < n; i++) params[i] -= c * grads[i]
      return
    case 'momentum': {
      const v = state.first
      const mu = spec.momentum
      for (let i = 0; i < n; i++) {
        v[i] = mu * v[i] - c * grads[i]
        params[i] += v[i]
      }
      return
    }
    case 'adam': {
      const { beta1, beta2, epsilon } = spec
      const m = state.first
      const v = state.second
      const c1 = 1 - Math.pow(beta1, state.steps)
      const c2 = 1 - Math.pow(beta2, state.steps)
      for (let i = 0; i < n; i++) {
        const g = grads[i]
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        params[i] -= (c * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon)
      }
      return
    }
  }
}
