/**
 * Finite-difference check of the backward pass: the exact gradient ∂E/∂w from backpropagation through
 * time against central differences (E(w + h) − E(w − h)) / 2h, one weight at a time, over the whole data
 * set as one batch. Reported per named matrix (W{r}, V{r}, b{r}) as the relative error
 * ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖).
 *
 * It always checks the 'exact' mode: central differences approximate the true gradient, which 'truncated'
 * and 'lecture' deliberately are not.
 *
 * Not here: choosing h adaptively. h = 1e-5 suits float64 and weights of order 1.
 */
import type { PackedData } from './data.js'
import { backward, batchLoss, createWorkspace, forward, loadBatch } from './network.js'
import type { KernelChoice } from './compute.js'
import type { ParamLayout } from './params.js'
import type { Rng } from './rng.js'
import type { NormalizedTrainingSpec } from './spec.js'

export interface GradientCheckRow {
  name: string
  /** Weights compared (all, or a sample of `maxPerMatrix`). */
  checked: number
  size: number
  relativeError: number
  maxAbsError: number
}

export interface GradientCheckOptions {
  /** Step h. Default 1e-5. */
  step?: number
  /** Compare at most this many weights per matrix, drawn by `rng`. Default: all. */
  maxPerMatrix?: number
  rng?: Rng
  /** Kernel set (compute.ts). Default 'auto'. */
  kernels?: KernelChoice
}

export function gradientCheck(
  layout: ParamLayout,
  params: Float64Array,
  data: PackedData,
  training: NormalizedTrainingSpec,
  opts: GradientCheckOptions = {},
): GradientCheckRow[] {
  const h = opts.step ?? 1e-5
  const ws = createWorkspace(layout, data.P, data.maxLength, { kernels: opts.kernels })
  const w = ws.params // perturbed in place, one weight at a time
  w.set(params)
  const views = ws.paramViews
  loadBatch(ws, data, Int32Array.from({ length: data.P }, (_, p) => p), 0, data.P)
  const loss = { kind: training.loss, activation: layout.spec.output.activation, errorTolerance: training.errorTolerance }
  const E = () => {
    forward(layout, views, ws)
    return batchLoss(layout, ws, loss)
  }
  E()
  backward(layout, views, ws.gradViews, ws, { loss, gradient: 'exact', horizon: 1 })
  const grads = ws.grads
  return layout.entries.map((entry) => {
    let indices = Array.from({ length: entry.size }, (_, i) => i)
    const max = opts.maxPerMatrix ?? Infinity
    if (indices.length > max) {
      if (!opts.rng) throw new Error('gradientCheck: sampling needs an rng')
      const rng = opts.rng
      for (let i = indices.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[indices[i], indices[j]] = [indices[j], indices[i]]
      }
      indices = indices.slice(0, max)
    }
    let diff2 = 0, a2 = 0, n2 = 0, maxAbs = 0
    for (const i of indices) {
      const k = entry.offset + i
      const saved = w[k]
      w[k] = saved + h
      const plus = E()
      w[k] = saved - h
      const minus = E()
      w[k] = saved
      const numeric = (plus - minus) / (2 * h)
      const analytic = grads[k]
      diff2 += (analytic - numeric) ** 2
      a2 += analytic ** 2
      n2 += numeric ** 2
      maxAbs = Math.max(maxAbs, Math.abs(analytic - numeric))
    }
    const scale = Math.sqrt(Math.max(a2, n2))
    return { name: entry.name, checked: indices.length, size: entry.size, relativeError: scale > 0 ? Math.sqrt(diff2) / scale : 0, maxAbsError: maxAbs }
  })
}
