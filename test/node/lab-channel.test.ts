// lab:step, lab:gradcheck and lab:compare through main's dispatcher with the real handlers and real worker
// threads (src/node/lab/lab-worker.ts): the lecture-minimal example, its data made by its script as for
// training:start, gives exactly what the host functions give in this thread; indices out of range, a project
// without targets, weights where E overflows and malformed requests are refused with the reason; the built
// worker the app starts answers the same; a newer request cancels one still running.
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { normalizeNetworkSpec, paramLayout, Trainer } from '../../src/core/index.js'
import { labCompare, labGradcheck, labStep, labWork, workerLab } from '../../src/node/lab/index.js'
import { builtEntry } from '../helpers/built.js'
import type { LabCompareResult, LabGradcheckResult, LabGradient, LabStepResult } from '../../src/shared/lab.js'
import { checkProject, toProjectFile, type InlineData, type Project, type ProjectFile } from '../../src/shared/project-file.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { dispatcherWithoutTraining } from '../helpers/dispatch.js'
import { exampleWithData, inlineExampleFile, readExample } from '../helpers/projects.js'

// worker threads on the built lab worker, as the app starts them (the source entry, the handlers' default, is
// checked against it below): from TypeScript through tsx each request's thread compiles the core first
const dispatch = dispatcherWithoutTraining({ lab: workerLab({ workerEntry: builtEntry('lab-worker') }) })
const step = (request: unknown) => dispatch('lab:step', [request]) as Promise<LabStepResult>
const gradcheck = (request: unknown) => dispatch('lab:gradcheck', [request]) as Promise<LabGradcheckResult>
const compare = (request: unknown) => dispatch('lab:compare', [request]) as Promise<LabCompareResult>

let file: ProjectFile // lecture-minimal as the window holds it: its data a script
let trained: ProjectFile // the same after 20 epochs
let project: Project<InlineData>
beforeAll(async () => {
  file = toProjectFile(readExample('lecture-minimal'))
  project = await exampleWithData('lecture-minimal')
  const trainer = new Trainer({ network: project.network, training: project.training, data: trainingDataset(project.data) })
  for (let e = 0; e < 20; e++) trainer.runEpoch()
  trained = toProjectFile({ ...readExample('lecture-minimal'), weights: { params: trainer.snapshot().params, epoch: 20 } })
})

afterEach(() => vi.unstubAllEnvs())

