// @vitest-environment happy-dom
// The "Inside the network" panel's sequence field: a number input (v-model then stores numbers once the user
// types) that chooses the training sequence whose states are shown, checked against the data's P.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import StateCharts from '../../src/renderer/components/charts/StateCharts.vue'
import { useTrainingStore } from '../../src/renderer/stores/training'
import { setup, tid } from './project-setup'

describe('StateCharts sequence field', () => {
  it('takes a typed sequence in range and refuses one out of range', async () => {
    const s = setup() // the blank project with 2 inline training sequences
    const training = useTrainingStore()
    const w = mount(StateCharts, { global: { plugins: [s.pinia], stubs: { EChart: true } } })
    const field = w.get(tid('sequence'))
    await field.setValue('1')
    expect(training.sequence).toBe(1)
    expect(w.find('.field-error').exists()).toBe(false)
    await field.setValue('2')
    expect(w.get('.field-error').text()).toBe('Choose a sequence from 0 to 1.')
    expect(training.sequence).toBe(1)
    w.unmount()
  })
})

describe('StateCharts without sequences in the window', () => {
  it('says so instead of asking for a sequence (a NETtalk project: its data is made in main)', () => {
    const s = setup()
    s.project.dataset = null
    const w = mount(StateCharts, { global: { plugins: [s.pinia], stubs: { EChart: true } } })
    expect(w.find(tid('sequence')).exists()).toBe(false)
    expect(w.get(tid('no-sequences')).text()).toMatch(/No sequences here/)
    expect(w.find('.field-error').exists()).toBe(false)
    w.unmount()
  })
})
