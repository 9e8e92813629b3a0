// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import NetworkEditor from '../../src/renderer/components/NetworkEditor.vue'
import { checkedOf, mountWith, runIs, setup, tid, valueOf, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  s = setup()
  w = mountWith(NetworkEditor, s.pinia)
})
afterEach(() => w.unmount())

const error = (path: string) => w.find(tid(`error-${path}`))
const field = (path: string) => w.get(tid(`field-${path}`))

describe('NetworkEditor validation', () => {
  it('starts valid with no messages', () => {
    expect(s.project.valid).toBe(true)
    expect(w.findAll('.field-error')).toHaveLength(0)
    expect(valueOf(field('network.hidden[0].units'))).toBe('4')
  })

  it('typing 0 into units shows the message at that field and makes the project invalid', async () => {
    await field('network.hidden[0].units').setValue('0')
    expect(s.project.network.hidden[0].units).toBe(0)
    expect(s.project.valid).toBe(false)
    expect(error('network.hidden[0].units').text()).toBe('expected a whole number ≥ 1, got 0')
    expect(error('network.hidden[0].units').classes()).toContain('field-error')
    expect(field('network.hidden[0].units').attributes('aria-invalid')).toBe('true')
    // only that field is marked
    expect(w.findAll('.field-error')).toHaveLength(1)
  })

  it('text that is not a number keeps the text, writes null (never NaN or a string) and is reported', async () => {
    await field('network.hidden[0].units').setValue('abc')
    expect(s.project.network.hidden[0].units).toBeNull()
    expect(s.project.valid).toBe(false)
    expect(error('network.hidden[0].units').text()).toBe('expected a whole number ≥ 1, got "abc"')
    expect(valueOf(field('network.hidden[0].units'))).toBe('abc')
    await field('network.hidden[0].units').setValue('')
    expect(error('network.hidden[0].units').text()).toBe('expected a whole number ≥ 1')
    await field('network.hidden[0].units').setValue(' 7 ')
    expect(s.project.network.hidden[0].units).toBe(7)
    expect(s.project.valid).toBe(true)
    expect(error('network.hidden[0].units').exists()).toBe(false)
    expect(field('network.hidden[0].units').attributes('aria-invalid')).toBe('false')
  })

  it('shows a value changed elsewhere instead of the stale typed text', async () => {
    await field('network.hidden[0].units').setValue('abc')
    s.project.network.hidden[0].units = 9
    await nextTick()
    expect(valueOf(field('network.hidden[0].units'))).toBe('9')
  })

  it('refuses a softmax hidden layer at its activation, and fixing it clears the message', async () => {
    // not offered for hidden layers...
    const options = field('network.hidden[0].activation').findAll('option').map((o) => o.attributes('value'))
    expect(options).toEqual(['sigmoid', 'tanh', 'relu', 'linear'])
    // ...but a project may hold one
    s.project.network.hidden[0].activation = 'softmax'
    await nextTick()
    expect(error('network.hidden[0].activation').text()).toBe('softmax is only allowed on the output layer')
    expect(field('network.hidden[0].activation').attributes('aria-invalid')).toBe('true')
    expect(s.project.valid).toBe(false)
    await field('network.hidden[0].activation').setValue('tanh')
    expect(s.project.network.hidden[0].activation).toBe('tanh')
    expect(error('network.hidden[0].activation').exists()).toBe(false)
    expect(s.project.valid).toBe(true)
  })

  it('says at the input size when m does not match the data', async () => {
    await field('network.inputSize').setValue('3')
    expect(error('network.inputSize').text()).toBe('the data set has m = 1 inputs')
    expect(field('network.inputSize').attributes('aria-invalid')).toBe('true')
    expect(s.project.valid).toBe(false)
    await field('network.inputSize').setValue('1')
    expect(error('network.inputSize').exists()).toBe(false)
  })

  it('says at the output units when ℓ does not match the data', async () => {
    await field('network.output.units').setValue('2')
    expect(error('network.output.units').text()).toBe('the data set has ℓ = 1 targets')
  })

  it('edits activation, recurrence and bias in place', async () => {
    await field('network.output.activation').setValue('linear')
    await field('network.hidden[0].recurrent').setValue(false)
    await field('network.output.recurrent').setValue(true)
    await field('network.output.bias').setValue(false)
    expect(s.project.network.output).toEqual({ units: 1, activation: 'linear', recurrent: true, bias: false })
    expect(s.project.network.hidden[0].recurrent).toBe(false)
  })

  it('shows the lecture symbols', () => {
    const text = w.text()
    for (const symbol of ['m', 'n₁', 'ℓ', 'f₁', 'R = 1', 'x⁽¹⁾', 'u = x⁽⁰⁾', 'y = x⁽²⁾', 'V⁽¹⁾', 'b⁽¹⁾']) expect(text).toContain(symbol)
  })
})

