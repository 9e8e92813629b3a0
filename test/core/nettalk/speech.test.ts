// The NETtalk → eSpeak mapping table against the corpus's symbols, and the phoneme input it builds.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NETTALK_TO_ESPEAK, PHONEME_SYMBOLS, STRESS_MARKS, parseDictionary, toEspeakPhonemes } from '../../../src/core/nettalk/index.js'
import { NETTALK_DICTIONARY } from '../../helpers/nettalk-corpus.js'

describe('NETTALK_TO_ESPEAK', () => {
  const { entries } = parseDictionary(readFileSync(NETTALK_DICTIONARY, 'utf8'), { duplicates: 'all' })

  it('maps every phoneme symbol and stress mark used in the corpus', () => {
    const phonemes = new Set<string>()
    const stress = new Set<string>()
    for (const e of entries) {
      for (const p of e.phonemes) phonemes.add(p)
      for (const s of e.stress) stress.add(s)
    }
    expect(phonemes.size).toBeGreaterThan(50)
    expect(stress.size).toBe(5)
    for (const p of phonemes) expect(NETTALK_TO_ESPEAK.phonemes[p], `phoneme ${p}`).toBeTypeOf('string')
    for (const s of stress) expect(NETTALK_TO_ESPEAK.stress[s], `stress ${s}`).toBeTypeOf('string')
  })

  it('has exactly the codec symbols as keys, and only silence maps to nothing', () => {
    expect(Object.keys(NETTALK_TO_ESPEAK.phonemes).sort()).toEqual([...PHONEME_SYMBOLS].sort())
    expect(Object.keys(NETTALK_TO_ESPEAK.stress).sort()).toEqual([...STRESS_MARKS].sort())
    const silent = Object.entries(NETTALK_TO_ESPEAK.phonemes).filter(([, v]) => v === '').map(([k]) => k)
    expect(silent).toEqual(['-'])
    // eSpeak mnemonics are ASCII letters, digits and @ 3 : (no spaces or brackets that would end the [[ ]] input)
    for (const v of Object.values(NETTALK_TO_ESPEAK.phonemes)) expect(v).toMatch(/^[A-Za-z@3:]*$/)
  })

  it('turns every corpus entry into eSpeak input without error', () => {
    for (const e of entries) expect(() => toEspeakPhonemes(e.phonemes, e.stress)).not.toThrow()
  })
})

describe('toEspeakPhonemes', () => {
  it('writes each stressed syllable once, before its vowel, and skips silent letters', () => {
    expect(toEspeakPhonemes('tebL-', '>1>>0')).toBe("t'eIb@L") // table
    expect(toEspeakPhonemes('xbW-t', '0>1<<')).toBe("@b'aUt") // about: the W and silent u share one mark
    expect(toEspeakPhonemes('f-otxgr@f-', '>>1<0>>2<<')).toBe("f'oUt@gr,af") // photograph
    expect(toEspeakPhonemes('--', '00')).toBe('')
  })

  it('refuses unknown symbols and unequal lengths with the position', () => {
    expect(() => toEspeakPhonemes('tq', '>1')).toThrow(/unknown NETtalk phoneme "q" at letter 2/)
    expect(() => toEspeakPhonemes('ta', '>9')).toThrow(/unknown NETtalk stress mark "9" at letter 2/)
    expect(() => toEspeakPhonemes('ta', '>')).toThrow(/one symbol per letter/)
  })
})
