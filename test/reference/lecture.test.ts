/**
 * Self-tests of the literal reference (lecture.ts). They check it against itself and against hand arithmetic,
 * in ways that can fail:
 *   (a) without recurrence the notes' gradient (1a)/(1b) is the exact gradient: it must match finite differences;
 *   (b) with recurrence it is NOT exact for sequences longer than 1 (it must differ from finite differences), but
 *       it is the exact gradient of E with x_{t-1} frozen (checked by finite differences of that error), and it is
 *       exact again when every sequence has length 1;
 *   (c) a tiny linear network whose forward values, E and gradients are computed on paper;
 *   plus a cross-check of the forward pass, E and the finite-difference gradient against the PyTorch fixtures.
 */
import { describe, it, expect } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { NormalizedNetworkSpec, NormalizedLayerSpec } from '../../src/core/spec.js'
import type { NamedWeights } from '../../src/core/params.js'
import type { Dataset } from '../../src/core/data.js'
import { referenceError, referenceExactGradient, referenceForward, referenceLectureGradient, referenceStep } from './lecture.js'

// ------------------------------------------------------------------------------------------------ helpers

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const uniform = (rand: () => number, a: number) => (2 * rand() - 1) * a

function layer(units: number, activation: NormalizedLayerSpec['activation'], recurrent: boolean, bias: boolean): NormalizedLayerSpec {
  return { units, activation, recurrent, bias }
}

/** Random weights in [-a, a] (biases too), names and shapes as in params.ts. */
function randomWeights(net: NormalizedNetworkSpec, rand: () => number, a = 0.8): NamedWeights {
  const w: NamedWeights = {}
  const layers = [...net.hidden, net.output]
  let nIn = net.inputSize
  layers.forEach((l, k) => {
    const r = k + 1
    const n = l.units
    w[`W${r - 1}`] = Array.from({ length: n }, () => Array.from({ length: nIn }, () => uniform(rand, a)))
    if (l.recurrent) w[`V${r}`] = Array.from({ length: n }, () => Array.from({ length: n }, () => uniform(rand, a)))
    if (l.bias) w[`b${r}`] = Array.from({ length: n }, () => uniform(rand, a))
    nIn = n
  })
  return w
}

/** Random data: one sequence per entry of `lengths`; a step has no target with probability `noTarget`
 *  (step 0 always has one, so every sequence contributes). Targets in [0, 1]. */
function randomData(net: NormalizedNetworkSpec, rand: () => number, lengths: number[], noTarget = 0.25): Dataset {
  const m = net.inputSize
  const l = net.output.units
  return {
    inputSize: m,
    outputSize: l,
    sequences: lengths.map((T) => ({
      u: Array.from({ length: T }, () => Array.from({ length: m }, () => uniform(rand, 1))),
      z: Array.from({ length: T }, (_, t) => (t > 0 && rand() < noTarget ? null : Array.from({ length: l }, () => rand()))),
    })),
  }
}

function entries(w: NamedWeights): Map<string, number> {
  const out = new Map<string, number>()
  for (const [name, value] of Object.entries(w)) {
    value.forEach((row, i) => {
      if (Array.isArray(row)) row.forEach((x, j) => out.set(`${name}[${i}][${j}]`, x))
      else out.set(`${name}[${i}]`, row)
    })
  }
  return out
}

/** Same names and shapes, and the largest |a − b| relative to the largest |b| (∞-norm relative difference). */
function relDiff(a: NamedWeights, b: NamedWeights, only?: (name: string) => boolean): number {
  expect(Object.keys(a)).toEqual(Object.keys(b))
  const ea = entries(a)
  const eb = entries(b)
  expect([...ea.keys()]).toEqual([...eb.keys()])
  let diff = 0
  let scale = 0
  for (const [k, x] of ea) {
    if (only && !only(k)) continue
    const y = eb.get(k)!
    diff = Math.max(diff, Math.abs(x - y))
    scale = Math.max(scale, Math.abs(y))
  }
  expect(scale).toBeGreaterThan(0)
  return diff / scale
}

