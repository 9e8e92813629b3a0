// @vitest-environment happy-dom
// The Lab in Polish: the formulas panel speaks the notes' terms (tytuły, uwagi, etykiety symboli, metoda
// gradientu) and switches back to English without a remount; the formulas' notes pick Polish plural forms; the
// race marks its invalid field whatever the language (not by parsing English); the TeX is the same in both.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import lectureFile from '../../resources/examples/lecture-minimal.rnn.json'
import { mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import type { ProjectFile } from '../../src/shared/project-file'

vi.mock('../../src/renderer/api', () => ({ api: { on: vi.fn(() => () => {}), lab: {}, training: {} } }))

import FormulaView from '../../src/renderer/components/lab/FormulaView.vue'
import RaceView from '../../src/renderer/components/lab/RaceView.vue'
import { buildFormulas, formulaInput } from '../../src/renderer/lab/formulas'
import { setLocale } from '../../src/renderer/i18n'
import { setup, tid, type Setup } from './project-setup'

const lecture = lectureFile as ProjectFile
/** lecture-minimal with inline data (8 sequences × 6 steps, m = 2, ℓ = 1). */
function lectureProject(): ProjectFile {
  const train = Array.from({ length: 8 }, (_, p) => ({ u: Array.from({ length: 6 }, (_, t) => [(p + t) % 2, 1 - ((p + t) % 2)]), z: Array.from({ length: 6 }, (_, t) => (t === 0 ? null : [t % 2])) }))
  return { ...lecture, data: { kind: 'inline', inputSize: 2, outputSize: 1, train } }
}

let s: Setup
const mounted: VueWrapper[] = []
function mountLab(component: Parameters<typeof mount>[0]): VueWrapper {
  const w = mount(component, { global: { plugins: [s.pinia], stubs: { EChart: true } }, attachTo: document.body })
  mounted.push(w)
  return w
}
beforeEach(() => {
  s = setup()
  s.project.load(lectureProject(), null)
  setLocale('pl')
})
afterEach(() => {
  while (mounted.length > 0) mounted.pop()!.unmount()
  document.body.innerHTML = ''
  setLocale('en')
})

describe('the Lab in Polish', () => {
  it('the formulas panel: title, gradient mode, usage, notes and symbol labels in the notes’ terms; back to English on a switch', async () => {
    const w = mountLab(FormulaView)
    expect(w.get('#lab-formulas-title').text()).toBe('Wzory z wykładu dla Twojej sieci')
    const mode = w.get(tid('lab-formulas-mode')).text()
    expect(mode).toContain('Gradient Twojego projektu:')
    expect(mode).toContain('wykładowy (reguła z notatek, k = 1)')
    expect(mode).toContain('Projekt uczy się według wzorów (1a), (1b) i (2) z notatek.')
    expect(w.get(tid('lab-formula-forward')).get('h3').text()).toBe('Przebieg w przód')
    expect(w.get(tid('lab-formula-error')).get('h3').text()).toBe('Błąd E')
    expect(w.get(tid('lab-formula-grad-2')).get('h3').text()).toBe('(2) Gradient wag rekurencyjnych dla 1 ≤ t ≤ T')
    expect(w.get(tid('lab-formula-bptt')).get('h3').text()).toBe('Dokładna i obcięta propagacja wsteczna')
    expect(w.get(tid('lab-formula-usage-grad-1b')).text()).toBe('Twój projekt tego używa')
    expect(w.get(tid('lab-formula-note-forward')).text()).toContain('Każda warstwa liczy to w każdym kroku; dla t = 0 nie ma poprzedniego stanu, więc druga suma odpada.')
    expect(w.get(tid('lab-formula-note-grad-1a')).text()).toBe('Twój projekt uczy się według reguły z notatek: liczy właśnie (1a).')
    expect(w.get(tid('lab-symbol-forward-m')).text()).toBe('Liczba wejść m = 2')
    expect(w.get(tid('lab-symbol-forward-n1')).text()).toBe('Neurony warstwy 1: n1 = 4')
    expect(w.get(tid('lab-symbol-update-c')).text()).toMatch(/^Współczynnik uczenia c = /)
    expect(w.text()).not.toContain('Your project')
    const tex = () => w.get(tid('lab-formula-yours-forward')).findAll('.katex').map((k) => k.html())
    const polishTex = tex()
    expect(polishTex).toHaveLength(2)

    setLocale('en')
    await nextTick()
    expect(w.get('#lab-formulas-title').text()).toBe("The lecture's formulas with your network")
    expect(w.get(tid('lab-formula-usage-grad-1b')).text()).toBe('Your project uses this')
    expect(w.get(tid('lab-symbol-forward-m')).text()).toBe('Input size m = 2')
    // the formulas themselves are the notes' symbols in both languages
    expect(tex()).toEqual(polishTex)
  })

  it('a note with a number of steps takes the Polish plural form', () => {
    const notes = (horizon: number) => {
      const f = buildFormulas(formulaInput(s.project.network, { ...s.project.training, gradient: 'truncated', horizon }, s.project.dataset)!)
      return f.blocks.find((b) => b.id === 'grad-1a')!.notes[0]
    }
    expect(notes(3)).toBe('Twój projekt cofa błąd o 3 kroki: (1a) to tylko jego część dla k = 1 (zob. ostatni wzór).')
    expect(notes(5)).toBe('Twój projekt cofa błąd o 5 kroków: (1a) to tylko jego część dla k = 1 (zob. ostatni wzór).')
    expect(notes(22)).toContain('o 22 kroki:')
  })

  it('the race: its problem in Polish, and the invalid field still marked', async () => {
    const w = mountLab(RaceView)
    await w.get(tid('lab-race-horizon')).setValue('0')
    expect(w.get(tid('lab-race-problem')).text()).toMatch(/^Horyzont k musi być liczbą całkowitą od 1 do \d+\.$/)
    expect(w.get(tid('lab-race-horizon')).attributes('aria-invalid')).toBe('true')
    expect(w.get(tid('lab-race-epochs')).attributes('aria-invalid')).toBe('false')
    await w.get(tid('lab-race-horizon')).setValue('2')
    await w.get(tid('lab-race-epochs')).setValue('2.5')
    expect(w.get(tid('lab-race-problem')).text()).toMatch(/^Liczba epok musi być liczbą całkowitą/)
    expect(w.get(tid('lab-race-epochs')).attributes('aria-invalid')).toBe('true')
    expect(w.get('#lab-race-title').text()).toBe('Wyścig')
    expect(w.get(tid('lab-race-start')).text()).toBe('Rozpocznij wyścig')
  })
})
