/**
 * Running a trained network on words: `pronounce` (one word, with the window, the output and the confidence
 * of every letter: the app's "say a word" pane and `rnnwb predict`), `pronounceWords` (many), `scoreNetwork`
 * (scores on a list of dictionary entries) and `wordsScorer` (the same scores again and again on fixed words:
 * a training run's score every few epochs).
 *
 * Words are run in chunks of WORDS_PER_CHUNK, so memory stays bounded on the whole dictionary (145,647
 * letters × 203 inputs would be 236 MB packed at once). Letter i's output is the network's output at step
 * `stepOfLetter(i)` (datasets.ts: i + delay when reading left to right). Scoring runs the evaluation's forward
 * pass (evaluate.ts forEachChunk, on the chosen kernel set) and reads each letter's output where the pass left
 * it; the scorer also packs its words once and keeps one evaluation workspace for every call.
 *
 * Not here: training (the core Trainer does it on `nettalkDataset`).
 */
import { packDataset, type PackedData } from '../data.js'
import { evaluationWorkspace, forEachChunk, predict } from '../evaluate.js'
import type { KernelChoice } from '../compute.js'
import type { Workspace } from '../network.js'
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

export interface RunWordsOptions {
  /** Kernel set (compute.ts). Default 'auto'. */
  kernels?: KernelChoice
}

export interface ScoreOptions extends RunWordsOptions {
  /** Perfect match: every output unit within this of its target. Default PERFECT_MATCH_TOLERANCE (0.1). */
  tolerance?: number
}

/** Checks that the network fits the spec's inputs and outputs (and the weights the network, when given);
 *  returns its layout. */
function fittingLayout(network: NetworkSpec, params: Floats | null, codec: Codec): ParamLayout {
  const layout = paramLayout(normalizeNetworkSpec(network))
  const { window, outputCoding } = codec.spec
  if (layout.spec.inputSize !== codec.inputSize) {
    throw new Error(`the network has ${layout.spec.inputSize} inputs, but a NETtalk window of ${window} letters needs 29 × ${window} = ${codec.inputSize}`)
  }
  if (layout.spec.output.units !== codec.outputSize) {
    throw new Error(`the network has ${layout.spec.output.units} outputs, but the '${outputCoding}' output coding needs ${codec.outputSize}`)
  }
  if (params && params.length !== layout.size) throw new Error(`expected ${layout.size} weights for this network, got ${params.length}`)
  return layout
}

/** Calls visit(k, outputs) for every word k, outputs[i] being the output for letter i. */
function runWords(network: NetworkSpec, params: Floats, words: readonly string[], codec: Codec, visit: (k: number, outputs: number[][]) => void, opts: RunWordsOptions): void {
  const layout = fittingLayout(network, params, codec)
  for (const w of words) checkWord(w)
  for (let start = 0; start < words.length; start += WORDS_PER_CHUNK) {
    const chunk = words.slice(start, start + WORDS_PER_CHUNK)
    const data = packDataset(wordsDataset(chunk, codec.spec), layout.spec.inputSize, layout.spec.output.units)
    const outputs = predict(layout, params, data, opts.kernels) // [word][step][unit]
    chunk.forEach((w, j) => visit(start + j, Array.from(w, (_, i) => outputs[j][stepOfLetter(i, w.length, codec.spec)])))
  }
}

/** Every letter's best-guess phoneme and stress for many words (letters a–z, any case). */
export function pronounceWords(network: NetworkSpec, params: Floats, words: readonly string[], spec: NettalkSpec = {}, opts: RunWordsOptions = {}): WordReading[] {
  const codec = createCodec(spec)
  const lower = words.map((w) => w.toLowerCase())
  const readings: WordReading[] = []
  runWords(network, params, lower, codec, (k, outputs) => {
    const word = lower[k]
    const letters = outputs.map((output, i): LetterReading => ({ letter: word[i], window: windowText(word, i, codec.spec.window), ...codec.decode(output), output }))
    readings.push({ word, phonemes: letters.map((l) => l.phoneme).join(''), stress: letters.map((l) => l.stress).join(''), letters })
  }, opts)
  return readings
}

