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
/** The newest format version this app reads and writes. Version 2 added `runs` (the run records); a file
 *  without records is still written as version 1, so that earlier versions of the app open it
 *  (`projectFileVersion`). */
export const PROJECT_VERSION = 2
/** The version a project file is written with: 2 only when it holds run records. */
export function projectFileVersion(runs: readonly unknown[] | undefined): 1 | 2 {
  return runs !== undefined && runs.length > 0 ? 2 : 1
}
export const PROJECT_EXTENSION = '.rnn.json'

export const LIMITS = {
  units: 100_000,
  hiddenLayers: 64,
  parameters: 10_000_000,
  sequences: 1_000_000,
  steps: 1_000_000,
  dataValues: 5_000_000,
  epochs: 100_000_000,
  /** A run's pace, epochs per second (0: as fast as possible). */
  pace: 100_000,
  /** Epochs a set of weights may have been trained for, over all runs. */
  trainedEpochs: Number.MAX_SAFE_INTEGER,
  textLength: 100_000,
  /** Characters of a data script's source. */
  scriptChars: 1_000_000,
  /** Run records kept in a project (`runs`). */
  runRecords: 1000,
  /** Run records that keep their final weights (the best and the pinned runs): the weights of 16 networks at
   *  the parameter limit are still within the project file's budget only because such networks are rare. */
  runRecordsWithWeights: 16,
  /** Characters of a run record's id, label and end message. */
  runRecordText: 1000,
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
  /** The result crosses out of the sandbox as JSON text of at most this many characters (UTF-16 code units),
   *  checked inside the sandbox before it is copied out: at most 256 MiB in the host's string. */
  maxResultChars: 2 ** 27,
  /** Arrays and objects of that text, counted before it is parsed: 5M data values are at most 5M step
   *  vectors, plus 1M sequences of 3 each. */
  maxResultContainers: 8_100_000,
  /** Heap of the worker thread that runs the sandbox and parses its result (V8's old generation, MiB): running
   *  out ends the worker, and the run fails with an error of kind 'memory'. */
  workerHeapMb: 2048,
  /** The interpreter's stack: about 6000 nested calls of an ordinary function. */
  maxStackBytes: 2 ** 20,
  /** console output kept as notes: lines, and characters per line. */
  maxConsoleLines: 100,
  maxNoteChars: 1000,
} as const

/**
 * Size budgets of every file the app or `rnnwb` reads (docs/limits.md: each budget, why, and the measured peak
 * memory of the largest accepted input). Each is checked BEFORE the expensive step: a file's size by stat
 * before it is read, an .npz's declared member sizes before anything is inflated, a JSON text's nesting and
 * number of arrays/objects by a scan before JSON.parse builds them.
 */
export const INPUT_LIMITS = {
  /** A project file (`*.rnn.json`): the largest valid project (10M weights with Adam's state in base64 and 5M
   *  data values) is ~450 MB; V8 strings end at 2^29 − 24 characters anyway. */
  projectFileBytes: 512 * 2 ** 20,
  /** The recovery file: a project plus its path and time. */
  recoveryFileBytes: 512 * 2 ** 20 + 2 ** 20,
  /** The list of recent projects: ten paths. */
  recentFileBytes: 2 ** 20,
  /** A data file to import (CSV or JSON): 5M values of ~25 characters each is far below this. */
  dataFileBytes: 512 * 2 ** 20,
  /** A NETtalk dictionary or word list (the NETtalk dictionary is about 0.6 MB; 16 MiB is 25 times it).
   *  Parsed on the calling thread: its peak is measured in docs/limits.md. */
  corpusFileBytes: 16 * 2 ** 20,
  /** A weights file to import (JSON export, project file, .npz): 10M float64 weights with Adam's two state
   *  arrays in a JSON export (~25 characters a number) stay below it. */
  weightsFileBytes: 512 * 2 ** 20,
  /** The sum of an .npz's members as its zip directory declares them, and as they inflate (3 × 10M float64
   *  arrays plus the manifest). */
  npzInflatedBytes: 256 * 2 ** 20,
  /** Nesting of a JSON text (a project or data file is 6 levels deep; weights 5). */
  jsonDepth: 64,
  /**
   * Arrays and objects of one JSON text, counted before JSON.parse builds them: each costs V8 ~50–100 bytes
   * however small, so a file of `[[0],[0],…]` takes ~17× its size in heap. 5M data values of 1 input and 1
   * target are 5M step vectors, plus their sequences.
   */
  jsonContainers: 12_000_000,
  /**
   * Values of one JSON text (numbers, strings, literals; counted by their separating commas), before
   * JSON.parse: an array of numbers costs 8 bytes a number and its parse as much again, so a 512 MiB text of
   * `0,0,0,…` (256M values) would take 4 GB. A project's values are its data (5M), its loss history (one a
   * trained epoch) and a few hundred more; 32M leaves the history 27M epochs.
   */
  jsonValues: 32_000_000,
  /** Files up to this size are parsed on the calling thread (their peak is a few dozen MB); larger ones in a
   *  worker thread with a heap limit, so that running out of memory ends only the worker. */
  inThreadParseBytes: 4 * 2 ** 20,
  /** The heap of that worker (V8's old generation, in MiB). */
  parseWorkerHeapMb: 3072,
} as const
