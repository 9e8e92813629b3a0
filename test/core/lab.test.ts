// The Lecture lab's core (issue 13): the windows truncated backpropagation follows (windows.ts), the gradient check
// of every mode (gradcheck.ts), step inspection and the mode comparison (lab.ts). Oracles: the literal
// transcription of the lecture (test/reference/lecture.ts), central differences, the PyTorch fixtures.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  compareModes,
  createRng,
  datasetGradient,
  evaluate,
  evaluationWorkspace,
  fromNamedWeights,
  gradientCheck,
  inspectStep,
  normalizeNetworkSpec,
  packDataset,
  paramLayout,
  toNamedWeights,
  windowedData,
  type Dataset,
  type GradientChoice,
  type LossKind,
  type NamedWeights,
  type NetworkSpec,
  type NormalizedNetworkSpec,
  type PackedData,
  type ParamLayout,
} from '../../src/core/index.js'
import { KERNEL_SETS } from '../helpers/kernels.js'
import { network, randomDataset } from '../helpers/random.js'
import { referenceForward, referenceStep } from '../reference/lecture.js'

const configs = [
  { R: 1, act: 'sigmoid', bias: false, outRec: false, loss: 'sse' },
  { R: 2, act: 'tanh', bias: true, outRec: true, loss: 'mse' },
  { R: 0, act: 'sigmoid', bias: true, outRec: true, loss: 'sse' },
  { R: 3, act: 'tanh', bias: false, outRec: false, loss: 'sse' },
] as const

/** A small network, weights off zero, and `P` sequences of up to 6 steps with some steps without a target. */
function setup(i: number, c: (typeof configs)[number], P = 3) {
  const rng = createRng(700 + i)
  const spec = normalizeNetworkSpec(
    network({ m: 3, l: 2, hidden: [4, 3, 2].slice(0, c.R), activation: c.act, outputActivation: 'sigmoid', recurrent: true, bias: c.bias, outputRecurrent: c.outRec }),
  )
  const layout = paramLayout(spec)
  const params = Float64Array.from({ length: layout.size }, () => rng.uniform(-0.8, 0.8))
  const dataset = randomDataset(rng, { m: 3, l: 2, P, maxLength: 6, missing: 0.3, targets: 'unit' })
  const data = packDataset(dataset, 3, 2)
  const loss = { kind: c.loss as LossKind, activation: spec.output.activation, errorTolerance: 0 }
  return { spec, layout, params, dataset, data, loss, training: { loss: c.loss as LossKind, errorTolerance: 0 } }
}

const modes: GradientChoice[] = [
  { gradient: 'exact', horizon: 1 },
  { gradient: 'truncated', horizon: 2 },
  { gradient: 'truncated', horizon: 3 },
  { gradient: 'lecture', horizon: 1 },
]
const label = (c: GradientChoice) => (c.gradient === 'truncated' ? `truncated(${c.horizon})` : c.gradient)

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0
  let scale = 0
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]))
    worst = Math.max(worst, Math.abs(a[i] - b[i]))
  }
  return worst / Math.max(scale, 1e-300)
}

/** Σ_t E_t with E_t computed by the reference transcription forward from x_{t−k} frozen at its value under `frozen`. */
function referenceWindowedError(spec: NormalizedNetworkSpec, w: NamedWeights, frozen: NamedWeights, data: Dataset, k: number): number {
  let E = 0
  for (const seq of data.sequences) {
    const states = referenceForward(spec, frozen, seq).x
    seq.z.forEach((target, t) => {
      if (target === null) return
      const start = Math.max(0, t - k + 1)
      let prev: number[][] | null = start === 0 ? null : states.map((layer) => layer[start - 1])
      let x: number[][] = []
      for (let s = start; s <= t; s++) prev = x = referenceStep(spec, w, seq.u[s], prev)
      const y = x[x.length - 1]
      for (let i = 0; i < y.length; i++) E += 0.5 * (y[i] - target[i]) ** 2
    })
  }
  return E
}

