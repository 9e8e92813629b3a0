// @vitest-environment happy-dom
// The run controls' Pace: the next run starts with the chosen pace, and a change reaches the run that goes
// (as fast as possible: no pace at all). window.api is a fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'

const fake = vi.hoisted(() => ({
  app: { ready: vi.fn(async () => {}) },
  training: { list: vi.fn(async () => []), start: vi.fn(async (_request: unknown) => 'run-1'), pace: vi.fn(async (_id: string, _eps: number) => {}) },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import RunControls from '../../src/renderer/components/RunControls.vue'
import { runIs, setup, tid, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
  w = mount(RunControls, { global: { plugins: [s.pinia] } })
})
afterEach(() => w.unmount())

describe('the pace', () => {
  it('starts as fast as possible: no pace in the start request', async () => {
    expect(w.get(tid('pace')).text()).toContain('as fast as possible')
    await w.get(tid('train')).trigger('click')
    await vi.waitFor(() => expect(fake.training.start).toHaveBeenCalledTimes(1))
    expect(fake.training.start.mock.calls[0][0]).not.toHaveProperty('pace')
  })

  it('the next run starts with the chosen pace; a change reaches the run that goes', async () => {
    await w.get(tid('pace')).setValue('5')
    expect(fake.training.pace).not.toHaveBeenCalled() // no run yet
    await w.get(tid('train')).trigger('click')
    await vi.waitFor(() => expect(fake.training.start).toHaveBeenCalledTimes(1))
    expect((fake.training.start.mock.calls[0][0] as { pace?: number }).pace).toBe(5)
    runIs('running')
    await w.get(tid('pace')).setValue('0')
    await vi.waitFor(() => expect(fake.training.pace).toHaveBeenCalledWith('run-1', 0))
  })
})
