/**
 * The Lecture lab's numbers (issue 13), from the core's own forward and backward passes (network.ts), never
 * recomputed another way:
 *
 * inspectStep: for sequence p, step t and computing layer r (k = r − 1) at the weights w:
 *   x_t^(r) = f(s_t^(r)),  s_t^(r) = W{r−1} x_t^(r−1) + V{r} x_{t−1}^(r) + b{r}   (lecture-model.md, "Forward pass")
 *   δ_t^(r) = ∂E/∂s_t^(r) as the chosen mode's backward pass computes it: 'exact' the true one (backpropagation
 *     through time); truncated(k)/'lecture' the sum, over the chains of the target steps t' = t..t+k−1, of the δ
 *     each chain has at step t (backward's keepDeltas);
 *   the step's contributions: δ_t x_t^(r−1)ᵀ to ∂E/∂W{r−1}, δ_t x_{t−1}^(r)ᵀ to ∂E/∂V{r} (nothing at t = 0:
 *     x_{−1} = 0), δ_t to ∂E/∂b{r}: exactly what backward accumulates at (p, t), so that Σ_p Σ_t of them is
 *     the mode's gradient (formulas (1a), (1b), (2) for 'lecture').
 * compareModes: per matrix, the cosine similarity and norm ratio of truncated(k), k = 1..K, against the exact
 *   gradient (k = 1 is 'lecture', k ≥ T is exact).
 *
 * Shapes: n_r units of layer r (n_0 = m); W{r−1} is (n_r × n_{r−1}), V{r} (n_r × n_r), b{r} (n_r), row-major
 * (params.ts). Step inspection runs sequence p alone (a batch of one), with the N of 'mse' of the whole data.
 *
 * Not here: checking a gradient against finite differences (gradcheck.ts), the windows (windows.ts).
 */
import { datasetGradient, targetCount } from './chunks.js'
import type { KernelChoice } from './compute.js'
import type { PackedData } from './data.js'
import { evaluate, evaluationWorkspace } from './evaluate.js'
import type { GradientChoice } from './gradcheck.js'
import type { LossOptions } from './losses.js'
import { backward, createWorkspace, forward, loadBatch } from './network.js'
import type { ParamEntry, ParamLayout } from './params.js'

export interface StepInspection {
  /** x_t^(r), s_t^(r), δ_t^(r): n_r each. */
  x: Float64Array
  s: Float64Array
  delta: Float64Array
  /** x_t^(r−1), n_{r−1} values (u_t for r = 1). */
  input: Float64Array
  /** x_{t−1}^(r) (zeros at t = 0), null when layer r is not recurrent. */
  previous: Float64Array | null
  /** z_t(p), ℓ values, or null when the step has no target. */
  target: Float64Array | null
  /** The step's share of the gradient of layer r's matrices, in parameter order (W{r−1}, V{r}, b{r}). */
  contributions: { entry: ParamEntry; values: Float64Array }[]
  /** E_t(p) and E of the whole data. */
  stepLoss: number
  loss: number
}

export interface StepAt {
  /** 0-based sequence and step; r = 1..R+1. */
  sequence: number
  step: number
  layer: number
}

/** Throws a RangeError naming the index and its range when p, t or r is outside the data or the network. */
export function checkStepAt(layout: ParamLayout, data: PackedData, at: StepAt): void {
  const whole = (v: number) => Number.isInteger(v)
  if (!whole(at.sequence) || at.sequence < 0 || at.sequence >= data.P) throw new RangeError(`no sequence ${at.sequence}: the data has sequences 0..${data.P - 1}`)
  const T = data.lengths[at.sequence]
  if (!whole(at.step) || at.step < 0 || at.step >= T) throw new RangeError(`no step ${at.step} in sequence ${at.sequence}: it has steps 0..${T - 1}`)
  const L = layout.layers.length
  if (!whole(at.layer) || at.layer < 1 || at.layer > L) throw new RangeError(`no layer ${at.layer}: the network computes layers 1..${L} (${L} is the output)`)
}

