// Sweep expansion: grid size and order, linear and log ranges (endpoints, floating error), seeded random
// sampling (reproducible, within the budget, distinct), repeated seeds, the command-line syntax, and errors for
// bad specs naming where they are.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProject, type Project } from '../../src/shared/project-file.js'
import { SweepError, expandSweep, normalizeSweep, parseSweepParam, sweepValues, type SweepSpec } from '../../src/shared/sweep.js'

// the committed v1 echo project: one tanh hidden layer of 2 units, learning rate 0.5, truncated horizon 2, trained
const base: Project = { ...parseProject(readFileSync(join(import.meta.dirname, '../fixtures/projects/echo-v1.rnn.json'), 'utf8')), runs: [] }

const list = (...values: (number | string)[]) => ({ kind: 'list' as const, values })
const errorOf = (f: () => unknown): SweepError => {
  try {
    f()
  } catch (e) {
    if (e instanceof SweepError) return e
    throw e
  }
  throw new Error('no error')
}

describe('sweepValues', () => {
  it('linear ranges include both ends when whole steps reach them, without floating error', () => {
    expect(sweepValues({ kind: 'linear', from: 4, to: 16, step: 4 })).toEqual([4, 8, 12, 16])
    expect(sweepValues({ kind: 'linear', from: 4, to: 15, step: 4 })).toEqual([4, 8, 12])
    expect(sweepValues({ kind: 'linear', from: 0.1, to: 0.3, step: 0.1 })).toEqual([0.1, 0.2, 0.3]) // 0.3/0.1 = 2.9999999999999996
    expect(sweepValues({ kind: 'linear', from: 0, to: 1, step: 0.1 })).toHaveLength(11)
    expect(sweepValues({ kind: 'linear', from: 0, to: 1, step: 0.1 })[3]).toBe(0.3) // 3 × 0.1 = 0.30000000000000004
    expect(sweepValues({ kind: 'linear', from: 5, to: 1, step: -2 })).toEqual([5, 3, 1])
    expect(sweepValues({ kind: 'linear', from: 2, to: 2, step: 1 })).toEqual([2])
  })

  it('log ranges: count values, exact endpoints, a constant ratio', () => {
    const v = sweepValues({ kind: 'log', from: 0.001, to: 0.1, count: 5 }) as number[]
    expect(v).toHaveLength(5)
    expect(v[0]).toBe(0.001)
    expect(v[4]).toBe(0.1)
    expect(v[2]).toBe(0.01)
    for (let i = 1; i < 5; i++) expect(v[i] / v[i - 1]).toBeCloseTo(Math.sqrt(10), 9)
    expect(sweepValues({ kind: 'log', from: 1, to: 1000, count: 4 })).toEqual([1, 10, 100, 1000])
  })

  it('refuses ranges that go nowhere, are empty or too long', () => {
    expect(errorOf(() => sweepValues({ kind: 'linear', from: 1, to: 5, step: -1 })).message).toMatch(/does not lead from 1 to 5/)
    expect(errorOf(() => sweepValues({ kind: 'linear', from: 1, to: 5, step: 0 })).path).toBe('values.step')
    expect(errorOf(() => sweepValues({ kind: 'linear', from: 0, to: 1e6, step: 1 })).message).toMatch(/more than 1000/)
    expect(errorOf(() => sweepValues({ kind: 'log', from: 0, to: 1, count: 3 })).message).toMatch(/> 0/)
    expect(errorOf(() => sweepValues({ kind: 'log', from: 1, to: 2, count: 1 })).message).toMatch(/at least 2/)
    expect(errorOf(() => sweepValues(list())).message).toMatch(/at least one value/)
    expect(errorOf(() => sweepValues({ kind: 'list', values: [1, NaN] })).path).toBe('values.values[1]')
    expect(errorOf(() => sweepValues({ kind: 'cubic' } as never)).path).toBe('values.kind')
  })
})