/** Expects every entry of a and b to agree to `tol` relative, per entry. The absolute floor allows for the
 *  round-off of central differences, about ε·E/h ≈ 1e-10·E, which dominates for entries near 0. */
function expectClose(a: NamedWeights, b: NamedWeights, tol: number): void {
  const ea = entries(a)
  const eb = entries(b)
  expect([...ea.keys()]).toEqual([...eb.keys()])
  let scale = 0
  for (const y of eb.values()) scale = Math.max(scale, Math.abs(y))
  for (const [k, x] of ea) {
    const y = eb.get(k)!
    const bound = tol * Math.max(Math.abs(x), Math.abs(y)) + Math.max(tol * 1e-2 * scale, 1e-9)
    if (!(Math.abs(x - y) <= bound)) throw new Error(`${k}: ${x} vs ${y} (|diff| ${Math.abs(x - y)} > ${bound})`)
  }
}

/**
 * E with the past frozen: E_frozen(w') = Σ_p Σ_t ½ Σ_i (y_t(w'; x_{t-1}(w)) − z_t)², where x_{t-1} comes from
 * the forward pass with the fixed weights w. Its gradient at w' = w is what the notes' formulas compute.
 */
function frozenPastError(net: NormalizedNetworkSpec, w: NamedWeights, wPrime: NamedWeights, data: Dataset): number {
  const R = net.hidden.length
  let E = 0
  for (const seq of data.sequences) {
    const { x } = referenceForward(net, w, seq)
    for (let t = 0; t < seq.u.length; t++) {
      const z = seq.z[t]
      if (z === null) continue
      const xPrev = t === 0 ? null : x.map((layerX) => layerX[t - 1])
      const y = referenceStep(net, wPrime, seq.u[t], xPrev)[R + 1]
      for (let i = 0; i < y.length; i++) E += 0.5 * (y[i] - z[i]) ** 2
    }
  }
  return E
}

function frozenPastGradient(net: NormalizedNetworkSpec, w: NamedWeights, data: Dataset): NamedWeights {
  const wp: NamedWeights = JSON.parse(JSON.stringify(w))
  const g: NamedWeights = JSON.parse(JSON.stringify(w))
  for (const name of Object.keys(wp)) {
    const fd = (get: () => number, set: (v: number) => void): number => {
      const w0 = get()
      const h = 1e-6 * Math.max(1, Math.abs(w0))
      set(w0 + h)
      const plus = frozenPastError(net, w, wp, data)
      set(w0 - h)
      const minus = frozenPastError(net, w, wp, data)
      set(w0)
      return (plus - minus) / (2 * h)
    }
    const v = wp[name]
    if (Array.isArray(v[0])) {
      const M = v as number[][]
      M.forEach((row, i) => row.forEach((_, j) => ((g[name] as number[][])[i][j] = fd(() => M[i][j], (x) => (M[i][j] = x)))))
    } else {
      const B = v as number[]
      B.forEach((_, i) => ((g[name] as number[])[i] = fd(() => B[i], (x) => (B[i] = x))))
    }
  }
  return g
}

// ------------------------------------------------------------------------------------------------ (a)

describe('(a) no recurrence: the notes\' gradient is the exact gradient', () => {
  const cases: { name: string; net: NormalizedNetworkSpec; seed: number }[] = [
    { name: 'R = 0, sigmoid output with bias', net: { inputSize: 3, hidden: [], output: layer(2, 'sigmoid', false, true) }, seed: 11 },
    { name: 'R = 0, linear output without bias', net: { inputSize: 4, hidden: [], output: layer(3, 'linear', false, false) }, seed: 12 },
    {
      name: 'R = 1, non-recurrent tanh hidden layer',
      net: { inputSize: 3, hidden: [layer(4, 'tanh', false, true)], output: layer(2, 'sigmoid', false, true) },
      seed: 13,
    },
    {
      name: 'R = 1, non-recurrent sigmoid hidden layer, no biases (the lecture net minus V)',
      net: { inputSize: 2, hidden: [layer(3, 'sigmoid', false, false)], output: layer(2, 'sigmoid', false, false) },
      seed: 14,
    },
    {
      name: 'R = 2, non-recurrent relu and linear hidden layers',
      net: { inputSize: 3, hidden: [layer(3, 'relu', false, true), layer(2, 'linear', false, false)], output: layer(2, 'tanh', false, true) },
      seed: 15,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const rand = prng(c.seed)
      const w = randomWeights(c.net, rand)
      const data = randomData(c.net, rand, [4, 1, 3])
      const lecture = referenceLectureGradient(c.net, w, data)
      const exact = referenceExactGradient(c.net, w, data)
      expect(relDiff(lecture, exact)).toBeLessThan(1e-7)
      expectClose(lecture, exact, 1e-7)
    })
  }
})

