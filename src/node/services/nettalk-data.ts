/**
 * A NETtalk project's data (data kind 'nettalk', docs/nettalk.md): the dictionary and word list read from
 * files, split into training words (the list's, or a seeded random choice) and a seeded sample of held-out
 * validation words, then encoded by the core (src/core/nettalk). Also what the trainer needs to report the
 * per-letter score (RunScore: every data.scoreEvery epochs, default every epoch, and after a run's last). The app and `rnnwb` both get here through resolveProjectData.
 *
 * The corpus that ships with the app (resources/nettalk/, data.corpus or data.wordList 'bundled') is found in
 * the resources folder the caller passes: the app's (src/main/index.ts), or the package's (src/node/resources.ts).
 *
 * Not here: the formats and codes themselves (src/core/nettalk), the UI.
 */
import { realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputFileError, readInputText } from './input-files.js'
import { createCodec, normalizeNettalkSpec, parseDictionary, parseWordList, randomSplit, splitByWords, nettalkDataset, type CorpusProblem, type NettalkEntry, type NormalizedNettalkSpec } from '../../core/nettalk/index.js'
import type { InlineData, NettalkData } from '../../shared/project-file.js'
import type { RunScore } from '../../shared/trainer-protocol.js'
import type { NettalkSummary } from '../../shared/ipc.js'
import { SpecError } from '../../core/index.js'
import { INPUT_LIMITS, NETTALK_DATA_DEFAULTS, namesBundledNettalkFile } from '../../shared/project-constants.js'

/** Problems of a file shown in an error message; the rest are counted. */
const SHOWN_PROBLEMS = 5

export class NettalkDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NettalkDataError'
  }
}

export interface NettalkWords {
  /** Absolute paths read. */
  corpus: string
  wordList: string | null
  train: NettalkEntry[]
  /** The seeded sample of held-out words reported every epoch. */
  validation: NettalkEntry[]
  /** Every word not trained on (the held-out set of the paper's experiment). */
  rest: NettalkEntry[]
  encoding: NormalizedNettalkSpec
  /** Later pronunciations of words read before, dropped (the paper kept each word's first). */
  duplicates: number
}

/**
 * A file a project names that is not in the project's folder (an absolute path, a `..` escape, a link to a
 * file elsewhere): read only with the user's explicit permission (a dialog in the window,
 * `--allow-outside-paths` in rnnwb). `path` is the resolved path the permission is for.
 */
export class OutsidePathError extends NettalkDataError {
  constructor(
    readonly path: string,
    readonly which: 'corpus' | 'wordList',
    readonly reason: string,
  ) {
    super(`the ${which === 'corpus' ? 'dictionary' : 'word list'} ${path} is ${reason}: a project may read files outside its folder only with your permission (rnnwb: --allow-outside-paths)`)
    this.name = 'OutsidePathError'
  }
}

/** `inside`: the file is the project's own (in its folder, or the bundled corpus), so its lines may be quoted;
 *  for any other file only line numbers are shown (it may be anything, a credentials file say). */
function problemsMessage(file: string, problems: CorpusProblem[], truncated = false, inside = true): string {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => (inside ? `  line ${p.line}: ${p.problem}` : `  line ${p.line}: not a valid line`))
  const more = problems.length > SHOWN_PROBLEMS || truncated ? [`  (and ${truncated ? 'more' : problems.length - SHOWN_PROBLEMS} more)`] : []
  return [`${file} has ${problems.length}${truncated ? '+' : ''} problem${problems.length === 1 ? '' : 's'}:`, ...shown, ...more].join('\n')
}

/** A regular file's text within the corpus budget (a FIFO, a device or a folder is refused unopened). */
async function readText(path: string, what: string): Promise<string> {
  try {
    return await readInputText(path, { maxBytes: INPUT_LIMITS.corpusFileBytes, what })
  } catch (e) {
    if (e instanceof InputFileError) throw new NettalkDataError(e.message)
    throw e
  }
}

/**
 * Why the file a project names at `value` (resolved to `path`) is not the project's own, or null when it is:
 * an absolute path, a relative one that leaves the project's folder, or one whose real path (links followed)
 * is outside it. A file that does not exist is left to the read to report.
 */
