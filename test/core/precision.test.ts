// Training precision 'float32' (spec.ts, compute.ts, trainer.ts): the trainer's arrays are Float32Arrays in
// both kernel sets, weights come in rounded once and go out as exact float64 copies, a float32 run follows
// the float64 run of the same settings to a stated tolerance, and resuming from its saved (float64) weights
// and optimizer state is exact.
import { describe, expect, it } from 'vitest'
import { Trainer, createRng, evaluate, normalizeNetworkSpec, normalizeTrainingSpec, packDataset, paramLayout, seededParams, workingBytes, type Dataset, type NetworkSpec, type TrainingSpec } from '../../src/core/index.js'
import { KERNEL_SETS } from '../helpers/kernels.js'
import { network, randomDataset } from '../helpers/random.js'

const net: NetworkSpec = network({ m: 3, l: 2, hidden: [5, 4], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: false })
const data: Dataset = randomDataset(createRng(7), { m: 3, l: 2, P: 10, maxLength: 6, missing: 0.2, targets: 'unit' })
const validation: Dataset = randomDataset(createRng(8), { m: 3, l: 2, P: 4, maxLength: 5, missing: 0, targets: 'unit' })

/** float32 against float64 after 20 epochs of this net (measured: loss ≤ 2.1e-6 relative, weights ≤ 4.5e-6,
 *  |w| ≤ 1.5): ten times that. */
const LOSS_RELATIVE = 2e-5
const WEIGHTS_ABSOLUTE = 5e-5

describe.each(KERNEL_SETS)('float32 training, %s kernels', (kernels) => {
  const make = (training: TrainingSpec, from?: Trainer) => {
    const saved = from?.snapshot()
    return new Trainer({ kernels, network: net, training, data, validation, params: saved?.params, epoch: from?.epoch, optimizerState: saved?.optimizer })
  }

  it('keeps its arrays in float32, rounded once from the float64 start, and gives float64 copies out', () => {
    const t = make({ precision: 'float32', optimizer: 'adam' })
    expect(t.kernels).toBe(kernels)
    expect(t.training.precision).toBe('float32')
    expect(t.params).toBeInstanceOf(Float32Array)
    expect(t.grads).toBeInstanceOf(Float32Array)
    expect(t.optimizer.first).toBeInstanceOf(Float32Array)
    const start = seededParams(t.network, t.training)
    expect(Array.from(t.params)).toEqual(Array.from(start, Math.fround))
    t.runEpoch()
    const out = t.snapshot()
    expect(out.params).toBeInstanceOf(Float64Array)
    expect(out.optimizer.second).toBeInstanceOf(Float64Array)
    expect(Array.from(out.params)).toEqual(Array.from(t.params))
    expect(Array.from(out.optimizer.second)).toEqual(Array.from(t.optimizer.second))
    out.params[0] += 1 // a copy
    expect(out.params[0]).not.toBe(t.params[0])
    // the float64 default is unchanged
    expect(make({}).params).toBeInstanceOf(Float64Array)
  })

  it.each(['sgd', 'momentum', 'adam'] as const)(`follows the float64 run to ${LOSS_RELATIVE} in E and ${WEIGHTS_ABSOLUTE} in the weights over 20 epochs (%s, minibatches)`, (optimizer) => {
    const spec: TrainingSpec = { optimizer, learningRate: optimizer === 'adam' ? 0.01 : 0.1, batch: 'minibatch', batchSize: 3, seed: 3 }
    const f64 = make(spec)
    const f32 = make({ ...spec, precision: 'float32' })
    let firstGap = 0
    for (let e = 0; e < 20; e++) {
      const a = f64.runEpoch()
      const b = f32.runEpoch()
      expect(Math.abs(b.loss - a.loss), `epoch ${e + 1}`).toBeLessThanOrEqual(LOSS_RELATIVE * a.loss)
      expect(Math.abs(b.validationLoss! - a.validationLoss!)).toBeLessThanOrEqual(LOSS_RELATIVE * a.validationLoss!)
      b.gradNorms.forEach((g, k) => expect(Math.abs(g - a.gradNorms[k])).toBeLessThanOrEqual(1e-4 * a.gradNorms[k]))
      if (e === 0) firstGap = Math.abs(b.loss - a.loss)
    }
    let gap = 0
    for (let i = 0; i < f64.params.length; i++) gap = Math.max(gap, Math.abs(f64.params[i] - f32.params[i]))
    expect(gap).toBeLessThanOrEqual(WEIGHTS_ABSOLUTE)
    // float32 is really float32: the runs differ (a float64 run rounded at the end would not)
    expect(gap).toBeGreaterThan(1e-9)
    expect(firstGap).toBeGreaterThan(0)
    // and it learns: E fell
    expect(f32.runEpoch().loss).toBeLessThan(make({ ...spec, precision: 'float32' }).runEpoch().loss)
  })

  it('resumes exactly from its float64 snapshot: 6 + 4 epochs = 10 epochs (adam, shuffled minibatches)', () => {
    const spec: TrainingSpec = { precision: 'float32', optimizer: 'adam', learningRate: 0.02, batch: 'minibatch', batchSize: 4, seed: 5 }
    const straight = make(spec)
    for (let e = 0; e < 10; e++) straight.runEpoch()
    const first = make(spec)
    for (let e = 0; e < 6; e++) first.runEpoch()
    const resumed = make(spec, first)
    for (let e = 0; e < 4; e++) resumed.runEpoch()
    expect(resumed.epoch).toBe(10)
    expect(Array.from(resumed.params)).toEqual(Array.from(straight.params))
  })

  it('a float32 run evaluates its validation data in float32: E equals evaluating its weights in float32', () => {
    const t = make({ precision: 'float32', learningRate: 0.2 })
    const report = t.runEpoch()
    const packed = packDataset(validation, 3, 2)
    const loss = { kind: t.training.loss, activation: t.network.output.activation, errorTolerance: 0 }
    const in64 = evaluate(t.layout, t.snapshot().params, packed, loss).loss
    expect(Math.abs(report.validationLoss! - in64)).toBeLessThanOrEqual(1e-5 * in64)
  })
})

