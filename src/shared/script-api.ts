/**
 * Data scripts: the contract between a user's script, the sandbox that runs it (src/node/scripts) and the app.
 * docs/scripting.md documents it for users.
 *
 * A script is JavaScript module source (ES2023; TypeScript is transpiled to it first, a later step) whose
 * default export builds the data set from the helpers it is given:
 *
 *     export default function (h) {
 *       const train = h.range(32).map(() => { … return { u, z } })
 *       return { inputSize: 1, outputSize: 1, train }
 *     }
 *
 * The function may be async (it may await promises; the sandbox has no timers or I/O to wait for).
 *
 * Here: the options and result of a run, the TypeScript declarations scripts are written against
 * (SCRIPT_API_DTS, for the editor), and `checkScriptResult`, the one place where a script's result becomes
 * project data (checked against the project-file limits and by the core's packDataset).
 * Zod-free, Node-free and DOM-free: the renderer, the CLI and the sandbox's worker all use it.
 */
import { DataError, packDataset, type Sequence } from '../core/index.js'
import { cut, escapeControls } from './messages.js'
import { LIMITS, SCRIPT_LIMITS } from './project-constants.js'
import type { InlineData, ScriptData } from './project-file.js'

export const SCRIPT_DEFAULTS = {
  /** Wall-clock limit of one run: evaluating the module, the default export, and copying its result out. */
  timeLimitMs: 10_000,
  /** Limit of the interpreter's heap (QuickJS malloc limit). */
  memoryLimitBytes: 256 * 2 ** 20,
} as const


export interface ScriptRunOptions {
  /** Seed of `h.rng` and of `Math.random`: a whole number in [0, 2^32). The same seed gives the same data. */
  seed: number
  /** Default SCRIPT_DEFAULTS.timeLimitMs. */
  timeLimitMs?: number
  /** Default SCRIPT_DEFAULTS.memoryLimitBytes. */
  memoryLimitBytes?: number
}

export type ScriptErrorKind =
  /** The source does not parse. */
  | 'syntax'
  /** The script threw (or its promise was rejected, or never settled). */
  | 'runtime'
  /** It ran past its time limit and was stopped. */
  | 'timeout'
  /** It needed more memory than its limit. */
  | 'memory'
  /** It ran, but what it exported or returned is not a usable data set (`path` says where). */
  | 'result'
  /** The run was cancelled by its caller. */
  | 'cancelled'
  /** The sandbox itself failed (a bug, or a worker that could not start). */
  | 'internal'

export interface ScriptError {
  kind: ScriptErrorKind
  /** One line, e.g. `TypeError: cannot read property 'u' of undefined` or `train[3].u[7]: expected 2 numbers, got 3`. */
  message: string
  /** 1-based line and column in the script, where known (syntax and runtime errors, and where a timeout stopped it). */
  line?: number
  column?: number
  /** For 'result' errors: where in the returned value, e.g. `train[3].z[7]` (sequence 3, step 7). */
  path?: string
}

export type ScriptRunResult =
  | { ok: true; data: InlineData; notes: string[] }
  /** `notes` holds the script's console output up to the failure. */
  | { ok: false; error: ScriptError; notes: string[] }

/**
 * Values JSON cannot carry are marked when the sandbox serializes a result, so that messages can say what they
 * were: NaN becomes `MARK + 'NaN'`, undefined `MARK + 'undefined'`, a function `MARK + 'a function'`, and so on.
 */
export const SCRIPT_VALUE_MARK = '\u0000rnnwb:'

