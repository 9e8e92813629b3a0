// The Lecture lab's host functions (src/node/lab/lab.ts) on data too large to check whole: the gradient check runs on
// a seeded sample of the sequences and of each matrix's entries and says so; a mode comparison over more horizons than
// the work budget allows is refused, naming the largest that fits.
import { describe, expect, it } from 'vitest'
import { createRng } from '../../src/core/index.js'
import { CHECK_BUDGET, COMPARE_BUDGET, labCompare, labGradcheck, type LabWork } from '../../src/node/lab/index.js'
import { network, randomDataset } from '../helpers/random.js'

/** A NETtalk-sized network (≈ 23 000 weights) on 300 sequences of up to 8 steps. */
function largeWork(): LabWork {
  const rng = createRng(42)
  return {
    network: network({ m: 50, l: 20, hidden: [120], activation: 'sigmoid', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: false }),
    training: { loss: 'sse', gradient: 'truncated', horizon: 3, init: { kind: 'uniform', scale: 0.3 }, seed: 5 },
    params: null,
    epoch: 0,
    data: randomDataset(rng, { m: 50, l: 20, P: 300, maxLength: 8, missing: 0.2, inputs: 'binary', targets: 'unit' }),
  }
}

describe('lab on large data', () => {
  it('checks a seeded sample of the sequences and of the entries, says how many, and passes', () => {
    const work = largeWork()
    const result = labGradcheck(work, { gradients: [{ mode: 'exact' }], seed: 9 })
    expect(CHECK_BUDGET).toBe(8e9)
    expect(result.sampled).toBe(true)
    expect(result.sequences.total).toBe(300)
    expect(result.sequences.checked).toBeGreaterThanOrEqual(4)
    expect(result.sequences.checked).toBeLessThan(300)
    expect(result.maxPerMatrix).toBe(24)
    const [check] = result.checks
    expect(check.rows.map((r) => [r.name, r.checked, r.size])).toEqual([
      ['W0', 24, 6000],
      ['V1', 24, 14400],
      ['b1', 24, 120],
      ['W1', 24, 2400],
      ['b2', 20, 20],
    ])
    expect(check.pass).toBe(true)
  })

  it('refuses a comparison over more horizons than the work budget allows, naming the largest that fits, before computing', () => {
    // 50 sequences of up to 400 steps: truncated(k) for every k up to T = 400 would be far over COMPARE_BUDGET
    const rng = createRng(7)
    const work: LabWork = {
      network: network({ m: 3, l: 2, hidden: [20], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: false }),
      training: { loss: 'sse', seed: 1 },
      params: null,
      epoch: 0,
      data: randomDataset(rng, { m: 3, l: 2, P: 50, maxLength: 400, missing: 0.2, targets: 'unit' }),
    }
    expect(COMPARE_BUDGET).toBe(2e10)
    expect(() => labCompare(work, { maxHorizon: 400 })).toThrow(/^comparing up to k = 400 is too much work for this data \(\d+ target steps, 522 weights\): ask for k ≤ \d\d$/)
  })
})
