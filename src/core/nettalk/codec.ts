/**
 * NETtalk encoding and decoding (docs/nettalk.md): the input symbols and window, the output codes
 * of phonemes (21 articulatory features) and stress (5 units), the one-hot alternative, and decoding by
 * smallest angle.
 *
 * Shapes. Input: a window of w letters (w odd), centred on letter c of the word; position k = 0..w−1 holds
 * letter c − (w−1)/2 + k, or the word boundary outside the word. Each position is one-hot over the 29
 * INPUT_SYMBOLS, so input unit k·29 + s is 1 when position k holds symbol s (m = 29·w; 203 for w = 7).
 * Output: [phoneme part | stress part]. 'features': 21 FEATURES + 5 STRESS_UNITS = 26 units. 'one-hot':
 * 52 PHONEMES + 5 STRESS_MARKS = 57 units, unit i of a part set for symbol i of its list.
 *
 * Decoding: the phoneme whose code makes the smallest angle (largest cosine) with the output's phoneme part;
 * stress likewise over the stress part. Ties (e.g. J and G with the printed J code) go to the symbol that
 * comes first in PHONEMES / STRESS_MARKS. With one-hot codes the smallest angle is the largest output.
 *
 * Deliberately not here: the output codes of the word boundary and full stop as targets (they only occur in
 * continuous text, never as a dictionary letter's phoneme), and the 2 punctuation inputs are never set by
 * the dictionary task (they exist so the input is the paper's 203 units).
 */
import { normalizeNettalkSpec, type NettalkSpec, type NormalizedNettalkSpec } from './spec.js'

/** Word boundary, as shown in windows ("___tabl"). */
export const BOUNDARY = '_'
/** The 29 input symbols per window position: 26 letters, the word boundary and 2 punctuation marks. */
export const INPUT_SYMBOLS = 'abcdefghijklmnopqrstuvwxyz_.,'
export const SYMBOLS_PER_POSITION = INPUT_SYMBOLS.length

/** The 21 articulatory feature units, in the order of the output layer. */
export const FEATURES = [
  'Labial', 'Dental', 'Alveolar', 'Palatal', 'Velar', 'Glottal', 'Stop', 'Nasal', 'Fricative', 'Affricative',
  'Glide', 'Liquid', 'Voiced', 'Tensed', 'High', 'Medium', 'Low', 'Silent', 'Elide', 'Pause', 'Full stop',
] as const
export type Feature = (typeof FEATURES)[number]

/** The 5 stress units, in the order of the output layer. */
export const STRESS_UNITS = ['Right', 'Left', 'Strong', 'Weak', 'Boundary'] as const
export type StressUnit = (typeof STRESS_UNITS)[number]

/** A phoneme symbol, an example word and its features (nettalk.md's table, in its order). */
export interface PhonemeInfo {
  symbol: string
  asIn: string
  features: readonly Feature[]
}

const J_CORRECTED: readonly Feature[] = ['Voiced', 'Palatal', 'Affricative']
const J_PRINTED: readonly Feature[] = ['Voiced', 'Velar', 'Nasal']

/** Every phoneme a letter may have, with `-` (silent). The order fixes one-hot units and breaks ties.
 *  J is listed with its corrected code; `phonemeFeatures` applies the spec's choice. */
