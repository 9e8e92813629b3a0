// @vitest-environment happy-dom
// The run controls' status line names the kernels a run computes with while it runs (from its status events:
// WebAssembly SIMD, or the TypeScript kernels and why), and no longer once it has ended. A live region announces
// each change of the run's status once (not every epoch); failures are alerts. window.api is a fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import type { EventMap } from '../../src/shared/ipc'

const fake = vi.hoisted(() => ({
  app: { ready: vi.fn(async () => {}) },
  training: { list: vi.fn(async () => []), start: vi.fn(async () => 'run-2'), result: vi.fn(async () => ({ weights: null, loss: [] })) },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import RunControls from '../../src/renderer/components/RunControls.vue'
import { useTrainingStore } from '../../src/renderer/stores/training'
import { runIs, setup, tid, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
  w = mount(RunControls, { global: { plugins: [s.pinia] } })
})
afterEach(() => w.unmount())

/** The training store's handler of 'training:status' events (as main sends them). */
async function statusHandler(): Promise<(e: EventMap['training:status']) => void> {
  await useTrainingStore().subscribe()
  return (fake.on.mock.calls as unknown as [string, (e: EventMap['training:status']) => void][]).find(([name]) => name === 'training:status')![1]
}
const line = () => w.get(tid('status')).text()

describe('the status line', () => {
  it('names the WebAssembly SIMD kernels while a run runs and while it is paused, not after it ended', async () => {
    const status = await statusHandler()
    runIs('starting')
    status({ runId: 'run-1', status: 'starting', epoch: 0 })
    await w.vm.$nextTick()
    expect(line()).toBe('Starting… · epoch 0 · loss – · – epochs/s · 0.0 s') // the trainer has not said yet
    status({ runId: 'run-1', status: 'running', epoch: 0, kernels: { kind: 'wasm', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/^Training · epoch 0 · .* · WebAssembly SIMD$/)
    expect(w.get(tid('status')).attributes('data-kernels')).toBe('wasm')
    status({ runId: 'run-1', status: 'paused', epoch: 3, kernels: { kind: 'wasm', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/^Paused · epoch 3 · .* · WebAssembly SIMD$/)
    status({ runId: 'run-1', status: 'completed', epoch: 5, kernels: { kind: 'wasm', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/^Finished · epoch 5 · .* s$/)
  })

  it('names the TypeScript kernels, saying whether they were asked for or the only ones here', async () => {
    const status = await statusHandler()
    runIs('starting')
    status({ runId: 'run-1', status: 'running', epoch: 0, kernels: { kind: 'js', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/ · TypeScript \(no WebAssembly SIMD here\)$/)
    status({ runId: 'run-1', status: 'running', epoch: 1, kernels: { kind: 'js', choice: 'js' } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/ · TypeScript \(RNNWB_KERNELS=js\)$/)
  })

  it('adds the precision (when float32) and the threads (when more than one) the trainer reports', async () => {
    const status = await statusHandler()
    runIs('starting')
    status({ runId: 'run-1', status: 'running', epoch: 0, kernels: { kind: 'wasm', choice: 'auto', precision: 'float64', threads: 1 } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/ · WebAssembly SIMD$/)
    status({ runId: 'run-1', status: 'running', epoch: 1, kernels: { kind: 'wasm', choice: 'auto', precision: 'float32', threads: 2 } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/ · WebAssembly SIMD · float32 · 2 threads$/)
  })
})

describe('a run that diverged', () => {
  it('says why Train alone would fail again, and offers to reset the weights and train again', async () => {
    const status = await statusHandler()
    runIs('running')
    s.project.setTrained({ epoch: 3, arrays: [] } as never, { loss: [1, 2, Infinity] })
    status({ runId: 'run-1', status: 'failed', epoch: 3, message: 'loss became Infinity at epoch 3' })
    await w.vm.$nextTick()
    expect(w.get(tid('failure')).text()).toContain('Train alone would continue from the weights this run ended with, which led to the blow-up')
    s.project.training.learningRate = 0.01 // the user lowers c first
    await w.get(tid('reset-and-train')).trigger('click')
    await vi.waitFor(() => expect(fake.training.start).toHaveBeenCalledTimes(1))
    const request = (fake.training.start.mock.calls[0] as unknown as [{ project: { weights: unknown; training: { learningRate: number } } }])[0]
    expect(request.project.weights).toBeNull() // from the seed's initial weights, not the blown-up ones
    expect(request.project.training.learningRate).toBe(0.01)
    expect(s.project.history.loss).toEqual([])
  })

  it('offers no reset for a failure that is not a divergence', async () => {
    const status = await statusHandler()
    runIs('running')
    status({ runId: 'run-1', status: 'failed', epoch: 3, message: 'the trainer process was killed (SIGKILL)' })
    await w.vm.$nextTick()
    expect(w.get(tid('failure')).text()).toContain('Press Train to start again.')
    expect(w.find(tid('reset-and-train')).exists()).toBe(false)
  })
})

describe('announcements', () => {
  it("say each change of the run's status once, not every epoch; failures are alerts", async () => {
    const status = await statusHandler()
    const said = () => w.get(tid('status-announcement')).text()
    expect(w.get(tid('status-announcement')).attributes('role')).toBe('status')
    expect(said()).toBe('')
    runIs('starting')
    status({ runId: 'run-1', status: 'running', epoch: 0, kernels: { kind: 'wasm', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(said()).toBe('Training · epoch 0 · loss –')
    status({ runId: 'run-1', status: 'running', epoch: 5, kernels: { kind: 'wasm', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(line()).toMatch(/^Training · epoch 5 /)
    expect(said()).toBe('Training · epoch 0 · loss –') // the visible line moved on; nothing new is read out
    status({ runId: 'run-1', status: 'paused', epoch: 7, kernels: { kind: 'wasm', choice: 'auto' } })
    await w.vm.$nextTick()
    expect(said()).toBe('Paused · epoch 7 · loss –')
    status({ runId: 'run-1', status: 'failed', epoch: 7, message: 'loss became Infinity at epoch 7' })
    await w.vm.$nextTick()
    expect(said()).toBe('Failed · epoch 7 · loss –')
    expect(w.get(tid('failure')).attributes('role')).toBe('alert')
  })
})
