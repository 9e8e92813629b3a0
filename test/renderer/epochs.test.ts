// @vitest-environment happy-dom
// One source of truth for epochs: the run controls' Epochs field and the Training panel's are the project's
// training.epochs; another project brings its own (nothing typed carries over); "Continue for N more" trains N
// epochs from the trained weights without changing the project's epochs. window.api is a fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'

const fake = vi.hoisted(() => ({
  app: { ready: vi.fn(async () => {}) },
  training: { list: vi.fn(async () => []), start: vi.fn(async (_request: unknown) => 'run-9') },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import RunControls from '../../src/renderer/components/RunControls.vue'
import TrainingSettings from '../../src/renderer/components/TrainingSettings.vue'
import { blankInlineProject, setup, tid, valueOf, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
  const Both = defineComponent({ render: () => [h(RunControls), h(TrainingSettings)] })
  w = mount(Both, { global: { plugins: [s.pinia] } })
})
afterEach(() => w.unmount())

const runBar = () => w.get(tid('epochs'))
const panel = () => w.get(tid('field-training.epochs'))
const withEpochs = (epochs: number) => {
  const file = blankInlineProject()
  return { ...file, training: { ...file.training, epochs } }
}
const fakeWeights = { epoch: 7, arrays: [] } as never

describe('the Epochs fields', () => {
  it('both show the project’s epochs and agree whichever is edited', async () => {
    expect(valueOf(runBar())).toBe('200')
    expect(valueOf(panel())).toBe('200')
    await runBar().setValue('30')
    expect(s.project.training.epochs).toBe(30)
    expect(valueOf(panel())).toBe('30')
    await panel().setValue('45')
    expect(valueOf(runBar())).toBe('45')
    await runBar().setValue('ten')
    expect(w.get(tid('epochs-error')).text()).toBe('Epochs must be a whole number from 1 to 100000000.')
    expect(w.find(tid('error-training.epochs')).exists()).toBe(true) // the Training panel marks it too
    expect(w.get(tid('train')).attributes('disabled')).toBeDefined()
  })

  it('Train runs the project’s epochs: no run-bar value leaks into the next project', async () => {
    await runBar().setValue('5000')
    s.project.load(withEpochs(300), null)
    await w.vm.$nextTick()
    expect(valueOf(runBar())).toBe('300')
    expect(valueOf(panel())).toBe('300')
    await w.get(tid('train')).trigger('click')
    await vi.waitFor(() => expect(fake.training.start).toHaveBeenCalledTimes(1))
    const request = fake.training.start.mock.calls[0][0] as { epochs?: number; project: { training: { epochs?: number } } }
    expect(request.epochs).toBeUndefined() // the trainer runs the project's own epochs
    expect(request.project.training.epochs).toBe(300)
  })

  it('"Continue for N more" trains N epochs from the trained weights, keeps the project’s epochs, and resets with another project', async () => {
    expect(w.get(tid('continue')).attributes('disabled')).toBeDefined() // nothing trained yet
    s.project.load({ ...withEpochs(300), weights: fakeWeights }, null)
    await w.vm.$nextTick()
    await w.get(tid('continue-epochs')).setValue('25')
    expect(w.get(tid('continue')).attributes('disabled')).toBeUndefined()
    await w.get(tid('continue')).trigger('click')
    await vi.waitFor(() => expect(fake.training.start).toHaveBeenCalledTimes(1))
    expect((fake.training.start.mock.calls[0][0] as { epochs?: number }).epochs).toBe(25)
    expect(s.project.training.epochs).toBe(300)
    s.project.load({ ...withEpochs(2000), weights: fakeWeights }, null)
    await w.vm.$nextTick()
    expect(valueOf(w.get(tid('continue-epochs')))).toBe('')
    expect(valueOf(runBar())).toBe('2000')
  })
})
