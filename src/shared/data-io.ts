/**
 * Import and export of data sets: CSV (one row per step) and JSON (a project's `data` without `kind`).
 * docs/data-formats.md documents both formats; this file is their only implementation.
 *
 * Reading is all or nothing, like project files: `parseCsvDataset` / `parseJsonDataset` either return complete,
 * checked data (the core's packDataset has accepted it) with notes worth showing, or throw DataImportError
 * listing every problem found, up to MAX_IMPORT_PROBLEMS: CSV problems carry the 1-based line of the file and
 * the column's name, JSON problems the JSON path of the value.
 *
 * Writing: `datasetToCsv` and `datasetToJson` are exact inverses for finite doubles (shortest round-trip
 * decimal, `-0` kept).
 *
 * Zod-free, Node-free and DOM-free, so the renderer, the CLI and the trainer can all use it.
 * Not here: reading or writing files (callers pass text), and the UI.
 */
import { jsonBudgetProblem } from './json-limits.js'
import { DataError, packDataset, type Sequence } from '../core/index.js'
import { safeMessage } from './messages.js'
import { LIMITS, PROJECT_FORMAT } from './project-constants.js'
import type { InlineData } from './project-file.js'

/** One problem of an imported text. */
export interface DataImportProblem {
  /** 1-based line of the file. CSV: always set (the line where the row starts). JSON: only for syntax errors. */
  line?: number
  /** CSV: the name of the column (its header cell) the problem is in, when it is in one column. */
  column?: string
  /** JSON: path of the offending value, e.g. `train[2].u[5][0]`; '' for the whole text. */
  path?: string
  message: string
}

/** At most this many problems are reported; reading stops at the next one (and `truncated` is set). */
export const MAX_IMPORT_PROBLEMS = 50

/** Every problem found. Paths, column names and messages quote the file: each is made one line fit to show
 *  (controls escaped, cut to length; messages.ts), as the problems reach the window as they are. */
export class DataImportError extends Error {
  readonly problems: DataImportProblem[]
  constructor(
    problems: DataImportProblem[],
    /** True when reading stopped after MAX_IMPORT_PROBLEMS problems: there are more. */
    readonly truncated = false,
  ) {
    problems = problems.map(({ path, column, message, ...rest }) => ({
      ...rest,
      ...(path !== undefined ? { path: safeMessage(path, { oneLine: true }) } : {}),
      ...(column !== undefined ? { column: safeMessage(column, { oneLine: true }) } : {}),
      message: safeMessage(message, { oneLine: true }),
    }))
    const lines = problems.slice(0, 5).map(formatProblem)
    if (problems.length > 5) lines.push(`(and ${problems.length - 5} more)`)
    if (truncated) lines.push(`(reading stopped after ${problems.length} problems)`)
    super(lines.join('\n'))
    this.problems = problems
    this.name = 'DataImportError'
  }
}

/** A problem as one line of text: `line 7, column u2: expected a number, got "abc"`. */
export function formatProblem(p: DataImportProblem): string {
  const where: string[] = []
  if (p.path) where.push(p.path)
  if (p.line !== undefined) where.push(`line ${p.line}`)
  if (p.column !== undefined) where.push(`column ${p.column}`)
  return where.length > 0 ? `${where.join(', ')}: ${p.message}` : p.message
}

/** Imported data: checked, ready to be a project's data, and notes worth showing (allowed but unusual). */
export interface DataImport {
  data: InlineData
  notes: string[]
}

/** Size limits an import is held to (defaults: the project file's LIMITS). */
export interface DataLimits {
  /** Sequences per set (training, validation). */
  sequences: number
  /** Steps per sequence. */
  steps: number
  /** Numbers in all: Σ steps × (m + ℓ), both sets. */
  dataValues: number
  /** m and ℓ. */
  units: number
}

const DEFAULT_LIMITS: DataLimits = { sequences: LIMITS.sequences, steps: LIMITS.steps, dataValues: LIMITS.dataValues, units: LIMITS.units }

type SetName = 'train' | 'validation'
const SET_LABEL: Record<SetName, string> = { train: 'training', validation: 'validation' }

// ───────────────────────────── problems ─────────────────────────────

/** Thrown inside a reader to stop at once (cap reached, or a problem after which reading makes no sense). */
class Stop {}

