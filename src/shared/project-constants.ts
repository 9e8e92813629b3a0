/**
 * Project-file constants that need no schema library, so the renderer can use them: the format's name,
 * version and file extension, and the size limits.
 *
 * Size limits of projects and requests: anything larger is refused as absurd rather than allowed to exhaust
 * memory. A project file is one JSON text, and JavaScript strings hold at most 2^29 − 24 characters (V8), so
 * the largest project within these limits must still serialize: 10M weights with Adam's two state arrays in
 * base64 (~320M characters) plus 5M data values (~25 characters each at most) stay below it (checked in
 * test/shared/project-file.test.ts). Zod-free, so the renderer can use it too.
 */
export const PROJECT_FORMAT = 'rnn-workbench-project'
export const PROJECT_VERSION = 1
export const PROJECT_EXTENSION = '.rnn.json'

export const LIMITS = {
  units: 100_000,
  hiddenLayers: 64,
  parameters: 10_000_000,
  sequences: 1_000_000,
  steps: 1_000_000,
  dataValues: 5_000_000,
  epochs: 100_000_000,
  /** Epochs a set of weights may have been trained for, over all runs. */
  trainedEpochs: Number.MAX_SAFE_INTEGER,
  textLength: 100_000,
  /** Characters of a data script's source. */
  scriptChars: 1_000_000,
} as const

/** Defaults of a NETtalk project's word choices (data kind 'nettalk'; docs/project-format.md). */
export const NETTALK_DATA_DEFAULTS = { trainWords: 1000, validationWords: 500, seed: 1, scoreEvery: 1 } as const
/** data.corpus / data.wordList value meaning the file that ships with the app (resources/nettalk/nettalk.data
 *  or nettalk.list) rather than a path; data.corpus absent or null means the same. */
export const NETTALK_BUNDLED = 'bundled'
/** Whether a NETtalk project's data.corpus or data.wordList names the file that ships with the app. */
export function namesBundledNettalkFile(which: 'corpus' | 'wordList', value: string | null | undefined): boolean {
  return value === NETTALK_BUNDLED || (which === 'corpus' && (value === null || value === undefined))
}

/** Limits of data scripts (src/shared/script-api.ts; the sandbox in src/node/scripts). */
export const SCRIPT_LIMITS = {
  /** Largest time limit that may be set (10 minutes). */
  maxTimeLimitMs: 600_000,
  /** Smallest and largest memory limits that may be set (the interpreter is 32-bit WebAssembly, at most 2 GiB). */
  minMemoryLimitBytes: 4 * 2 ** 20,
  maxMemoryLimitBytes: 1024 * 2 ** 20,
  /** The result crosses out of the sandbox as JSON text of at most this many characters. */
  maxResultChars: 2 ** 27,
  /** The interpreter's stack: about 6000 nested calls of an ordinary function. */
  maxStackBytes: 2 ** 20,
  /** console output kept as notes: lines, and characters per line. */
  maxConsoleLines: 100,
  maxNoteChars: 1000,
} as const
