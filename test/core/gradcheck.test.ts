// Central-difference gradient checks of the exact (BPTT) backward pass: every activation and loss,
// R = 0..3 hidden layers, recurrent and bias on and off, output feedback on and off, with masked targets
// and sequences of different lengths. Relative error per matrix below 1e-6.
import { describe, expect, it } from 'vitest'
import {
  createRng,
  gradientCheck,
  normalizeNetworkSpec,
  normalizeTrainingSpec,
  packDataset,
  paramLayout,
  seededParams,
  type Activation,
  type LossKind,
} from '../../src/core/index.js'
import { KERNEL_SETS } from '../helpers/kernels.js'
import { network, randomDataset, targetsFor } from '../helpers/random.js'

interface Case {
  hiddenActivation: Activation
  outputActivation: Activation
  loss: LossKind
  R: number
  recurrent: boolean
  bias: boolean
  outputRecurrent: boolean
}

const cases: Case[] = []
const elementwise: Activation[] = ['sigmoid', 'tanh', 'relu', 'linear']
for (const act of elementwise)
  for (let R = 0; R <= 3; R++)
    for (const recurrent of [true, false])
      for (const bias of [true, false])
        cases.push({ hiddenActivation: act, outputActivation: act, loss: (R + Number(bias)) % 2 ? 'mse' : 'sse', R, recurrent, bias, outputRecurrent: (R + Number(recurrent)) % 2 === 1 })
for (const out of ['sigmoid', 'softmax'] as const)
  for (let R = 0; R <= 3; R++)
    for (const recurrent of [true, false])
      for (const bias of [true, false])
        cases.push({ hiddenActivation: R % 2 ? 'tanh' : 'sigmoid', outputActivation: out, loss: 'cross-entropy', R, recurrent, bias, outputRecurrent: bias !== recurrent })

describe.each(KERNEL_SETS)('gradient check (exact gradient vs central differences), %s kernels', (kernels) => {
  it.each(cases.map((c, i) => [`${i}: ${c.hiddenActivation}→${c.outputActivation} ${c.loss} R=${c.R} rec=${c.recurrent} bias=${c.bias} outRec=${c.outputRecurrent}`, c, i] as const))(
    '%s',
    (_, c, i) => {
      const rng = createRng(1000 + i)
      const m = 3
      const l = c.outputActivation === 'softmax' ? 4 : 2
      const spec = normalizeNetworkSpec(
        network({ m, l, hidden: [4, 3, 3].slice(0, c.R), activation: c.hiddenActivation, outputActivation: c.outputActivation, recurrent: c.recurrent, bias: c.bias, outputRecurrent: c.outputRecurrent }),
      )
      const training = normalizeTrainingSpec({ loss: c.loss, init: { kind: 'uniform', scale: 0.8 }, seed: i }, spec)
      const data = packDataset(randomDataset(rng, { m, l, P: 3, maxLength: 5, missing: 0.3, targets: targetsFor(c.loss, c.outputActivation) }), m, l)
      expect(new Set(data.lengths).size).toBeGreaterThan(1) // lengths differ
      const layout = paramLayout(spec)
      const params = seededParams(spec, training)
      // biases start at 0; move them off zero so their gradients are exercised with non-trivial values
      for (const layer of layout.layers) if (layer.b) for (let k = 0; k < layer.b.size; k++) params[layer.b.offset + k] = rng.uniform(-0.5, 0.5)
      const { rows } = gradientCheck(layout, params, data, training, { kernels })
      expect(rows.map((r) => r.name)).toEqual(layout.entries.map((e) => e.name))
      for (const row of rows) expect(row.relativeError, row.name).toBeLessThan(1e-6)
    },
  )
})