class Problems {
  readonly list: DataImportProblem[] = []
  truncated = false

  /** Records a problem; stops reading when it is one too many. */
  add(p: DataImportProblem): void {
    if (this.list.length >= MAX_IMPORT_PROBLEMS) {
      this.truncated = true
      throw new Stop()
    }
    this.list.push(p)
  }

  /** Records a problem and stops reading (a size limit, or a header rows cannot be read against). */
  fatal(p: DataImportProblem): never {
    this.add(p)
    throw new Stop()
  }

  /** Stops when there are problems. */
  check(): void {
    if (this.list.length > 0) throw new Stop()
  }
}

/** Runs a reader; turns its collected problems into DataImportError. */
function collecting<T>(read: (problems: Problems) => T): T {
  const problems = new Problems()
  try {
    const result = read(problems)
    problems.check()
    return result
  } catch (e) {
    if (e instanceof Stop) throw new DataImportError(problems.list, problems.truncated)
    throw e
  }
}

// ───────────────────────────── numbers ─────────────────────────────

/** A decimal number as people and programs write it: 1, -0.5, .5, 5., 1e-7, +2.5E+3. No hex, no separators. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i

/** The shortest text that reads back as exactly x (String(x), but keeping the sign of −0). */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x)
}

const describe = (x: unknown): string => {
  if (typeof x === 'number') return String(x)
  if (x === undefined) return 'nothing'
  const text = JSON.stringify(x)
  return text.length > 40 ? `${text.slice(0, 37)}…` : text
}

// ───────────────────────────── CSV reading ─────────────────────────────

const COMMA = 44
const QUOTE = 34
const CR = 13
const LF = 10

function countLineBreaks(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++
  }
  return count
}

/**
 * Splits CSV text (RFC 4180: comma-separated, fields optionally in double quotes, `""` a quote inside them,
 * line breaks CRLF, LF or CR, inside quotes part of the field) into records. Calls `onRecord` with the fields
 * and the line where the record starts; empty lines are skipped; a leading byte-order mark is ignored.
 * `columnName(i)` names field i in problems. Stops early when `onRecord` returns false.
 */
function readCsvRecords(
  text: string,
  problems: Problems,
  columnName: (index: number) => string | undefined,
  onRecord: (fields: string[], line: number) => boolean | void,
): void {
  const n = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  while (i < n) {
    const recordLine = line
    const fields: string[] = []
    let quoted = false
    for (;;) {
      let value: string
      if (text.charCodeAt(i) === QUOTE) {
        quoted = true
        const openLine = line
        value = ''
        i++
        for (;;) {
          const q = text.indexOf('"', i)
          if (q < 0) {
            const name = columnName(fields.length)
            problems.fatal({
              line: openLine,
              ...(name !== undefined ? { column: name } : {}),
              message: 'unterminated quote: a quoted field starts here and is never closed (a quote inside a quoted field is written "")',
            })
          }
          const chunk = text.slice(i, q)
          line += countLineBreaks(chunk)
          value += chunk
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"'
            i = q + 2
          } else {
            i = q + 1
            break
          }
        }
        const c = text.charCodeAt(i)
        if (i < n && c !== COMMA && c !== CR && c !== LF) {
          let j = i
          while (j < n && ![COMMA, CR, LF].includes(text.charCodeAt(j))) j++
          const name = columnName(fields.length)
          problems.add({
            line,
            ...(name !== undefined ? { column: name } : {}),
            message: `text after a closing quote: ${describe(text.slice(i, j))} (a quote inside a quoted field is written "")`,
          })
          value += text.slice(i, j)
          i = j
        }
      } else {
        let j = i
        while (j < n) {
          const c = text.charCodeAt(j)
          if (c === COMMA || c === CR || c === LF) break
          j++
        }
        value = text.slice(i, j)
        i = j
      }
      fields.push(value)
      if (i >= n) break
      const c = text.charCodeAt(i)
      if (c === COMMA) {
        i++
        continue
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1
      line++
      break
    }
    const blank = fields.length === 1 && fields[0].trim() === '' && !quoted
    if (!blank && onRecord(fields, recordLine) === false) return
  }
}

/**
 * The column names of a CSV text's header row (trimmed), for letting a user choose input and target columns.
 * Throws DataImportError for an empty text or an unterminated quote in the header.
 */
