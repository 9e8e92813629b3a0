/**
 * NETtalk → eSpeak NG phoneme input (docs/nettalk.md, "Hearing the network"): one table from NETtalk's
 * phoneme symbols and stress marks to eSpeak's ASCII phoneme mnemonics (the notation of eSpeak's `[[...]]`
 * input and `-x` output, English voice), and the function that turns a word's phoneme and stress strings
 * (one symbol per letter, as the corpus and `pronounce` give them) into that input.
 *
 * Stress: NETtalk marks every letter (`1` primary, `2` secondary, `0` unstressed on the letters of a
 * syllable's vowel; `<` `>` on consonants, the side of the syllable's vowel they lie on). eSpeak wants one
 * mark in front of each stressed syllable (`'` primary, `,` secondary; it applies to the next vowel), so a
 * mark is written before the first sounding letter of each run of letters with the same digit.
 *
 * Deliberately not here: the synthesis itself (eSpeak NG runs off the window's thread, src/node/speech), and
 * syllable boundaries (`<` `>`: eSpeak syllabifies by itself).
 */
import { PHONEME_SYMBOLS, STRESS_MARKS } from './codec.js'

/** The one mapping table: every NETtalk phoneme symbol and stress mark → eSpeak NG phoneme mnemonic
 *  ('' = nothing is said or written). Example words are the paper's (codec.ts PHONEMES). */
export const NETTALK_TO_ESPEAK: { readonly phonemes: Readonly<Record<string, string>>; readonly stress: Readonly<Record<string, string>> } = {
  phonemes: {
    a: 'A:', // wad, dot (American "father" vowel)
    b: 'b',
    c: 'O:', // caught, or
    d: 'd',
    e: 'eI', // blade, way
    f: 'f',
    g: 'g',
    h: 'h',
    i: 'i:', // eve, bee
    k: 'k',
    l: 'l',
    m: 'm',
    n: 'n',
    o: 'oU', // only
    p: 'p',
    r: 'r',
    s: 's',
    t: 't',
    u: 'u:', // boot
    v: 'v',
    w: 'w',
    x: '@', // schwa
    y: 'j', // yes
    z: 'z',
    A: 'aI', // ice
    C: 'tS', // chart
    D: 'D', // the
    E: 'E', // end
    G: 'N', // long
    I: 'I', // give
    J: 'dZ', // jam
    K: 'kS', // anxious
    L: '@L', // able (syllabic l)
    M: '@m', // chasm (syllabic m)
    N: '@n', // basin (syllabic n)
    O: 'OI', // boy
    Q: 'kw', // quilt
    R: '3:', // after, bird (r-coloured vowel)
    S: 'S', // wish
    T: 'T', // bath
    U: 'U', // wood
    W: 'aU', // out
    X: 'ks', // annex
    Y: 'ju:', // use
    Z: 'Z', // vision
    '@': 'a', // cab
    '!': 'ts', // pizza
    '#': 'gz', // exist
    '*': 'hw', // what
    '^': 'V', // up
    '+': 'wA:', // abattoir
    '-': '', // silent letter
  },
  stress: {
    '1': "'", // primary
    '2': ',', // secondary
    '0': '', // unstressed: eSpeak's default for a syllable without a mark
    '<': '', // syllable boundaries: eSpeak finds its own
    '>': '',
  },
}

/** eSpeak phoneme input (the text between `[[` and `]]`) for one word's NETtalk phonemes and stress marks,
 *  one symbol per letter each. Throws on unequal lengths or a symbol outside PHONEME_SYMBOLS / STRESS_MARKS.
 *  A word whose letters are all silent gives ''. */
export function toEspeakPhonemes(phonemes: string, stress: string): string {
  if (phonemes.length !== stress.length) throw new Error(`phonemes (${phonemes.length}) and stress marks (${stress.length}) must have one symbol per letter each`)
  let out = ''
  let previousDigit = '' // the stress digit of the last sounding letter, to mark each syllable once
  for (let i = 0; i < phonemes.length; i++) {
    const p = phonemes[i]
    const s = stress[i]
    if (!PHONEME_SYMBOLS.includes(p)) throw new Error(`unknown NETtalk phoneme ${JSON.stringify(p)} at letter ${i + 1}`)
    if (!STRESS_MARKS.includes(s)) throw new Error(`unknown NETtalk stress mark ${JSON.stringify(s)} at letter ${i + 1}`)
    const sound = NETTALK_TO_ESPEAK.phonemes[p]
    if (sound === '') continue
    const digit = s === '1' || s === '2' ? s : ''
    if (digit !== '' && digit !== previousDigit) out += NETTALK_TO_ESPEAK.stress[s]
    previousDigit = digit
    out += sound
  }
  return out
}