export const PHONEMES: readonly PhonemeInfo[] = [
  { symbol: 'a', asIn: 'wad, dot', features: ['Low', 'Tensed', 'Palatal'] },
  { symbol: 'b', asIn: 'bad', features: ['Voiced', 'Labial', 'Stop'] },
  { symbol: 'c', asIn: 'caught, or', features: ['Medium', 'Velar'] },
  { symbol: 'd', asIn: 'add', features: ['Voiced', 'Alveolar', 'Stop'] },
  { symbol: 'e', asIn: 'blade, way', features: ['Medium', 'Tensed', 'Dental'] },
  { symbol: 'f', asIn: 'farm', features: ['Labial', 'Fricative'] },
  { symbol: 'g', asIn: 'gap', features: ['Voiced', 'Velar', 'Stop'] },
  { symbol: 'h', asIn: 'hot', features: ['Glottal', 'Glide'] },
  { symbol: 'i', asIn: 'eve, bee', features: ['High', 'Tensed', 'Labial'] },
  { symbol: 'k', asIn: 'cab, keep', features: ['Velar', 'Stop'] },
  { symbol: 'l', asIn: 'lad', features: ['Voiced', 'Dental', 'Liquid'] },
  { symbol: 'm', asIn: 'man', features: ['Voiced', 'Labial', 'Nasal'] },
  { symbol: 'n', asIn: 'gnat', features: ['Voiced', 'Alveolar', 'Nasal'] },
  { symbol: 'o', asIn: 'only', features: ['Medium', 'Tensed', 'Glottal'] },
  { symbol: 'p', asIn: 'pad', features: ['Labial', 'Stop'] },
  { symbol: 'r', asIn: 'rap', features: ['Voiced', 'Palatal', 'Liquid'] },
  { symbol: 's', asIn: 'cent', features: ['Alveolar', 'Fricative'] },
  { symbol: 't', asIn: 'tab', features: ['Alveolar', 'Stop'] },
  { symbol: 'u', asIn: 'boot', features: ['High', 'Tensed', 'Glottal'] },
  { symbol: 'v', asIn: 'vat', features: ['Voiced', 'Labial', 'Fricative'] },
  { symbol: 'w', asIn: 'we', features: ['Voiced', 'Labial', 'Glide'] },
  { symbol: 'x', asIn: 'pirate (schwa)', features: ['Medium', 'Palatal'] },
  { symbol: 'y', asIn: 'yes', features: ['Voiced', 'Palatal', 'Glide'] },
  { symbol: 'z', asIn: 'zoo', features: ['Voiced', 'Alveolar', 'Fricative'] },
  { symbol: 'A', asIn: 'ice', features: ['Medium', 'Tensed', 'Dental', 'Alveolar'] },
  { symbol: 'C', asIn: 'chart', features: ['Palatal', 'Affricative'] },
  { symbol: 'D', asIn: 'the', features: ['Voiced', 'Dental', 'Fricative'] },
  { symbol: 'E', asIn: 'end', features: ['Medium', 'Labial', 'Dental'] },
  { symbol: 'G', asIn: 'long', features: ['Voiced', 'Velar', 'Nasal'] },
  { symbol: 'I', asIn: 'give', features: ['High', 'Labial'] },
  { symbol: 'J', asIn: 'jam', features: J_CORRECTED },
  { symbol: 'K', asIn: 'anxious', features: ['Palatal', 'Velar', 'Fricative', 'Affricative'] },
  { symbol: 'L', asIn: 'able', features: ['Voiced', 'Alveolar', 'Liquid'] },
  { symbol: 'M', asIn: 'chasm', features: ['Voiced', 'Dental', 'Nasal'] },
  { symbol: 'N', asIn: 'basin', features: ['Voiced', 'Palatal', 'Nasal'] },
  { symbol: 'O', asIn: 'boy', features: ['Medium', 'Tensed', 'Alveolar', 'Palatal'] },
  { symbol: 'Q', asIn: 'quilt', features: ['Voiced', 'Labial', 'Velar', 'Affricative', 'Stop'] },
  { symbol: 'R', asIn: 'after', features: ['Voiced', 'Velar', 'Liquid'] },
  { symbol: 'S', asIn: 'wish', features: ['Palatal', 'Fricative'] },
  { symbol: 'T', asIn: 'bath', features: ['Dental', 'Fricative'] },
  { symbol: 'U', asIn: 'wood', features: ['High', 'Velar'] },
  { symbol: 'W', asIn: 'out', features: ['High', 'Medium', 'Tensed', 'Palatal', 'Velar'] },
  { symbol: 'X', asIn: 'annex (ks)', features: ['Dental', 'Alveolar', 'Affricative'] },
  { symbol: 'Y', asIn: 'use (ju)', features: ['High', 'Tensed', 'Labial', 'Dental', 'Alveolar'] },
  { symbol: 'Z', asIn: 'vision', features: ['Voiced', 'Palatal', 'Fricative'] },
  { symbol: '@', asIn: 'cab', features: ['Low', 'Dental'] },
  { symbol: '!', asIn: 'pizza (ts)', features: ['Labial', 'Dental', 'Affricative'] },
  { symbol: '#', asIn: 'exist (gz)', features: ['Voiced', 'Palatal', 'Velar', 'Affricative'] },
  { symbol: '*', asIn: 'what (hw)', features: ['Voiced', 'Glide', 'Labial', 'Low', 'Alveolar'] },
  { symbol: '^', asIn: 'up', features: ['Low', 'Alveolar'] },
  // not in the 1987 table; nettalk.md's default of the two guesses
  { symbol: '+', asIn: 'abattoir (wa)', features: ['Medium', 'Tensed', 'Palatal'] },
  { symbol: '-', asIn: 'silent letter', features: ['Silent', 'Elide'] },
]
export const PHONEME_SYMBOLS = PHONEMES.map((p) => p.symbol).join('')

