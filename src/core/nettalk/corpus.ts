/**
 * The NETtalk corpus: the dictionary (one pronunciation per line: word, phonemes, stress, class; tab-separated,
 * resources/nettalk/README.md), word lists such as the 1,000-word `nettalk.list`, and splits of the
 * dictionary (by a word list, or seeded random ones of any size).
 *
 * Readers never throw on bad content: they return what they could read and every problem with its 1-based
 * line number (up to MAX_CORPUS_PROBLEMS), so a caller can show them all; `importDictionary` is the strict
 * form that throws CorpusError when there is any problem.
 *
 * Not here: encoding words for the network (codec.ts, datasets.ts). Nothing reads files: callers pass text.
 */
import { createRng, shuffleInPlace } from '../rng.js'
import { PHONEME_SYMBOLS, STRESS_MARKS } from './codec.js'

/** One pronunciation: letter i of `word` is spoken as phoneme `phonemes[i]` with stress mark `stress[i]`. */
export interface NettalkEntry {
  word: string
  phonemes: string
  stress: string
  /** 0 regular English word, 1 irregular, 2 foreign. */
  wordClass: number
  /** 1-based line in the file it came from (0 when made in code). */
  line: number
}

export interface CorpusProblem {
  /** 1-based line number. */
  line: number
  problem: string
}

/** A later line for a word already read. */
export interface DuplicateNote {
  word: string
  line: number
  /** Line of the pronunciation that is kept. */
  firstLine: number
}

export interface DictionaryImport {
  /** The lines read without problems, in file order (with duplicates: 'first', one per word). */
  entries: NettalkEntry[]
  problems: CorpusProblem[]
  /** True when more problems were found than `problems` holds. */
  truncated: boolean
  /** Later pronunciations of a word seen before: dropped with duplicates 'first', kept with 'all'. */
  duplicates: DuplicateNote[]
}

export interface DictionaryOptions {
  /** 'first' (default, the paper's): keep each word's first pronunciation; 'all': keep every line. */
  duplicates?: 'first' | 'all'
}

export const MAX_CORPUS_PROBLEMS = 1000