// ------------------------------------------------------------------------------------------------ (b)

describe('(b) with recurrence the notes\' gradient is truncated to one step', () => {
  const recurrentCases: { name: string; net: NormalizedNetworkSpec; seed: number; exactNames: string[] }[] = [
    {
      name: 'R = 1, recurrent sigmoid hidden layer (the lecture net)',
      net: { inputSize: 3, hidden: [layer(3, 'sigmoid', true, false)], output: layer(2, 'sigmoid', false, false) },
      seed: 21,
      exactNames: ['W1'],
    },
    {
      name: 'R = 1, recurrent tanh hidden layer with biases',
      net: { inputSize: 2, hidden: [layer(4, 'tanh', true, true)], output: layer(2, 'sigmoid', false, true) },
      seed: 22,
      exactNames: ['W1', 'b2'],
    },
    {
      name: 'R = 2, both hidden layers recurrent',
      net: { inputSize: 2, hidden: [layer(3, 'tanh', true, true), layer(2, 'sigmoid', true, false)], output: layer(2, 'linear', false, true) },
      seed: 23,
      exactNames: ['W2', 'b3'],
    },
    {
      name: 'R = 1, non-recurrent hidden layer, recurrent output (Jordan-style feedback)',
      net: { inputSize: 3, hidden: [layer(3, 'tanh', false, true)], output: layer(2, 'sigmoid', true, true) },
      seed: 24,
      exactNames: [],
    },
    {
      name: 'R = 0, recurrent output',
      net: { inputSize: 3, hidden: [], output: layer(2, 'tanh', true, true) },
      seed: 25,
      exactNames: [],
    },
  ]

  for (const c of recurrentCases) {
    describe(c.name, () => {
      it('differs from the exact gradient on sequences longer than 1', () => {
        const rand = prng(c.seed)
        const w = randomWeights(c.net, rand)
        const data = randomData(c.net, rand, [5, 3, 4])
        const lecture = referenceLectureGradient(c.net, w, data)
        const exact = referenceExactGradient(c.net, w, data)
        expect(relDiff(lecture, exact)).toBeGreaterThan(1e-3)
        // The weights of a non-recurrent output layer only reach E through the same step: those still agree.
        if (c.exactNames.length > 0) {
          expect(relDiff(lecture, exact, (k) => c.exactNames.some((n) => k.startsWith(`${n}[`)))).toBeLessThan(1e-7)
        }
      })

      it('is the exact gradient of E with x_{t-1} frozen', () => {
        const rand = prng(c.seed + 100)
        const w = randomWeights(c.net, rand)
        const data = randomData(c.net, rand, [4, 2, 5])
        expectClose(referenceLectureGradient(c.net, w, data), frozenPastGradient(c.net, w, data), 1e-7)
      })

      it('agrees with the exact gradient when every sequence has length 1', () => {
        const rand = prng(c.seed + 200)
        const w = randomWeights(c.net, rand)
        const data = randomData(c.net, rand, [1, 1, 1, 1])
        const lecture = referenceLectureGradient(c.net, w, data)
        const exact = referenceExactGradient(c.net, w, data)
        expect(relDiff(lecture, exact)).toBeLessThan(1e-7)
        expectClose(lecture, exact, 1e-7)
        // at t = 0 there is no recurrent term, so every V gets exactly 0 from the notes' formulas
        for (const name of Object.keys(lecture).filter((k) => k.startsWith('V'))) {
          for (const row of lecture[name] as number[][]) for (const x of row) expect(x).toBe(0)
        }
      })
    })
  }
})

