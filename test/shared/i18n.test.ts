// The catalogues (src/shared/i18n): every language has exactly English's keys, no empty message, the same
// placeholders, plural messages with the language's number of forms, and messages vue-i18n can compile; the
// system's languages pick one; Polish plural forms.
import { describe, expect, it } from 'vitest'
import { baseCompile } from '@intlify/message-compiler'
import { CATALOGUES, fillPlaceholders, LOCALES, pickLocale, polishPluralIndex, languageState, type Locale } from '../../src/shared/i18n/index.js'

/** Every message of a catalogue by its dotted key. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv)
  } else out.set(prefix, value)
  return out
}

/** Plural forms of a message (vue-i18n splits at | outside braces). */
const forms = (message: string) => message.replace(/\{'\|'\}/g, '').split('|')
const placeholders = (message: string) => [...new Set([...message.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1]))].sort()
/** Plural forms each language writes: English one | other, Polish one | few | many. */
const PLURAL_FORMS: Record<Locale, number> = { en: 2, pl: 3 }

describe('the catalogues', () => {
  const en = flatten(CATALOGUES.en)

  it('have a good number of messages (the window is translated)', () => {
    expect(en.size).toBeGreaterThan(40)
  })

  for (const locale of LOCALES) {
    it(`${locale}: the same keys as English, each a non-empty string`, () => {
      const messages = flatten(CATALOGUES[locale])
      expect([...messages.keys()].sort()).toEqual([...en.keys()].sort())
      for (const [key, message] of messages) {
        expect(typeof message, key).toBe('string')
        expect((message as string).trim(), key).not.toBe('')
      }
    })

    it(`${locale}: the same placeholders as English, its own number of plural forms, and compiles`, () => {
      for (const [key, message] of flatten(CATALOGUES[locale]) as Map<string, string>) {
        const english = en.get(key) as string
        expect(placeholders(message), key).toEqual(placeholders(english))
        const plural = forms(english).length > 1
        expect(forms(message).length, key).toBe(plural ? PLURAL_FORMS[locale] : 1)
        if (key.startsWith('menu.') || key.startsWith('roles.')) continue // the host fills these itself
        const errors: string[] = []
        baseCompile(message, { onError: (e) => errors.push(e.message), jit: true })
        expect(errors, `${key}: ${message}`).toEqual([])
      }
    })
  }

  it('the host-read sections use only plain {name} placeholders (no plural forms, no vue-i18n syntax)', () => {
    for (const locale of LOCALES) {
      for (const [key, message] of [...flatten(CATALOGUES[locale].menu), ...flatten(CATALOGUES[locale].roles)] as [string, string][]) {
        expect(message, key).not.toMatch(/[|@$]|\{'/)
      }
    }
  })

  it('a Polish message that is still English is the exception (words, not symbols)', () => {
    const same = [...flatten(CATALOGUES.pl)].filter(([key, m]) => m === en.get(key) && /[a-z]{3,}/i.test((m as string).replace(/\{\w+\}/g, ''))).map(([k]) => k)
    // names that are the same in both languages
    expect(same.filter((k) => !SAME_IN_BOTH.includes(k))).toEqual([])
  })
})

/** Keys whose Polish text is rightly the English one (names, not words to translate). */
const SAME_IN_BOTH: string[] = [
  'networkEditor.activations.tanh',
  'networkEditor.activations.relu',
  'trainingSettings.gradient',
  'lab.formulas.links.gradient',
  'trainingSettings.optimizerMomentum',
  'trainingSettings.optimizerAdam',
  'trainingSettings.momentum',
  'trainingSettings.initGlorot',
  'trainingSettings.precision64',
  'trainingSettings.optimizerNames.momentum',
  'trainingSettings.optimizerNames.adam',
  'charts.bias',
  'charts.log',
  'exportDialog.format',
  'exportDialog.formats.json',
  'exportDialog.formats.npz',
  'exportDialog.formats.onnx',
]

describe('choosing the language', () => {
  it('takes the first system language the window speaks, by its primary subtag; English otherwise', () => {
    expect(pickLocale(['pl-PL', 'en-US'])).toBe('pl')
    expect(pickLocale(['de-DE', 'pl'])).toBe('pl')
    expect(pickLocale(['en-GB', 'pl-PL'])).toBe('en')
    expect(pickLocale(['de-DE', 'fr'])).toBe('en')
    expect(pickLocale(['PL_pl'])).toBe('pl')
    expect(pickLocale([])).toBe('en')
  })

  it('a chosen language wins over the system; "system" follows it', () => {
    expect(languageState('system', ['pl-PL'])).toEqual({ choice: 'system', system: 'pl', locale: 'pl' })
    expect(languageState('en', ['pl-PL'])).toEqual({ choice: 'en', system: 'pl', locale: 'en' })
    expect(languageState('pl', ['en-US'])).toEqual({ choice: 'pl', system: 'en', locale: 'pl' })
  })
})

describe('Polish plural forms', () => {
  it('1 | 2–4 (not 12–14) | the rest, 0 included', () => {
    const one = [1]
    const few = [2, 3, 4, 22, 23, 24, 32, 102, 1004]
    const many = [0, 5, 6, 10, 11, 12, 13, 14, 15, 20, 21, 25, 100, 101, 111, 112, 114, 1000]
    for (const n of one) expect(polishPluralIndex(n), String(n)).toBe(0)
    for (const n of few) expect(polishPluralIndex(n), String(n)).toBe(1)
    for (const n of many) expect(polishPluralIndex(n), String(n)).toBe(2)
    expect(polishPluralIndex(-3)).toBe(1)
  })

  it('a message with fewer forms gets its last', () => {
    expect(polishPluralIndex(5, 2)).toBe(1)
    expect(polishPluralIndex(1, 2)).toBe(0)
  })
})

describe('the host fills placeholders', () => {
  it('by name, leaving unknown ones', () => {
    expect(fillPlaceholders('About {name}', { name: 'RNN Workbench' })).toBe('About RNN Workbench')
    expect(fillPlaceholders('{a} and {b}', { a: 1 })).toBe('1 and {b}')
  })
})