/** A dictionary or word list with problems; `problems` lists them with line numbers. */
export class CorpusError extends Error {
  constructor(
    readonly problems: CorpusProblem[],
    readonly truncated = false,
  ) {
    const shown = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.problem}`)
    if (problems.length > 5) shown.push(`(and ${problems.length - 5} more${truncated ? ', reading stopped counting there' : ''})`)
    super(shown.join('\n'))
    this.name = 'CorpusError'
  }
}

class Problems {
  readonly list: CorpusProblem[] = []
  truncated = false
  add(line: number, problem: string): void {
    if (this.list.length < MAX_CORPUS_PROBLEMS) this.list.push({ line, problem })
    else this.truncated = true
  }
}

/** Lines of a text without its byte-order mark; CRLF, LF and CR all end a line. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
}

/** The first symbol of `text` that is not in `allowed`, with its 1-based position. */
function unknownSymbol(text: string, allowed: string): { symbol: string; position: number } | null {
  for (let i = 0; i < text.length; i++) if (!allowed.includes(text[i])) return { symbol: text[i], position: i + 1 }
  return null
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

/** Reads the dictionary format. Blank lines are skipped; spaces around a field are ignored. */
export function parseDictionary(text: string, opts: DictionaryOptions = {}): DictionaryImport {
  const keepAll = opts.duplicates === 'all'
  const problems = new Problems()
  const entries: NettalkEntry[] = []
  const duplicates: DuplicateNote[] = []
  const firstLine = new Map<string, number>()
  linesOf(text).forEach((raw, index) => {
    const line = index + 1
    if (raw.trim() === '') return
    const fields = raw.split('\t').map((f) => f.trim())
    if (fields.length !== 4) {
      problems.add(line, `expected 4 tab-separated fields (word, phonemes, stress, class), got ${fields.length}`)
      return
    }
    const [word, phonemes, stress, wordClass] = fields
    const found: string[] = []
    const check = (field: string, name: string, allowed: string, hint: string) => {
      if (field === '') return found.push(`the ${name} field is empty`)
      const bad = unknownSymbol(field, allowed)
      if (bad) found.push(`unknown ${hint} ${JSON.stringify(bad.symbol)} at position ${bad.position} of ${JSON.stringify(field)}`)
    }
    check(word, 'word', LETTERS, 'letter (words are lower-case a–z)')
    check(phonemes, 'phoneme', PHONEME_SYMBOLS, 'phoneme')
    check(stress, 'stress', STRESS_MARKS, `stress mark (known: ${STRESS_MARKS})`)
    if (word !== '' && (phonemes.length !== word.length || stress.length !== word.length)) {
      found.push(`"${word}" has ${word.length} letters but ${phonemes.length} phonemes and ${stress.length} stress marks (each letter needs one of each)`)
    }
    if (!/^[012]$/.test(wordClass)) found.push(`expected the class 0, 1 or 2, got ${JSON.stringify(wordClass)}`)
    if (found.length > 0) {
      for (const problem of found) problems.add(line, problem)
      return
    }
    const seen = firstLine.get(word)
    if (seen !== undefined) {
      duplicates.push({ word, line, firstLine: seen })
      if (!keepAll) return
    } else {
      firstLine.set(word, line)
    }
    entries.push({ word, phonemes, stress, wordClass: Number(wordClass), line })
  })
  return { entries, problems: problems.list, truncated: problems.truncated, duplicates }
}

/** parseDictionary, but throws CorpusError when any line has a problem (or nothing was read). */
export function importDictionary(text: string, opts: DictionaryOptions = {}): DictionaryImport {
  const result = parseDictionary(text, opts)
  if (result.problems.length > 0) throw new CorpusError(result.problems, result.truncated)
  if (result.entries.length === 0) throw new CorpusError([{ line: 1, problem: 'the dictionary has no entries' }])
  return result
}

export interface WordListImport {
  /** Lower-case words in list order, each once. */
  words: string[]
  problems: CorpusProblem[]
  /** Words listed more than once (kept once), with the line of the repetition. */
  repeated: { word: string; line: number }[]
}

/**
 * Reads a word list, in either of two forms:
 *  - a Lisp list, as `nettalk.list`: the words are the items between the first "(" that begins a line
 *    (after spaces) and its ")"; anything before it is a note;
 *  - otherwise plain words separated by spaces, commas or line breaks, "#" starting a comment.
 * Letter case does not matter (words are lower-cased); a word with anything but letters is a problem.
 */
export function parseWordList(text: string): WordListImport {
  const lines = linesOf(text)
  const problems = new Problems()
  const words: string[] = []
  const repeated: { word: string; line: number }[] = []
  const seen = new Set<string>()
  const start = lines.findIndex((l) => l.trimStart().startsWith('('))
  const lisp = start >= 0
  let closed = false
  for (let i = lisp ? start : 0; i < lines.length && !closed; i++) {
    let body = lines[i]
    if (lisp) {
      if (i === start) body = body.slice(body.indexOf('(') + 1)
      const end = body.indexOf(')')
      if (end >= 0) {
        if (body.slice(end + 1).trim() !== '') problems.add(i + 1, 'text after the closing ")" of the list')
        body = body.slice(0, end)
        closed = true
      }
    } else {
      const hash = body.indexOf('#')
      if (hash >= 0) body = body.slice(0, hash)
    }
    for (const token of body.split(/[\s,]+/)) {
      if (token === '') continue
      const word = token.toLowerCase()
      const bad = unknownSymbol(word, LETTERS)
      if (bad) {
        problems.add(i + 1, `unknown symbol ${JSON.stringify(token[bad.position - 1])} in the word ${JSON.stringify(token)} (words are letters a–z)`)
        continue
      }
      if (seen.has(word)) repeated.push({ word, line: i + 1 })
      else {
        seen.add(word)
        words.push(word)
      }
    }
  }
  if (lisp && !closed) problems.add(lines.length, 'the list opened at line ' + (start + 1) + ' is not closed with ")"')
  return { words, problems: problems.list, repeated }
}

/** Entries chosen from a dictionary, and the others. */
export interface Split {
  /** The chosen entries (list order for `splitByWords`, dictionary order for `randomSplit`). */
  selected: NettalkEntry[]
  /** Every other entry, in dictionary order. */
  rest: NettalkEntry[]
}

/** The entries of `words` (every pronunciation of each, in list order) and the rest; `missing` lists
 *  words that are not in the dictionary. */
export function splitByWords(entries: readonly NettalkEntry[], words: readonly string[]): Split & { missing: string[] } {
  const byWord = new Map<string, NettalkEntry[]>()
  for (const e of entries) {
    const list = byWord.get(e.word)
    if (list) list.push(e)
    else byWord.set(e.word, [e])
  }
  const wanted = new Set(words)
  const selected: NettalkEntry[] = []
  const missing: string[] = []
  for (const w of new Set(words)) {
    const found = byWord.get(w)
    if (found) selected.push(...found)
    else missing.push(w)
  }
  return { selected, rest: entries.filter((e) => !wanted.has(e.word)), missing }
}

/** `size` entries drawn at random (seeded: the same seed and dictionary give the same split), and the rest.
 *  Both keep dictionary order. Entries are drawn, not words: split a dictionary read with duplicates
 *  'first' (the default) to keep a word's pronunciations out of both sides. */
export function randomSplit(entries: readonly NettalkEntry[], size: number, seed: number): Split {
  if (!Number.isInteger(size) || size < 0 || size > entries.length) {
    throw new Error(`a split of ${JSON.stringify(size)} entries is impossible: expected a whole number from 0 to ${entries.length}`)
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`expected a seed from 0 to 4294967295, got ${JSON.stringify(seed)}`)
  const order = Int32Array.from({ length: entries.length }, (_, i) => i)
  shuffleInPlace(order, createRng(seed))
  const chosen = new Uint8Array(entries.length)
  for (let k = 0; k < size; k++) chosen[order[k]] = 1
  return { selected: entries.filter((_, i) => chosen[i] === 1), rest: entries.filter((_, i) => chosen[i] === 0) }
}
