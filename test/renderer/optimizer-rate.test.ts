// @vitest-environment happy-dom
// Changing the optimizer brings its usual learning rate when the user has not typed one for this project
// (the blank project's Adam c = 0.05 diverges with gradient descent); a c the user typed is kept, with the usual
// one named; another project starts afresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import TrainingSettings from '../../src/renderer/components/TrainingSettings.vue'
import { blankInlineProject, mountWith, setup, tid, valueOf, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  s = setup()
  w = mountWith(TrainingSettings, s.pinia)
})
afterEach(() => w.unmount())

const rate = () => w.get(tid('field-training.learningRate'))
const optimizer = () => w.get(tid('field-training.optimizer'))
const suggestion = () => w.find(tid('learning-rate-suggestion'))

describe('the learning rate follows the optimizer', () => {
  it('to its usual value when the user has not set one', async () => {
    expect(s.project.training).toMatchObject({ optimizer: 'adam', learningRate: 0.05 })
    await optimizer().setValue('sgd')
    expect(s.project.training.learningRate).toBe(0.1)
    expect(valueOf(rate())).toBe('0.1')
    expect(suggestion().text()).toBe('c set to 0.1, the usual learning rate of gradient descent (was 0.05).')
    await optimizer().setValue('momentum')
    expect(s.project.training.learningRate).toBe(0.01)
    await optimizer().setValue('adam')
    expect(s.project.training.learningRate).toBe(0.001)
  })

  it('keeps a learning rate the user typed, naming the usual one; another project starts afresh', async () => {
    await rate().setValue('0.3')
    await optimizer().setValue('sgd')
    expect(s.project.training.learningRate).toBe(0.3)
    expect(suggestion().text()).toBe('gradient descent usually starts at c = 0.1; the c you set is kept.')
    s.project.load(blankInlineProject(), null)
    await w.vm.$nextTick()
    expect(suggestion().exists()).toBe(false)
    await optimizer().setValue('sgd')
    expect(s.project.training.learningRate).toBe(0.1) // nothing typed in this project
  })
})