/** Stress and syllable marks, one per letter, with the stress units each one sets. */
export const STRESS_MARKS = '<>012'
const STRESS_CODES: Record<string, readonly StressUnit[]> = {
  '<': ['Left'],
  '>': ['Right'],
  '0': ['Weak'],
  '1': ['Strong', 'Weak'],
  '2': ['Strong'],
}

/** The features of phoneme `symbol` under the given J choice. */
export function phonemeFeatures(symbol: string, jCode: NormalizedNettalkSpec['jCode'] = 'corrected'): readonly Feature[] {
  if (symbol === 'J') return jCode === 'printed' ? J_PRINTED : J_CORRECTED
  const info = PHONEMES.find((p) => p.symbol === symbol)
  if (!info) throw new Error(`unknown phoneme ${JSON.stringify(symbol)} (known: ${PHONEME_SYMBOLS})`)
  return info.features
}

/** The stress units of a stress mark. */
export function stressUnits(mark: string): readonly StressUnit[] {
  const units = STRESS_CODES[mark]
  if (!units) throw new Error(`unknown stress mark ${JSON.stringify(mark)} (known: ${STRESS_MARKS})`)
  return units
}

/** The w letters of the window centred on letter `center` of `word`, boundary `_` outside it:
 *  windowText('table', 0, 7) = '___tabl'. `center` may lie past the end (the recurrent variant's delay steps). */
export function windowText(word: string, center: number, width: number): string {
  const half = (width - 1) >> 1
  let text = ''
  for (let k = 0; k < width; k++) {
    const i = center - half + k // letter under window position k
    text += i >= 0 && i < word.length ? word[i] : BOUNDARY
  }
  return text
}

/** One decoded output: best-guess phoneme and stress, and the cosine of each with its output part. */
export interface Decoded {
  phoneme: string
  stress: string
  /** Cosine (1 = same direction) between the phoneme part of the output and the chosen phoneme's code. */
  phonemeCosine: number
  stressCosine: number
}

/** Encoding and decoding for one normalized spec; build once with `createCodec`. */
export interface Codec {
  spec: NormalizedNettalkSpec
  /** m = 29 · window. */
  inputSize: number
  /** ℓ: 26 ('features') or 57 ('one-hot'). */
  outputSize: number
  /** Units of the phoneme part (21 or 52); the stress part (5) follows. */
  phonemeUnits: number
  /** Writes the window input for letter `center` into `into` (length inputSize, overwritten). Letters must
   *  be a–z (checked by the corpus reader and by `checkWord`). */
  encodeWindow(word: string, center: number, into: Float64Array | number[]): void
  /** Writes the target of (phoneme, stress mark) into `into` (length outputSize, overwritten). */
  encodeTarget(phoneme: string, stress: string, into: Float64Array | number[]): void
  /** Decodes an output vector y (length outputSize) by smallest angle. */
  decode(y: ArrayLike<number>): Decoded
}