describe('NetworkEditor layers', () => {
  it('adds a hidden layer like the one before it and selects it', async () => {
    await w.get(tid('add-layer')).trigger('click')
    expect(s.project.network.hidden).toHaveLength(2)
    expect(s.project.network.hidden[1]).toEqual({ units: 4, activation: 'tanh', recurrent: true, bias: true })
    expect(s.editor.selectedLayer).toBe(1)
    expect(w.get(tid('layer-hidden-1')).classes()).toContain('selected')
    expect(w.text()).toContain('R = 2')
    expect(w.text()).toContain('y = x⁽³⁾')
  })

  it('removes a hidden layer; the others keep their typed text and selection', async () => {
    await w.get(tid('add-layer')).trigger('click')
    await field('network.hidden[1].units').setValue('6')
    s.editor.select(1)
    await w.get(tid('remove-layer-0')).trigger('click')
    expect(s.project.network.hidden).toHaveLength(1)
    expect(s.project.network.hidden[0].units).toBe(6)
    expect(valueOf(field('network.hidden[0].units'))).toBe('6')
    expect(s.editor.selectedLayer).toBe(0)
    await w.get(tid('remove-layer-0')).trigger('click')
    expect(s.project.network.hidden).toHaveLength(0)
    expect(s.editor.selectedLayer).toBeNull()
    expect(w.text()).toContain('R = 0')
    expect(w.text()).toContain('y = x⁽¹⁾')
    expect(s.project.valid).toBe(true)
  })

  it('a message moves with its layer when an earlier layer is removed', async () => {
    await w.get(tid('add-layer')).trigger('click')
    await field('network.hidden[1].units').setValue('0')
    expect(error('network.hidden[1].units').exists()).toBe(true)
    await w.get(tid('remove-layer-0')).trigger('click')
    expect(error('network.hidden[0].units').text()).toBe('expected a whole number ≥ 1, got 0')
  })

  it('clicking a layer card selects it, and the selected card is highlighted', async () => {
    await w.get(tid('layer-output')).trigger('click')
    expect(s.editor.selectedLayer).toBe('output')
    expect(w.get(tid('layer-output')).classes()).toContain('selected')
    s.editor.select('input')
    await nextTick()
    expect(w.get(tid('layer-input')).classes()).toContain('selected')
    expect(w.get(tid('layer-output')).classes()).not.toContain('selected')
  })

  it('the lecture preset turns biases off, sigmoid everywhere and the lecture gradient', async () => {
    await w.get(tid('add-layer')).trigger('click')
    await w.get(tid('lecture-preset')).trigger('click')
    for (const layer of [...s.project.network.hidden, s.project.network.output]) {
      expect(layer.bias).toBe(false)
      expect(layer.activation).toBe('sigmoid')
    }
    expect(s.project.network.hidden.every((l) => l.recurrent)).toBe(true)
    expect(s.project.training.gradient).toBe('lecture')
    expect(s.project.training.optimizer).toBe('sgd')
    expect(checkedOf(field('network.hidden[0].bias'))).toBe(false)
    expect(valueOf(field('network.output.activation'))).toBe('sigmoid')
  })

  it('keeps the network as it is while a run is going, and lets go when it ends', async () => {
    runIs('running')
    await nextTick()
    expect(w.find(tid('network-locked')).exists()).toBe(true)
    // every field and button sits in a disabled fieldset
    const fieldset = w.get('fieldset')
    expect(fieldset.attributes('disabled')).toBeDefined()
    for (const id of ['field-network.inputSize', 'field-network.hidden[0].units', 'field-network.output.bias', 'add-layer', 'remove-layer-0']) expect(fieldset.find(tid(id)).exists()).toBe(true)
    expect(w.get(tid('lecture-preset')).attributes('disabled')).toBeDefined()
    runIs('paused')
    await nextTick()
    expect(w.find(tid('network-locked')).exists()).toBe(true)
    runIs('completed')
    await nextTick()
    expect(w.find(tid('network-locked')).exists()).toBe(false)
    expect(w.get('fieldset').attributes('disabled')).toBeUndefined()
  })
})
