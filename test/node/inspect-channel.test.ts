// network:inspect through main's dispatcher with the real handlers: the sine example's trained weights run
// forward on a training sequence in a worker thread give exactly what the core's inspectSequence gives here;
// weights for another network, inputs of the wrong width and malformed requests are refused clearly; a newer
// request cancels one still running (of the same purpose: the states charts and "Try your own input" do not
// cancel each other).
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { inspectSequence, normalizeNetworkSpec, packDataset, paramLayout, Trainer } from '../../src/core/index.js'
import { workerInspector } from '../../src/node/inspect/index.js'
import { builtEntry } from '../helpers/built.js'
import type { NetworkInspectRequest, NetworkInspection } from '../../src/shared/ipc.js'
import { toProjectFile, type InlineData, type Project } from '../../src/shared/project-file.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { dispatcherWithoutTraining } from '../helpers/dispatch.js'
import { exampleWithData } from '../helpers/projects.js'

// worker threads on the built inspect worker, as the app starts them (the source entry, the handlers' default, is
// checked against it below)
const dispatch = dispatcherWithoutTraining({ inspector: workerInspector({ workerEntry: builtEntry('inspect-worker') }) })
const inspect = (request: unknown) => dispatch('network:inspect', [request]) as Promise<NetworkInspection>

let project: Project<InlineData>
let params: Float64Array
let request: NetworkInspectRequest
const P = 3 // the training sequence inspected
beforeAll(async () => {
  project = await exampleWithData('sine')
  const trainer = new Trainer({ network: project.network, training: project.training, data: trainingDataset(project.data) })
  for (let e = 0; e < 3; e++) trainer.runEpoch()
  params = trainer.snapshot().params
  const file = toProjectFile({ ...project, weights: { params, epoch: 3 } })
  request = { network: file.network, arrays: file.weights!.arrays, inputs: project.data.train[P].u }
})

afterEach(() => vi.unstubAllEnvs())

describe('network:inspect', () => {
  it('runs on the kernels RNNWB_KERNELS names (js: exactly the TypeScript kernels’ states); a bad value is refused', async () => {
    const layout = paramLayout(normalizeNetworkSpec(project.network))
    const data = packDataset(trainingDataset(project.data), layout.spec.inputSize, layout.spec.output.units)
    const js = inspectSequence(layout, params, data, P, 'js')
    const wasm = inspectSequence(layout, params, data, P, 'wasm')
    expect(Array.from(js.hidden[0])).not.toEqual(Array.from(wasm.hidden[0])) // the two sets differ in the last bits here
    vi.stubEnv('RNNWB_KERNELS', 'js')
    expect((await inspect(request)).hidden[0]).toEqual(Array.from(js.hidden[0]))
    vi.stubEnv('RNNWB_KERNELS', 'wasm')
    expect((await inspect(request)).hidden[0]).toEqual(Array.from(wasm.hidden[0]))
    vi.stubEnv('RNNWB_KERNELS', 'fast')
    await expect(inspect(request)).rejects.toThrow('the forward pass could not start: RNNWB_KERNELS="fast" is not a kernel set: expected one of auto, wasm, js')
  })

  it('the source entry (the handlers\' default, what `npm run dev` runs) answers as the built worker the app starts', async () => {
    const built = join(import.meta.dirname, '../../out/main/chunks/inspect-worker.js')
    expect(await workerInspector().inspect(request)).toEqual(await workerInspector({ workerEntry: built }).inspect(request))
  })

  it("gives the core's hidden states and outputs for the trained weights", async () => {
    const got = await inspect(request)
    const layout = paramLayout(normalizeNetworkSpec(project.network))
    const data = packDataset(trainingDataset(project.data), layout.spec.inputSize, layout.spec.output.units)
    const want = inspectSequence(layout, params, data, P)
    expect(got.hidden).toHaveLength(want.hidden.length)
    got.hidden.forEach((h, k) => expect(h).toEqual(Array.from(want.hidden[k])))
    expect(got.outputs).toEqual(Array.from(want.outputs))
    // plain arrays: the payload crosses IPC and the harness's bridge as JSON
    expect(Array.isArray(got.outputs)).toBe(true)
    expect(got.outputs.length).toBe(project.data.train[P].u.length * layout.spec.output.units)
  })

  it('refuses weights laid out for another network, naming the array', async () => {
    const wider = { ...request.network, hidden: request.network.hidden.map((l) => ({ ...l, units: l.units + 1 })) }
    await expect(inspect({ ...request, network: wider })).rejects.toThrow(/the weights do not fit the network: arrays\[0\]\.shape: W0 should have shape/)
    await expect(inspect({ ...request, arrays: request.arrays.slice(1) })).rejects.toThrow(/missing W0/)
  })

  it('refuses inputs of the wrong width and an invalid network', async () => {
    await expect(inspect({ ...request, inputs: request.inputs.map((u) => [...u, 0]) })).rejects.toThrow(/the inputs do not fit the network: .*expected 1 numbers, got 2/)
    const softmaxHidden = { ...request.network, hidden: [{ ...request.network.hidden[0], activation: 'softmax' as const }] }
    await expect(inspect({ ...request, network: softmaxHidden })).rejects.toThrow(/the network is not valid: network\.hidden\[0\]\.activation/)
  })

  it('refuses a malformed request before any pass runs', async () => {
    await expect(inspect({ ...request, inputs: [] })).rejects.toThrow(/invalid request to network:inspect/)
    await expect(inspect({ ...request, arrays: [{ name: 'X1', shape: [1], data: '' }] })).rejects.toThrow(/invalid request to network:inspect/)
    await expect(inspect({ ...request, extra: 1 })).rejects.toThrow(/invalid request to network:inspect/)
  })

  it('cancels a pass still running when a newer one is asked for', async () => {
    const first = inspect(request)
    const second = inspect({ ...request, inputs: project.data.train[0].u })
    await expect(first).rejects.toThrow(/cancelled/)
    expect((await second).outputs).toHaveLength(project.data.train[0].u.length)
  })

  it('a pass for "Try your own input" and one for the states charts do not cancel each other', async () => {
    const states = inspect(request)
    const tried = inspect({ ...request, inputs: [[1], [0], [1]], purpose: 'try-input' })
    const states2 = inspect({ ...request, inputs: project.data.train[0].u, purpose: 'states' })
    await expect(states).rejects.toThrow(/cancelled/) // the same purpose still cancels
    expect((await tried).outputs).toHaveLength(3)
    expect((await states2).outputs).toHaveLength(project.data.train[0].u.length)
    await expect(inspect({ ...request, purpose: 'chart' })).rejects.toThrow(/invalid request to network:inspect/)
  })
})
