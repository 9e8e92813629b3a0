// @vitest-environment happy-dom
// Which states the "Inside the network" charts show (use-state-source.ts): nothing before training; the
// project's weights run forward on the chosen sequence; the trainer's live inspection while a run goes (and
// after it, until the project's weights take over); a finished run's inspection dismissed once the weights
// are reset; an inspection that no longer fits the network ignored; a late answer for an earlier sequence
// dropped. window.api is a fake whose network:inspect runs the host's forward pass in this thread.
import { effectScope, nextTick } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NetworkInspectRequest, NetworkInspection } from '../../src/shared/ipc'

const fake = vi.hoisted(() => ({ network: { inspect: vi.fn() } }))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import { inspectSequence, normalizeNetworkSpec, packDataset, paramLayout, Trainer } from '../../src/core/index'
import { weightsToFile, type InlineData, type ProjectFile } from '../../src/shared/project-file'
import { trainingDataset } from '../../src/shared/runs'
import type { RunInspection } from '../../src/shared/ipc'
import { useStateSource, type StateSource } from '../../src/renderer/charts/use-state-source'
import { useTrainingStore } from '../../src/renderer/stores/training'
import { inspectWeights } from '../../src/node/inspect/inspect'
import { blankInlineProject, runIs, setup } from './project-setup'

beforeEach(() => {
  fake.network.inspect.mockReset()
  fake.network.inspect.mockImplementation(async (request: NetworkInspectRequest) => inspectWeights(structuredClone(request)))
})

/** The blank project trained for 2 epochs. */
function trained(): { file: ProjectFile; params: Float64Array } {
  const file = blankInlineProject()
  const t = new Trainer({ network: file.network, training: { ...file.training, epochs: 2 }, data: trainingDataset(file.data as InlineData) })
  t.runEpoch()
  t.runEpoch()
  const { params } = t.snapshot()
  return { file: { ...file, weights: weightsToFile(file.network, { params, epoch: 2 }), history: { loss: [1, 0.5] } }, params }
}

/** What the core's forward pass gives for training sequence p of `file` under `params`. */
function expected(file: ProjectFile, params: Float64Array, p: number) {
  const data = file.data as InlineData
  const layout = paramLayout(normalizeNetworkSpec(file.network))
  return inspectSequence(layout, params, packDataset({ inputSize: 1, outputSize: 1, sequences: [data.train[p]] }, 1, 1), 0)
}

/** A live inspection of run-1 at `epoch`, for the blank project's network (T = 6 steps, 4 hidden units). */
function inspection(epoch: number, size = paramLayout(normalizeNetworkSpec(blankInlineProject().network)).size): RunInspection {
  return { runId: 'run-1', epoch, sequence: 0, hidden: [Array.from({ length: 24 }, (_, i) => i / 24)], outputs: Array(6).fill(0.5), weights: Array(size).fill(0.1) }
}

let scope = effectScope()
afterEach(() => {
  scope.stop()
  scope = effectScope()
})
const settle = async () => {
  await nextTick()
  await flushPromises()
}
function source(): StateSource {
  return scope.run(() => useStateSource())!
}

describe('useStateSource', () => {
  it('shows nothing before training', async () => {
    setup()
    const { view } = source()
    await settle()
    expect(view.value).toBeNull()
  })

  it("runs the project's weights forward on the chosen sequence, as the core does", async () => {
    const s = setup()
    const training = useTrainingStore()
    const { file, params } = trained()
    s.project.load(file, null)
    const { view } = source()
    await vi.waitFor(() => expect(view.value).not.toBeNull())
    expect(view.value).toMatchObject({ sequence: 0, epoch: 2, live: false })
    const want = expected(file, params, 0)
    expect(Array.from(view.value!.outputs)).toEqual(Array.from(want.outputs))
    expect(Array.from(view.value!.hidden[0])).toEqual(Array.from(want.hidden[0]))
    expect(Array.from(view.value!.weights)).toEqual(Array.from(params))
    training.sequence = 1
    await vi.waitFor(() => expect(view.value?.sequence).toBe(1))
    expect(Array.from(view.value!.outputs)).toEqual(Array.from(expected(file, params, 1).outputs))
    expect(fake.network.inspect).toHaveBeenLastCalledWith({ network: file.network, arrays: file.weights!.arrays, inputs: (file.data as InlineData).train[1].u })
  })

  it('drops a late answer for a sequence no longer chosen', async () => {
    const s = setup()
    const training = useTrainingStore()
    const { file } = trained()
    s.project.load(file, null)
    const { view } = source()
    await vi.waitFor(() => expect(view.value?.sequence).toBe(0))
    let answer0!: (i: NetworkInspection) => void
    fake.network.inspect.mockImplementationOnce(() => new Promise<NetworkInspection>((resolve) => (answer0 = resolve)))
    training.sequence = 1 // asked first, answered last
    await settle()
    training.sequence = 0
    await vi.waitFor(() => expect(fake.network.inspect).toHaveBeenCalledTimes(3))
    await settle()
    answer0({ hidden: [[9, 9, 9, 9]], outputs: [9] })
    await settle()
    expect(view.value?.sequence).toBe(0)
    expect(Array.from(view.value!.outputs)).not.toContain(9)
  })

  it('shows nothing when the host refuses the pass', async () => {
    const s = setup()
    fake.network.inspect.mockRejectedValue(new Error('the inputs do not fit the network'))
    s.project.load(trained().file, null)
    const { view } = source()
    await settle()
    expect(fake.network.inspect).toHaveBeenCalled()
    expect(view.value).toBeNull()
  })

  it("prefers the live inspection while a run goes, the project's weights once it has ended", async () => {
    const s = setup()
    const training = useTrainingStore()
    const { view } = source()
    runIs('running')
    training.inspection = inspection(7)
    await settle()
    expect(view.value).toMatchObject({ live: true, epoch: 7, sequence: 0 })
    s.project.setTrained(trained().file.weights!, { loss: [1, 0.5] })
    await settle()
    expect(view.value?.live).toBe(true) // still running: the trainer's states
    runIs('completed')
    await vi.waitFor(() => expect(view.value?.live).toBe(false))
    expect(view.value?.epoch).toBe(2)
  })

  it("keeps a finished run's inspection until the weights are reset", async () => {
    const s = setup()
    const training = useTrainingStore()
    const { view } = source()
    runIs('running')
    training.inspection = inspection(3)
    runIs('completed')
    await settle()
    expect(view.value).toMatchObject({ live: true, epoch: 3 })
    s.project.setTrained(trained().file.weights!, { loss: [1, 0.5] }) // the run's result kept
    await vi.waitFor(() => expect(view.value).toMatchObject({ live: false, epoch: 2 }))
    s.project.resetWeights()
    await settle()
    expect(view.value).toBeNull()
  })

  it('ignores an inspection that does not fit the network as it is now', async () => {
    setup()
    const training = useTrainingStore()
    const { view } = source()
    runIs('running')
    training.inspection = inspection(3, 5)
    await settle()
    expect(view.value).toBeNull()
    training.inspection = { ...inspection(3), runId: 'run-9' } // another run's
    await settle()
    expect(view.value).toBeNull()
  })
})
