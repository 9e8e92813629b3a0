// The core's 'lecture' and 'truncated' gradient modes against independent oracles:
// - 'lecture' against test/reference/lecture.ts, a literal transcription of the notes' formulas (1a), (1b),
//   (2) with loops over p, t and the unit indices: equal to 1e-10;
// - 'truncated' (horizon k) against central differences of Σ_t E_t where step t's error is computed from
//   the state x_{t−k} held fixed at its forward value (so only steps t−k+1..t depend on the weights).
import { describe, expect, it } from 'vitest'
import {
  backward,
  createRng,
  forward,
  fromNamedWeights,
  normalizeNetworkSpec,
  packDataset,
  paramLayout,
  toNamedWeights,
  type Dataset,
  type GradientMode,
  type KernelKind,
  type NormalizedNetworkSpec,
  type ParamLayout,
} from '../../src/core/index.js'
import { KERNEL_SETS, fullBatch } from '../helpers/kernels.js'
import { network, randomDataset } from '../helpers/random.js'
import { referenceForward, referenceLectureGradient, referenceStep } from '../reference/lecture.js'

function gradientWith(kernels: KernelKind, layout: ParamLayout, params: Float64Array, data: Dataset, gradient: GradientMode, horizon: number): Float64Array {
  const packed = packDataset(data, layout.spec.inputSize, layout.spec.output.units)
  const ws = fullBatch(layout, packed, params, kernels)
  forward(layout, ws.paramViews, ws)
  const loss = { kind: 'sse' as const, activation: layout.spec.output.activation, errorTolerance: 0 }
  backward(layout, ws.paramViews, ws.gradViews, ws, { loss, gradient, horizon })
  return Float64Array.from(ws.grads)
}

function relDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0
  let scale = 0
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]))
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst / Math.max(scale, 1e-300)
}

const configs = [
  { R: 1, act: 'sigmoid', bias: false, outRec: false },
  { R: 1, act: 'tanh', bias: true, outRec: false },
  { R: 2, act: 'sigmoid', bias: true, outRec: true },
  { R: 0, act: 'sigmoid', bias: false, outRec: true },
  { R: 3, act: 'tanh', bias: false, outRec: false },
  { R: 2, act: 'relu', bias: true, outRec: false },
] as const

function setup(i: number, c: (typeof configs)[number]) {
  const rng = createRng(500 + i)
  const spec = normalizeNetworkSpec(
    network({ m: 3, l: 2, hidden: [4, 3, 2].slice(0, c.R), activation: c.act, outputActivation: 'sigmoid', recurrent: true, bias: c.bias, outputRecurrent: c.outRec }),
  )
  const layout = paramLayout(spec)
  const params = Float64Array.from({ length: layout.size }, () => rng.uniform(-0.8, 0.8))
  const data = randomDataset(rng, { m: 3, l: 2, P: 3, maxLength: 6, missing: 0.3, targets: 'unit' })
  return { spec, layout, params, data }
}

/** Σ_t E_t with E_t computed forward from x_{t−k} frozen at its unperturbed value. */
function windowedError(spec: NormalizedNetworkSpec, w: ReturnType<typeof toNamedWeights>, frozen: ReturnType<typeof toNamedWeights>, data: Dataset, k: number): number {
  let E = 0
  for (const seq of data.sequences) {
    const states = referenceForward(spec, frozen, seq).x // x[r][t][i] under the unperturbed weights
    seq.z.forEach((target, t) => {
      if (target === null) return
      const start = Math.max(0, t - k + 1)
      let prev: number[][] | null = start === 0 ? null : states.map((layer) => layer[start - 1])
      let x: number[][] = []
      for (let s = start; s <= t; s++) {
        x = referenceStep(spec, w, seq.u[s], prev)
        prev = x
      }
      const y = x[x.length - 1]
      for (let i = 0; i < y.length; i++) E += 0.5 * (y[i] - target[i]) ** 2
    })
  }
  return E
}

describe.each(KERNEL_SETS)('%s kernels', (kernels) => {
  const coreGradient = (layout: ParamLayout, params: Float64Array, data: Dataset, gradient: GradientMode, horizon: number) =>
    gradientWith(kernels, layout, params, data, gradient, horizon)

  describe("'lecture' gradient = the notes' formulas, transcribed literally", () => {
    configs.forEach((c, i) => {
      it(`R=${c.R} ${c.act} bias=${c.bias} output feedback=${c.outRec}`, () => {
        const { spec, layout, params, data } = setup(i, c)
        const reference = fromNamedWeights(layout, referenceLectureGradient(spec, toNamedWeights(layout, params), data))
        expect(relDiff(coreGradient(layout, params, data, 'lecture', 1), reference)).toBeLessThan(1e-10)
        // and it is not the exact gradient (recurrence present, sequences longer than one step)
        expect(relDiff(coreGradient(layout, params, data, 'exact', 1), reference)).toBeGreaterThan(1e-4)
      })
    })
  })

  describe("'truncated' gradient = exact gradient of each E_t through its last k steps", () => {
    for (const k of [2, 3]) {
      configs.slice(0, 4).forEach((c, i) => {
        it(`horizon ${k}: R=${c.R} ${c.act} bias=${c.bias} output feedback=${c.outRec}`, () => {
          const { spec, layout, params, data } = setup(i, c)
          const frozen = toNamedWeights(layout, params)
          const h = 1e-6
          const w = Float64Array.from(params)
          const numeric = new Float64Array(layout.size)
          for (let j = 0; j < w.length; j++) {
            w[j] = params[j] + h
            const plus = windowedError(spec, toNamedWeights(layout, w), frozen, data, k)
            w[j] = params[j] - h
            const minus = windowedError(spec, toNamedWeights(layout, w), frozen, data, k)
            w[j] = params[j]
            numeric[j] = (plus - minus) / (2 * h)
          }
          expect(relDiff(coreGradient(layout, params, data, 'truncated', k), numeric)).toBeLessThan(1e-7)
          // a longer horizon gives a different gradient (the test data has sequences longer than k)
          expect(relDiff(coreGradient(layout, params, data, 'truncated', k + 2), numeric)).toBeGreaterThan(1e-5)
        })
      })
    }
    it('a horizon as long as the longest sequence equals the exact gradient', () => {
      const { layout, params, data } = setup(2, configs[2])
      expect(relDiff(coreGradient(layout, params, data, 'truncated', 6), coreGradient(layout, params, data, 'exact', 1))).toBeLessThan(1e-12)
    })
  })
})
