// NETtalk scores: per letter (phoneme, stress, both, perfect match) and per word, worked out by hand.
import { describe, expect, it } from 'vitest'
import { ScoreTally, createCodec, letterBaseline } from '../../../src/core/nettalk/index.js'

const codec = createCodec()
const exact = (phoneme: string, stress: string) => {
  const z = new Float64Array(26)
  codec.encodeTarget(phoneme, stress, z)
  return z
}

describe('ScoreTally', () => {
  it('counts letters and words', () => {
    const tally = new ScoreTally()
    const table = { word: 'table', phonemes: 'tebL-', stress: '>1<<<' }
    // word 1: all exact → every score 1
    tally.addWord(table, [...table.word].map((_, i) => exact(table.phonemes[i], table.stress[i])))
    // word 2 "at" (x t, 0 >): a → wrong phoneme (@), t → right phoneme, wrong stress ('<' for '>')
    tally.addWord({ word: 'at', phonemes: 'xt', stress: '0>' }, [exact('@', '0'), exact('t', '<')])
    // word 3 "be" (b i, > 1): both right but b's output is 0.85 instead of 1 on one unit → not a perfect match
    const b = exact('b', '>')
    b[0] = 0.85
    const nearly = exact('i', '1').map((v) => (v === 1 ? 0.95 : 0.05)) // within 0.1 everywhere → perfect
    tally.addWord({ word: 'be', phonemes: 'bi', stress: '>1' }, [b, nearly])
    const s = tally.scores()
    expect(s.words).toBe(3)
    expect(s.letters).toBe(9)
    expect(s.phonemes).toBeCloseTo(8 / 9, 12) // all but the a of "at"
    expect(s.stress).toBeCloseTo(8 / 9, 12) // all but the t of "at"
    expect(s.both).toBeCloseTo(7 / 9, 12)
    expect(s.perfect).toBeCloseTo(6 / 9, 12) // table (5) and the e of "be"
    expect(s.wordsPhonemes).toBeCloseTo(2 / 3, 12)
    expect(s.wordsBoth).toBeCloseTo(2 / 3, 12)
  })

  it('refuses a word with the wrong number of outputs', () => {
    expect(() => new ScoreTally().addWord({ word: 'at', phonemes: 'xt', stress: '0>' }, [exact('x', '0')])).toThrow('expected 2 outputs, got 1')
  })
})

describe('letterBaseline', () => {
  it('gives each letter its most frequent phoneme and stress in the training words', () => {
    const train = [
      { word: 'cat', phonemes: 'k@t', stress: '>1<' },
      { word: 'cent', phonemes: 'sEnt', stress: '>1<<' },
      { word: 'cot', phonemes: 'kat', stress: '>1<' },
    ]
    // c → k (2 of 3) and '>'; a → @ and '1'; t → t and '<'; o → a; e → E; n → n
    const s = letterBaseline(train, [{ word: 'coat', phonemes: 'ko-t', stress: '>1<<' }])
    // c: k > right both; o: a (wrong) 1 (right); a: @ (wrong, '-') 1 (wrong, '<'); t: t < right
    expect([s.phonemes, s.stress, s.both, s.wordsPhonemes]).toEqual([2 / 4, 3 / 4, 2 / 4, 0])
    expect(s.perfect).toBeNaN()
  })
})
