// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import TrainingSettings from '../../src/renderer/components/TrainingSettings.vue'
import { TRAINING_DEFAULTS } from '../../src/core/index'
import { blankProject } from '../../src/shared/blank-project'
import { describe as describeRun } from '../../src/renderer/stores/training'
import { mountWith, runIs, setup, tid, valueOf, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  s = setup()
  w = mountWith(TrainingSettings, s.pinia)
})
afterEach(() => w.unmount())

const error = (path: string) => w.find(tid(`error-${path}`))
const field = (path: string) => w.get(tid(`field-${path}`))
const has = (path: string) => w.find(tid(`field-${path}`)).exists()

describe('TrainingSettings', () => {
  it("shows the project's values, and defaults as placeholders for unset fields", () => {
    // the blank project sets optimizer adam, c = 0.05, 200 epochs, seed 1
    expect(valueOf(field('training.learningRate'))).toBe('0.05')
    expect(valueOf(field('training.epochs'))).toBe('200')
    expect(valueOf(field('training.optimizer'))).toBe('adam')
    expect(valueOf(field('training.loss'))).toBe('sse')
    expect(valueOf(field('training.clipGradNorm'))).toBe('')
    expect(field('training.clipGradNorm').attributes('placeholder')).toBe('0 (off)')
    expect(valueOf(field('training.beta1'))).toBe('')
    expect(field('training.beta1').attributes('placeholder')).toBe(String(TRAINING_DEFAULTS.beta1))
    expect(w.text()).toContain('Learning rate c')
    expect(w.findAll('.field-error')).toHaveLength(0)
  })

  it('clearing the learning rate removes the key, back to the default shown as placeholder', async () => {
    await field('training.learningRate').setValue('')
    expect('learningRate' in s.project.training).toBe(false)
    expect(field('training.learningRate').attributes('placeholder')).toBe(String(TRAINING_DEFAULTS.learningRate))
    expect(s.project.valid).toBe(true)
  })

  it('marks a bad learning rate at its field; text that is not a number becomes null, never NaN', async () => {
    await field('training.learningRate').setValue('0')
    expect(error('training.learningRate').text()).toBe('expected a number > 0, got 0')
    expect(field('training.learningRate').attributes('aria-invalid')).toBe('true')
    expect(s.project.valid).toBe(false)
    await field('training.learningRate').setValue('fast')
    expect(s.project.training.learningRate).toBeNull()
    expect(error('training.learningRate').text()).toBe('expected a number > 0, got "fast"')
    expect(valueOf(field('training.learningRate'))).toBe('fast')
    await field('training.learningRate').setValue('1e-2')
    expect(s.project.training.learningRate).toBe(0.01)
    expect(error('training.learningRate').exists()).toBe(false)
    expect(s.project.valid).toBe(true)
  })

  it("takes threads as 'auto' or a number; blank is the default, auto", async () => {
    expect(valueOf(field('training.threads'))).toBe('')
    expect(field('training.threads').attributes('placeholder')).toBe('auto')
    expect(w.text()).toContain('Threads')
    await field('training.threads').setValue('2')
    expect(s.project.training.threads).toBe(2)
    await field('training.threads').setValue('Auto')
    expect(s.project.training.threads).toBe('auto')
    expect(s.project.valid).toBe(true)
    await field('training.threads').setValue('0')
    expect(error('training.threads').text()).toBe('expected "auto" or a whole number from 1 to 64, got 0')
    await field('training.threads').setValue('many')
    expect(s.project.training.threads).toBeNull()
    expect(error('training.threads').text()).toBe('expected "auto" or a whole number from 1 to 64, got "many"')
    await field('training.threads').setValue('')
    expect('threads' in s.project.training).toBe(false)
    expect(s.project.valid).toBe(true)
  })

  it('shows the horizon k only for the truncated gradient', async () => {
    expect(has('training.horizon')).toBe(false)
    await field('training.gradient').setValue('truncated')
    expect(s.project.training.gradient).toBe('truncated')
    expect(has('training.horizon')).toBe(true)
    expect(field('training.horizon').attributes('placeholder')).toBe('4')
    await field('training.horizon').setValue('0')
    expect(error('training.horizon').text()).toBe('expected a whole number ≥ 1, got 0')
    await field('training.horizon').setValue('8')
    expect(s.project.training.horizon).toBe(8)
    await field('training.gradient').setValue('exact')
    expect(has('training.horizon')).toBe(false)
  })

  it('a bad value in a hidden field still shows, so no message is out of sight', async () => {
    s.project.training.horizon = 0
    await nextTick()
    expect(has('training.horizon')).toBe(true)
    expect(error('training.horizon').text()).toBe('expected a whole number ≥ 1, got 0')
  })

  it("notes that 'lecture' is not the exact gradient", async () => {
    expect(w.find(tid('note-training.gradient')).exists()).toBe(false)
    await field('training.gradient').setValue('lecture')
    expect(w.get(tid('note-training.gradient')).text()).toContain('not the exact gradient of E')
  })

  it('shows μ for momentum, batch size for minibatches and the scale a for uniform initialisation', async () => {
    expect(has('training.momentum')).toBe(false)
    await field('training.optimizer').setValue('momentum')
    expect(has('training.momentum')).toBe(true)
    expect(has('training.beta1')).toBe(false)
    expect(w.text()).toContain('Momentum μ')

    expect(has('training.batchSize')).toBe(false)
    await field('training.batch').setValue('minibatch')
    expect(has('training.batchSize')).toBe(true)
    await field('training.batchSize').setValue('8')
    expect(s.project.training.batchSize).toBe(8)

    expect(valueOf(field('training.init.kind'))).toBe('glorot')
    expect(has('training.init.scale')).toBe(false)
    await field('training.init.kind').setValue('uniform')
    expect(s.project.training.init).toEqual({ kind: 'uniform' })
    await field('training.init.scale').setValue('0.3')
    expect(s.project.training.init).toEqual({ kind: 'uniform', scale: 0.3 })
    await field('training.init.scale').setValue('-1')
    expect(error('training.init.scale').text()).toBe('expected a number > 0, got -1')
    await field('training.init.scale').setValue('')
    expect(s.project.training.init).toEqual({ kind: 'uniform' })
  })

  it('the precision select shows float64 by default, with its tooltip, and writes float32 into the project', async () => {
    expect(valueOf(field('training.precision'))).toBe('float64')
    expect('precision' in s.project.training).toBe(false)
    expect(field('training.precision').findAll('option').map((o) => o.text())).toEqual(['float64', 'float32 (faster, ~7 digits)'])
    expect(w.get('[title^="Number format of the training arithmetic"]').text()).toContain('Precision')
    await field('training.precision').setValue('float32')
    expect(s.project.training.precision).toBe('float32')
    expect(s.project.valid).toBe(true)
    await field('training.precision').setValue('float64')
    expect(s.project.training.precision).toBe('float64')
    // a float32 run says so in the loss chart's legend
    const network = s.project.network
    expect(describeRun(network, { seed: 2, precision: 'float32' })).toMatch(/ · seed 2 · float32$/)
    expect(describeRun(network, { seed: 2, precision: 'float64' })).toMatch(/ · seed 2$/)
  })

  it("labels the lecture's choices", () => {
    const labels = (path: string) => field(path).findAll('option').map((o) => o.text())
    expect(labels('training.optimizer')[0]).toBe('gradient descent (lecture)')
    expect(labels('training.loss')[0]).toBe("sse (the lecture's E)")
  })

  it('marks the loss when the output is softmax and the loss is not cross-entropy', async () => {
    s.project.network.output.activation = 'softmax'
    await nextTick()
    expect(error('training.loss').text()).toBe('a softmax output needs the cross-entropy loss')
    await field('training.loss').setValue('cross-entropy')
    expect(error('training.loss').exists()).toBe(false)
    expect(s.project.valid).toBe(true)
  })

  it('says that changes during a run apply to the next one', async () => {
    expect(w.find(tid('training-next-run')).exists()).toBe(false)
    runIs('running')
    await nextTick()
    expect(w.get(tid('training-next-run')).text()).toContain('changes apply to the next run')
    expect(field('training.learningRate').attributes('disabled')).toBeUndefined()
  })

  it('forgets typed text when another project is loaded', async () => {
    await field('training.learningRate').setValue('x')
    s.project.load({ ...blankProject(), training: { learningRate: 0.5 } }, null)
    await nextTick()
    expect(valueOf(field('training.learningRate'))).toBe('0.5')
    expect(error('training.learningRate').exists()).toBe(false)
  })
})
