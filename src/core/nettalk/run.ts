/**
 * Running a trained network on words: `pronounce` (one word, with the window, the output and the confidence
 * of every letter: the app's "say a word" pane and `rnnwb predict`), `pronounceWords` (many), and
 * `scoreNetwork` (scores on a list of dictionary entries).
 *
 * Words are run in chunks of WORDS_PER_CHUNK through the core's `predict`, so memory stays bounded on the
 * whole dictionary (145,647 letters × 203 inputs would be 236 MB packed at once). Letter i's output is the
 * network's output at step `stepOfLetter(i)` (datasets.ts: i + delay when reading left to right).
 *
 * Not here: training (the core Trainer does it on `nettalkDataset`).
 */
import { packDataset } from '../data.js'
import { predict } from '../evaluate.js'
import { paramLayout, type ParamLayout } from '../params.js'
import { normalizeNetworkSpec, type Floats, type NetworkSpec } from '../spec.js'
import { checkWord, createCodec, windowText, type Codec } from './codec.js'
import { stepOfLetter, wordsDataset, type Pronunciation } from './datasets.js'
import { ScoreTally, type NettalkScores } from './score.js'
import type { NettalkSpec } from './spec.js'

const WORDS_PER_CHUNK = 512

export interface LetterReading {
  letter: string
  /** The input window centred on this letter, e.g. '___tabl' for the t of "table". */
  window: string
  phoneme: string
  stress: string
  /** Cosine between the output and the chosen code (1 = exactly its direction): the confidence. */
  phonemeCosine: number
  stressCosine: number
  /** The network's output for this letter (ℓ values). */
  output: number[]
}

export interface WordReading {
  word: string
  /** Best-guess phonemes, one per letter ('-' = silent). */
  phonemes: string
  /** Best-guess stress marks, one per letter. */
  stress: string
  letters: LetterReading[]
}

/** Checks that the network fits the spec's inputs and outputs; returns its layout. */
function fittingLayout(network: NetworkSpec, params: Floats, codec: Codec): ParamLayout {
  const layout = paramLayout(normalizeNetworkSpec(network))
  const { window, outputCoding } = codec.spec
  if (layout.spec.inputSize !== codec.inputSize) {
    throw new Error(`the network has ${layout.spec.inputSize} inputs, but a NETtalk window of ${window} letters needs 29 × ${window} = ${codec.inputSize}`)
  }
  if (layout.spec.output.units !== codec.outputSize) {
    throw new Error(`the network has ${layout.spec.output.units} outputs, but the '${outputCoding}' output coding needs ${codec.outputSize}`)
  }
  if (params.length !== layout.size) throw new Error(`expected ${layout.size} weights for this network, got ${params.length}`)
  return layout
}

/** Calls visit(k, outputs) for every word k, outputs[i] being the output for letter i. */
function runWords(network: NetworkSpec, params: Floats, words: readonly string[], codec: Codec, visit: (k: number, outputs: number[][]) => void): void {
  const layout = fittingLayout(network, params, codec)
  for (const w of words) checkWord(w)
  for (let start = 0; start < words.length; start += WORDS_PER_CHUNK) {
    const chunk = words.slice(start, start + WORDS_PER_CHUNK)
    const data = packDataset(wordsDataset(chunk, codec.spec), layout.spec.inputSize, layout.spec.output.units)
    const outputs = predict(layout, params, data) // [word][step][unit]
    chunk.forEach((w, j) => visit(start + j, Array.from(w, (_, i) => outputs[j][stepOfLetter(i, w.length, codec.spec)])))
  }
}

/** Every letter's best-guess phoneme and stress for many words (letters a–z, any case). */
export function pronounceWords(network: NetworkSpec, params: Floats, words: readonly string[], spec: NettalkSpec = {}): WordReading[] {
  const codec = createCodec(spec)
  const lower = words.map((w) => w.toLowerCase())
  const readings: WordReading[] = []
  runWords(network, params, lower, codec, (k, outputs) => {
    const word = lower[k]
    const letters = outputs.map((output, i): LetterReading => ({ letter: word[i], window: windowText(word, i, codec.spec.window), ...codec.decode(output), output }))
    readings.push({ word, phonemes: letters.map((l) => l.phoneme).join(''), stress: letters.map((l) => l.stress).join(''), letters })
  })
  return readings
}

/** One word: see pronounceWords. */
export function pronounce(network: NetworkSpec, params: Floats, word: string, spec: NettalkSpec = {}): WordReading {
  return pronounceWords(network, params, [word], spec)[0]
}

/** Scores of the network on dictionary entries (see score.ts). */
export function scoreNetwork(network: NetworkSpec, params: Floats, entries: readonly Pronunciation[], spec: NettalkSpec = {}, tolerance?: number): NettalkScores {
  const codec = createCodec(spec)
  const tally = new ScoreTally(codec.spec, tolerance)
  runWords(network, params, entries.map((e) => e.word), codec, (k, outputs) => tally.addWord(entries[k], outputs))
  return tally.scores()
}