async function outsideReason(value: string, path: string, baseDir: string | undefined): Promise<string | null> {
  if (isAbsolute(value) || baseDir === undefined) return 'an absolute path, not a file in the project’s folder'
  const rel = relative(baseDir, path)
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return 'outside the project’s folder'
  let real: string
  let realBase: string
  try {
    ;[real, realBase] = await Promise.all([realpath(path), realpath(baseDir)])
  } catch {
    return null
  }
  const realRel = relative(realBase, real)
  if (realRel === '' || realRel === '..' || realRel.startsWith('..' + sep) || isAbsolute(realRel)) return 'a link to a file outside the project’s folder'
  return null
}

/** Reads the file of data.corpus or data.wordList by the path rules; `inside` says whether it is the
 *  project's own (quotable in messages). */
async function readNettalkFile(which: 'corpus' | 'wordList', value: string | null | undefined, path: string, opts: NettalkFileOptions): Promise<{ text: string; inside: boolean }> {
  const what = which === 'corpus' ? 'dictionary' : 'word list'
  if (namesBundledNettalkFile(which, value)) return { text: await readText(path, what), inside: true }
  const reason = await outsideReason(value!, path, opts.baseDir)
  if (reason !== null && !(opts.allowOutside === true || (opts.allowOutside instanceof Set && opts.allowOutside.has(path)))) throw new OutsidePathError(path, which, reason)
  return { text: await readText(path, what), inside: reason === null }
}

/** The corpus files that ship with the app, inside its resources folder. */
export const BUNDLED_NETTALK_FILES = { corpus: 'nettalk/nettalk.data', wordList: 'nettalk/nettalk.list' } as const

export interface NettalkFileOptions {
  /** Where relative paths start (the project file's folder); without it only absolute paths are read. */
  baseDir?: string
  /** The folder of the files that ship with the app (holding nettalk/); needed for 'bundled'. */
  resourcesDir?: string
  /** Files outside the project's folder that may be read: true for any (rnnwb --allow-outside-paths), or the
   *  resolved paths the user allowed. Without it such a file throws OutsidePathError. */
  allowOutside?: boolean | ReadonlySet<string>
}

/**
 * The file a NETtalk project's data.corpus or data.wordList names: the one that ships with the app for
 * 'bundled' (and, for the corpus, absent or null: the default), else the path, relative ones from `baseDir`.
 * null: the project has no word list. The one place 'bundled' becomes a path.
 */
export function nettalkFilePath(which: 'corpus' | 'wordList', value: string | null | undefined, opts: NettalkFileOptions = {}): string | null {
  if (namesBundledNettalkFile(which, value)) {
    if (opts.resourcesDir === undefined) throw new Error(`the ${which === 'corpus' ? 'dictionary' : 'word list'} that ships with the app was asked for, but no resources folder was given`)
    return join(opts.resourcesDir, BUNDLED_NETTALK_FILES[which])
  }
  if (!value) return null
  if (isAbsolute(value)) return value
  // relative to the project file; without one (an unsaved project) there is nothing it could be relative to
  if (opts.baseDir === undefined) throw new NettalkDataError(`${value} is a relative path, and the project is not saved where it could start from: choose the file again, or save the project beside it`)
  return resolve(opts.baseDir, value)
}