export function checkRunOptions(options: ScriptRunOptions): Required<ScriptRunOptions> {
  const { seed, timeLimitMs = SCRIPT_DEFAULTS.timeLimitMs, memoryLimitBytes = SCRIPT_DEFAULTS.memoryLimitBytes } = options
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a whole number in [0, 2^32), got ${seed}`)
  if (!(typeof timeLimitMs === 'number' && timeLimitMs > 0 && timeLimitMs <= SCRIPT_LIMITS.maxTimeLimitMs)) {
    throw new RangeError(`timeLimitMs must be in (0, ${SCRIPT_LIMITS.maxTimeLimitMs}], got ${timeLimitMs}`)
  }
  if (!(Number.isInteger(memoryLimitBytes) && memoryLimitBytes >= SCRIPT_LIMITS.minMemoryLimitBytes && memoryLimitBytes <= SCRIPT_LIMITS.maxMemoryLimitBytes)) {
    throw new RangeError(`memoryLimitBytes must be a whole number in [${SCRIPT_LIMITS.minMemoryLimitBytes}, ${SCRIPT_LIMITS.maxMemoryLimitBytes}], got ${memoryLimitBytes}`)
  }
  return { seed, timeLimitMs, memoryLimitBytes }
}

/** A project's script data as run options (its defaults: seed 1, SCRIPT_DEFAULTS). */
export function scriptRunOptions(data: ScriptData): ScriptRunOptions {
  return {
    seed: data.seed ?? 1,
    ...(data.timeLimitMs !== undefined ? { timeLimitMs: data.timeLimitMs } : {}),
    ...(data.memoryLimitBytes !== undefined ? { memoryLimitBytes: data.memoryLimitBytes } : {}),
  }
}

/** A script error in one line, with where it happened: `line 3, column 5: TypeError: …`, `train[2].u[0]: …`. */
export function describeScriptError(e: ScriptError): string {
  if (e.line !== undefined) return `line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''}: ${e.message}`
  return e.message
}

/** The message of a run stopped at its time limit (inside the sandbox, or from outside by the worker's host). */
export function timeLimitMessage(timeLimitMs: number): string {
  const limit = timeLimitMs >= 1000 ? `${Number((timeLimitMs / 1000).toFixed(1))} s` : `${timeLimitMs} ms`
  return `the script ran longer than its time limit of ${limit} and was stopped`
}

// ---------------------------------------------------------------------------------------------------------
// Checking a result

export type ScriptResultCheck = { ok: true; data: InlineData; notes: string[] } | { ok: false; error: ScriptError }

class ResultProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem)
  }
}

const MARKED_UNDEFINED = `${SCRIPT_VALUE_MARK}undefined`
const RESULT_KEYS = ['inputSize', 'outputSize', 'train', 'validation']

/** A value as a message shows it: `NaN`, `undefined`, `"abc"`, `a list of 3`, `an object`. */
export function describeValue(x: unknown): string {
  if (typeof x === 'string') {
    if (x.startsWith(SCRIPT_VALUE_MARK)) return x.slice(SCRIPT_VALUE_MARK.length)
    return escapeControls(JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)) // JSON escapes C0 controls, not bidi overrides
  }
  if (x === null) return 'null'
  if (Array.isArray(x)) return `a list of ${x.length}`
  if (typeof x === 'object') return 'an object'
  if (typeof x === 'function') return 'a function'
  return String(x)
}

/** Keys the script returned, for a note: the first few, each cut and with its controls escaped. */
function keyList(keys: string[]): string {
  const shown = keys.slice(0, 10).map((k) => `\`${escapeControls(cut(k, 40))}\``)
  return keys.length > shown.length ? `${shown.join(', ')} and ${keys.length - shown.length} more` : shown.join(', ')
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const field = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) && o[key] !== MARKED_UNDEFINED ? o[key] : undefined)

function wholeNumber(x: unknown, path: string, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > max) throw new ResultProblem(path, `expected a whole number from 1 to ${max}, got ${describeValue(x)}`)
  return x
}

/**
 * Checks what a script returned (as the sandbox copied it out: plain JSON values, with SCRIPT_VALUE_MARK
 * strings for values JSON cannot hold) and turns it into project data, or says what is wrong and where:
 * `train[3].u[7]` is step 7 of training sequence 3. Notes report what is allowed but unusual (inputs outside
 * {0, 1}, which the lecture's model assumes; ignored fields; no targets at all).
 */
export function checkScriptResult(value: unknown): ScriptResultCheck {
  try {
    return { ok: true, ...readResult(value) }
  } catch (e) {
    if (e instanceof ResultProblem) return { ok: false, error: { kind: 'result', message: e.message, ...(e.path ? { path: e.path } : {}) } }
    throw e
  }
}