describe.each(KERNEL_SETS)('%s kernels', (kernels) => {
  describe('the windowed error of truncated(k) (windows.ts)', () => {
    configs.forEach((c, i) => {
      it(`R=${c.R} ${c.act} ${c.loss} bias=${c.bias} output feedback=${c.outRec}: exact backward on the windows = truncated backward, E unchanged at w₀`, () => {
        // 40 sequences: the gradient runs in two chunks of at most 32
        const { layout, params, data, loss } = setup(i, c, 40)
        const E = datasetGradient(layout, params, data, { loss, gradient: 'exact', horizon: 1 }, kernels).loss
        for (const k of [1, 2, 3]) {
          const windows = windowedData(layout, params, data, k, kernels)
          const onWindows = datasetGradient(layout, params, windows, { loss, gradient: 'exact', horizon: 1 }, kernels)
          const truncated = datasetGradient(layout, params, data, { loss, gradient: 'truncated', horizon: k }, kernels)
          expect(relDiff(onWindows.grads, truncated.grads), `k=${k}`).toBeLessThan(1e-12)
          expect(onWindows.loss).toBeCloseTo(E, 12)
        }
        // and 'lecture' is truncated(1)
        const lecture = datasetGradient(layout, params, data, { loss, gradient: 'lecture', horizon: 7 }, kernels).grads
        expect(relDiff(lecture, datasetGradient(layout, params, data, { loss, gradient: 'truncated', horizon: 1 }, kernels).grads)).toBe(0)
      })
    })

    it('at other weights the windows give the reference transcription\'s windowed error (states frozen at w₀)', () => {
      const c = configs[0]
      const { spec, layout, params, dataset, data, loss } = setup(11, c)
      const rng = createRng(5)
      const w = params.map((v) => v + rng.uniform(-0.3, 0.3))
      for (const k of [1, 2, 4]) {
        const windows = windowedData(layout, params, data, k, kernels)
        const ours = evaluate(layout, w, windows, loss, evaluationWorkspace(layout, windows, kernels)).loss
        const reference = referenceWindowedError(spec, toNamedWeights(layout, w), toNamedWeights(layout, params), dataset, k)
        expect(Math.abs(ours - reference) / reference, `k=${k}`).toBeLessThan(1e-12)
      }
    })
  })

  describe('gradient check per mode (gradcheck.ts)', () => {
    configs.forEach((c, i) => {
      it(`R=${c.R} ${c.act} ${c.loss} bias=${c.bias} output feedback=${c.outRec}: every mode passes against its own reference`, () => {
        const { layout, params, data, training } = setup(i, c)
        for (const mode of modes) {
          const check = gradientCheck(layout, params, data, training, { gradient: mode, kernels })
          expect(check.rows.map((r) => r.name)).toEqual(layout.entries.map((e) => e.name))
          for (const row of check.rows) {
            expect(row.relativeError, `${label(mode)} ${row.name}`).toBeLessThan(1e-7)
            expect(row.checked).toBe(row.size)
            expect(row.pass).toBe(true)
          }
          expect(check.pass).toBe(true)
        }
      })
    })

    it('FAILS when the gradient is wrong: another mode\'s gradient, or one entry off', () => {
      const { layout, params, data, loss, training } = setup(0, configs[0])
      const gradient = (mode: GradientChoice) => datasetGradient(layout, params, data, { loss, gradient: mode.gradient, horizon: mode.horizon }, kernels).grads
      // the notes' gradient is not the gradient of truncated(3)'s windowed error, nor of E
      for (const reference of [modes[2], modes[0]]) {
        const check = gradientCheck(layout, params, data, training, { gradient: reference, analytic: gradient(modes[3]), kernels })
        expect(check.pass, label(reference)).toBe(false)
        const V1 = check.rows.find((r) => r.name === 'V1')!
        expect(V1.relativeError).toBeGreaterThan(1e-3)
      }
      // truncated(2)'s own gradient with one entry of W1 moved by 1e-4: only W1 fails, at that entry
      const wrong = gradient(modes[1])
      const W1 = layout.entries.find((e) => e.name === 'W1')!
      const [rows, cols] = W1.shape
      const at = { row: rows - 1, col: cols - 2 }
      wrong[W1.offset + at.row * cols + at.col] += 1e-4
      const check = gradientCheck(layout, params, data, training, { gradient: modes[1], analytic: wrong, kernels })
      expect(check.pass).toBe(false)
      for (const row of check.rows) expect(row.pass, row.name).toBe(row.name !== 'W1')
      const bad = check.rows.find((r) => r.name === 'W1')!
      expect(bad.worst).toEqual(at)
      expect(bad.maxAbsError).toBeCloseTo(1e-4, 8)
    })

    it('checks a seeded sample of each large matrix, the same entries for the same seed', () => {
      const { layout, params, data, training } = setup(3, configs[3])
      const sampled = (seed: number) => gradientCheck(layout, params, data, training, { gradient: modes[1], maxPerMatrix: 5, rng: createRng(seed), kernels })
      const a = sampled(1)
      for (const row of a.rows) expect(row.checked).toBe(Math.min(5, row.size))
      expect(a.pass).toBe(true)
      expect(sampled(1).rows).toEqual(a.rows)
      expect(sampled(2).rows.map((r) => r.relativeError)).not.toEqual(a.rows.map((r) => r.relativeError))
    })
  })

  describe('step inspection (lab.ts)', () => {
    configs.forEach((c, i) => {
      it(`R=${c.R} ${c.act} ${c.loss}: the steps' contributions add up to each mode's gradient; x = f(s)`, () => {
        const { layout, params, data, loss } = setup(i, c, 4)
        for (const mode of modes) {
          const sum = new Float64Array(layout.size)
          for (let p = 0; p < data.P; p++)
            for (let t = 0; t < data.lengths[p]; t++)
              for (let r = 1; r <= layout.layers.length; r++) {
                const step = inspectStep(layout, params, data, loss, mode, { sequence: p, step: t, layer: r }, kernels)
                for (const { entry, values } of step.contributions) for (let j = 0; j < entry.size; j++) sum[entry.offset + j] += values[j]
                const f = layout.layers[r - 1].activation === 'tanh' ? Math.tanh : (s: number) => 1 / (1 + Math.exp(-s))
                step.s.forEach((s, j) => expect(step.x[j]).toBeCloseTo(f(s), 12))
              }
          expect(relDiff(sum, datasetGradient(layout, params, data, { loss, gradient: mode.gradient, horizon: mode.horizon }, kernels).grads), label(mode)).toBeLessThan(1e-12)
        }
      })
    })

    it('gives x, the input, the previous state, the target and E; refuses indices out of range', () => {
      const { layout, params, data, dataset, loss } = setup(0, configs[0])
      const p = 0
      const t = 2
      const last = inspectStep(layout, params, data, loss, modes[0], { sequence: p, step: t, layer: 2 }, kernels)
      expect(Array.from(last.input)).toEqual(Array.from(inspectStep(layout, params, data, loss, modes[0], { sequence: p, step: t, layer: 1 }, kernels).x))
      const first = inspectStep(layout, params, data, loss, modes[0], { sequence: p, step: t, layer: 1 }, kernels)
      expect(Array.from(first.input)).toEqual(dataset.sequences[p].u[t])
      expect(Array.from(first.previous!)).toEqual(Array.from(inspectStep(layout, params, data, loss, modes[0], { sequence: p, step: t - 1, layer: 1 }, kernels).x))
      expect(inspectStep(layout, params, data, loss, modes[0], { sequence: p, step: 0, layer: 1 }, kernels).previous!.every((v) => v === 0)).toBe(true)
      expect(last.previous).toBeNull() // the output layer is not recurrent here
      const z = dataset.sequences[p].z[t]
      expect(last.target === null ? null : Array.from(last.target)).toEqual(z)
      if (z) expect(last.stepLoss).toBeCloseTo(0.5 * z.reduce((sum, zi, i) => sum + (last.x[i] - zi) ** 2, 0), 14)
      expect(last.loss).toBeCloseTo(evaluate(layout, params, data, loss).loss, 12)
      // the 'lecture' δ of the output layer is the exact one (nothing flows in from later steps there)
      expect(relDiff(inspectStep(layout, params, data, loss, modes[3], { sequence: p, step: t, layer: 2 }, kernels).delta, last.delta)).toBeLessThan(1e-15)
      const at = (sequence: number, step: number, layer: number) => () => inspectStep(layout, params, data, loss, modes[0], { sequence, step, layer }, kernels)
      expect(at(3, 0, 1)).toThrow('no sequence 3: the data has sequences 0..2')
      expect(at(0, 6, 1)).toThrow('no step 6 in sequence 0: it has steps 0..5')
      expect(at(0, 0, 0)).toThrow('no layer 0: the network computes layers 1..2 (2 is the output)')
      expect(at(0, 0, 3)).toThrow(RangeError)
    })
  })

  describe('exact against truncated(k) (lab.ts compareModes)', () => {
    it('k = 1 is the notes\' rule, k = T is exact, and in between they differ', () => {
      const { layout, params, data, loss } = setup(1, configs[1])
      const T = data.maxLength
      const cmp = compareModes(layout, params, data, loss, T, kernels)
      expect(cmp.horizons).toEqual([1, 2, 3, 4, 5, 6])
      const lecture = datasetGradient(layout, params, data, { loss, gradient: 'lecture', horizon: 1 }, kernels).grads
      const exact = datasetGradient(layout, params, data, { loss, gradient: 'exact', horizon: 1 }, kernels).grads
      expect(cmp.exact).toEqual(exact)
      for (const [i, e] of layout.entries.entries()) {
        const m = cmp.matrices[i]
        expect(m.name).toBe(e.name)
        const norm = (g: Float64Array) => Math.hypot(...g.subarray(e.offset, e.offset + e.size))
        let dot = 0
        for (let j = e.offset; j < e.offset + e.size; j++) dot += exact[j] * lecture[j]
        expect(m.exactNorm).toBeCloseTo(norm(exact), 12)
        expect(m.cosine[0]).toBeCloseTo(dot / (norm(exact) * norm(lecture)), 12)
        expect(m.normRatio[0]).toBeCloseTo(norm(lecture) / norm(exact), 12)
        expect(m.cosine[T - 1]).toBeCloseTo(1, 12)
        expect(m.normRatio[T - 1]).toBeCloseTo(1, 12)
      }
      // the recurrent matrix of the first hidden layer is where the notes' rule leaves most out
      expect(cmp.matrices.find((m) => m.name === 'V1')!.cosine[0]).toBeLessThan(0.999)
    })
  })
})