/** Reads and splits the words of a NETtalk project (files as nettalkFilePath finds them). */
export async function readNettalkWords(data: NettalkData, opts: NettalkFileOptions = {}): Promise<NettalkWords> {
  const corpus = nettalkFilePath('corpus', data.corpus, opts)!
  const encoding = normalizeNettalkSpec(data.encoding ?? {}, 'data.encoding')
  const corpusFile = await readNettalkFile('corpus', data.corpus, corpus, opts)
  const dictionary = parseDictionary(corpusFile.text)
  if (dictionary.problems.length > 0) throw new NettalkDataError(problemsMessage(corpus, dictionary.problems, dictionary.truncated, corpusFile.inside))
  if (dictionary.entries.length === 0) throw new NettalkDataError(`${corpus} has no entries`)
  const seed = data.seed ?? NETTALK_DATA_DEFAULTS.seed

  const wordList = nettalkFilePath('wordList', data.wordList, opts)
  let split: { selected: NettalkEntry[]; rest: NettalkEntry[] }
  if (wordList !== null) {
    const listFile = await readNettalkFile('wordList', data.wordList, wordList, opts)
    const list = parseWordList(listFile.text)
    if (list.problems.length > 0) throw new NettalkDataError(problemsMessage(wordList, list.problems, false, listFile.inside))
    if (list.words.length === 0) throw new NettalkDataError(`${wordList} names no words`)
    const byList = splitByWords(dictionary.entries, list.words)
    if (byList.missing.length > 0) {
      // the words are quoted only from a list of the project's own (inside its folder, or the bundled one)
      const shown = listFile.inside ? `: ${byList.missing.slice(0, 10).join(', ')}${byList.missing.length > 10 ? ', …' : ''}` : ''
      throw new NettalkDataError(`${byList.missing.length} word${byList.missing.length === 1 ? '' : 's'} of ${wordList} ${byList.missing.length === 1 ? 'is' : 'are'} not in the dictionary${shown}`)
    }
    split = byList
  } else {
    const count = data.trainWords ?? NETTALK_DATA_DEFAULTS.trainWords
    if (count >= dictionary.entries.length) throw new NettalkDataError(`data.trainWords: ${count} training words leave none of the dictionary's ${dictionary.entries.length} to hold out`)
    split = randomSplit(dictionary.entries, count, seed)
  }
  const validationCount = Math.min(data.validationWords ?? NETTALK_DATA_DEFAULTS.validationWords, split.rest.length)
  // another stream of the seed than the training choice: growing trainWords does not shift this sample
  const validation = validationCount > 0 ? randomSplit(split.rest, validationCount, (seed + 0x9e3779b9) >>> 0).selected : []
  return { corpus, wordList, train: split.selected, validation, rest: split.rest, encoding, duplicates: dictionary.duplicates.length }
}

/** What a NETtalk project's settings give (the Data tab's summary), or the problem with them. */
export async function describeNettalkData(data: NettalkData, opts: NettalkFileOptions = {}): Promise<NettalkSummary> {
  try {
    const words = await readNettalkWords(data, opts)
    const codec = createCodec(words.encoding)
    return {
      ok: true,
      corpus: words.corpus,
      wordList: words.wordList,
      trainWords: words.train.length,
      trainLetters: words.train.reduce((n, e) => n + e.word.length, 0),
      validationWords: words.validation.length,
      heldOutWords: words.rest.length,
      duplicates: words.duplicates,
      inputSize: codec.inputSize,
      outputSize: codec.outputSize,
    }
  } catch (e) {
    if (e instanceof OutsidePathError) return { ok: false, message: e.message, needsPermission: { path: e.path, which: e.which, reason: e.reason } }
    if (e instanceof NettalkDataError || e instanceof SpecError) return { ok: false, message: e.message }
    throw e
  }
}

/** The words encoded as project data: the training words, and the validation sample. */
export function nettalkInlineData(words: NettalkWords): InlineData {
  const train = nettalkDataset(words.train, words.encoding)
  const validation = words.validation.length > 0 ? nettalkDataset(words.validation, words.encoding).sequences : []
  return { kind: 'inline', inputSize: train.inputSize, outputSize: train.outputSize, train: train.sequences, ...(validation.length ? { validation } : {}) }
}

/** What the trainer needs to score the run (every `every` epochs, data.scoreEvery, and its last): the words,
 *  without their encodings. */
export function nettalkRunScore(words: NettalkWords, every: number = NETTALK_DATA_DEFAULTS.scoreEvery): RunScore {
  const plain = (e: NettalkEntry) => ({ word: e.word, phonemes: e.phonemes, stress: e.stress })
  return { kind: 'nettalk', encoding: words.encoding, train: words.train.map(plain), ...(words.validation.length ? { validation: words.validation.map(plain) } : {}), every }
}
