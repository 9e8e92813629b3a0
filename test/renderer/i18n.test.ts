// @vitest-environment happy-dom
// The window's translations (src/renderer/i18n) and its language (src/renderer/stores/language.ts): vue-i18n
// over the shared catalogues with Polish plural forms; the language comes from the host, View › Language saves
// a choice with it, and the menu state reports the language so that the menu follows.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => ({
  app: {
    language: vi.fn(async () => ({ choice: 'system', system: 'pl', locale: 'pl' })),
    setLanguage: vi.fn(async (choice: string) => ({ choice, system: 'pl', locale: choice === 'system' ? 'pl' : choice })),
  },
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import { i18n, setLocale, t } from '../../src/renderer/i18n'
import { useLanguageStore } from '../../src/renderer/stores/language'

beforeEach(() => {
  setActivePinia(createPinia())
  setLocale('en')
})

describe('vue-i18n over the catalogues', () => {
  it('translates a key in the current language, English by default', () => {
    expect(t('menu.save')).toBe('Save')
    setLocale('pl')
    expect(t('menu.save')).toBe('Zapisz')
    expect(document.documentElement.lang).toBe('pl')
  })

  it('shows escaped special characters as they are (|y − z| is no plural)', () => {
    expect(t('trainingSettings.errorToleranceTitle')).toBe('Errors |y − z| below τ count as zero (NETtalk: 0.1)')
  })

  it('chooses the catalogue plural forms by the count, not by another number in the message', () => {
    expect(t('tryInput.stepInputs', { line: 2, m: 1, has: 3 }, 1)).toBe('Line 2: a step needs m = 1 input, this one has 3.')
    expect(t('runControls.trainDisabled', { n: 3 }, 3)).toBe('Train is disabled: 3 problems to fix, listed under the status line')
    setLocale('pl')
    expect(t('tryInput.stepInputs', { line: 2, m: 1, has: 3 }, 1)).toBe('Wiersz 2: krok potrzebuje m = 1 wejścia, ten ma 3.')
    expect(t('runControls.trainDisabled', { n: 3 }, 3)).toMatch(/^Uczenie niedostępne: 3 problemy /)
    expect(t('runControls.trainDisabled', { n: 12 }, 12)).toMatch(/^Uczenie niedostępne: 12 problemów /)
    expect(t('networkDiagram.parameters', { n: '22' }, 22)).toBe('22 parametry')
    expect(t('networkDiagram.parameters', { n: '1' }, 1)).toBe('1 parametr')
  })

  it('picks Polish plural forms 1 | 2–4 | 5+ with the custom rule, English one | other', () => {
    i18n.global.setLocaleMessage('pl', { ...(i18n.global.getLocaleMessage('pl') as object), test: { epochs: '{n} epoka | {n} epoki | {n} epok' } } as never)
    i18n.global.setLocaleMessage('en', { ...(i18n.global.getLocaleMessage('en') as object), test: { epochs: '{n} epoch | {n} epochs' } } as never)
    const say = (n: number) => (t as (key: string, n: number) => string)('test.epochs', n)
    expect([0, 1, 2, 5].map(say)).toEqual(['0 epochs', '1 epoch', '2 epochs', '5 epochs'])
    setLocale('pl')
    expect([1, 2, 4, 5, 12, 22, 25, 0].map(say)).toEqual(['1 epoka', '2 epoki', '4 epoki', '5 epok', '12 epok', '22 epoki', '25 epok', '0 epok'])
  })
})

describe('the language store', () => {
  it('takes the language from the host at start', async () => {
    const language = useLanguageStore()
    await language.load()
    expect(language.locale).toBe('pl')
    expect(language.choice).toBe('system')
    expect(t('menu.open')).toBe('Otwórz…')
  })

  it('stays English when the host cannot say', async () => {
    fake.app.language.mockRejectedValueOnce(new Error('no host'))
    const language = useLanguageStore()
    await language.load()
    expect(language.locale).toBe('en')
  })

  it('saves a choice with the host and shows its language', async () => {
    const language = useLanguageStore()
    await language.choose('en')
    expect(fake.app.setLanguage).toHaveBeenLastCalledWith('en')
    expect(language.locale).toBe('en')
    expect(language.choice).toBe('en')
    await language.choose('pl')
    expect(language.locale).toBe('pl')
  })
})
