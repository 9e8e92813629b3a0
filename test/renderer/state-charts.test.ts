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