export function createCodec(spec: NettalkSpec = {}): Codec {
  const s = normalizeNettalkSpec(spec)
  const oneHot = s.outputCoding === 'one-hot'
  const phonemeUnits = oneHot ? PHONEMES.length : FEATURES.length
  const stressWidth = oneHot ? STRESS_MARKS.length : STRESS_UNITS.length
  const outputSize = phonemeUnits + stressWidth
  // codes as rows: phonemeCodes (52 × phonemeUnits), stressCodes (5 × stressWidth)
  const phonemeCodes = PHONEMES.map((p, k) => {
    const code = new Float64Array(phonemeUnits)
    if (oneHot) code[k] = 1
    else for (const f of phonemeFeatures(p.symbol, s.jCode)) code[FEATURES.indexOf(f)] = 1
    return code
  })
  const stressCodes = [...STRESS_MARKS].map((mark, k) => {
    const code = new Float64Array(stressWidth)
    if (oneHot) code[k] = 1
    else for (const u of stressUnits(mark)) code[STRESS_UNITS.indexOf(u)] = 1
    return code
  })
  // unit-length copies for decoding: cos(y, c) = y · ĉ / |y|
  const phonemeDirections = phonemeCodes.map(unitLength)
  const stressDirections = stressCodes.map(unitLength)
  const phonemeIndex = new Map(PHONEMES.map((p, k) => [p.symbol, k]))
  const stressIndex = new Map([...STRESS_MARKS].map((mark, k) => [mark, k]))
  const boundary = INPUT_SYMBOLS.indexOf(BOUNDARY)
  const half = (s.window - 1) >> 1

  return {
    spec: s,
    inputSize: SYMBOLS_PER_POSITION * s.window,
    outputSize,
    phonemeUnits,
    encodeWindow(word, center, into) {
      into.fill(0)
      for (let k = 0; k < s.window; k++) {
        const i = center - half + k // letter under position k
        const symbol = i >= 0 && i < word.length ? word.charCodeAt(i) - 97 : boundary // 'a' = 97
        into[k * SYMBOLS_PER_POSITION + symbol] = 1
      }
    },
    encodeTarget(phoneme, stress, into) {
      const p = phonemeIndex.get(phoneme)
      const q = stressIndex.get(stress)
      if (p === undefined) throw new Error(`unknown phoneme ${JSON.stringify(phoneme)}`)
      if (q === undefined) throw new Error(`unknown stress mark ${JSON.stringify(stress)}`)
      into.fill(0)
      const pc = phonemeCodes[p]
      for (let i = 0; i < phonemeUnits; i++) into[i] = pc[i]
      const sc = stressCodes[q]
      for (let i = 0; i < stressWidth; i++) into[phonemeUnits + i] = sc[i]
    },
    decode(y) {
      const [p, pc] = smallestAngle(y, 0, phonemeDirections)
      const [q, qc] = smallestAngle(y, phonemeUnits, stressDirections)
      return { phoneme: PHONEMES[p].symbol, stress: STRESS_MARKS[q], phonemeCosine: pc, stressCosine: qc }
    },
  }
}

function unitLength(code: Float64Array): Float64Array {
  let cc = 0
  for (const c of code) cc += c * c
  return code.map((c) => c / Math.sqrt(cc))
}

/** Index and cosine of the direction (a unit-length row of `directions`) with the largest cosine to
 *  y[from .. from + width); the first one wins ties. An all-zero y has cosine 0 with every code, so the
 *  first is chosen. */
function smallestAngle(y: ArrayLike<number>, from: number, directions: Float64Array[]): [number, number] {
  const width = directions[0].length
  let yy = 0
  for (let i = 0; i < width; i++) yy += y[from + i] * y[from + i]
  const yNorm = Math.sqrt(yy)
  let best = 0
  let bestCos = -Infinity
  for (let k = 0; k < directions.length; k++) {
    const c = directions[k]
    let dot = 0
    for (let i = 0; i < width; i++) dot += y[from + i] * c[i]
    const cos = yNorm > 0 ? dot / yNorm : 0
    if (cos > bestCos) {
      best = k
      bestCos = cos
    }
  }
  return [best, bestCos]
}

/** Throws a readable error unless `word` is one or more letters a–z. */
export function checkWord(word: string): void {
  if (!/^[a-z]+$/.test(word)) {
    const bad = [...word].find((ch) => ch < 'a' || ch > 'z')
    throw new Error(word.length === 0 ? 'expected a word, got an empty text' : `"${word}": only the letters a–z can be pronounced, not ${JSON.stringify(bad)}`)
  }
}
