/**
 * Forward-only use of a trained network over a whole data set: its error E, the error per output unit,
 * and the outputs y themselves. Sequences are processed in chunks of at most CHUNK so memory stays bounded.
 *
 * Shapes: P sequences, sequence p has T_p steps, ℓ outputs; `outputs[p][t]` is y_t(p) (length ℓ).
 *
 * Not here: gradients (network.ts) or training (trainer.ts).
 */
import type { PackedData } from './data.js'
import type { LossOptions } from './losses.js'
import type { KernelChoice } from './compute.js'
import { batchLoss, createWorkspace, forward, loadBatch, type Workspace } from './network.js'
import type { ParamLayout } from './params.js'
import type { Floats, Precision } from './spec.js'

const CHUNK = 64

export interface Evaluation {
  /** E over the whole data set, as the trainer reports it for one full batch. */
  loss: number
  /** Root mean squared error (y − z) per output unit, over the steps that have a target. */
  rmsePerOutput: number[]
  /** Steps with a target. */
  targetSteps: number
}

/** A workspace for evaluating `data` in chunks; pass it to evaluate() to reuse it (e.g. every epoch). Only
 *  the data's size is read: a workspace for the largest of several data sets serves all of them. */
export function evaluationWorkspace(layout: ParamLayout, data: Pick<PackedData, 'P' | 'maxLength'>, kernels: KernelChoice = 'auto', precision: Precision = 'float64'): Workspace {
  return createWorkspace(layout, Math.min(CHUNK, data.P), data.maxLength, { kernels, backward: false, precision })
}

/** Calls `visit` after the forward pass of each chunk of sequences [start, start + count) (`ws.Bcap` of
 *  them), the outputs of sequence start + p at step t being ws.xAt[R][t].subarray(p·ℓ, (p + 1)·ℓ). */
export function forEachChunk(
  layout: ParamLayout,
  params: Floats,
  data: PackedData,
  visit: (ws: Workspace, start: number, count: number) => void,
  ws: Workspace = evaluationWorkspace(layout, data),
): void {
  if (params.length !== layout.size) throw new Error(`expected ${layout.size} parameters, got ${params.length}`)
  ws.params.set(params) // into the kernels' memory
  const B = ws.Bcap
  const order = Int32Array.from({ length: data.P }, (_, p) => p)
  for (let start = 0; start < data.P; start += B) {
    const count = Math.min(B, data.P - start)
    loadBatch(ws, data, order, start, count)
    forward(layout, ws.paramViews, ws)
    visit(ws, start, count)
  }
}

export function evaluate(layout: ParamLayout, params: Floats, data: PackedData, loss: LossOptions, ws?: Workspace): Evaluation {
  const nOut = data.nOut
  const out = layout.layers.length - 1
  const squared = new Float64Array(nOut)
  let lossSum = 0
  let targets = 0
  forEachChunk(layout, params, data, (ws) => {
    const E = batchLoss(layout, ws, loss)
    lossSum += loss.kind === 'mse' ? E * ws.count : E
    targets += ws.count / nOut
    for (let t = 0; t < ws.T; t++) {
      const y = ws.xAt[out][t]
      const z = ws.zAt[t]
      const mask = ws.maskAt[t]
      for (let p = 0; p < ws.B; p++) {
        if (mask[p] === 0) continue
        for (let i = 0; i < nOut; i++) {
          const d = y[p * nOut + i] - z[p * nOut + i]
          squared[i] += d * d
        }
      }
    }
  }, ws)
  return {
    loss: loss.kind === 'mse' ? (targets > 0 ? lossSum / (targets * nOut) : 0) : lossSum,
    rmsePerOutput: Array.from(squared, (s) => (targets > 0 ? Math.sqrt(s / targets) : 0)),
    targetSteps: targets,
  }
}

/** The outputs y_t(p) for every sequence and step. */
export function predict(layout: ParamLayout, params: Floats, data: PackedData, kernels: KernelChoice = 'auto'): number[][][] {
  const nOut = data.nOut
  const out = layout.layers.length - 1
  const outputs: number[][][] = []
  forEachChunk(layout, params, data, (ws, start, count) => {
    for (let p = 0; p < count; p++) {
      const T = data.lengths[start + p]
      outputs.push(Array.from({ length: T }, (_, t) => Array.from(ws.xAt[out][t].subarray(p * nOut, (p + 1) * nOut))))
    }
  }, evaluationWorkspace(layout, data, kernels))
  return outputs
}

export interface Inspection {
  /** Hidden states x^(r) of layers r = 1..R, each (T × n_r) row-major. */
  hidden: Float64Array[]
  /** Outputs y, (T × ℓ) row-major. */
  outputs: Float64Array
}

/** Every layer's states over the steps of sequence p (for the hidden-state and output charts). */
export function inspectSequence(layout: ParamLayout, params: Floats, data: PackedData, p: number, kernels: KernelChoice = 'auto'): Inspection {
  if (!(p >= 0 && p < data.P)) throw new Error(`no sequence ${p}: the data set has ${data.P}`)
  const T = data.lengths[p]
  const ws = createWorkspace(layout, 1, T, { kernels, backward: false })
  if (params.length !== layout.size) throw new Error(`expected ${layout.size} parameters, got ${params.length}`)
  ws.params.set(params)
  loadBatch(ws, data, Int32Array.of(p), 0, 1)
  forward(layout, ws.paramViews, ws)
  // with one sequence per batch, the rows of step t are contiguous: x[k] holds (T × n) exactly
  const states = ws.x.map((x, k) => Float64Array.from(x.subarray(0, T * layout.layers[k].units))) // float64 workspace: a plain copy
  return { hidden: states.slice(0, -1), outputs: states[states.length - 1] }
}