function readResult(value: unknown): { data: InlineData; notes: string[] } {
  if (!isRecord(value)) {
    throw new ResultProblem('', `the default export must return a data set { inputSize, outputSize, train, validation? }, got ${describeValue(value)}`)
  }
  const notes: string[] = []
  const extra = Object.keys(value).filter((k) => !RESULT_KEYS.includes(k) && value[k] !== MARKED_UNDEFINED)
  if (extra.length > 0) notes.push(`Ignored ${keyList(extra)}: a data set has only inputSize, outputSize, train and validation.`)
  const m = wholeNumber(field(value, 'inputSize'), 'inputSize', LIMITS.units)
  const nOut = wholeNumber(field(value, 'outputSize'), 'outputSize', LIMITS.units)

  const lists: { key: 'train' | 'validation'; list: unknown[] }[] = []
  const train = field(value, 'train')
  if (!Array.isArray(train)) throw new ResultProblem('train', `expected a list of sequences { u, z }, got ${describeValue(train)}`)
  if (train.length === 0) throw new ResultProblem('train', 'expected at least one sequence')
  lists.push({ key: 'train', list: train })
  const validation = field(value, 'validation')
  if (validation !== undefined && validation !== null) {
    if (!Array.isArray(validation)) throw new ResultProblem('validation', `expected a list of sequences { u, z } (or nothing), got ${describeValue(validation)}`)
    if (validation.length > 0) lists.push({ key: 'validation', list: validation })
  }

  // shapes first, so that sizes are checked before any row is read
  let steps = 0
  const ignoredInSequences = new Set<string>()
  const sequences = lists.map(({ key, list }) => {
    if (list.length > LIMITS.sequences) throw new ResultProblem(key, `${list.length} sequences exceed the limit of ${LIMITS.sequences}`)
    return list.map((s, p): { u: unknown[]; z: unknown[] } => {
      const at = `${key}[${p}]`
      if (!isRecord(s)) throw new ResultProblem(at, `expected a sequence { u, z }, got ${describeValue(s)}`)
      for (const k of Object.keys(s)) if (k !== 'u' && k !== 'z' && s[k] !== MARKED_UNDEFINED) ignoredInSequences.add(k)
      const u = field(s, 'u')
      const z = field(s, 'z')
      if (!Array.isArray(u)) throw new ResultProblem(`${at}.u`, `expected a list of input vectors (T × ${m}), got ${describeValue(u)}`)
      if (!Array.isArray(z)) throw new ResultProblem(`${at}.z`, `expected a list of targets (T × ${nOut}, null where a step has no target), got ${describeValue(z)}`)
      if (u.length === 0) throw new ResultProblem(`${at}.u`, 'a sequence needs at least one step')
      if (u.length > LIMITS.steps) throw new ResultProblem(`${at}.u`, `${u.length} steps exceed the limit of ${LIMITS.steps}`)
      if (z.length !== u.length) throw new ResultProblem(at, `u has ${u.length} steps but z has ${z.length}; give null for a step without a target`)
      steps += u.length
      return { u, z }
    })
  })
  if (ignoredInSequences.size > 0) notes.push(`Ignored ${keyList([...ignoredInSequences])} in sequences: a sequence has only u and z.`)
  const values = steps * (m + nOut)
  if (values > LIMITS.dataValues) throw new ResultProblem('', `the data set has ${values} values (steps × (m + ℓ)); the limit is ${LIMITS.dataValues}`)

  let inputs = 0
  let nonBinary = 0
  let firstNonBinary = ''
  let targets = 0
  const row = (x: unknown, width: number, at: string, what: string): number[] => {
    if (!Array.isArray(x)) throw new ResultProblem(at, `expected ${what} of ${width} numbers, got ${describeValue(x)}`)
    if (x.length !== width) throw new ResultProblem(at, `expected ${what} of ${width} numbers, got ${x.length}`)
    for (let i = 0; i < width; i++) {
      const v: unknown = x[i]
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ResultProblem(`${at}[${i}]`, `expected a finite number, got ${describeValue(v)}`)
    }
    return x as number[]
  }
  const checked = sequences.map((list, li) =>
    list.map(({ u, z }, p): Sequence => {
      const at = `${lists[li].key}[${p}]`
      const uRows = u.map((x, t) => {
        const r = row(x, m, `${at}.u[${t}]`, `an input vector (m = ${m})`)
        for (let i = 0; i < m; i++) {
          inputs++
          if (r[i] !== 0 && r[i] !== 1 && nonBinary++ === 0) firstNonBinary = `${at}.u[${t}][${i}] = ${r[i]}`
        }
        return r
      })
      const zRows = z.map((x, t) => {
        if (x === null) return null
        if (x === MARKED_UNDEFINED) throw new ResultProblem(`${at}.z[${t}]`, `expected a target of ${nOut} numbers, or null for no target at this step, got undefined`)
        if (lists[li].key === 'train') targets++
        return row(x, nOut, `${at}.z[${t}]`, `a target (ℓ = ${nOut})`)
      })
      return { u: uRows, z: zRows }
    }),
  )
  if (nonBinary > 0) {
    notes.push(`${nonBinary} of ${inputs} input values are outside {0, 1} (the first: ${firstNonBinary}). The lecture's model assumes binary inputs; training works all the same.`)
  }
  if (targets === 0) notes.push('No step of the training sequences has a target (every z is null): training will not change the weights.')

  // the core's own check, as the trainer will do it: what passes here trains
  checked.forEach((list, li) => {
    try {
      packDataset({ inputSize: m, outputSize: nOut, sequences: list }, m, nOut, { path: '', sequencesKey: lists[li].key })
    } catch (e) {
      if (e instanceof DataError) throw new ResultProblem(e.path.replace(/^\./, ''), e.problem)
      throw e
    }
  })
  const data: InlineData = { kind: 'inline', inputSize: m, outputSize: nOut, train: checked[0] }
  if (checked.length > 1) data.validation = checked[1]
  return { data, notes }
}

