// The batch layout of network.ts: a batch that fills its workspace runs the feed-forward products and the
// weight gradients as one product over all T·B rows; a smaller batch (the last minibatch, the last
// evaluation chunk) runs them step by step over its B rows. Both give the same outputs and gradients.
import { describe, expect, it } from 'vitest'
import {
  backward,
  batchLoss,
  createRng,
  createWorkspace,
  forward,
  loadBatch,
  normalizeNetworkSpec,
  packDataset,
  paramLayout,
  type GradientMode,
  type KernelKind,
} from '../../src/core/index.js'
import { KERNEL_SETS } from '../helpers/kernels.js'
import { network, randomDataset } from '../helpers/random.js'

const spec = normalizeNetworkSpec(network({ m: 3, l: 2, hidden: [5, 4], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: true }))
const layout = paramLayout(spec)
const rng = createRng(31)
const params = Float64Array.from({ length: layout.size }, () => rng.uniform(-0.7, 0.7))
const data = packDataset(randomDataset(rng, { m: 3, l: 2, P: 3, maxLength: 6, missing: 0.3, targets: 'unit' }), 3, 2)
const order = Int32Array.of(0, 1, 2)
const loss = { kind: 'sse' as const, activation: 'sigmoid' as const, errorTolerance: 0 }

/** Output, E and gradient of the 3 sequences loaded into a workspace of capacity Bcap. */
function run(kernels: KernelKind, Bcap: number, gradient: GradientMode) {
  const ws = createWorkspace(layout, Bcap, data.maxLength + 2, { kernels })
  ws.params.set(params)
  if (Bcap > 3) {
    // stale rows from an earlier, larger batch must not leak into the smaller one
    loadBatch(ws, data, Int32Array.of(2, 1, 0, 2, 1).subarray(0, Bcap), 0, Bcap)
    forward(layout, ws.paramViews, ws)
  }
  loadBatch(ws, data, order, 0, 3)
  forward(layout, ws.paramViews, ws)
  backward(layout, ws.paramViews, ws.gradViews, ws, { loss, gradient, horizon: 2 })
  const y = Array.from({ length: ws.T }, (_, t) => Array.from(ws.xAt[layout.layers.length - 1][t].subarray(0, 3 * 2))).flat()
  return { y, E: batchLoss(layout, ws, loss), grads: Array.from(ws.grads) }
}

describe.each(KERNEL_SETS)('%s kernels', (kernels) => {
  it.each(['exact', 'truncated', 'lecture'] as const)('%s: a batch of 3 in a workspace for 5 = in a workspace for 3', (gradient) => {
    const full = run(kernels, 3, gradient)
    const partial = run(kernels, 5, gradient)
    expect(partial.E).toBeCloseTo(full.E, 13)
    partial.y.forEach((v, i) => expect(v).toBeCloseTo(full.y[i], 13))
    partial.grads.forEach((g, i) => expect(g).toBeCloseTo(full.grads[i], 12))
    expect(full.grads.some((g) => Math.abs(g) > 1e-3)).toBe(true)
  })
})
