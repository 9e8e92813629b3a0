/**
 * The error that 'truncated' (horizon k) and 'lecture' (k = 1) backpropagation are the exact gradient of, as a
 * data set of its own: their finite-difference reference (gradcheck.ts).
 *
 * What network.ts' truncated backward computes. For every step t' with a target it runs one chain over steps
 * t', t'−1, …, t'−k+1 (not below 0) carrying E_t' only, and adds at each step s of the chain δ_s x_s^(r−1)ᵀ to
 * ∂/∂W{r−1}, δ_s x_{s−1}^(r)ᵀ to ∂/∂V{r} and δ_s to ∂/∂b{r}; the chain does not go on to x_{t'−k}. That is
 * exactly the gradient of the WINDOWED error
 *     Ẽ_k(w) = Σ_p Σ_{t' with a target} E_t'(p; w, x_{t'−k}(p) fixed)
 * where E_t'(p; w, x_{t'−k} fixed) runs the forward pass of steps t'−k+1..t' with the weights w from the
 * states x_{t'−k}^(r)(p) of every layer held at their unperturbed values (those of the forward pass at the
 * weights w₀ where the gradient is taken; the zero state when t' − k < 0), i.e. the weights are perturbed only
 * in the k steps of the window. At w = w₀, Ẽ_k = E. k ≥ T gives E itself (the exact gradient); k = 1 is the
 * notes' formulas (1a), (1b), (2), where x_{t−1} is a constant.
 *
 * Built here as data: every (sequence p, target step t') becomes one window sequence, steps
 * max(0, t'−k+1)..t' of p, with its target at its last step only and its starting state
 * x_{-1} = x_{t'−k}(p) (PackedData.initial). The core's ordinary forward pass and E on that data give Ẽ_k for
 * any weights, so central differences of it are the reference of the truncated modes, and the EXACT backward
 * pass on it gives their gradient (a test holds the two to 1e-12).
 *
 * Shapes: the windows' data is a PackedData of W = (rows with a target) sequences of at most k steps; initial[k]
 * is (W × n_r) for computing layer r = k + 1. Window j of sequence p, target step t' (in order of p, then t').
 * With 'mse' the N of the windows' data is the N of the data (one target row per window).
 *
 * Not here: the differences themselves (gradcheck.ts).
 */
import type { KernelChoice } from './compute.js'
import type { PackedData } from './data.js'
import { evaluationWorkspace, forEachChunk } from './evaluate.js'
import type { ParamLayout } from './params.js'

/** The windows of horizon k ≥ 1 cut out of `data` at the weights `params` (the states are theirs). */
export function windowedData(layout: ParamLayout, params: Float64Array, data: PackedData, horizon: number, kernels: KernelChoice = 'auto'): PackedData {
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new Error(`a window needs a whole horizon ≥ 1, got ${horizon}`)
  const { m, nOut } = data
  const units = layout.layers.map((l) => l.units)
  // count the windows and their rows: one window per target row, min(t' + 1, k) steps
  let W = 0
  let rows = 0
  for (let p = 0; p < data.P; p++)
    for (let t = 0; t < data.lengths[p]; t++)
      if (data.mask[data.offsets[p] + t]) {
        W++
        rows += Math.min(t + 1, horizon)
      }
  const lengths = new Int32Array(W)
  const offsets = new Int32Array(W)
  const u = new Float64Array(rows * m)
  const z = new Float64Array(rows * nOut)
  const mask = new Uint8Array(rows)
  const initial = units.map((n) => new Float64Array(W * n)) // zero: windows starting at step 0
  let maxLength = 0
  let j = 0 // window
  let row = 0 // row of the windows' data
  // the states of the forward pass at `params`, chunk by chunk: sequence start + q's x_t^(r) is row q of ws.xAt[k][t]
  forEachChunk(layout, params, data, (ws, start, count) => {
    for (let q = 0; q < count; q++) {
      const p = start + q
      for (let te = 0; te < data.lengths[p]; te++) {
        if (!data.mask[data.offsets[p] + te]) continue
        const first = Math.max(0, te - horizon + 1) // steps first..te of sequence p
        const length = te - first + 1
        lengths[j] = length
        offsets[j] = row
        maxLength = Math.max(maxLength, length)
        const src = data.offsets[p] + first // packed row of step `first` of sequence p
        u.set(data.u.subarray(src * m, (src + length) * m), row * m)
        z.set(data.z.subarray((src + length - 1) * nOut, (src + length) * nOut), (row + length - 1) * nOut)
        mask[row + length - 1] = 1
        if (first > 0) for (let k = 0; k < units.length; k++) initial[k].set(ws.xAt[k][first - 1].subarray(q * units[k], (q + 1) * units[k]), j * units[k])
        row += length
        j++
      }
    }
  }, evaluationWorkspace(layout, data, kernels))
  return { P: W, m, nOut, lengths, offsets, maxLength, u, z, mask, initial }
}