export function readCsvHeader(text: string): string[] {
  return collecting((problems) => {
    let header: string[] | undefined
    readCsvRecords(text, problems, () => undefined, (fields) => {
      header = fields.map((f) => f.trim())
      return false
    })
    if (!header) problems.fatal({ line: 1, message: 'the file is empty: expected a header row and one row per step' })
    return header!
  })
}

export interface CsvImportOptions {
  /** Name of the sequence-id column. Default 'sequence'. */
  sequenceColumn?: string
  /** Name of the optional set column (values `train`, `validation`; empty = train). Default 'set'; `''`: no set
   *  column (every sequence trains). */
  setColumn?: string
  /** Input columns, in the order of u's components. Default: the columns named u1..um. */
  inputs?: string[]
  /** Target columns, in the order of z's components. Default: the columns named z1..zℓ. */
  targets?: string[]
  /** Columns to skip (any other column that is not used is an error). */
  ignore?: string[]
  /** Size limits; default the project file's LIMITS. */
  limits?: Partial<DataLimits>
}

interface CsvLayout {
  width: number
  names: string[]
  sequence: number
  set: number
  inputs: number[]
  targets: number[]
}

/** Resolves the header row against the options; every problem is reported at the header's line. */
function csvLayout(names: string[], line: number, options: CsvImportOptions, limits: DataLimits, problems: Problems): CsvLayout {
  const sequenceName = options.sequenceColumn ?? 'sequence'
  const setName = options.setColumn ?? 'set'
  const index = new Map<string, number>()
  names.forEach((name, i) => {
    if (name === '') problems.add({ line, message: `column ${i + 1} of the header has no name` })
    else if (index.has(name)) problems.add({ line, column: name, message: `column "${name}" appears twice in the header (columns ${index.get(name)! + 1} and ${i + 1})` })
    else index.set(name, i)
  })
  const used = new Map<number, string>()
  const use = (name: string, role: string): number => {
    const i = index.get(name)
    if (i === undefined) return -1
    if (used.has(i)) problems.add({ line, column: name, message: `column "${name}" is chosen as ${used.get(i)} and as ${role}` })
    else used.set(i, role)
    return i
  }
  const sequence = use(sequenceName, 'the sequence id')
  if (sequence < 0) problems.add({ line, message: `missing column "${sequenceName}": every row needs the id of the sequence it belongs to` })
  const set = use(setName, 'the set')

  const chosen = (list: string[] | undefined, letter: 'u' | 'z', what: 'input' | 'target'): number[] => {
    if (list !== undefined) {
      if (list.length === 0) problems.add({ line, message: `no ${what} columns were chosen` })
      return list.map((name) => {
        const i = use(name, `${what} ${name}`)
        if (i < 0) problems.add({ line, column: name, message: `missing ${what} column "${name}"` })
        return i
      })
    }
    // the header convention: u1..um, z1..zℓ, in any order in the file
    const pattern = new RegExp(`^${letter}([1-9]\\d*)$`)
    let count = 0
    for (const name of index.keys()) {
      const match = pattern.exec(name)
      if (match) count = Math.max(count, Math.min(Number(match[1]), limits.units + 1))
    }
    if (count === 0) {
      problems.add({ line, message: `no ${what} columns: name them ${letter}1, ${letter}2, … (or choose the ${what} columns)` })
      return []
    }
    if (count > limits.units) {
      problems.add({ line, message: `more than ${limits.units} ${what} columns; the limit is ${limits.units}` })
      for (const [name, i] of index) if (pattern.test(name)) used.set(i, what)
      return []
    }
    const columns: number[] = []
    const missing: string[] = []
    for (let k = 1; k <= count; k++) {
      const i = use(`${letter}${k}`, `${what} ${k}`)
      if (i < 0) missing.push(`${letter}${k}`)
      columns.push(i)
    }
    if (missing.length > 0) {
      const list = missing.length <= 5 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')}, …, ${missing[missing.length - 1]} (${missing.length} columns)`
      problems.add({ line, column: missing[0], message: `missing column${missing.length === 1 ? '' : 's'} ${list}: ${what}s are numbered ${letter}1..${letter}${count} without gaps` })
    }
    return columns
  }
  const inputs = chosen(options.inputs, 'u', 'input')
  const targets = chosen(options.targets, 'z', 'target')
  if (options.inputs && inputs.length > limits.units) problems.add({ line, message: `${inputs.length} input columns; the limit is ${limits.units}` })
  if (options.targets && targets.length > limits.units) problems.add({ line, message: `${targets.length} target columns; the limit is ${limits.units}` })

  const ignore = new Set(options.ignore ?? [])
  const convention = options.inputs === undefined && options.targets === undefined
  names.forEach((name, i) => {
    if (name === '' || used.has(i) || ignore.has(name) || index.get(name) !== i) return
    const hint = /^[uz]0\d*$/.test(name)
      ? `: inputs and targets are numbered from 1 (u1, z1)`
      : convention
        ? `: the columns are "${sequenceName}", "${setName}" (optional), u1, u2, … and z1, z2, …`
        : ''
    problems.add({ line, column: name, message: `unknown column "${name}"${hint}` })
  })
  return { width: names.length, names, sequence, set, inputs, targets }
}