// ------------------------------------------------------------------------------------------------ (c)

describe('(c) a network small enough to check on paper', () => {
  // m = 1 input, one hidden unit (linear, recurrent, no bias), one output (linear, not recurrent, bias).
  // Weights: W0 = [[0.5]] (u → x), V1 = [[0.5]] (x_{t-1} → x_t), W1 = [[2]] (x → y), b2 = [-1].
  // One sequence: u = 1, 2, −1; z = 1, (none), 0.
  //   t = 0: x_0 = 0.5·1                 = 0.5     y_0 = 2·0.5 − 1   = 0
  //   t = 1: x_1 = 0.5·2 + 0.5·0.5       = 1.25    y_1 = 2·1.25 − 1  = 1.5
  //   t = 2: x_2 = 0.5·(−1) + 0.5·1.25   = 0.125   y_2 = 2·0.125 − 1 = −0.75
  //   E = ½(0 − 1)² + [t = 1 has no target] + ½(−0.75 − 0)² = 0.5 + 0.28125 = 0.78125
  // Errors δ_t = y_t − z_t: δ_0 = −1, δ_2 = −0.75; f' = 1 everywhere.
  // The notes' gradient (x_{t-1} constant):
  //   ∂E/∂W1 = δ_0·x_0 + δ_2·x_2        = −0.5 − 0.09375        = −0.59375
  //   ∂E/∂b2 = δ_0 + δ_2                = −1.75
  //   ∂E/∂W0 = δ_0·W1·u_0 + δ_2·W1·u_2  = −1·2·1 + (−0.75)·2·(−1) = −2 + 1.5 = −0.5
  //   ∂E/∂V1 = δ_2·W1·x_1 (t ≥ 1 only)  = −0.75·2·1.25          = −1.875
  // The exact gradient also follows x_{t-1}: ∂x_t/∂V = x_{t-1} + V·∂x_{t-1}/∂V, ∂x_t/∂W0 = u_t + V·∂x_{t-1}/∂W0:
  //   ∂x_0/∂V = 0, ∂x_1/∂V = 0.5, ∂x_2/∂V = 1.25 + 0.5·0.5 = 1.5        → ∂E/∂V1 = −0.75·2·1.5 = −2.25
  //   ∂x_0/∂W0 = 1, ∂x_1/∂W0 = 2 + 0.5·1 = 2.5, ∂x_2/∂W0 = −1 + 0.5·2.5 = 0.25
  //                                                → ∂E/∂W0 = −1·2·1 + (−0.75)·2·0.25 = −2 − 0.375 = −2.375
  //   W1 and b2 as in the notes' gradient (the output layer is not recurrent).
  const net: NormalizedNetworkSpec = { inputSize: 1, hidden: [layer(1, 'linear', true, false)], output: layer(1, 'linear', false, true) }
  const w: NamedWeights = { W0: [[0.5]], V1: [[0.5]], W1: [[2]], b2: [-1] }
  const data: Dataset = { inputSize: 1, outputSize: 1, sequences: [{ u: [[1], [2], [-1]], z: [[1], null, [0]] }] }

  it('forward values', () => {
    // every value above is a dyadic fraction, so the float arithmetic is exact
    expect(referenceForward(net, w, data.sequences[0]).x).toEqual([
      [[1], [2], [-1]],
      [[0.5], [1.25], [0.125]],
      [[0], [1.5], [-0.75]],
    ])
  })

  it('E', () => {
    expect(referenceError(net, w, data)).toBe(0.78125)
  })

  it('the notes\' gradient', () => {
    expect(referenceLectureGradient(net, w, data)).toEqual({ W0: [[-0.5]], V1: [[-1.875]], W1: [[-0.59375]], b2: [-1.75] })
  })

  it('the exact gradient', () => {
    expectClose(referenceExactGradient(net, w, data), { W0: [[-2.375]], V1: [[-2.25]], W1: [[-0.59375]], b2: [-1.75] }, 1e-8)
  })
})

