// NETtalk codes: the input window (hand-checked for "table"), the feature and stress tables against
// nettalk.md, the J choice, the one-hot alternative, and decoding by smallest angle.
import { describe, expect, it } from 'vitest'
import {
  FEATURES,
  PHONEMES,
  PHONEME_SYMBOLS,
  STRESS_MARKS,
  STRESS_UNITS,
  createCodec,
  nettalkSpecIssues,
  normalizeNettalkSpec,
  phonemeFeatures,
  windowText,
} from '../../../src/core/nettalk/index.js'
import { SpecError } from '../../../src/core/index.js'

/** Indices of the units that are 1. */
const ones = (v: ArrayLike<number>) => Array.from(v).flatMap((x, i) => (x === 1 ? [i] : []))
const units = (names: string[]) => names.map((n) => FEATURES.indexOf(n as (typeof FEATURES)[number])).sort((a, b) => a - b)

describe('NettalkSpec', () => {
  it('has documented defaults', () => {
    expect(normalizeNettalkSpec()).toEqual({ window: 7, delay: 0, direction: 'left-to-right', outputCoding: 'features', jCode: 'corrected' })
    expect(normalizeNettalkSpec({ window: 11, delay: 3, direction: 'right-to-left' })).toEqual({
      window: 11,
      delay: 3,
      direction: 'right-to-left',
      outputCoding: 'features',
      jCode: 'corrected',
    })
  })

  it('names every bad field', () => {
    const issues = nettalkSpecIssues({ window: 4, delay: -1, direction: 'up', outputCoding: 'binary', jCode: 'G', windw: 7 } as never)
    expect(issues.map((i) => i.path)).toEqual(['nettalk.window', 'nettalk.delay', 'nettalk.direction', 'nettalk.outputCoding', 'nettalk.jCode', 'nettalk.windw'])
    expect(issues[0].problem).toBe('expected an odd whole number from 1 to 15, got 4')
    expect(() => normalizeNettalkSpec({ window: 17 })).toThrow(SpecError)
    for (const window of [1, 3, 15]) expect(normalizeNettalkSpec({ window }).window).toBe(window)
  })
})

describe('input window', () => {
  it('slides over "table" with boundaries outside the word (centre = 4th position)', () => {
    expect([0, 1, 2, 3, 4].map((c) => windowText('table', c, 7))).toEqual(['___tabl', '__table', '_table_', 'table__', 'able___'])
    expect(windowText('table', 2, 1)).toBe('b')
    expect(windowText('table', 5, 3)).toBe('e__') // a delay step past the end
  })

  it('is one-hot over 29 symbols per position: 203 units for width 7, worked out by hand for the t of "table"', () => {
    const codec = createCodec()
    expect(codec.inputSize).toBe(203)
    const u = new Float64Array(203)
    codec.encodeWindow('table', 0, u)
    // position k, symbol s → unit 29k + s; a = 0 … z = 25, boundary = 26
    // ___tabl: _ _ _ → 26, 55, 84; t (19) → 87 + 19; a → 116; b → 145 + 1; l (11) → 174 + 11
    expect(ones(u)).toEqual([26, 55, 84, 106, 116, 146, 185])
    expect(u.reduce((a, b) => a + b, 0)).toBe(7)
    codec.encodeWindow('table', 4, u) // able___
    expect(ones(u)).toEqual([0, 29 + 1, 58 + 11, 87 + 4, 116 + 26, 145 + 26, 174 + 26])
    expect(createCodec({ window: 15 }).inputSize).toBe(435)
  })
})

describe('output codes', () => {
  it('has nettalk.md’s 21 features and 52 phonemes (51 in the corpus, and Q)', () => {
    expect(FEATURES).toHaveLength(21)
    expect(FEATURES[0]).toBe('Labial')
    expect(FEATURES[12]).toBe('Voiced')
    expect(FEATURES[20]).toBe('Full stop')
    expect(PHONEMES).toHaveLength(52)
    expect(PHONEME_SYMBOLS).toBe('abcdefghiklmnoprstuvwxyzACDEGIJKLMNOQRSTUWXYZ@!#*^+-')
  })

  it.each([
    ['b', ['Voiced', 'Labial', 'Stop']],
    ['c', ['Medium', 'Velar']],
    ['A', ['Medium', 'Tensed', 'Dental', 'Alveolar']],
    ['W', ['High', 'Medium', 'Tensed', 'Palatal', 'Velar']],
    ['*', ['Voiced', 'Glide', 'Labial', 'Low', 'Alveolar']],
    ['+', ['Medium', 'Tensed', 'Palatal']],
    ['-', ['Silent', 'Elide']],
  ])('codes %s as %j', (symbol, features) => {
    const z = new Float64Array(26)
    createCodec().encodeTarget(symbol, '0', z)
    expect(ones(z.subarray(0, 21))).toEqual(units(features))
  })

  it('codes stress marks with Right, Left, Strong, Weak, Boundary', () => {
    expect(STRESS_UNITS).toEqual(['Right', 'Left', 'Strong', 'Weak', 'Boundary'])
    const codec = createCodec()
    const z = new Float64Array(26)
    const stressOf = (mark: string) => {
      codec.encodeTarget('x', mark, z)
      return ones(z.subarray(21)).map((i) => STRESS_UNITS[i])
    }
    expect(Object.fromEntries([...STRESS_MARKS].map((m) => [m, stressOf(m)]))).toEqual({
      '<': ['Left'],
      '>': ['Right'],
      '0': ['Weak'],
      '1': ['Strong', 'Weak'],
      '2': ['Strong'],
    })
  })

  it('gives J the corrected code by default and G’s printed code on request', () => {
    expect(units([...phonemeFeatures('J')])).toEqual(units(['Voiced', 'Palatal', 'Affricative']))
    expect(units([...phonemeFeatures('J', 'printed')])).toEqual(units([...phonemeFeatures('G')]))
  })

  it('gives every phoneme a distinct code with the corrected J', () => {
    const codes = PHONEMES.map((p) => units([...phonemeFeatures(p.symbol)]).join())
    expect(new Set(codes).size).toBe(52)
  })

  it('one-hot: 52 phoneme units and 5 stress units', () => {
    const codec = createCodec({ outputCoding: 'one-hot' })
    expect(codec.outputSize).toBe(57)
    const z = new Float64Array(57)
    codec.encodeTarget('J', '1', z)
    expect(ones(z)).toEqual([PHONEME_SYMBOLS.indexOf('J'), 52 + STRESS_MARKS.indexOf('1')])
  })
})