/** One word: see pronounceWords. */
export function pronounce(network: NetworkSpec, params: Floats, word: string, spec: NettalkSpec = {}, opts: RunWordsOptions = {}): WordReading {
  return pronounceWords(network, params, [word], spec, opts)[0]
}

/** Entries packed for the network in chunks of WORDS_PER_CHUNK words (one sequence per word, no targets). */
interface PackedWords {
  chunks: { entries: readonly Pronunciation[]; data: PackedData }[]
  /** Sizes of the largest chunk: an evaluation workspace for them serves every chunk. */
  P: number
  maxLength: number
}

function packWords(layout: ParamLayout, entries: readonly Pronunciation[], codec: Codec): PackedWords {
  const chunks: PackedWords['chunks'] = []
  for (let start = 0; start < entries.length; start += WORDS_PER_CHUNK) {
    const chunk = entries.slice(start, start + WORDS_PER_CHUNK)
    chunks.push({ entries: chunk, data: packDataset(wordsDataset(chunk.map((e) => e.word), codec.spec), layout.spec.inputSize, layout.spec.output.units) })
  }
  return { chunks, P: Math.max(0, ...chunks.map((c) => c.data.P)), maxLength: Math.max(0, ...chunks.map((c) => c.data.maxLength)) }
}

/** Runs the network on packed words and adds every word to the tally, letter i's output read in place from
 *  the workspace at step stepOfLetter(i) (rows of step t: B sequences × ℓ outputs). */
function tallyWords(layout: ParamLayout, params: Floats, words: PackedWords, codec: Codec, tally: ScoreTally, ws: Workspace): void {
  const nOut = layout.spec.output.units
  const out = layout.layers.length - 1
  for (const { entries, data } of words.chunks) {
    forEachChunk(layout, params, data, (ws, start, count) => {
      for (let p = 0; p < count; p++) {
        const entry = entries[start + p]
        const L = entry.word.length
        tally.addWord(entry, Array.from({ length: L }, (_, i) => ws.xAt[out][stepOfLetter(i, L, codec.spec)].subarray(p * nOut, (p + 1) * nOut)))
      }
    }, ws)
  }
}

/** Scores a network on the same entries again and again with changing weights (a training run's score). */
export interface WordsScorer {
  score(params: Floats): NettalkScores
}

/**
 * A scorer for `entries`: encodes and packs them once and keeps one evaluation workspace on the chosen kernel
 * set, so each call is one forward pass over the words and the decoding. Same scores as scoreNetwork.
 */
export function wordsScorer(network: NetworkSpec, entries: readonly Pronunciation[], spec: NettalkSpec = {}, opts: ScoreOptions = {}): WordsScorer {
  const codec = createCodec(spec)
  const layout = fittingLayout(network, null, codec)
  const words = packWords(layout, entries, codec)
  const ws = words.chunks.length > 0 ? evaluationWorkspace(layout, words, opts.kernels) : null
  return {
    score(params) {
      if (params.length !== layout.size) throw new Error(`expected ${layout.size} weights for this network, got ${params.length}`)
      const tally = new ScoreTally(codec.spec, opts.tolerance)
      if (ws) tallyWords(layout, params, words, codec, tally, ws)
      return tally.scores()
    },
  }
}

/** Scores of the network on dictionary entries (see score.ts), a chunk of words at a time. */
export function scoreNetwork(network: NetworkSpec, params: Floats, entries: readonly Pronunciation[], spec: NettalkSpec = {}, opts: ScoreOptions = {}): NettalkScores {
  const codec = createCodec(spec)
  const layout = fittingLayout(network, params, codec)
  const tally = new ScoreTally(codec.spec, opts.tolerance)
  for (let start = 0; start < entries.length; start += WORDS_PER_CHUNK) {
    const words = packWords(layout, entries.slice(start, start + WORDS_PER_CHUNK), codec)
    tallyWords(layout, params, words, codec, tally, evaluationWorkspace(layout, words, opts.kernels))
  }
  return tally.scores()
}
