// Scoring a network on words (run.ts): `wordsScorer` (a run's score every few epochs: words packed once, one
// evaluation workspace reused) and `scoreNetwork` read each letter's output where the evaluation's forward pass
// left it, on the WebAssembly kernels; they must give exactly the scores of the plain way, the one scoring used
// before: the core's `predict` on the TypeScript kernels, each word's outputs handed to a ScoreTally.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NETTALK_DIR } from '../../helpers/nettalk-corpus.js'
import { Trainer, createRng, initialParams, normalizeNetworkSpec, packDataset, paramLayout, predict, type NetworkSpec } from '../../../src/core/index.js'
import {
  PAPER_TRAINING,
  ScoreTally,
  importDictionary,
  nettalkDataset,
  nettalkNetwork,
  normalizeNettalkSpec,
  scoreNetwork,
  stepOfLetter,
  wordsDataset,
  wordsScorer,
  type NettalkScores,
  type NettalkSpec,
  type Pronunciation,
} from '../../../src/core/nettalk/index.js'

const dictionary = importDictionary(readFileSync(join(NETTALK_DIR, 'nettalk.data'), 'utf8')).entries
// more than one chunk of 512 words, of every length the first 600 entries have
const words: Pronunciation[] = dictionary.slice(0, 600)

/** The plain way: predict() on the TypeScript kernels, then a tally of every word's letters. */
function plainScores(network: NetworkSpec, params: Float64Array, entries: readonly Pronunciation[], spec: NettalkSpec): NettalkScores {
  const normal = normalizeNettalkSpec(spec)
  const layout = paramLayout(normalizeNetworkSpec(network))
  const data = packDataset(wordsDataset(entries.map((e) => e.word), spec), layout.spec.inputSize, layout.spec.output.units)
  const outputs = predict(layout, params, data, 'js')
  const tally = new ScoreTally(spec)
  entries.forEach((e, k) => tally.addWord(e, Array.from(e.word, (_, i) => outputs[k][stepOfLetter(i, e.word.length, normal)])))
  return tally.scores()
}

/** A network that has learnt something (distinct outputs per letter), and the weights before it did. */
function trained(spec: NettalkSpec, recurrent: boolean) {
  const network = nettalkNetwork(spec, { hidden: 24, recurrent })
  const trainer = new Trainer({ network, training: { ...PAPER_TRAINING, epochs: 3, seed: 2 }, data: nettalkDataset(words.slice(0, 80), spec), kernels: 'js' })
  const start = Float64Array.from(trainer.params)
  while (!trainer.done) trainer.runEpoch()
  return { network, start, params: Float64Array.from(trainer.params) }
}

describe.each([
  ['the paper’s setup', {} as NettalkSpec, false],
  ['a recurrent layer, delay 2, right to left', { delay: 2, direction: 'right-to-left' } as NettalkSpec, true],
])('NETtalk scores on the fast kernels: %s', (_, spec, recurrent) => {
  const { network, start, params } = trained(spec, recurrent)

  it('scoreNetwork on the WASM kernels gives the plain (TypeScript, predict) scores', () => {
    const expected = plainScores(network, params, words, spec)
    expect(expected.phonemes).toBeGreaterThan(0.15) // learnt something: the comparison sees real guesses
    expect(scoreNetwork(network, params, words, spec, { kernels: 'wasm' })).toEqual(expected)
    expect(scoreNetwork(network, params, words, spec, { kernels: 'js' })).toEqual(expected)
  })

  it('a scorer reused with changing weights gives each time the scores of those weights', () => {
    const scorer = wordsScorer(network, words, spec, { kernels: 'wasm' })
    const random = initialParams(paramLayout(normalizeNetworkSpec(network)), { kind: 'uniform', scale: 1 }, createRng(5))
    for (const w of [start, params, random, params]) expect(scorer.score(w)).toEqual(plainScores(network, w, words, spec))
    expect(wordsScorer(network, words, spec, { kernels: 'js' }).score(params)).toEqual(plainScores(network, params, words, spec))
  })
})

describe('wordsScorer', () => {
  const network = nettalkNetwork({}, { hidden: 4 })
  it('refuses weights or words that do not fit, and scores no words as zeros', () => {
    const scorer = wordsScorer(network, words.slice(0, 3))
    expect(() => scorer.score(new Float64Array(5))).toThrow('expected 946 weights for this network, got 5')
    expect(() => wordsScorer(network, words, { window: 5 })).toThrow('the network has 203 inputs, but a NETtalk window of 5 letters needs 29 × 5 = 145')
    expect(() => wordsScorer(network, [{ word: 'it’s', phonemes: 'xxx', stress: '000' }])).toThrow('only the letters a–z')
    expect(wordsScorer(network, []).score(new Float64Array(946))).toMatchObject({ words: 0, letters: 0, phonemes: 0 })
  })
})
