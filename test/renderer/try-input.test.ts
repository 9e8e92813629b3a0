// @vitest-environment happy-dom
// "Try your own input": the typed sequence is parsed (one step per line, m inputs), run through the trained
// network by the host (network:inspect) and shown step by step; a training sequence can be the start, with its
// teacher signal beside the outputs while the text is still that sequence; bad text gets a clear message.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'

const fake = vi.hoisted(() => ({
  network: { inspect: vi.fn(async (request: { inputs: number[][] }) => ({ hidden: [], outputs: request.inputs.map((u) => u[0] / 10) })) },
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import TryInput from '../../src/renderer/components/TryInput.vue'
import { parseInputs } from '../../src/renderer/try-input'
import { mountWith, setup, tid, valueOf, type Setup } from './project-setup'
import { setLocale } from '../../src/renderer/i18n'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
  w = mountWith(TryInput, s.pinia)
})
afterEach(() => {
  w.unmount()
  setLocale('en')
})

const trained = async () => {
  s.project.weights = { epoch: 3, arrays: [] } as never
  await w.vm.$nextTick()
}

describe('try your own input', () => {
  it('asks for training first', () => {
    expect(w.find(tid('try-untrained')).exists()).toBe(true)
    expect(w.find(tid('try-inputs')).exists()).toBe(false)
  })

  it('runs a typed sequence and shows the outputs step by step', async () => {
    await trained()
    await w.get(tid('try-inputs')).setValue('1\n0\n\n5')
    await w.get(tid('try-run')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('try-outputs')).exists()).toBe(true))
    // its own purpose: the states charts' passes do not cancel it
    expect(fake.network.inspect.mock.calls[0][0]).toMatchObject({ inputs: [[1], [0], [5]], purpose: 'try-input' })
    const cells = w.findAll(`${tid('try-outputs')} tbody tr`).map((r) => r.findAll('td').map((c) => c.text()))
    expect(cells).toEqual([
      ['0', '1', '0.1000'], // whole inputs as typed, outputs to 4 decimals
      ['1', '0', '0'],
      ['2', '5', '0.5000'],
    ])
    expect(w.get(tid('try-caption')).text()).toBe("3 steps: the network's outputs y for your inputs u")
  })

  it('marks the outputs shown once the text is edited, until Run (Ctrl+Enter in the text runs too)', async () => {
    await trained()
    await w.get(tid('try-inputs')).setValue('1\n0')
    await w.get(tid('try-run')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('try-outputs')).exists()).toBe(true))
    expect(w.get(tid('try-outputs')).attributes('data-stale')).toBe('false')
    await w.get(tid('try-inputs')).setValue('1\n0\n0.25')
    expect(w.get(tid('try-outputs')).attributes('data-stale')).toBe('true')
    expect(w.get(tid('try-caption')).text()).toBe('These are the outputs of the sequence run last: the text has changed since. Press Run to see its outputs.')
    await w.get(tid('try-inputs')).trigger('keydown', { key: 'Enter', ctrlKey: true })
    await vi.waitFor(() => expect(w.get(tid('try-outputs')).attributes('data-stale')).toBe('false'))
    expect(w.findAll(`${tid('try-outputs')} tbody tr`).at(-1)!.findAll('td').map((c) => c.text())).toEqual(['2', '0.2500', '0.0250'])
  })

  it('starts from a training sequence, shows its teacher signal, and drops it once the text is edited', async () => {
    await trained()
    await w.get(tid('try-fill')).trigger('click')
    expect(valueOf(w.get(tid('try-inputs')))).toBe('1\n0\n1\n1\n0\n0')
    await w.get(tid('try-run')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('try-outputs')).exists()).toBe(true))
    expect(w.findAll(`${tid('try-outputs')} th`).map((c) => c.text())).toEqual(['step t', 'input u', 'output y', 'teacher z'])
    expect(w.findAll(`${tid('try-outputs')} tbody tr`)[1].findAll('td').at(-1)!.text()).toBe('1') // z_1 = u_0
    expect(w.get(tid('try-caption')).text()).toBe("6 steps of training sequence 0: the network's outputs y beside the teacher signal z")
    await w.get(tid('try-inputs')).setValue('1\n0\n1\n1\n0\n1')
    await w.get(tid('try-run')).trigger('click')
    await vi.waitFor(() => expect(w.findAll(`${tid('try-outputs')} th`)).toHaveLength(3))
  })

  it('says what is wrong with the text', async () => {
    await trained()
    await w.get(tid('try-inputs')).setValue('1\n1 2')
    await w.get(tid('try-run')).trigger('click')
    expect(w.get(tid('try-error')).text()).toBe('Line 2: a step needs m = 1 input, this one has 2.')
    expect(fake.network.inspect).not.toHaveBeenCalled()
    expect(parseInputs('0.5 x', 2)).toEqual({ error: 'Line 1: "x" is not a number.' })
    expect(parseInputs('\n \n', 1)).toEqual({ error: 'Type at least one step: one line per step, its inputs separated by spaces.' })
  })

  it('in Polish: the caption with the plural form of its step count, the stale note and Run\'s tooltip', async () => {
    setLocale('pl')
    await trained()
    const caption = async (text: string) => {
      await w.get(tid('try-inputs')).setValue(text)
      await w.get(tid('try-run')).trigger('click')
      await vi.waitFor(() => expect(w.get(tid('try-outputs')).attributes('data-stale')).toBe('false'))
      return w.get(tid('try-caption')).text()
    }
    expect(await caption('1')).toBe('1 krok: wyjścia sieci y dla Twoich wejść u')
    expect(await caption('1\n0\n1')).toBe('3 kroki: wyjścia sieci y dla Twoich wejść u')
    expect(await caption('1\n0\n1\n1\n0')).toBe('5 kroków: wyjścia sieci y dla Twoich wejść u')
    await w.get(tid('try-inputs')).setValue('1\n0')
    expect(w.get(tid('try-caption')).text()).toMatch(/^To są wyjścia ostatnio uruchomionej sekwencji/)
    expect(w.get(tid('try-run')).attributes('title')).toBe('Uruchom sieć na tej sekwencji (Ctrl+Enter)')
    await w.get(tid('try-fill')).trigger('click')
    expect(await caption(valueOf(w.get(tid('try-inputs'))))).toBe('6 kroków sekwencji uczącej 0: wyjścia sieci y obok sygnału nauczyciela z')
  })
})
