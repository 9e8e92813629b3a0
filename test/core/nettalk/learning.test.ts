// The NETtalk pipeline learns (a small, fast version of `npm run nettalk:reproduce`): the first 100 words of
// nettalk.list (347 letters) from the real corpus, the paper's training rule, and the recurrent variant;
// and `pronounce` reads a trained network back letter by letter.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NETTALK_DIR } from '../../helpers/nettalk-corpus.js'
import { Trainer, type KernelKind, type NetworkSpec } from '../../../src/core/index.js'
import { KERNEL_SETS } from '../../helpers/kernels.js'
import {
  PAPER_TRAINING,
  importDictionary,
  nettalkDataset,
  nettalkNetwork,
  parseWordList,
  pronounce,
  pronounceWords,
  scoreNetwork,
  splitByWords,
  type NettalkSpec,
} from '../../../src/core/nettalk/index.js'

const CORPUS = NETTALK_DIR
const dictionary = importDictionary(readFileSync(join(CORPUS, 'nettalk.data'), 'utf8')).entries
const list = parseWordList(readFileSync(join(CORPUS, 'nettalk.list'), 'utf8')).words
const words = splitByWords(dictionary, list.slice(0, 100)).selected

function train(spec: NettalkSpec, network: NetworkSpec, training: typeof PAPER_TRAINING, kernels: KernelKind) {
  const trainer = new Trainer({ network, training, data: nettalkDataset(words, spec), kernels })
  const before = scoreNetwork(network, trainer.params, words, spec)
  while (!trainer.done) trainer.runEpoch()
  return { params: trainer.params, before, after: scoreNetwork(network, trainer.params, words, spec) }
}

describe('NETtalk learning check (100 words) in float32', () => {
  it('the paper’s rule in training precision float32 (WASM f32x4 kernels), 20 passes → ≥ 80% phonemes, ≥ 90% stress', () => {
    const spec: NettalkSpec = {}
    const network = nettalkNetwork(spec, { hidden: 40 })
    const { params, before, after } = train(spec, network, { ...PAPER_TRAINING, epochs: 20, seed: 1, precision: 'float32' }, 'wasm')
    expect(params).toBeInstanceOf(Float32Array)
    expect(before.phonemes).toBeLessThan(0.3)
    expect(after.phonemes).toBeGreaterThanOrEqual(0.8)
    expect(after.stress).toBeGreaterThanOrEqual(0.9)
  })
})

describe.each(KERNEL_SETS)('NETtalk learning check (100 words), %s kernels', (kernels) => {
  // Seeds 1–5 reach 84–97% phonemes and 97–99% stress (feed-forward) and 86–90% phonemes (recurrent) after
  // 20 passes; the thresholds leave room for that spread.
  it('the paper’s rule: 203 → 40 → 26, one update per word, 20 passes → ≥ 80% phonemes, ≥ 90% stress on the training words', () => {
    const spec: NettalkSpec = {}
    const network = nettalkNetwork(spec, { hidden: 40 })
    const { params, before, after } = train(spec, network, { ...PAPER_TRAINING, epochs: 20, seed: 1 }, kernels)
    expect(words.reduce((n, e) => n + e.word.length, 0)).toBe(347)
    expect(before.phonemes).toBeLessThan(0.3)
    expect(after.phonemes).toBeGreaterThanOrEqual(0.8)
    expect(after.stress).toBeGreaterThanOrEqual(0.9)

    // pronounce agrees with the scores: a word the net has learnt reads back as the dictionary has it
    const readings = pronounceWords(network, params, words.map((e) => e.word))
    const right = readings.filter((r, k) => r.phonemes === words[k].phonemes).length
    expect(right / words.length).toBeCloseTo(after.wordsPhonemes, 12)
    const the = pronounce(network, params, 'THE')
    expect(the.word).toBe('the')
    expect(the.letters.map((l) => l.window)).toEqual(['___the_', '__the__', '_the___'])
    expect(the.letters.map((l) => l.phoneme).join('')).toBe(the.phonemes)
    for (const l of the.letters) {
      expect(l.output).toHaveLength(26)
      expect(l.phonemeCosine).toBeGreaterThan(0)
      expect(l.phonemeCosine).toBeLessThanOrEqual(1 + 1e-12)
    }
  })

  it('the recurrent variant: window 3, delay 1, right to left, 40 Elman units, 20 passes → ≥ 80% phonemes on the training words', () => {
    const spec: NettalkSpec = { window: 3, delay: 1, direction: 'right-to-left' }
    const network = nettalkNetwork(spec, { hidden: 40, recurrent: true })
    const { params, before, after } = train(spec, network, { ...PAPER_TRAINING, learningRate: 0.05, epochs: 20, seed: 1 }, kernels)
    expect(before.phonemes).toBeLessThan(0.3)
    expect(after.phonemes).toBeGreaterThanOrEqual(0.8)
    // reading back right to left puts every letter's answer in its place
    const readings = pronounceWords(network, params, words.map((e) => e.word), spec)
    const right = readings.filter((r, k) => r.phonemes === words[k].phonemes).length
    expect(right / words.length).toBeCloseTo(after.wordsPhonemes, 12)
    expect(pronounce(network, params, 'the', spec).letters.map((l) => l.window)).toEqual(['_th', 'the', 'he_'])
  })

  it('refuses a network that does not fit the spec', () => {
    const network = nettalkNetwork({}, { hidden: 4 })
    const params = new Float64Array(203 * 4 + 4 + 4 * 26 + 26) // 946
    expect(() => pronounce(network, params, 'the', { window: 5 })).toThrow('the network has 203 inputs, but a NETtalk window of 5 letters needs 29 × 5 = 145')
    expect(() => pronounce(network, params, 'the', { outputCoding: 'one-hot' })).toThrow("the network has 26 outputs, but the 'one-hot' output coding needs 57")
    expect(() => pronounce(network, params.subarray(1), 'the')).toThrow('expected 946 weights for this network, got 945')
    expect(() => pronounce(network, params, 'it’s')).toThrow('only the letters a–z')
  })
})