describe('decoding by smallest angle', () => {
  const codec = createCodec()
  const output = (features: Record<string, number>, stress: number[] = [0, 0, 0, 1, 0]) => {
    const y = new Float64Array(26)
    for (const [name, v] of Object.entries(features)) y[FEATURES.indexOf(name as (typeof FEATURES)[number])] = v
    y.set(stress, 21)
    return y
  }

  it('decodes every exact code to its own symbol with cosine 1', () => {
    const z = new Float64Array(26)
    for (const p of PHONEMES) {
      for (const mark of STRESS_MARKS) {
        codec.encodeTarget(p.symbol, mark, z)
        const d = codec.decode(z)
        expect([d.phoneme, d.stress]).toEqual([p.symbol, mark])
        expect(d.phonemeCosine).toBeCloseTo(1, 12)
      }
    }
  })

  it('picks the largest cosine (hand-worked cases)', () => {
    // Voiced 1, Labial 1, Stop 0.4: b = (V, L, S) has cos 2.4 / (√2.16 · √3) = 0.9428; m, v, w (V, L, +1) 2 / (√2.16 · √3) = 0.7857
    const b = codec.decode(output({ Voiced: 1, Labial: 1, Stop: 0.4 }))
    expect(b.phoneme).toBe('b')
    expect(b.phonemeCosine).toBeCloseTo(2.4 / (Math.sqrt(2.16) * Math.sqrt(3)), 12)
    // all small but in the direction of p = (Labial, Stop): the angle, not the size, decides
    expect(codec.decode(output({ Labial: 0.2, Stop: 0.2 })).phoneme).toBe('p')
    // stress (Strong 0.9, Weak 0.8): '1' has cos 1.7 / (√1.45 · √2) = 0.998, '2' 0.9 / √1.45 = 0.747
    const s1 = codec.decode(output({ Silent: 1, Elide: 1 }, [0, 0, 0.9, 0.8, 0]))
    expect([s1.phoneme, s1.stress]).toEqual(['-', '1'])
    expect(s1.stressCosine).toBeCloseTo(1.7 / (Math.sqrt(1.45) * Math.sqrt(2)), 12)
    // (Strong 0.9, Weak 0.1): '2' has cos 0.9 / √0.82 = 0.994, '1' 1.0 / (√0.82 · √2) = 0.781
    expect(codec.decode(output({ Silent: 1 }, [0, 0, 0.9, 0.1, 0])).stress).toBe('2')
  })

  it('breaks ties by table order: with the printed J code a J output reads as G; an all-zero output as a', () => {
    const printed = createCodec({ jCode: 'printed' })
    const z = new Float64Array(26)
    printed.encodeTarget('J', '0', z)
    expect(printed.decode(z).phoneme).toBe('G')
    codec.encodeTarget('J', '0', z)
    expect(codec.decode(z).phoneme).toBe('J')
    const zero = codec.decode(new Float64Array(26))
    expect(zero).toEqual({ phoneme: 'a', stress: '<', phonemeCosine: 0, stressCosine: 0 })
  })

  it('one-hot decoding is the largest output of each part', () => {
    const oneHot = createCodec({ outputCoding: 'one-hot' })
    const y = new Float64Array(57).fill(0.1)
    y[PHONEME_SYMBOLS.indexOf('Z')] = 0.6
    y[PHONEME_SYMBOLS.indexOf('S')] = 0.5
    y[52 + STRESS_MARKS.indexOf('>')] = 0.3
    expect(oneHot.decode(y)).toMatchObject({ phoneme: 'Z', stress: '>' })
  })
})