interface Fixture {
  name: string
  network: NetworkSpec
  loss: LossKind
  data: Dataset
  initialWeights: NamedWeights
  gradients: NamedWeights
}
const dir = join(import.meta.dirname, '../fixtures/torch')
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))

describe('against the PyTorch fixtures (exact gradients from autograd)', () => {
  it('has them', () => expect(fixtures.length).toBeGreaterThanOrEqual(4))
  for (const fx of fixtures) {
    it(`${fx.name}: Σ of the steps' contributions, compareModes at k = T and the gradient check`, () => {
      const spec = normalizeNetworkSpec(fx.network)
      const layout: ParamLayout = paramLayout(spec)
      const data: PackedData = packDataset(fx.data, spec.inputSize, spec.output.units)
      const params = fromNamedWeights(layout, fx.initialWeights)
      const torch = fromNamedWeights(layout, fx.gradients)
      const loss = { kind: fx.loss, activation: spec.output.activation, errorTolerance: 0 }
      const sum = new Float64Array(layout.size)
      for (let p = 0; p < data.P; p++)
        for (let t = 0; t < data.lengths[p]; t++)
          for (let r = 1; r <= layout.layers.length; r++)
            for (const { entry, values } of inspectStep(layout, params, data, loss, { gradient: 'exact', horizon: 1 }, { sequence: p, step: t, layer: r }, 'js').contributions)
              for (let j = 0; j < entry.size; j++) sum[entry.offset + j] += values[j]
      expect(relDiff(sum, torch)).toBeLessThan(1e-9)
      const cmp = compareModes(layout, params, data, loss, data.maxLength, 'js')
      expect(relDiff(cmp.exact, torch)).toBeLessThan(1e-9)
      for (const m of cmp.matrices) if (m.exactNorm > 0) expect(m.cosine.at(-1)).toBeCloseTo(1, 12)
      const check = gradientCheck(layout, params, data, { loss: fx.loss, errorTolerance: 0 }, { gradient: { gradient: 'truncated', horizon: 2 }, kernels: 'js' })
      expect(check.pass).toBe(true)
    })
  }
})