describe('lab channels (worker threads)', () => {
  it("lab:step gives the host's step inspection, on the project's own mode by default", async () => {
    vi.stubEnv('RNNWB_KERNELS', 'js')
    const got = await step({ project: trained, path: null, sequence: 2, step: 3, layer: 1 })
    const work = labWork({ ...project, weights: { params: checkProject(trained).weights!.params, epoch: 20 } })
    expect(got).toEqual(labStep(work, { sequence: 2, step: 3, layer: 1 }, 'js'))
    expect(got.gradient).toEqual({ mode: 'lecture' }) // the example trains with the notes' rule
    expect(got.weightsEpoch).toBe(20)
    expect(got.sequences).toBe(project.data.train.length)
    expect(got.layers).toBe(2)
    expect(got.contributions.map((m) => [m.name, m.rows, m.cols])).toEqual([
      ['W0', 4, 2],
      ['V1', 4, 4],
    ])
    // another mode on request; the δ of the first layer differs from the notes' rule
    const exact = await step({ project: trained, path: null, sequence: 2, step: 3, layer: 1, gradient: { mode: 'exact' } })
    expect(exact.gradient).toEqual({ mode: 'exact' })
    expect(exact.delta).not.toEqual(got.delta)
    expect(exact.x).toEqual(got.x)
    // untrained: the seed's initial weights
    expect((await step({ project: file, path: null, sequence: 0, step: 0, layer: 2 })).weightsEpoch).toBe(0)
  })

  it('lab:gradcheck checks every requested mode (green) and says what it sampled', async () => {
    const request: { gradients: LabGradient[]; maxPerMatrix: number; seed: number } = { gradients: [{ mode: 'exact' }, { mode: 'truncated', horizon: 2 }, { mode: 'lecture' }], maxPerMatrix: 6, seed: 3 }
    const got = await gradcheck({ project: trained, path: null, ...request })
    expect(got.checks.map((c) => c.gradient)).toEqual(request.gradients)
    for (const c of got.checks) {
      expect(c.pass).toBe(true)
      expect(c.rows.map((r) => r.name)).toEqual(['W0', 'V1', 'W1'])
      for (const r of c.rows) expect(r.relativeError).toBeLessThan(got.threshold)
    }
    expect(got.threshold).toBe(1e-5)
    expect(got.sampled).toBe(true) // V1 has 16 entries, 6 checked
    expect(got.checks[0].rows[1]).toMatchObject({ name: 'V1', checked: 6, size: 16 })
    expect(got.sequences).toEqual({ checked: project.data.train.length, total: project.data.train.length })
    vi.stubEnv('RNNWB_KERNELS', 'js')
    const trainedProject = checkProject(trained)
    expect(await gradcheck({ project: trained, path: null, ...request })).toEqual(labGradcheck(labWork({ ...project, weights: trainedProject.weights }), request, 'js'))
  })

  it('lab:compare gives cosine and norm ratio for k = 1..T; k = T is exact', async () => {
    const got = await compare({ project: trained, path: null })
    const T = Math.max(...project.data.train.map((s) => s.u.length))
    expect(got.steps).toBe(T)
    expect(got.horizons).toEqual(Array.from({ length: T }, (_, i) => i + 1))
    for (const m of got.matrices) {
      expect(m.cosine).toHaveLength(T)
      expect(m.cosine.at(-1)).toBeCloseTo(1, 12)
      expect(m.normRatio.at(-1)).toBeCloseTo(1, 12)
    }
    expect(got.matrices.find((m) => m.name === 'W0')!.cosine[0]).toBeLessThan(0.99) // the notes' rule differs here
    expect((await compare({ project: trained, path: null, maxHorizon: 2 })).horizons).toEqual([1, 2])
    vi.stubEnv('RNNWB_KERNELS', 'js')
    const trainedProject = checkProject(trained)
    expect(await compare({ project: trained, path: null })).toEqual(labCompare(labWork({ ...project, weights: trainedProject.weights }), {}, 'js'))
  })

  it('refuses what it cannot answer, with the reason', async () => {
    await expect(step({ project: file, path: null, sequence: 99, step: 0, layer: 1 })).rejects.toThrow(`no sequence 99: the data has sequences 0..${project.data.train.length - 1}`)
    await expect(step({ project: file, path: null, sequence: 0, step: 50, layer: 1 })).rejects.toThrow(/^no step 50 in sequence 0: it has steps 0\.\.\d+$/)
    await expect(step({ project: file, path: null, sequence: 0, step: 0, layer: 3 })).rejects.toThrow('no layer 3: the network computes layers 1..2 (2 is the output)')
    await expect(step({ project: file, path: null, sequence: 0, step: 0, layer: 0 })).rejects.toThrow(/layer/) // the schema: layers start at 1
    await expect(step({ project: file, path: null, sequence: -1, step: 0, layer: 1 })).rejects.toThrow(/sequence/)
    await expect(gradcheck({ project: file, path: null, gradients: [] })).rejects.toThrow(/gradients/)
    await expect(gradcheck({ project: file, path: null, gradients: [{ mode: 'truncated', horizon: 0 }] })).rejects.toThrow(/horizon/)
    await expect(step({ project: { nope: 1 }, path: null, sequence: 0, step: 0, layer: 1 })).rejects.toThrow()
    // data without a single target: no gradient
    const inline = await inlineExampleFile('lecture-minimal')
    const noTargets = { ...inline, data: { ...inline.data, train: (inline.data as InlineData).train.map((s) => ({ ...s, z: s.z.map(() => null) })) } }
    await expect(gradcheck({ project: noTargets, path: null, gradients: [{ mode: 'exact' }] })).rejects.toThrow('the training data has no targets: E is 0 and there is no gradient')
    // weights where E overflows (a linear output and huge weights: what a diverging run leaves)
    const layout = paramLayout(normalizeNetworkSpec(project.network))
    const huge = toProjectFile({ ...readExample('lecture-minimal'), network: { ...project.network, output: { ...project.network.output, activation: 'linear' } }, weights: { params: new Float64Array(layout.size).fill(1e200), epoch: 9 } })
    await expect(step({ project: huge, path: null, sequence: 0, step: 1, layer: 1 })).rejects.toThrow('E is not finite at these weights (they have diverged): reset them or train again')
    await expect(compare({ project: huge, path: null })).rejects.toThrow(/not finite at these weights/)
  })

  it('a newer request cancels one still running', async () => {
    const first = gradcheck({ project: trained, path: null, gradients: [{ mode: 'exact' }] })
    const second = gradcheck({ project: trained, path: null, gradients: [{ mode: 'lecture' }] })
    await expect(first).rejects.toThrow(/cancel/)
    expect((await second).checks[0].pass).toBe(true)
  })

  it('the source entry (the handlers\' default, what `npm run dev` runs) answers as the built worker the app starts', async () => {
    const built = join(import.meta.dirname, '../../out/main/chunks/lab-worker.js')
    const work = labWork({ ...project, weights: null })
    expect(await workerLab({ workerEntry: built }).step(work, { sequence: 1, step: 2, layer: 1 })).toEqual(await workerLab().step(work, { sequence: 1, step: 2, layer: 1 }))
  })
})
