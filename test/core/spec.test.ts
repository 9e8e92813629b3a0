// Spec normalization: defaults, and every problem reported with its path.
import { describe, expect, it } from 'vitest'
import { MAX_THREADS, SpecError, TRAINING_DEFAULTS, normalizeNetworkSpec, normalizeTrainingSpec, resolveThreads, specIssues } from '../../src/core/index.js'

describe('specs', () => {
  it('fills in the documented defaults', () => {
    const net = normalizeNetworkSpec({ inputSize: 2, hidden: [{ units: 3 }], output: { units: 1 } })
    expect(net.hidden[0]).toEqual({ units: 3, activation: 'sigmoid', recurrent: true, bias: true })
    expect(net.output).toEqual({ units: 1, activation: 'sigmoid', recurrent: false, bias: true })
    expect(normalizeTrainingSpec({}, net)).toEqual(TRAINING_DEFAULTS)
  })

  it('lists every problem at once, each with its path', () => {
    const issues = specIssues(
      { inputSize: 0, hidden: [{ units: 2.5 }, { units: 4, activation: 'softmax' }], output: { units: 2, activation: 'swish' as 'linear' } },
      { learningRate: -1, horizon: 0, batch: 'sometimes' as 'full' },
    )
    expect(issues.map((i) => i.path)).toEqual([
      'network.inputSize',
      'network.hidden[0].units',
      'network.hidden[1].activation',
      'network.output.activation',
      'training.horizon',
      'training.learningRate',
      'training.batch',
    ])
    expect(issues[2].problem).toBe('softmax is only allowed on the output layer')
  })

  it("precision: 'float64' by default, 'float32' kept, anything else reported at training.precision", () => {
    const net = normalizeNetworkSpec({ inputSize: 1, hidden: [], output: { units: 1 } })
    expect(TRAINING_DEFAULTS.precision).toBe('float64')
    expect(normalizeTrainingSpec({}, net).precision).toBe('float64')
    expect(normalizeTrainingSpec({ precision: 'float32' }, net).precision).toBe('float32')
    expect(specIssues(net, { precision: 'float16' as 'float32' })).toEqual([{ path: 'training.precision', problem: 'expected one of float64, float32, got "float16"' }])
    expect(() => normalizeTrainingSpec({ precision: 32 as never }, net)).toThrow('training.precision: expected one of float64, float32, got 32')
  })
  it("takes threads 'auto' (the default) or a whole number 1..MAX_THREADS; the host resolves 'auto'", () => {
    const net = normalizeNetworkSpec({ inputSize: 1, hidden: [], output: { units: 1 } })
    expect(normalizeTrainingSpec({}, net).threads).toBe('auto')
    expect(normalizeTrainingSpec({ threads: 3 }, net).threads).toBe(3)
    for (const bad of [0, MAX_THREADS + 1, 2.5, 'many']) {
      expect(specIssues(net, { threads: bad as number })).toEqual([{ path: 'training.threads', problem: `expected "auto" or a whole number from 1 to ${MAX_THREADS}, got ${JSON.stringify(bad)}` }])
    }
    expect(resolveThreads('auto', 6)).toBe(6)
    expect(resolveThreads('auto', 0)).toBe(1)
    expect(resolveThreads('auto', 1000)).toBe(MAX_THREADS)
    expect(resolveThreads(2, 6)).toBe(2)
  })

  it('throws a SpecError carrying all issues', () => {
    try {
      normalizeNetworkSpec({ inputSize: -1, hidden: [], output: { units: 0 } })
      throw new Error('expected a SpecError')
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError)
      expect((e as SpecError).issues).toHaveLength(2)
      expect((e as SpecError).path).toBe('network.inputSize')
    }
  })
})