/** One step of one sequence in one layer, at the weights `params`, for the gradient mode `choice`. */
export function inspectStep(
  layout: ParamLayout,
  params: Float64Array,
  data: PackedData,
  loss: LossOptions,
  choice: GradientChoice,
  at: StepAt,
  kernels: KernelChoice = 'auto',
): StepInspection {
  checkStepAt(layout, data, at)
  const { sequence: p, step: t } = at
  const k = at.layer - 1
  const layer = layout.layers[k]
  const n = layer.units
  const ws = createWorkspace(layout, 1, data.lengths[p], { kernels, precision: 'float64' })
  ws.params.set(params)
  loadBatch(ws, data, Int32Array.of(p), 0, 1)
  ws.count = targetCount(data, Int32Array.from({ length: data.P }, (_, q) => q), 0, data.P) // the whole data's N
  forward(layout, ws.paramViews, ws)
  ws.grads.fill(0)
  backward(layout, ws.paramViews, ws.gradViews, ws, { loss, gradient: choice.gradient, horizon: choice.horizon, keepDeltas: true })
  // a batch of one: row 0 of every per-step view is sequence p
  const row = (a: ArrayLike<number>, width: number) => Float64Array.from({ length: width }, (_, i) => a[i])
  const out = layout.layers.length - 1
  const x = row(ws.xAt[k][t], n)
  const delta = row(ws.deltaAt[k][t], n)
  const input = row(k === 0 ? ws.uAt[t] : ws.xAt[k - 1][t], layer.nIn)
  const { W, V, b } = ws.paramViews[k]
  const previous = V ? (t > 0 ? row(ws.xAt[k][t - 1], n) : new Float64Array(n)) : null
  const s = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let a = b ? b[i] : 0
    for (let j = 0; j < layer.nIn; j++) a += W[i * layer.nIn + j] * input[j] // W{r−1}[i, j] x_t^(r−1)_j
    if (V && previous) for (let j = 0; j < n; j++) a += V[i * n + j] * previous[j] // V{r}[i, j] x_{t−1}^(r)_j
    s[i] = a
  }
  const outer = (right: Float64Array) => Float64Array.from({ length: n * right.length }, (_, ij) => delta[Math.floor(ij / right.length)] * right[ij % right.length])
  const contributions = [{ entry: layer.W, values: outer(input) }]
  if (layer.V && previous) contributions.push({ entry: layer.V, values: outer(previous) })
  if (layer.b) contributions.push({ entry: layer.b, values: Float64Array.from(delta) })
  const hasTarget = ws.maskAt[t][0] !== 0
  const nOut = layout.spec.output.units
  return {
    x,
    s,
    delta,
    input,
    previous,
    target: hasTarget ? row(ws.zAt[t], nOut) : null,
    contributions,
    stepLoss: ws.kernels.lossForward(ws.xAt[out][t], ws.zAt[t], ws.maskAt[t], 1, nOut, ws.count, loss),
    loss: evaluate(layout, params, data, loss, evaluationWorkspace(layout, data, kernels)).loss,
  }
}

export interface ModeComparison {
  /** k = 1..K. */
  horizons: number[]
  /** Per matrix (parameter order); arrays indexed like `horizons`. normRatio null: ‖g_exact‖ = 0 but ‖g_k‖ > 0. */
  matrices: { name: string; exactNorm: number; cosine: number[]; normRatio: (number | null)[] }[]
  /** The exact gradient (flat, in the layout). */
  exact: Float64Array
}

/** The exact gradient against truncated(k) for k = 1..maxHorizon, per matrix. Cost: the gradient of k steps per
 *  target step for every k, about K²/2 times a 'lecture' gradient. */
export function compareModes(layout: ParamLayout, params: Float64Array, data: PackedData, loss: LossOptions, maxHorizon: number, kernels: KernelChoice = 'auto'): ModeComparison {
  if (!(Number.isInteger(maxHorizon) && maxHorizon >= 1)) throw new RangeError(`the largest horizon must be a whole number ≥ 1, got ${maxHorizon}`)
  const exact = datasetGradient(layout, params, data, { loss, gradient: 'exact', horizon: 1 }, kernels).grads
  const horizons = Array.from({ length: maxHorizon }, (_, i) => i + 1)
  const matrices = layout.entries.map((e) => ({ name: e.name, exactNorm: Math.sqrt(dot(exact, exact, e)), cosine: [] as number[], normRatio: [] as (number | null)[] }))
  for (const k of horizons) {
    const g = datasetGradient(layout, params, data, { loss, gradient: 'truncated', horizon: k }, kernels).grads
    layout.entries.forEach((e, i) => {
      const ee = matrices[i].exactNorm ** 2
      const gg = dot(g, g, e)
      const eg = dot(exact, g, e)
      matrices[i].cosine.push(ee === 0 && gg === 0 ? 1 : ee === 0 || gg === 0 ? 0 : eg / Math.sqrt(ee * gg))
      matrices[i].normRatio.push(ee === 0 ? (gg === 0 ? 1 : null) : Math.sqrt(gg / ee))
    })
  }
  return { horizons, matrices, exact }
}

/** Σ a_i b_i over the entries of one matrix. */
function dot(a: Float64Array, b: Float64Array, e: ParamEntry): number {
  let sum = 0
  for (let i = e.offset; i < e.offset + e.size; i++) sum += a[i] * b[i]
  return sum
}