describe('expandSweep', () => {
  it('a grid is the product of the value lists, last parameter fastest, with labels naming the values', () => {
    const spec: SweepSpec = {
      params: [
        { name: 'learningRate', values: list(0.01, 0.03, 0.1) },
        { name: 'hidden[0].units', values: { kind: 'linear', from: 4, to: 16, step: 4 } },
        { name: 'hidden[0].activation', values: list('tanh', 'sigmoid') },
      ],
    }
    const v = expandSweep(spec, base)
    expect(v).toHaveLength(3 * 4 * 2)
    expect(v[0].label).toBe('learningRate=0.01 hidden[0].units=4 hidden[0].activation=tanh')
    expect(v[1].label).toBe('learningRate=0.01 hidden[0].units=4 hidden[0].activation=sigmoid')
    expect(v.at(-1)!.label).toBe('learningRate=0.1 hidden[0].units=16 hidden[0].activation=sigmoid')
    expect(new Set(v.map((x) => x.label)).size).toBe(24)
    // each variant is a full project with the settings applied, from its seed, without history or records
    const last = v.at(-1)!.project
    expect(last.training).toEqual({ ...base.training, learningRate: 0.1 })
    expect(last.network.hidden[0]).toEqual({ units: 16, activation: 'sigmoid' })
    expect(last.network.output).toEqual(base.network.output)
    expect(last.data).toBe(base.data)
    expect(last.weights).toBeNull()
    expect(last.history).toEqual({ loss: [] })
    expect(last.runs).toBeUndefined()
    // the base project is untouched
    expect(base.network.hidden[0]).toEqual({ units: 2, activation: 'tanh' })
    expect(base.training.learningRate).toBe(0.5)
  })

  it('repeats each combination with seeds from the project’s, and applies epochs', () => {
    const v = expandSweep({ params: [{ name: 'gradient', values: list('exact', 'truncated') }, { name: 'horizon', values: list(1, 3) }], seeds: 3, epochs: 7 }, base)
    expect(v).toHaveLength(2 * 2 * 3)
    expect(v.slice(0, 3).map((x) => x.label)).toEqual(['gradient=exact horizon=1 seed=1', 'gradient=exact horizon=1 seed=2', 'gradient=exact horizon=1 seed=3'])
    expect(v[2].project.training).toMatchObject({ gradient: 'exact', horizon: 1, seed: 3, epochs: 7 })
    expect(v[2].values).toEqual({ gradient: 'exact', horizon: 1, seed: 3 })
  })

  it('refuses a grid beyond the budget, saying its size', () => {
    const spec: SweepSpec = { params: [{ name: 'learningRate', values: { kind: 'log', from: 1e-4, to: 1, count: 50 } }, { name: 'seed', values: { kind: 'linear', from: 1, to: 3, step: 1 } }] }
    expect(errorOf(() => expandSweep(spec, base)).message).toBe('runs: the grid has 150 runs (50 × 3), more than the budget of 100')
    expect(expandSweep({ ...spec, runs: 150 }, base)).toHaveLength(150)
  })

  it('random sampling: reproducible with its seed, within the budget, distinct combinations from the grid', () => {
    const spec: SweepSpec = {
      sampling: 'random',
      runs: 20,
      seeds: 2,
      params: [
        { name: 'learningRate', values: { kind: 'log', from: 1e-3, to: 1, count: 10 } },
        { name: 'hidden[0].units', values: { kind: 'linear', from: 1, to: 8, step: 1 } },
        { name: 'optimizer', values: list('sgd', 'momentum', 'adam') },
      ],
    }
    const a = expandSweep(spec, base)
    expect(a).toHaveLength(20) // 10 combinations × 2 seeds
    expect(expandSweep(spec, base).map((x) => x.label)).toEqual(a.map((x) => x.label))
    const combos = a.map((x) => x.label.replace(/ seed=\d+$/, ''))
    expect(new Set(combos).size).toBe(10)
    const grid = new Set(expandSweep({ ...spec, sampling: 'grid', seeds: 1, runs: 1000 }, base).map((x) => x.label))
    for (const c of combos) expect(grid.has(c)).toBe(true)
    const other = expandSweep({ ...spec, samplingSeed: 2 }, base)
    expect(other.map((x) => x.label)).not.toEqual(a.map((x) => x.label))
    // a budget as large as the grid takes the whole grid
    expect(expandSweep({ ...spec, seeds: 1, runs: 240 }, base)).toHaveLength(240)
    expect(expandSweep({ ...spec, seeds: 1, runs: 1000 }, base)).toHaveLength(240)
  })

  it('refuses bad specs, naming where', () => {
    const cases: [string, SweepSpec, string, RegExp][] = [
      ['no parameters', { params: [] }, 'params', /at least one/],
      ['an unknown parameter', { params: [{ name: 'learningrate', values: list(0.1) }] }, 'params[0].name', /unknown parameter "learningrate"; known: learningRate,/],
      ['a layer the network lacks', { params: [{ name: 'hidden[1].units', values: list(3) }] }, 'params[0].name', /has 1 hidden layer \(hidden\[0\]..hidden\[0\]\)/],
      ['an empty list', { params: [{ name: 'learningRate', values: list() }] }, 'params[0].values.values', /at least one value/],
      ['a negative learning rate', { params: [{ name: 'learningRate', values: list(0.1, -1) }] }, 'params[0].values', /learningRate=-1 \(value 2\): expected a number > 0/],
      ['fractional units', { params: [{ name: 'hidden[0].units', values: list(2.5) }] }, 'params[0].values', /expected a whole number/],
      ['an unknown activation', { params: [{ name: 'hidden[0].activation', values: list('gelu') }] }, 'params[0].values', /one of sigmoid, tanh/],
      ['a value the network spec rejects', { params: [{ name: 'hidden[0].activation', values: list('tanh', 'softmax') }] }, 'params', /hidden\[0\].activation=softmax: network.hidden\[0\].activation: /],
      ['a duplicate parameter', { params: [{ name: 'seed', values: list(1) }, { name: 'seed', values: list(2) }] }, 'params[1].name', /swept twice/],
      ['a duplicate value', { params: [{ name: 'seed', values: list(1, 1) }] }, 'params[0].values', /twice/],
      ['seeds with a swept seed', { params: [{ name: 'seed', values: list(1, 2) }], seeds: 2 }, 'seeds', /exclude/],
      ['an unknown field', { params: [{ name: 'seed', values: list(1) }], budget: 3 } as never, 'budget', /unknown field/],
      ['a bad sampling', { params: [{ name: 'seed', values: list(1) }], sampling: 'sobol' } as never, 'sampling', /grid/],
      ['a budget of 0 runs', { params: [{ name: 'seed', values: list(1) }], runs: 0 }, 'runs', /from 1 to 1000/],
      ['random with too small a budget', { params: [{ name: 'batch', values: list('full') }], seeds: 3, runs: 2, sampling: 'random' }, 'runs', /less than one combination/],
    ]
    for (const [what, spec, path, message] of cases) {
      const e = errorOf(() => expandSweep(spec, base))
      expect(e.path, what).toBe(path)
      expect(e.problem, what).toMatch(message)
    }
  })

  it('normalizeSweep states the defaults', () => {
    expect(normalizeSweep({ params: [{ name: 'batch', values: list('full', 'sequence') }] }, base.network)).toEqual({
      params: [{ name: 'batch', values: ['full', 'sequence'] }],
      seeds: 1,
      sampling: 'grid',
      runs: 100,
      samplingSeed: 1,
    })
  })
})

