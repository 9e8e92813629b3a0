/**
 * Parameter updates over the flat parameter and gradient arrays (lecture-model.md, "Update"):
 *   'sgd'       w ← w − c·g                                          (the lecture's rule)
 *   'momentum'  v ← μ·v − c·g;  w ← w + v
 *   'adam'      m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − c·m̂ / (sqrt(v̂) + ε)
 *               with m̂ = m / (1 − β1^k), v̂ = v / (1 − β2^k) at update k = 1, 2, …
 * plus optional clipping of the gradient's L2 norm. The state is flat arrays in the parameter layout so it
 * can be saved with the weights and training resumes exactly.
 *
 * The loops run in the trainer's kernel set (compute.ts): TypeScript below, or their WASM SIMD twins.
 *
 * Not here: computing g (network.ts). The update reads g and never clears it.
 */
import { JS_KERNELS, type Kernels } from './compute.js'
import type { Floats, NormalizedTrainingSpec } from './spec.js'

/** Saved and exchanged as float64; a float32 run's own state (Trainer.optimizer) is OptimizerState<Floats>. */
export interface OptimizerState<F extends Floats = Float64Array> {
  /** Updates applied so far (Adam's k). */
  steps: number
  /** 'momentum': velocity v; 'adam': first moment m. Empty for 'sgd'. */
  first: F
  /** 'adam': second moment v. Empty otherwise. */
  second: F
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
export function optimizerStateFits(state: OptimizerState<Floats>, spec: NormalizedTrainingSpec, size: number): boolean {
  return state.first.length === (spec.optimizer === 'sgd' ? 0 : size) && state.second.length === (spec.optimizer === 'adam' ? size : 0)
}

export function l2Norm(a: Floats, from = 0, to = a.length): number {
  let sum = 0
  for (let i = from; i < to; i++) sum += a[i] * a[i]
  return Math.sqrt(sum)
}

/** Scales g to norm `maxNorm` when it is longer (maxNorm 0: no clipping, nothing computed). */
export function clipGradient(grads: Floats, maxNorm: number, kernels: Kernels = JS_KERNELS): void {
  if (!(maxNorm > 0)) return
  const norm = Math.sqrt(kernels.sumSquares(grads))
  if (norm > maxNorm) kernels.scale(grads, maxNorm / norm)
}

/** One update of `params` by `grads` with the kernel set that allocated them (the TypeScript loops are in
 *  kernels.ts). */
export function optimizerStep(params: Floats, grads: Floats, state: OptimizerState<Floats>, spec: NormalizedTrainingSpec, kernels: Kernels = JS_KERNELS): void {
  const c = spec.learningRate
  state.steps++
  switch (spec.optimizer) {
    case 'sgd':
      return kernels.sgdUpdate(params, grads, c)
    case 'momentum':
      return kernels.momentumUpdate(params, grads, state.first, c, spec.momentum)
    case 'adam': {
      const { beta1, beta2, epsilon } = spec
      return kernels.adamUpdate(params, grads, state.first, state.second, c, beta1, beta2, epsilon, 1 - Math.pow(beta1, state.steps), 1 - Math.pow(beta2, state.steps))
    }
  }
}
