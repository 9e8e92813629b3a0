// The trainer: determinism, resuming, divergence, masks, batch modes, optimizers, clipping, reports.
import { describe, expect, it } from 'vitest'
import {
  DivergenceError,
  Trainer,
  createRng,
  evaluate,
  evaluationWorkspace,
  inspectSequence,
  l2Norm,
  packDataset,
  predict,
  type Dataset,
  type NetworkSpec,
  type TrainingSpec,
} from '../../src/core/index.js'
import { KERNEL_SETS } from '../helpers/kernels.js'
import { network, randomDataset } from '../helpers/random.js'

const net: NetworkSpec = network({ m: 3, l: 2, hidden: [5, 4], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: false })
const data: Dataset = randomDataset(createRng(7), { m: 3, l: 2, P: 10, maxLength: 6, missing: 0.2, targets: 'unit' })

describe.each(KERNEL_SETS)('%s kernels', (kernels) => {
  function train(training: TrainingSpec, epochs: number, from?: Trainer): Trainer {
    const t = new Trainer({ kernels, network: net, training, data, params: from?.params, epoch: from?.epoch, optimizerState: from?.optimizer })
    for (let i = 0; i < epochs; i++) t.runEpoch()
    return t
  }

  describe('Trainer', () => {
    it('runs the kernel set it was given', () => expect(new Trainer({ kernels, network: net, training: {}, data }).kernels).toBe(kernels))

    it('is deterministic: one seed, one result, bit for bit; another seed differs', () => {
      const spec: TrainingSpec = { optimizer: 'adam', learningRate: 0.01, batch: 'minibatch', batchSize: 3, seed: 42 }
      const a = train(spec, 15)
      const b = train(spec, 15)
      expect(Array.from(a.params)).toEqual(Array.from(b.params))
      expect(Array.from(train({ ...spec, seed: 43 }, 15).params)).not.toEqual(Array.from(a.params))
    })

    it.each(['sgd', 'momentum', 'adam'] as const)('resumes exactly: 6 + 4 epochs = 10 epochs (%s, shuffled minibatches)', (optimizer) => {
      const spec: TrainingSpec = { optimizer, learningRate: 0.05, batch: 'minibatch', batchSize: 4, seed: 5 }
      const straight = train(spec, 10)
      const resumed = train(spec, 4, train(spec, 6))
      expect(resumed.epoch).toBe(10)
      expect(Array.from(resumed.params)).toEqual(Array.from(straight.params))
    })

    it.each([
      ['full', {}],
      ['sequence', {}],
      ['minibatch', { batchSize: 3 }],
    ] as const)('lowers the loss with %s batches', (batch, extra) => {
      const t = new Trainer({ kernels, network: net, training: { batch, ...extra, optimizer: 'adam', learningRate: 0.02, seed: 1 }, data })
      const first = t.runEpoch().loss
      let last = first
      for (let i = 0; i < 60; i++) last = t.runEpoch().loss
      expect(last).toBeLessThan(first * 0.7)
    })

    it('counts every sequence once per epoch: the epoch loss of 1-sequence batches is the sum of their losses', () => {
      // with c tiny the weights hardly move, so per-sequence and full-batch epoch losses agree closely
      const seq = new Trainer({ kernels, network: net, training: { batch: 'sequence', learningRate: 1e-12 }, data }).runEpoch().loss
      const full = new Trainer({ kernels, network: net, training: { batch: 'full', learningRate: 1e-12 }, data }).runEpoch().loss
      expect(seq).toBeCloseTo(full, 8)
    })

    it('reports E, per-layer gradient norms and time', () => {
      let clock = 0
      const t = new Trainer({ kernels, network: net, training: { learningRate: 0.1 }, data, now: () => (clock += 250) })
      const before = Float64Array.from(t.params)
      const report = t.runEpoch()
      expect(report.epoch).toBe(1)
      expect(report.seconds).toBe(0.25)
      expect(report.gradNorms).toHaveLength(3) // R + 1 layers
      // full batch sgd: the epoch's gradient is (before − after) / c; its norm per layer is what is reported
      const g = before.map((w, i) => (w - t.params[i]) / 0.1)
      t.layout.layers.forEach((layer, k) => {
        const end = (layer.b ?? layer.V ?? layer.W).offset + (layer.b ?? layer.V ?? layer.W).size
        expect(report.gradNorms[k]).toBeCloseTo(l2Norm(g, layer.W.offset, end), 8)
      })
    })

    it('stops on divergence naming the epoch, keeping the last finite weights', () => {
      const t = new Trainer({ kernels, network: { ...net, output: { units: 2, activation: 'linear' } }, training: { learningRate: 50, seed: 2 }, data })
      const snapshots: Float64Array[] = [Float64Array.from(t.params)]
      let error: unknown
      try {
        for (let i = 0; i < 200; i++) {
          t.runEpoch()
          snapshots.push(Float64Array.from(t.params))
        }
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(DivergenceError)
      const d = error as DivergenceError
      expect(d.epoch).toBe(snapshots.length)
      expect(d.message).toMatch(new RegExp(`^(loss|weights) became (Infinity|-Infinity|NaN) at epoch ${d.epoch}`))
      expect(d.message).toContain('lower the learning rate')
      expect(Array.from(t.params)).toEqual(Array.from(snapshots.at(-1)!))
      expect(t.params.every(Number.isFinite)).toBe(true)
      expect(() => t.runEpoch()).toThrow(DivergenceError)
    })

    it('ignores steps without a target: a null target acts like a target equal to the output', () => {
      // B puts at every step-0 the network's own output as target: zero error and zero gradient there
      const masked: Dataset = { ...data, sequences: data.sequences.map((s) => ({ u: s.u, z: s.z.map((z, t) => (t === 0 ? null : z)) })) }
      const probe = new Trainer({ kernels, network: net, training: {}, data: masked })
      const y = predict(probe.layout, probe.params, probe.data, kernels)
      const echoed: Dataset = { ...data, sequences: masked.sequences.map((s, p) => ({ u: s.u, z: s.z.map((z, t) => (t === 0 ? y[p][0] : z)) })) }
      const a = new Trainer({ kernels, network: net, training: {}, data: masked })
      const b = new Trainer({ kernels, network: net, training: {}, data: echoed })
      expect(a.runEpoch().loss).toBeCloseTo(b.runEpoch().loss, 14)
      a.params.forEach((w, i) => expect(w).toBeCloseTo(b.params[i], 14))
      // and the mask matters: with the original step-0 targets the loss differs
      const unmasked = new Trainer({ kernels, network: net, training: {}, data }).runEpoch().loss
      expect(Math.abs(unmasked - new Trainer({ kernels, network: net, training: {}, data: masked }).runEpoch().loss)).toBeGreaterThan(1e-3)
    })

    it('clips the gradient norm', () => {
      const free = new Trainer({ kernels, network: net, training: { learningRate: 1 }, data })
      const clipped = new Trainer({ kernels, network: net, training: { learningRate: 1, clipGradNorm: 1e-3 }, data })
      const w0 = Float64Array.from(free.params)
      free.runEpoch()
      clipped.runEpoch()
      const step = (t: Trainer) => Math.sqrt(Array.from(t.params).reduce((s, w, i) => s + (w - w0[i]) ** 2, 0))
      expect(step(free)).toBeGreaterThan(1e-2)
      expect(step(clipped)).toBeCloseTo(1e-3, 12) // sgd with c = 1: the step is the clipped gradient
    })

    it('with an error tolerance, output errors within it add nothing', () => {
      // zero input, no bias: y = sigmoid(0) = 0.5 exactly, so |y − z| = 0.05
      const spec: NetworkSpec = { inputSize: 3, hidden: [], output: { units: 2, activation: 'sigmoid', bias: false } }
      const one: Dataset = { inputSize: 3, outputSize: 2, sequences: [{ u: [[0, 0, 0]], z: [[0.55, 0.45]] }] }
      const within = new Trainer({ kernels, network: spec, training: { errorTolerance: 0.1 }, data: one }).runEpoch()
      expect(within.loss).toBe(0)
      expect(within.gradNorms).toEqual([0])
      const outside = new Trainer({ kernels, network: spec, training: { errorTolerance: 0.01 }, data: { ...one, sequences: [{ u: [[1, 0, 0]], z: [[0.55, 0.45]] }] } }).runEpoch()
      expect(outside.gradNorms[0]).toBeGreaterThan(0)
      expect(new Trainer({ kernels, network: spec, training: { errorTolerance: 0.01 }, data: one }).runEpoch().loss).toBeCloseTo(2 * 0.5 * 0.05 ** 2, 15)
    })
  })

  describe('Trainer with saved optimizer state', () => {
    it('starts the optimizer afresh when the state was made for another optimizer', () => {
      const sgd = train({ optimizer: 'sgd', learningRate: 0.05 }, 3)
      const adamFresh = new Trainer({ kernels, network: net, training: { optimizer: 'adam' }, data, params: sgd.params })
      const adamGivenSgdState = new Trainer({ kernels, network: net, training: { optimizer: 'adam' }, data, params: sgd.params, optimizerState: sgd.optimizer })
      expect(adamGivenSgdState.optimizer.second.length).toBe(adamFresh.params.length)
      adamFresh.runEpoch()
      adamGivenSgdState.runEpoch()
      expect(Array.from(adamGivenSgdState.params)).toEqual(Array.from(adamFresh.params))
    })
  })

  describe('Trainer poll hook', () => {
    it('is called within an epoch; a throw aborts the epoch and restores its start', () => {
      let calls = 0
      let abortAt = Infinity
      const t = new Trainer({
        kernels,
        network: net,
        training: { optimizer: 'adam', batch: 'minibatch', batchSize: 3 },
        data,
        poll: () => {
          if (++calls >= abortAt) throw new Error('stop requested')
        },
      })
      t.runEpoch()
      const perEpoch = calls
      expect(perEpoch).toBeGreaterThan(4 * 6) // every batch and every step of forward and backward
      const after1 = Float64Array.from(t.params)
      const steps = t.optimizer.steps
      abortAt = calls + Math.floor(perEpoch / 2) // in the middle of epoch 2
      expect(() => t.runEpoch()).toThrow('stop requested')
      expect(Array.from(t.params)).toEqual(Array.from(after1))
      expect(t.optimizer.steps).toBe(steps)
      expect(t.epoch).toBe(1)
      // and it goes on exactly as an uninterrupted run would
      abortAt = Infinity
      t.runEpoch()
      expect(Array.from(t.params)).toEqual(Array.from(train({ optimizer: 'adam', batch: 'minibatch', batchSize: 3 }, 2).params))
    })
  })

  describe('validation and inspection', () => {
    it('reports the validation E after each epoch, equal to evaluating the weights reached', () => {
      const validation = randomDataset(createRng(8), { m: 3, l: 2, P: 4, maxLength: 5, targets: 'unit' })
      const t = new Trainer({ kernels, network: net, training: { optimizer: 'adam', learningRate: 0.02 }, data, validation })
      const report = t.runEpoch()
      const packed = packDataset(validation, 3, 2)
      const expected = evaluate(t.layout, t.params, packed, { kind: 'sse', activation: 'sigmoid', errorTolerance: 0 }, evaluationWorkspace(t.layout, packed, kernels)).loss
      expect(report.validationLoss).toBe(expected)
      expect(new Trainer({ kernels, network: net, training: {}, data }).runEpoch().validationLoss).toBeUndefined()
    })

    it('inspectSequence gives every layer state of one sequence, as the forward pass of that sequence alone', () => {
      const t = new Trainer({ kernels, network: net, training: {}, data })
      const p = 2
      const { hidden, outputs } = inspectSequence(t.layout, t.params, t.data, p, kernels)
      const T = data.sequences[p].u.length
      expect(hidden.map((h) => h.length)).toEqual([T * 5, T * 4])
      expect(Array.from(outputs)).toEqual(predict(t.layout, t.params, packDataset({ ...data, sequences: [data.sequences[p]] }, 3, 2), kernels)[0].flat())
      expect(() => inspectSequence(t.layout, t.params, t.data, 99)).toThrow('no sequence 99: the data set has 10')
    })
  })

  describe('validation divergence', () => {
    it('a validation error that overflows stops training like a training error would', () => {
      const linear: NetworkSpec = { inputSize: 1, hidden: [], output: { units: 1, activation: 'linear', bias: false } }
      const small: Dataset = { inputSize: 1, outputSize: 1, sequences: [{ u: [[1e-3]], z: [[0]] }] }
      const huge: Dataset = { inputSize: 1, outputSize: 1, sequences: [{ u: [[1e300]], z: [[0]] }] }
      const t = new Trainer({ kernels, network: linear, training: { init: { kind: 'uniform', scale: 1 } }, data: small, validation: huge })
      expect(() => t.runEpoch()).toThrow(/^validation loss became Infinity at epoch 1; lower the learning rate/)
      expect(t.epoch).toBe(0)
    })
  })
})