describe('parseSweepParam', () => {
  it('reads lists, ranges and log ranges', () => {
    expect(parseSweepParam('learningRate=0.01,0.03,0.1')).toEqual({ name: 'learningRate', values: list(0.01, 0.03, 0.1) })
    expect(parseSweepParam('hidden[0].units=4..16:4')).toEqual({ name: 'hidden[0].units', values: { kind: 'linear', from: 4, to: 16, step: 4 } })
    expect(parseSweepParam('seed=1..5')).toEqual({ name: 'seed', values: { kind: 'linear', from: 1, to: 5, step: 1 } })
    expect(parseSweepParam('learningRate=0.001..0.1:log5')).toEqual({ name: 'learningRate', values: { kind: 'log', from: 0.001, to: 0.1, count: 5 } })
    expect(parseSweepParam('learningRate=1e-3..1e-1:log3')).toEqual({ name: 'learningRate', values: { kind: 'log', from: 0.001, to: 0.1, count: 3 } })
    expect(parseSweepParam('hidden[0].activation=tanh, relu')).toEqual({ name: 'hidden[0].activation', values: list('tanh', 'relu') })
    expect(parseSweepParam('gradient=truncated')).toEqual({ name: 'gradient', values: list('truncated') })
    // what it reads expands as the examples say
    expect(sweepValues(parseSweepParam('hidden[0].units=4..16:4').values)).toEqual([4, 8, 12, 16])
  })

  it('refuses text that is not name=values', () => {
    expect(errorOf(() => parseSweepParam('learningRate')).message).toMatch(/expected name=values/)
    expect(errorOf(() => parseSweepParam('=0.1')).message).toMatch(/expected name=values/)
    expect(errorOf(() => parseSweepParam('learningRate=0.1,,0.2')).message).toMatch(/an empty value/)
    expect(errorOf(() => parseSweepParam('learningRate=')).message).toMatch(/an empty value/)
    expect(errorOf(() => parseSweepParam('learningRate=0.1..x')).message).toMatch(/expected a range/)
    expect(errorOf(() => parseSweepParam('learningRate=0.1..1:logx')).message).toMatch(/expected a range/)
  })
})
