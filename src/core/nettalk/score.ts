/**
 * NETtalk scores (nettalk.md, "Decoding and scoring"), all as fractions in [0, 1]:
 *   per letter: phoneme right (best guess by smallest angle), stress right, both right, and "perfect match"
 *               (every output unit within 0.1 of its target);
 *   per word:   every letter's phoneme right, and every letter's phoneme and stress right.
 * `ScoreTally` accumulates word by word so a large test set can be scored in chunks.
 * `letterBaseline` scores the trivial rule "each letter gets its most frequent phoneme and stress in the
 * training words", the floor any network should clear (about 62% phonemes on held-out words).
 *
 * Not here: running the network (run.ts).
 */
import { createCodec, type Codec } from './codec.js'
import type { Pronunciation } from './datasets.js'
import type { NettalkSpec } from './spec.js'

export interface NettalkScores {
  words: number
  letters: number
  /** Letters whose best-guess phoneme is right. */
  phonemes: number
  /** Letters whose best-guess stress mark is right. */
  stress: number
  /** Letters with both right. */
  both: number
  /** Words with every letter's phoneme right. */
  wordsPhonemes: number
  /** Words with every letter's phoneme and stress right. */
  wordsBoth: number
  /** Letters whose every output unit is within the tolerance (0.1) of its target; NaN for the baseline,
   *  which has no output units. */
  perfect: number
}

export const PERFECT_MATCH_TOLERANCE = 0.1

export class ScoreTally {
  private words = 0
  private letters = 0
  private phonemes = 0
  private stress = 0
  private both = 0
  private wordsPhonemes = 0
  private wordsBoth = 0
  private perfect = 0
  private readonly codec: Codec
  private readonly target: Float64Array

  constructor(
    spec: NettalkSpec = {},
    private readonly tolerance = PERFECT_MATCH_TOLERANCE,
  ) {
    this.codec = createCodec(spec)
    this.target = new Float64Array(this.codec.outputSize)
  }

  /** Adds one word; `outputs[i]` is the network's output y for letter i. */
  addWord(entry: Pronunciation, outputs: readonly ArrayLike<number>[]): void {
    const { codec, target } = this
    if (outputs.length !== entry.word.length) throw new Error(`"${entry.word}": expected ${entry.word.length} outputs, got ${outputs.length}`)
    let allPhonemes = true
    let allBoth = true
    for (let i = 0; i < entry.word.length; i++) {
      const y = outputs[i]
      const guess = codec.decode(y)
      const phonemeOk = guess.phoneme === entry.phonemes[i]
      const stressOk = guess.stress === entry.stress[i]
      codec.encodeTarget(entry.phonemes[i], entry.stress[i], target)
      let within = true
      for (let k = 0; k < target.length && within; k++) within = Math.abs(y[k] - target[k]) < this.tolerance
      this.count(phonemeOk, stressOk)
      if (within) this.perfect++
      allPhonemes &&= phonemeOk
      allBoth &&= phonemeOk && stressOk
    }
    this.endWord(allPhonemes, allBoth)
  }

  /** Adds one word of guesses (phoneme and stress strings, one symbol per letter) without outputs. */
  addGuess(entry: Pronunciation, phonemes: string, stress: string): void {
    let allPhonemes = true
    let allBoth = true
    for (let i = 0; i < entry.word.length; i++) {
      const phonemeOk = phonemes[i] === entry.phonemes[i]
      const stressOk = stress[i] === entry.stress[i]
      this.count(phonemeOk, stressOk)
      allPhonemes &&= phonemeOk
      allBoth &&= phonemeOk && stressOk
    }
    this.perfect = NaN
    this.endWord(allPhonemes, allBoth)
  }

  scores(): NettalkScores {
    const perLetter = (n: number) => (this.letters > 0 ? n / this.letters : 0)
    const perWord = (n: number) => (this.words > 0 ? n / this.words : 0)
    return {
      words: this.words,
      letters: this.letters,
      phonemes: perLetter(this.phonemes),
      stress: perLetter(this.stress),
      both: perLetter(this.both),
      wordsPhonemes: perWord(this.wordsPhonemes),
      wordsBoth: perWord(this.wordsBoth),
      perfect: perLetter(this.perfect),
    }
  }

  private count(phonemeOk: boolean, stressOk: boolean): void {
    this.letters++
    if (phonemeOk) this.phonemes++
    if (stressOk) this.stress++
    if (phonemeOk && stressOk) this.both++
  }

  private endWord(allPhonemes: boolean, allBoth: boolean): void {
    this.words++
    if (allPhonemes) this.wordsPhonemes++
    if (allBoth) this.wordsBoth++
  }
}

/** Scores of "each letter gets its most frequent phoneme and stress mark in `train`" on `test` (ties: the
 *  symbol seen first; a letter never seen in training gets '-' and '0'). */
export function letterBaseline(train: readonly Pronunciation[], test: readonly Pronunciation[]): NettalkScores {
  const counts = new Map<string, { phonemes: Map<string, number>; stress: Map<string, number> }>()
  for (const e of train) {
    for (let i = 0; i < e.word.length; i++) {
      let c = counts.get(e.word[i])
      if (!c) counts.set(e.word[i], (c = { phonemes: new Map(), stress: new Map() }))
      c.phonemes.set(e.phonemes[i], (c.phonemes.get(e.phonemes[i]) ?? 0) + 1)
      c.stress.set(e.stress[i], (c.stress.get(e.stress[i]) ?? 0) + 1)
    }
  }
  const mostFrequent = (m: Map<string, number> | undefined, fallback: string) => {
    let best = fallback
    let n = 0
    for (const [symbol, k] of m ?? []) if (k > n) [best, n] = [symbol, k]
    return best
  }
  const tally = new ScoreTally()
  for (const e of test) {
    const guess = [...e.word].map((ch) => counts.get(ch))
    tally.addGuess(e, guess.map((c) => mostFrequent(c?.phonemes, '-')).join(''), guess.map((c) => mostFrequent(c?.stress, '0')).join(''))
  }
  return tally.scores()
}