describe('float32 memory', () => {
  it('needs about half the bytes: a memory limit that refuses float64 admits float32', () => {
    const network = normalizeNetworkSpec(net)
    const layout = paramLayout(network)
    const bytes = (precision: 'float64' | 'float32') => workingBytes(layout, 10, 6, normalizeTrainingSpec({ precision, optimizer: 'adam' }, network))
    expect(bytes('float32')).toBeLessThan(0.7 * bytes('float64'))
    const limit = (bytes('float32') + bytes('float64')) / 2
    expect(() => new Trainer({ network: net, training: { optimizer: 'adam' }, data, memoryLimitBytes: limit })).toThrow('more than the')
    expect(new Trainer({ network: net, training: { optimizer: 'adam', precision: 'float32' }, data, memoryLimitBytes: limit }).params).toBeInstanceOf(Float32Array)
  })
})

describe('float32 across kernel sets', () => {
  it('the WASM and TypeScript float32 runs agree to float32 rounding', () => {
    const spec: TrainingSpec = { precision: 'float32', optimizer: 'adam', learningRate: 0.01, batch: 'full', seed: 9 }
    const [a, b] = KERNEL_SETS.map((kernels) => new Trainer({ kernels, network: net, training: spec, data }))
    for (let e = 0; e < 10; e++) {
      const la = a.runEpoch().loss
      const lb = b.runEpoch().loss
      expect(Math.abs(la - lb)).toBeLessThanOrEqual(LOSS_RELATIVE * la)
    }
    for (let i = 0; i < a.params.length; i++) expect(Math.abs(a.params[i] - b.params[i])).toBeLessThanOrEqual(WEIGHTS_ABSOLUTE)
  })
})