// ------------------------------------------------------------------------------------------------ misc

describe('activations and shapes', () => {
  it('softmax output: forward is a distribution, the notes\' gradient refuses it', () => {
    const net: NormalizedNetworkSpec = { inputSize: 2, hidden: [layer(3, 'sigmoid', true, true)], output: layer(4, 'softmax', false, true) }
    const rand = prng(31)
    const w = randomWeights(net, rand, 2)
    const data = randomData(net, rand, [3])
    const { x } = referenceForward(net, w, data.sequences[0])
    for (const y of x[2]) {
      expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14)
      for (const yi of y) expect(yi).toBeGreaterThan(0)
    }
    expect(Number.isFinite(referenceError(net, w, data))).toBe(true)
    expect(() => referenceLectureGradient(net, w, data)).toThrow(/softmax/)
  })

  it('gradients carry the names and shapes of params.ts', () => {
    const net: NormalizedNetworkSpec = {
      inputSize: 3,
      hidden: [layer(4, 'tanh', true, false), layer(2, 'relu', false, true)],
      output: layer(5, 'sigmoid', true, true),
    }
    const rand = prng(32)
    const w = randomWeights(net, rand)
    const data = randomData(net, rand, [2])
    const shapes = (g: NamedWeights) =>
      Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Array.isArray(v[0]) ? [v.length, (v[0] as number[]).length] : [v.length]]))
    const expected = { W0: [4, 3], V1: [4, 4], W1: [2, 4], b2: [2], W2: [5, 2], V3: [5, 5], b3: [5] }
    expect(shapes(referenceLectureGradient(net, w, data))).toEqual(expected)
    expect(shapes(referenceExactGradient(net, w, data))).toEqual(expected)
    expect(Object.keys(referenceLectureGradient(net, w, data))).toEqual(Object.keys(expected))
  })

  it('rejects weights of the wrong shape', () => {
    const net: NormalizedNetworkSpec = { inputSize: 2, hidden: [], output: layer(2, 'linear', false, false) }
    expect(() => referenceForward(net, { W0: [[1, 2]] }, { u: [[1, 1]], z: [null] })).toThrow(/W0/)
  })
})

// ------------------------------------------------------------------------------------------------ fixtures

interface TorchFixture {
  name: string
  network: NormalizedNetworkSpec
  loss: string
  data: Dataset
  initialWeights: NamedWeights
  outputs: number[][][]
  E: number
  gradients: NamedWeights
}

const fixtureDir = new URL('../fixtures/torch/', import.meta.url)
const fixtures: TorchFixture[] = existsSync(fixtureDir)
  ? readdirSync(fixtureDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8')) as TorchFixture)
  : []

describe.skipIf(fixtures.length === 0)('agrees with the PyTorch fixtures (test/fixtures/torch)', () => {
  for (const fx of fixtures) {
    it(`${fx.name}: outputs${fx.loss === 'sse' ? ', E and the exact gradient' : ''}`, () => {
      const R = fx.network.hidden.length
      fx.data.sequences.forEach((seq, p) => {
        const y = referenceForward(fx.network, fx.initialWeights, seq).x[R + 1]
        expect(y.length).toBe(fx.outputs[p].length)
        y.forEach((yt, t) => yt.forEach((yi, i) => expect(Math.abs(yi - fx.outputs[p][t][i])).toBeLessThan(1e-12)))
      })
      if (fx.loss !== 'sse') return
      expect(Math.abs(referenceError(fx.network, fx.initialWeights, fx.data) - fx.E)).toBeLessThan(1e-12 * Math.max(1, fx.E))
      expectClose(referenceExactGradient(fx.network, fx.initialWeights, fx.data), fx.gradients, 1e-7)
    })
  }
})