// ---------------------------------------------------------------------------------------------------------
// What scripts are written against

/**
 * TypeScript declarations of everything a script sees besides the standard ES2023 library: the helpers `h`,
 * the shapes it returns, and `console`. The editor loads them (with lib es2023 and no DOM, so `fetch`,
 * `window` or `require` are marked as errors); a test type-checks scripts against them.
 */
export const SCRIPT_API_DTS = `/**
 * RNN Workbench data scripts.
 *
 * A script is a module whose default export builds the data set from the helpers \`h\`:
 *
 *     export default function (h: ScriptHelpers): DataSet {
 *       const train = h.range(32).map(() => {
 *         const bits = h.range(10).map(() => h.rng.bit())
 *         return { u: bits.map((b) => [b]), z: bits.map((_, t) => (t === 0 ? null : [bits[t - 1]])) }
 *       })
 *       return { inputSize: 1, outputSize: 1, train }
 *     }
 *
 * It runs in a sandbox: no files, network, timers, modules, or anything of the app; only \`h\`, \`console\`
 * and the standard built-ins. Math.random is seeded like h.rng, and the clock of Date stands still at
 * 1970-01-01T00:00:00Z, so the same seed always gives the same data.
 */

/** A number vector: a plain array or a typed array of numbers. */
type Vector = readonly number[] | Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray

/** One sequence: T steps. */
interface DataSequence {
  /** Inputs u_0 … u_{T−1}: T vectors of m numbers. */
  u: readonly Vector[]
  /** Teacher signals z_0 … z_{T−1}: T vectors of ℓ numbers, or null where a step has no target. */
  z: readonly (Vector | null)[]
}

/** What the default export returns (or resolves to). */
interface DataSet {
  /** Input size m: the length of every u_t. */
  inputSize: number
  /** Output size ℓ: the length of every z_t. */
  outputSize: number
  /** The sequences trained on (at least one). */
  train: readonly DataSequence[]
  /** Sequences only evaluated, never trained on. */
  validation?: readonly DataSequence[]
}

/** The seeded random generator (the app's own sfc32: the same numbers on every machine). */
interface ScriptRng {
  /** Uniform in [0, 1). */
  next(): number
  /** A uniform whole number in [0, n). */
  int(n: number): number
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number
  /** Normally distributed (Box–Muller), mean 0 and standard deviation 1 unless given. */
  normal(mean?: number, sd?: number): number
  /** 1 with probability p (default 0.5), else 0. */
  bit(p?: number): 0 | 1
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** Shuffles the array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[]
}

/** The helpers a script receives. */
interface ScriptHelpers {
  /** The seed of this run. */
  readonly seed: number
  /** Seeded random numbers. Math.random draws from a second generator of the same seed. */
  readonly rng: ScriptRng
  /** n numbers, all 0 except a 1 at index i: oneHot(2, 4) is [0, 0, 1, 0]. */
  oneHot(i: number, n: number): number[]
  /**
   * The sliding windows of \`width\` consecutive items, one per item they end at:
   * windows([1, 2, 3, 4], 2) is [[1, 2], [2, 3], [3, 4]] (only full windows);
   * with a pad, every item gets one: windows([1, 2, 3], 2, 0) is [[0, 1], [1, 2], [2, 3]].
   */
  windows<T>(items: readonly T[], width: number, pad?: T): T[][]
  /** range(n) is [0, 1, …, n−1]; range(start, end, step = 1) counts from start up to (not including) end. */
  range(n: number): number[]
  range(start: number, end: number, step?: number): number[]
  /** Pairs of elements at equal index, as long as the shorter array: zip([1, 2], ['a', 'b']) is [[1, 'a'], [2, 'b']]. */
  zip<A, B>(a: readonly A[], b: readonly B[]): [A, B][]
}

/** Output lands in the run's notes (the first ${SCRIPT_LIMITS.maxConsoleLines} lines). */
declare var console: {
  log(...values: unknown[]): void
  info(...values: unknown[]): void
  warn(...values: unknown[]): void
  error(...values: unknown[]): void
  debug(...values: unknown[]): void
}
`
