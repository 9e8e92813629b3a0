// @vitest-environment happy-dom
// No trained work lost silently: an edit that makes the trained weights useless (a layer's size, the lecture
// preset) sets them aside with an Undo next to the network, and the run controls stop showing the status, failure
// and error lines of a run that no longer describes the project. Every problem that keeps Train disabled is
// marked at a field, and listed under the status line (the Train button's hint points there). window.api is a fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import type { EventMap } from '../../src/shared/ipc'

const fake = vi.hoisted(() => ({
  app: { ready: vi.fn(async () => {}) },
  training: { list: vi.fn(async () => []), result: vi.fn(async () => ({ weights: null, loss: [] })) },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import NetworkEditor from '../../src/renderer/components/NetworkEditor.vue'
import RunControls from '../../src/renderer/components/RunControls.vue'
import TrainingSettings from '../../src/renderer/components/TrainingSettings.vue'
import { useTrainingStore } from '../../src/renderer/stores/training'
import { Trainer } from '../../src/core/index'
import { weightsToFile, type InlineData } from '../../src/shared/project-file'
import { trainingDataset } from '../../src/shared/runs'
import { blankInlineProject, runIs, setup, tid, valueOf, type Setup } from './project-setup'

/** The blank project trained for 2 epochs. */
function trained() {
  const file = blankInlineProject()
  const t = new Trainer({ network: file.network, training: { ...file.training, epochs: 2 }, data: trainingDataset(file.data as InlineData) })
  const loss = [t.runEpoch().loss, t.runEpoch().loss]
  return { ...file, weights: weightsToFile(file.network, { ...t.snapshot(), epoch: 2 }), history: { loss } }
}

let s: Setup
let w: VueWrapper
beforeEach(async () => {
  vi.clearAllMocks()
  s = setup()
  s.project.load(trained(), null)
  await nextTick()
  await Promise.resolve()
  w = mount(defineComponent(() => () => h('div', [h(NetworkEditor), h(TrainingSettings), h(RunControls)])), { global: { plugins: [s.pinia] }, attachTo: document.body })
})
afterEach(() => w.unmount())

async function statusHandler(): Promise<(e: EventMap['training:status']) => void> {
  await useTrainingStore().subscribe()
  return (fake.on.mock.calls as unknown as [string, (e: EventMap['training:status']) => void][]).find(([name]) => name === 'training:status')![1]
}
const units = () => w.get(tid('field-network.hidden[0].units'))

describe('an edit that makes the trained weights useless', () => {
  it('says so, and Undo brings the layer size and the weights back', async () => {
    const weights = s.project.weights
    expect(w.find(tid('weights-set-aside')).exists()).toBe(false)
    await units().setValue('8')
    await nextTick()
    expect(s.project.weights).toBeNull()
    expect(w.get(tid('weights-set-aside')).text()).toContain('The weights trained for 2 epochs no longer fit the network and were put aside')
    await w.get(tid('undo-set-aside')).trigger('click')
    await nextTick()
    expect(s.project.network.hidden[0].units).toBe(4)
    expect(valueOf(units())).toBe('4')
    expect(s.project.weights).toBe(weights)
    expect(s.project.history.loss).toHaveLength(2)
    expect(w.find(tid('weights-set-aside')).exists()).toBe(false)
  })

  it('the lecture preset too: Undo brings back the settings it changed and the weights', async () => {
    const before = JSON.parse(JSON.stringify({ network: s.project.network, training: s.project.training }))
    await w.get(tid('lecture-preset')).trigger('click')
    await nextTick()
    expect(s.project.weights).toBeNull()
    await w.get(tid('undo-set-aside')).trigger('click')
    await nextTick()
    expect(JSON.parse(JSON.stringify({ network: s.project.network, training: s.project.training }))).toEqual(before)
    expect(s.project.weights).not.toBeNull()
  })

  it('clears the status, failure and error lines of the run that trained them', async () => {
    const status = await statusHandler()
    runIs('running')
    status({ runId: 'run-1', status: 'failed', epoch: 2, message: 'loss became Infinity at epoch 2' })
    useTrainingStore().error = 'Could not keep the trained weights: something'
    await nextTick()
    expect(w.get(tid('status')).text()).toMatch(/^Failed · epoch 2/)
    expect(w.find(tid('failure')).exists()).toBe(true)
    await units().setValue('8')
    await nextTick()
    await nextTick()
    expect(w.get(tid('status')).text()).toBe('Ready to train.')
    expect(w.find(tid('failure')).exists()).toBe(false)
    expect(w.find('.run-controls .error').exists()).toBe(false)
  })

  it('clears them when another project is loaded', async () => {
    const status = await statusHandler()
    runIs('running')
    status({ runId: 'run-1', status: 'completed', epoch: 2 })
    await nextTick()
    expect(w.get(tid('status')).text()).toMatch(/^Finished · epoch 2/)
    s.project.load(blankInlineProject(), null)
    await nextTick()
    await nextTick()
    expect(w.get(tid('status')).text()).toBe('Ready to train.')
  })
})

describe('"Fix the marked settings" points at something', () => {
  it('units over the parameter cap: the units field is marked, and the list under Train names it and leads to it', async () => {
    await units().setValue('5000')
    await nextTick()
    expect(s.project.valid).toBe(false)
    expect(units().attributes('aria-invalid')).toBe('true')
    expect(w.get(tid('error-network.hidden[0].units')).text()).toBe('too large: the network would have 25,015,001 parameters, at most 10,000,000 are allowed')
    expect(w.get(tid('status')).text()).toBe('Fix the marked settings to train:')
    const train = w.get(tid('train'))
    expect(train.attributes('disabled')).toBeDefined()
    expect(train.attributes('title')).toBe('Train is disabled: 1 problem to fix, listed under the status line')
    expect(train.attributes('aria-describedby')).toBe('train-problems')
    const items = w.findAll(tid('train-problem'))
    expect(items.map((i) => i.text())).toEqual(['Layer 1 units: too large: the network would have 25,015,001 parameters, at most 10,000,000 are allowed'])
    await items[0].get('button').trigger('click')
    expect(document.activeElement?.id).toBe('ne-network.hidden[0].units')
  })

  it('every problem of an invalid project is marked at a field and listed once', async () => {
    await units().setValue('0')
    await w.get(tid('field-training.learningRate')).setValue('-1')
    await w.get(tid('epochs')).setValue('ten')
    await nextTick()
    for (const issue of s.project.issues) expect(w.find(tid(`error-${issue.path}`)).exists(), issue.path).toBe(true)
    const listed = w.findAll(tid('train-problem')).map((i) => i.attributes('data-path'))
    expect(listed).toEqual([...s.project.issues.map((i) => i.path), 'epochs'])
    expect(listed).toContain('network.hidden[0].units')
    expect(listed).toContain('training.learningRate')
    await units().setValue('4')
    await w.get(tid('field-training.learningRate')).setValue('0.1')
    await w.get(tid('epochs')).setValue('')
    await nextTick()
    expect(w.find(tid('train-problems')).exists()).toBe(false)
    expect(w.get(tid('train')).attributes('title')).toBe('Train the network (F5)') // no problems: the plain tooltip with its key
  })
})
