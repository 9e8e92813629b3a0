/**
 * NETtalk words as core Datasets: one Sequence per word.
 *
 * A word of L letters becomes T = L + d steps (d = spec.delay). Step t = 0..T−1 READS letter r(t), with
 * r(t) = t left to right and r(t) = L−1−t right to left (spec.direction): its input is the window centred on
 * letter r(t) (codec.ts; for t ≥ L the centre lies outside the word, so the window holds the word's edge, if
 * anything, and boundaries). Its target is the code of letter r(t − d) when t ≥ d, none (null) before:
 * letter i is answered at step r⁻¹(i) + d (`stepOfLetter`).
 *   d = 0: one step per letter with its own target. With a non-recurrent hidden layer and batch 'sequence'
 *          the core then does the paper's training exactly: one update per word, with the gradients of its
 *          letters summed (E is a sum over steps); the direction only reorders the steps.
 *   d > 0: the recurrent variant: an Elman hidden layer reads the letters one per step and answers for a
 *          letter d steps after reading it, having seen d more letters (plus half a window) beyond it.
 *
 * Not here: the codes themselves (codec.ts); running a network on words (run.ts).
 */
import type { Dataset, Sequence } from '../data.js'
import { checkWord, createCodec, type Codec } from './codec.js'
import type { NettalkEntry } from './corpus.js'
import type { NettalkSpec, NormalizedNettalkSpec } from './spec.js'

/** What a training word needs: letters and their phonemes and stress marks, one each. */
export type Pronunciation = Pick<NettalkEntry, 'word' | 'phonemes' | 'stress'>

/** Training or test data: inputs and targets for every word. */
export function nettalkDataset(entries: readonly Pronunciation[], spec: NettalkSpec = {}): Dataset {
  const codec = createCodec(spec)
  return {
    inputSize: codec.inputSize,
    outputSize: codec.outputSize,
    sequences: entries.map((e) => {
      if (e.phonemes.length !== e.word.length || e.stress.length !== e.word.length) {
        throw new Error(`"${e.word}" has ${e.word.length} letters but ${e.phonemes.length} phonemes and ${e.stress.length} stress marks`)
      }
      return wordSequence(codec, e.word, (i, into) => codec.encodeTarget(e.phonemes[i], e.stress[i], into))
    }),
  }
}

/** Inputs only (every target null): for running a network on words it was not given answers for. */
export function wordsDataset(words: readonly string[], spec: NettalkSpec = {}): Dataset {
  const codec = createCodec(spec)
  return { inputSize: codec.inputSize, outputSize: codec.outputSize, sequences: words.map((w) => wordSequence(codec, w, null)) }
}

/** The letter read at step t of a word of L letters (outside 0..L−1 at the delay steps). */
function letterRead(t: number, L: number, spec: NormalizedNettalkSpec): number {
  return spec.direction === 'left-to-right' ? t : L - 1 - t
}

/** The step at which the output for letter i of a word of L letters comes. */
export function stepOfLetter(i: number, L: number, spec: NormalizedNettalkSpec): number {
  return (spec.direction === 'left-to-right' ? i : L - 1 - i) + spec.delay
}

function wordSequence(codec: Codec, word: string, target: ((letter: number, into: number[]) => void) | null): Sequence {
  checkWord(word)
  const { spec } = codec
  const L = word.length
  const u: number[][] = []
  const z: (number[] | null)[] = []
  for (let t = 0; t < L + spec.delay; t++) {
    const input = new Array<number>(codec.inputSize)
    codec.encodeWindow(word, letterRead(t, L, spec), input)
    u.push(input)
    if (target && t >= spec.delay) {
      const out = new Array<number>(codec.outputSize)
      target(letterRead(t - spec.delay, L, spec), out)
      z.push(out)
    } else {
      z.push(null)
    }
  }
  return { u, z }
}
