/**
 * Finite-difference check of the backward pass, for every gradient mode: the mode's gradient from backpropagation
 * (network.ts, the whole data set as one batch) against central differences (Ẽ(w + h) − Ẽ(w − h)) / 2h of the
 * error the mode is the gradient of, one weight at a time:
 *   'exact'         Ẽ = E, the lecture's error (backpropagation through time);
 *   'truncated' k   Ẽ = the windowed error Σ_t E_t with x_{t−k} held at its unperturbed value and the weights
 *   'lecture' (k=1)     perturbed only in steps t−k+1..t (windows.ts states exactly what and why).
 * Reported per named matrix (W{r−1}, V{r}, b{r}, parameter order) over the compared entries:
 *   relative error ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) (0 when both are 0),
 *   max abs error, and the entry where |analytic − numeric| is largest (row, col; col 0 for a bias),
 *   pass: relative error ≤ GRADCHECK_THRESHOLD, or max abs error ≤ the rounding floor ABS_FLOOR · max(1, |E|) / h
 *   (a gradient that is essentially 0, where the relative error measures only rounding).
 * A matrix of more than `maxPerMatrix` entries is checked on a sample of that many, drawn by `rng` (a seeded
 * generator: the same seed checks the same entries).
 *
 * Cost: two evaluations of Ẽ per compared entry; Ẽ of 'exact' is one forward pass over the data, Ẽ of
 * truncated(k) one over the windows (≈ k steps per target step).
 *
 * Not here: choosing h adaptively (h = 1e-5 suits float64 and weights of order 1), sampling sequences (the
 * host may check a subset of a large data set: it is a data set too).
 */
import { datasetGradient } from './chunks.js'
import type { KernelChoice } from './compute.js'
import type { PackedData } from './data.js'
import { evaluate, evaluationWorkspace } from './evaluate.js'
import type { ParamEntry, ParamLayout } from './params.js'
import type { Rng } from './rng.js'
import type { GradientMode, NormalizedTrainingSpec } from './spec.js'
import { windowedData } from './windows.js'

/** A gradient mode with its horizon (read only for 'truncated'). */
export interface GradientChoice {
  gradient: GradientMode
  horizon: number
}

/** The relative error a checked matrix must not exceed. Looser than the tests' 1e-6: near a minimum the gradient
 *  is small and finite differences lose digits. */
export const GRADCHECK_THRESHOLD = 1e-5
/** Rounding of a central difference in float64 is about ε·|E| / h; a row whose max abs error is within 100 ε of
 *  that passes whatever its relative error. */
const ABS_FLOOR = 100 * Number.EPSILON

export interface GradientCheckRow {
  /** 'W0', 'V1', 'b1', … */
  name: string
  /** Weights compared (all, or a sample of `maxPerMatrix`). */
  checked: number
  /** Entries of the matrix. */
  size: number
  /** ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) over the compared entries (0 when both are 0). */
  relativeError: number
  /** max |analytic − numeric| over the compared entries, in units of ∂E/∂w. */
  maxAbsError: number
  /** The compared entry with the largest |analytic − numeric|: (row, col) of the matrix, col 0 for a bias. */
  worst: { row: number; col: number }
  /** relativeError ≤ threshold, or maxAbsError within the rounding floor (a gradient that is essentially 0, where
   *  the relative error only measures rounding). */
  pass: boolean
}

export interface GradientCheck {
  gradient: GradientChoice
  rows: GradientCheckRow[]
  /** Every row passes. */
  pass: boolean
  threshold: number
  /** The max abs error under which a row passes anyway (ABS_FLOOR · max(1, |E|) / h). */
  absoluteThreshold: number
  /** h. */
  step: number
  /** E at the weights checked. */
  loss: number
}

