// Compares the core with PyTorch autograd on the committed fixtures of test/fixtures/torch (made by
// make_fixtures.py with Debian's python3-torch; no Python is needed here): outputs, E, every gradient, and
// the weights after 5 full-batch gradient-descent steps, to 1e-9 relative.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  Trainer,
  backward,
  batchLoss,
  forward,
  fromNamedWeights,
  normalizeNetworkSpec,
  packDataset,
  paramLayout,
  predict,
  type Dataset,
  type LossKind,
  type NamedWeights,
  type NetworkSpec,
} from '../../src/core/index.js'
import { KERNEL_SETS, fullBatch } from '../helpers/kernels.js'

interface Fixture {
  name: string
  network: NetworkSpec
  loss: LossKind
  learningRate: number
  steps: number
  data: Dataset
  initialWeights: NamedWeights
  outputs: number[][][]
  E: number
  gradients: NamedWeights
  lossBeforeStep: number[]
  weightsAfter: NamedWeights
}

const dir = join(import.meta.dirname, '../fixtures/torch')
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))

/** max |a − b| / max(|b|, 1e-3): relative, with an absolute floor for entries near zero. */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3))
  return worst
}

describe.each(KERNEL_SETS)('core against PyTorch fixtures, %s kernels', (kernels) => {
  it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(4))

  for (const fx of fixtures) {
    describe(fx.name, () => {
      const network = normalizeNetworkSpec(fx.network)
      const layout = paramLayout(network)
      const data = packDataset(fx.data, network.inputSize, network.output.units)
      const w0 = fromNamedWeights(layout, fx.initialWeights)
      const loss = { kind: fx.loss, activation: network.output.activation, errorTolerance: 0 }

      it('outputs and E', () => {
        const y = predict(layout, w0, data, kernels)
        expect(maxRelDiff(y.flat(2), fx.outputs.flat(2))).toBeLessThan(1e-9)
        const ws = fullBatch(layout, data, w0, kernels)
        forward(layout, ws.paramViews, ws)
        expect(maxRelDiff([batchLoss(layout, ws, loss)], [fx.E])).toBeLessThan(1e-9)
      })

      it('every gradient (exact BPTT)', () => {
        const ws = fullBatch(layout, data, w0, kernels)
        forward(layout, ws.paramViews, ws)
        backward(layout, ws.paramViews, ws.gradViews, ws, { loss, gradient: 'exact', horizon: 1 })
        expect(maxRelDiff(ws.grads, fromNamedWeights(layout, fx.gradients))).toBeLessThan(1e-9)
      })

      it(`weights after ${fx.steps} gradient-descent steps`, () => {
        const trainer = new Trainer({
          network: fx.network,
          training: { loss: fx.loss, learningRate: fx.learningRate, optimizer: 'sgd', batch: 'full', gradient: 'exact', epochs: fx.steps },
          data: fx.data,
          params: w0,
          kernels,
        })
        expect(trainer.kernels).toBe(kernels)
        const losses: number[] = []
        while (!trainer.done) losses.push(trainer.runEpoch().loss)
        expect(maxRelDiff(losses, fx.lossBeforeStep)).toBeLessThan(1e-9)
        expect(maxRelDiff(trainer.params, fromNamedWeights(layout, fx.weightsAfter))).toBeLessThan(1e-9)
      })
    })
  }
})