interface CsvSequence {
  id: string
  set: SetName
  u: number[][]
  z: (number[] | null)[]
  /** Line of each step's row. */
  lines: number[]
}

/**
 * Reads a data set from CSV text: a header row, then one row per step (docs/data-formats.md).
 * Throws DataImportError listing every problem (line, column, message), up to MAX_IMPORT_PROBLEMS.
 */
export function parseCsvDataset(text: string, options: CsvImportOptions = {}): DataImport {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  return collecting((problems) => {
    let layout: CsvLayout | undefined
    let headerLine = 1
    let rows = 0
    let values = 0
    const sequences = new Map<string, CsvSequence>()
    const counts: Record<SetName, number> = { train: 0, validation: 0 }
    let previous: CsvSequence | undefined
    const split: { count: number; first?: { id: string; line: number } } = { count: 0 }
    const splitSeen = new Set<string>()

    readCsvRecords(
      text,
      problems,
      (i) => layout?.names[i] ?? (layout ? `#${i + 1}` : undefined),
      (fields, line) => {
        if (!layout) {
          headerLine = line
          layout = csvLayout(fields.map((f) => f.trim()), line, options, limits, problems)
          if (fields.length === 1 && /[;\t]/.test(fields[0])) {
            problems.add({ line, message: 'the header has a single column: columns must be separated by commas' })
          }
          problems.check() // rows cannot be read against a broken header
          return
        }
        const L = layout
        rows++
        if (fields.length !== L.width) {
          problems.add({ line, message: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${L.width}` })
          return
        }
        values += L.inputs.length + L.targets.length
        if (values > limits.dataValues) {
          problems.fatal({ line, message: `too much data: more than ${limits.dataValues} values (steps × (inputs + targets)) by this row; the limit is ${limits.dataValues}` })
        }
        const before = problems.list.length
        const id = fields[L.sequence].trim()
        if (id === '') problems.add({ line, column: L.names[L.sequence], message: 'empty sequence id: every row needs the id of the sequence it belongs to' })
        let set: SetName = 'train'
        if (L.set >= 0) {
          const cell = fields[L.set].trim().toLowerCase()
          if (cell === 'validation') set = 'validation'
          else if (cell !== '' && cell !== 'train') {
            problems.add({ line, column: L.names[L.set], message: `expected "train", "validation" or empty (train), got ${describe(fields[L.set])}` })
          }
        }
        const number = (column: number): number => {
          const cell = fields[column].trim()
          if (cell === '0') return 0 // binary data: skip the regex and the conversion
          if (cell === '1') return 1
          if (DECIMAL.test(cell)) {
            const x = Number(cell)
            if (Number.isFinite(x)) return x
            problems.add({ line, column: L.names[column], message: `expected a finite number: ${cell} is too large for a double` })
          } else {
            const message = cell === '' ? 'empty cell: expected a number' : NON_FINITE.test(cell) ? `expected a finite number, got ${describe(cell)}` : `expected a number, got ${describe(fields[column])}`
            problems.add({ line, column: L.names[column], message })
          }
          return NaN
        }
        const u = L.inputs.map(number)
        let z: number[] | null = null
        let emptyTargets = 0
        for (const c of L.targets) if (fields[c].trim() === '') emptyTargets++
        if (emptyTargets === 0) z = L.targets.map(number)
        else if (emptyTargets < L.targets.length) {
          const empty = L.targets.filter((c) => fields[c].trim() === '')
          const filled = L.targets.filter((c) => fields[c].trim() !== '').map((c) => L.names[c])
          const names = empty.map((c) => L.names[c])
          problems.add({
            line,
            column: names[0],
            message: `target${names.length === 1 ? '' : 's'} ${names.join(', ')} empty but ${filled.join(', ')} not: leave every target cell empty for a step without a target, or fill them all`,
          })
        }
        if (problems.list.length > before) return

        let s = sequences.get(id)
        if (!s) {
          if (counts[set] >= limits.sequences) {
            problems.fatal({ line, column: L.names[L.sequence], message: `too many ${SET_LABEL[set]} sequences: more than ${limits.sequences}; the limit is ${limits.sequences}` })
          }
          counts[set]++
          s = { id, set, u: [], z: [], lines: [] }
          sequences.set(id, s)
        } else {
          if (s.set !== set) {
            problems.add({
              line,
              ...(L.set >= 0 ? { column: L.names[L.set] } : {}),
              message: `sequence ${describe(id)} is in the ${SET_LABEL[s.set]} set (line ${s.lines[0]}) but this row puts it in the ${SET_LABEL[set]} set`,
            })
            return
          }
          if (s !== previous && !splitSeen.has(id)) {
            splitSeen.add(id)
            split.count++
            split.first ??= { id, line }
          }
          if (s.u.length >= limits.steps) {
            problems.fatal({ line, column: L.names[L.sequence], message: `sequence ${describe(id)} is too long: more than ${limits.steps} steps; the limit is ${limits.steps}` })
          }
        }
        s.u.push(u)
        s.z.push(z)
        s.lines.push(line)
        previous = s
      },
    )

    if (!layout) problems.fatal({ line: 1, message: 'the file is empty: expected a header row and one row per step' })
    const L = layout!
    if (rows === 0) problems.fatal({ line: headerLine, message: 'no data: expected one row per step after the header' })
    problems.check()
    const all = [...sequences.values()]
    const train = all.filter((s) => s.set === 'train')
    const validation = all.filter((s) => s.set === 'validation')
    if (train.length === 0) problems.fatal({ line: headerLine, message: 'no training sequences: every row is in the validation set' })

    const data: InlineData = {
      kind: 'inline',
      inputSize: L.inputs.length,
      outputSize: L.targets.length,
      train: train.map(({ u, z }) => ({ u, z })),
      ...(validation.length > 0 ? { validation: validation.map(({ u, z }) => ({ u, z })) } : {}),
    }
    const bySet: Record<SetName, CsvSequence[]> = { train, validation }
    checkPacked(data, (error) => {
      // packDataset agrees with the checks above; should it not, name the row it complains about
      const match = /^data\.(train|validation)\[(\d+)\](?:\.[uz]\[(\d+)\])?/.exec(error.path)
      const s = match ? bySet[match[1] as SetName][Number(match[2])] : undefined
      problems.add({ line: s ? s.lines[Number(match![3] ?? 0)] : headerLine, message: error.problem })
    })
    problems.check()

    const notes = dataNotes(data, {
      sequence: (set, p) => `sequence ${describe(bySet[set][p].id)} (line ${bySet[set][p].lines[0]})`,
      input: (set, p, t, i) => `line ${bySet[set][p].lines[t]}, column ${L.names[L.inputs[i]]}`,
    })
    if (split.count > 0) {
      const first = split.first!
      notes.push(
        `${split.count === 1 ? 'One sequence has' : `${split.count} sequences have`} rows that are not consecutive (the first: ${describe(first.id)} continues at line ${first.line}); each sequence's rows were joined in file order.`,
      )
    }
    return { data, notes }
  })
}

// ───────────────────────────── JSON reading ─────────────────────────────

const at = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key)
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** The line of a JSON.parse error, from the position V8 reports. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const match = /position (\d+)/.exec(message)
  if (!match) return undefined
  return countLineBreaks(text.slice(0, Number(match[1]))) + 1
}

export interface JsonImportOptions {
  /** Size limits; default the project file's LIMITS. */
  limits?: Partial<DataLimits>
}

/**
 * Reads a data set from JSON text: `{ inputSize, outputSize, train: [{ u, z }], validation? }`, what a
 * project's `data` holds (`"kind": "inline"` may be present). A whole project file is accepted too: its data
 * is read. Throws DataImportError listing every problem with its JSON path, up to MAX_IMPORT_PROBLEMS.
 */
export function parseJsonDataset(text: string, options: JsonImportOptions = {}): DataImport {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  return collecting((problems) => {
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    const tooLarge = jsonBudgetProblem(source)
    if (tooLarge !== null) problems.fatal({ path: '', message: `too large to read: ${tooLarge}` })
    let json: unknown
    try {
      json = JSON.parse(source)
    } catch (e) {
      const message = (e as Error).message
      const line = jsonErrorLine(source, message)
      problems.fatal({ path: '', ...(line !== undefined ? { line } : {}), message: `not valid JSON (${message})` })
    }
    const notes: string[] = []
    let root = json
    let base = ''
    if (isObject(json) && json.format === PROJECT_FORMAT) {
      root = json.data
      base = 'data'
      if (isObject(root) && root.kind === 'script') {
        problems.fatal({ path: 'data', message: 'this project makes its data with a script: open the project and export its data instead' })
      }
      notes.push('This is a project file: its data was read.')
    }
    if (!isObject(root)) problems.fatal({ path: base, message: 'expected an object { inputSize, outputSize, train, validation? }' })
    const obj = root as Record<string, unknown>
    for (const key of Object.keys(obj)) {
      if (!['inputSize', 'outputSize', 'train', 'validation', 'kind'].includes(key)) {
        problems.add({ path: at(base, key), message: `unknown key "${key}" (expected inputSize, outputSize, train and validation)` })
      }
    }
    if ('kind' in obj && obj.kind !== 'inline') problems.add({ path: at(base, 'kind'), message: `expected "inline", got ${describe(obj.kind)}` })
    const size = (key: 'inputSize' | 'outputSize'): number | undefined => {
      const x = obj[key]
      if (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= limits.units) return x
      problems.add({ path: at(base, key), message: x === undefined ? `missing: expected a whole number 1..${limits.units}` : `expected a whole number 1..${limits.units}, got ${describe(x)}` })
      return undefined
    }
    const m = size('inputSize')
    const nOut = size('outputSize')

    const list = (set: SetName): unknown[] => {
      const x = obj[set]
      const path = at(base, set)
      if (x === undefined && set === 'validation') return []
      if (!Array.isArray(x)) {
        problems.add({ path, message: x === undefined ? 'missing: expected a list of sequences { u, z }' : `expected a list of sequences { u, z }, got ${describe(x)}` })
        return []
      }
      if (set === 'train' && x.length === 0) problems.add({ path, message: 'expected at least one sequence' })
      if (x.length > limits.sequences) problems.fatal({ path, message: `too many ${SET_LABEL[set]} sequences: ${x.length}; the limit is ${limits.sequences}` })
      return x
    }
    const lists: Record<SetName, unknown[]> = { train: list('train'), validation: list('validation') }

    // sizes before contents, so that absurd data is refused before it is walked
    let values = 0
    for (const set of ['train', 'validation'] as const) {
      for (const s of lists[set]) if (isObject(s) && Array.isArray(s.u)) values += s.u.length * ((m ?? 0) + (nOut ?? 0))
    }
    if (values > limits.dataValues) problems.fatal({ path: base, message: `too much data: ${values} values (steps × (inputSize + outputSize)); the limit is ${limits.dataValues}` })

    const vector = (x: unknown, width: number | undefined, path: string, what: string) => {
      if (!Array.isArray(x)) {
        problems.add({ path, message: `expected a list of ${width === undefined ? '' : `${width} `}${what}, got ${describe(x)}` })
        return
      }
      if (width !== undefined && x.length !== width) problems.add({ path, message: `expected ${width} ${width === 1 ? what.replace(/s\b/, '') : what}, got ${x.length}` })
      x.forEach((v, i) => {
        if (typeof v !== 'number') problems.add({ path: at(path, i), message: `expected a number, got ${describe(v)}` })
        else if (!Number.isFinite(v)) problems.add({ path: at(path, i), message: `expected a finite number: the number is too large for a double` })
      })
    }
    for (const set of ['train', 'validation'] as const) {
      lists[set].forEach((s, p) => {
        const path = at(at(base, set), p)
        if (!isObject(s)) {
          problems.add({ path, message: `expected a sequence { u, z }, got ${describe(s)}` })
          return
        }
        for (const key of Object.keys(s)) if (key !== 'u' && key !== 'z') problems.add({ path: at(path, key), message: `unknown key "${key}" (a sequence has u and z)` })
        const { u, z } = s
        if (!Array.isArray(u)) problems.add({ path: at(path, 'u'), message: u === undefined ? 'missing: expected the inputs, a list of steps' : `expected a list of steps, got ${describe(u)}` })
        if (!Array.isArray(z)) problems.add({ path: at(path, 'z'), message: z === undefined ? 'missing: expected the targets, a list of steps (null = no target)' : `expected a list of steps, got ${describe(z)}` })
        if (!Array.isArray(u) || !Array.isArray(z)) return
        if (u.length === 0) problems.add({ path: at(path, 'u'), message: 'a sequence needs at least one step' })
        if (u.length > limits.steps) problems.fatal({ path: at(path, 'u'), message: `too long: ${u.length} steps; the limit is ${limits.steps}` })
        if (z.length !== u.length) problems.add({ path: at(path, 'z'), message: `u has ${u.length} steps but z has ${z.length}` })
        u.forEach((x, t) => vector(x, m, at(at(path, 'u'), t), 'inputs'))
        z.forEach((x, t) => {
          if (x !== null) vector(x, nOut, at(at(path, 'z'), t), 'targets (or null for no target)')
        })
      })
    }
    problems.check()

    const data: InlineData = {
      kind: 'inline',
      inputSize: m!,
      outputSize: nOut!,
      train: lists.train as Sequence[],
      ...(lists.validation.length > 0 ? { validation: lists.validation as Sequence[] } : {}),
    }
    checkPacked(data, (error) => problems.add({ path: base ? error.path : error.path.replace(/^data\./, ''), message: error.problem }))
    problems.check()
    notes.push(
      ...dataNotes(data, {
        sequence: (set, p) => at(at(base, set), p),
        input: (set, p, t, i) => at(at(at(at(at(base, set), p), 'u'), t), i),
      }),
    )
    return { data, notes }
  })
}

// ───────────────────────────── checks and notes shared by both readers ─────────────────────────────

/** The core's own check of both sets (sizes, lengths, finite numbers, at least one training sequence). */
function checkPacked(data: InlineData, report: (error: DataError) => void): void {
  const { inputSize, outputSize } = data
  try {
    packDataset({ inputSize, outputSize, sequences: data.train as Sequence[] }, inputSize, outputSize, { path: 'data', sequencesKey: 'train' })
    if (data.validation && data.validation.length > 0) {
      packDataset({ inputSize, outputSize, sequences: data.validation as Sequence[] }, inputSize, outputSize, { path: 'data', sequencesKey: 'validation' })
    }
  } catch (e) {
    if (e instanceof DataError) report(e)
    else throw e
  }
}

interface Locator {
  sequence(set: SetName, p: number): string
  input(set: SetName, p: number, t: number, i: number): string
}

/** Allowed but worth saying: inputs outside {0, 1} (the lecture assumes binary inputs); sequences without targets. */
function dataNotes(data: InlineData, where: Locator): string[] {
  let inputs = 0
  let nonBinary = 0
  let firstNonBinary: string | undefined
  let noTarget = 0
  let firstNoTarget: string | undefined
  for (const set of ['train', 'validation'] as const) {
    ;(data[set] ?? []).forEach((s, p) => {
      s.u.forEach((u, t) => {
        inputs += u.length
        u.forEach((x, i) => {
          if (x !== 0 && x !== 1) {
            nonBinary++
            firstNonBinary ??= `${where.input(set, p, t, i)}: ${formatNumber(x)}`
          }
        })
      })
      if (s.z.every((z) => z === null)) {
        noTarget++
        firstNoTarget ??= where.sequence(set, p)
      }
    })
  }
  const notes: string[] = []
  if (nonBinary > 0) {
    notes.push(
      `${nonBinary} of ${inputs} input values are not 0 or 1 (the first at ${firstNonBinary}). The lecture assumes binary inputs; other finite numbers are allowed.`,
    )
  }
  if (noTarget > 0) {
    notes.push(
      `${noTarget === 1 ? 'One sequence has' : `${noTarget} sequences have`} no target at any step (the first: ${firstNoTarget}); ${noTarget === 1 ? 'it adds' : 'they add'} nothing to the error E.`,
    )
  }
  return notes
}

// ───────────────────────────── writing ─────────────────────────────

/** What the writers need of a data set: a project's data, with or without `kind`. */
export type DataSets = Pick<InlineData, 'inputSize' | 'outputSize' | 'train' | 'validation'>

export interface CsvExportOptions {
  /** Line break. Default '\n' ('\r\n' for RFC 4180 to the letter). */
  newline?: '\n' | '\r\n'
}

function checkedNumber(x: number, path: string): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError(`${path}: expected a finite number, got ${describe(x)}`)
  return formatNumber(x)
}