export interface GradientCheckOptions {
  /** The mode to check. Default 'exact'. */
  gradient?: GradientChoice
  /** Step h. Default 1e-5. */
  step?: number
  /** Compare at most this many weights per matrix, drawn by `rng`. Default: all. */
  maxPerMatrix?: number
  rng?: Rng
  /** Kernel set (compute.ts). Default 'auto'. */
  kernels?: KernelChoice
  /** The gradient to check instead of the core's own (tests prove with it that a wrong gradient fails). */
  analytic?: Float64Array
}

/** The entries of a matrix to compare: all, or a sample of `max` in the order `rng` shuffles them to. */
function entriesToCheck(entry: ParamEntry, max: number, rng: Rng | undefined): number[] {
  let indices = Array.from({ length: entry.size }, (_, i) => i)
  if (indices.length <= max) return indices
  if (!rng) throw new Error('gradientCheck: sampling needs an rng')
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[indices[i], indices[j]] = [indices[j], indices[i]]
  }
  indices = indices.slice(0, max)
  return indices
}

export function gradientCheck(
  layout: ParamLayout,
  params: Float64Array,
  data: PackedData,
  training: Pick<NormalizedTrainingSpec, 'loss' | 'errorTolerance'>,
  opts: GradientCheckOptions = {},
): GradientCheck {
  const h = opts.step ?? 1e-5
  const choice = opts.gradient ?? { gradient: 'exact', horizon: 1 }
  const horizon = choice.gradient === 'exact' ? Infinity : choice.gradient === 'lecture' ? 1 : choice.horizon
  const loss = { kind: training.loss, activation: layout.spec.output.activation, errorTolerance: training.errorTolerance }
  const kernels = opts.kernels ?? 'auto'
  const { loss: E0, grads: own } = datasetGradient(layout, params, data, { loss, gradient: choice.gradient, horizon: choice.horizon }, kernels)
  const analytic = opts.analytic ?? own
  // the error this mode is the gradient of: E itself, or E over the windows of its horizon
  const reference = horizon >= data.maxLength ? data : windowedData(layout, params, data, horizon, kernels)
  const ws = evaluationWorkspace(layout, reference, kernels)
  const w = Float64Array.from(params) // perturbed one weight at a time
  const E = () => evaluate(layout, w, reference, loss, ws).loss
  const absoluteThreshold = (ABS_FLOOR * Math.max(1, Math.abs(E0))) / h
  const rows = layout.entries.map((entry): GradientCheckRow => {
    const cols = entry.shape.length === 2 ? entry.shape[1] : 1
    const indices = entriesToCheck(entry, opts.maxPerMatrix ?? Infinity, opts.rng)
    let diff2 = 0, a2 = 0, n2 = 0, maxAbs = 0, worst = indices[0] ?? 0
    for (const i of indices) {
      const k = entry.offset + i
      const saved = w[k]
      w[k] = saved + h
      const plus = E()
      w[k] = saved - h
      const minus = E()
      w[k] = saved
      const numeric = (plus - minus) / (2 * h)
      const a = analytic[k]
      const err = Math.abs(a - numeric)
      diff2 += err ** 2
      a2 += a ** 2
      n2 += numeric ** 2
      // NaN counts as the worst error there is
      if (err > maxAbs || Number.isNaN(err)) {
        maxAbs = Number.isNaN(err) ? NaN : err
        worst = i
      }
    }
    const scale = Math.sqrt(Math.max(a2, n2))
    const relativeError = scale > 0 ? Math.sqrt(diff2) / scale : diff2 === 0 ? 0 : NaN
    return {
      name: entry.name,
      checked: indices.length,
      size: entry.size,
      relativeError,
      maxAbsError: maxAbs,
      worst: { row: Math.floor(worst / cols), col: worst % cols },
      pass: relativeError <= GRADCHECK_THRESHOLD || maxAbs <= absoluteThreshold,
    }
  })
  return { gradient: choice, rows, pass: rows.every((r) => r.pass), threshold: GRADCHECK_THRESHOLD, absoluteThreshold, step: h, loss: E0 }
}