/**
 * The data set as CSV: header `sequence[,set],u1..um,z1..zℓ`, one row per step, sequences numbered 1, 2, …
 * (training first, then validation), the set column only when there are validation sequences, empty target
 * cells for steps without a target. `parseCsvDataset` reads it back exactly.
 */
export function datasetToCsv(data: DataSets, options: CsvExportOptions = {}): string {
  const newline = options.newline ?? '\n'
  const m = data.inputSize
  const nOut = data.outputSize
  const withSet = (data.validation?.length ?? 0) > 0
  const header = ['sequence', ...(withSet ? ['set'] : []), ...Array.from({ length: m }, (_, i) => `u${i + 1}`), ...Array.from({ length: nOut }, (_, i) => `z${i + 1}`)]
  const lines = [header.join(',')]
  const noTarget = ','.repeat(nOut)
  let id = 0
  for (const set of ['train', 'validation'] as const) {
    ;(data[set] ?? []).forEach((s, p) => {
      id++
      const lead = withSet ? `${id},${set}` : `${id}`
      const path = `${set}[${p}]`
      if (s.u.length === 0) throw new RangeError(`${path}.u: a sequence needs at least one step`)
      if (s.z.length !== s.u.length) throw new RangeError(`${path}: u has ${s.u.length} steps but z has ${s.z.length}`)
      s.u.forEach((u, t) => {
        if (u.length !== m) throw new RangeError(`${path}.u[${t}]: expected ${m} inputs, got ${u.length}`)
        const z = s.z[t]
        if (z !== null && z.length !== nOut) throw new RangeError(`${path}.z[${t}]: expected ${nOut} targets, got ${z.length}`)
        const us = u.map((x, i) => checkedNumber(x, `${path}.u[${t}][${i}]`)).join(',')
        const zs = z === null ? noTarget : ',' + z.map((x, i) => checkedNumber(x, `${path}.z[${t}][${i}]`)).join(',')
        lines.push(`${lead},${us}${zs}`)
      })
    })
  }
  return lines.join(newline) + newline
}

/**
 * The data set as JSON, one sequence per line: `{ inputSize, outputSize, train, validation? }`.
 * `parseJsonDataset` reads it back exactly (−0 included).
 */
export function datasetToJson(data: DataSets): string {
  const vector = (v: number[] | null, path: string): string => (v === null ? 'null' : `[${v.map((x, i) => checkedNumber(x, `${path}[${i}]`)).join(', ')}]`)
  const sequences = (list: Sequence[], set: SetName): string =>
    list.length === 0
      ? '[]'
      : `[\n${list
          .map((s, p) => `    { "u": [${s.u.map((u, t) => vector(u, `${set}[${p}].u[${t}]`)).join(', ')}], "z": [${s.z.map((z, t) => vector(z, `${set}[${p}].z[${t}]`)).join(', ')}] }`)
          .join(',\n')}\n  ]`
  const parts = [`  "inputSize": ${data.inputSize}`, `  "outputSize": ${data.outputSize}`, `  "train": ${sequences(data.train as Sequence[], 'train')}`]
  if (data.validation && data.validation.length > 0) parts.push(`  "validation": ${sequences(data.validation as Sequence[], 'validation')}`)
  return `{\n${parts.join(',\n')}\n}\n`
}
