// The fuzz properties of every loader of user files, shared by the seeded run in `npm test`
// (test/fuzz/loaders.test.ts) and the open-ended `npm run fuzz` (scripts/fuzz.ts).
//
// Each property feeds one hostile input (inputs.ts) to a loader, the pure one and the Node service that reads
// the file, and checks:
//   - it is accepted, or refused with the loader's DOCUMENTED error (anything else, a TypeError or RangeError,
//     is a failure): project files ProjectFileError; data files DataImportError (readDataFile returns it as
//     problems); weights files WeightsImportError; a script's result a ScriptError of kind 'result' (the
//     sandbox's run: any ScriptError, and the promise never rejects);
//   - the error's message is fit to show: no control characters other than line breaks;
//   - Object.prototype and Array.prototype are unchanged afterwards (no prototype pollution);
//   - an accepted input round-trips: load → save → load gives the same thing, and saving again the same text.
// Time per input is measured by the fuzz runner only (scripts/fuzz.ts), never in `npm test`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { unzipSync } from 'fflate'
import { importWeights, exportWeights, WeightsImportError } from '../../src/node/export/index.js'
import { runScript } from '../../src/node/scripts/sandbox.js'
import { readDataFile } from '../../src/node/services/data-files.js'
import { ProjectService } from '../../src/node/services/projects.js'
import { readWeightsFile } from '../../src/node/services/weight-files.js'
import { DataImportError, datasetToCsv, datasetToJson, parseCsvDataset, parseJsonDataset, readCsvHeader, type CsvImportOptions } from '../../src/shared/data-io.js'
import { checkProject, parseProject, ProjectFileError, serializeProject, type InlineData, type Project, type ProjectWeights } from '../../src/shared/project-file.js'
import { checkScriptResult, type ScriptErrorKind } from '../../src/shared/script-api.js'
import {
  applyByteOps,
  applyTextOps,
  applyTreeOps,
  byteOps,
  emit,
  fromJson,
  inlineData,
  network,
  rezip,
  text,
  textOps,
  trainedProject,
  treeOps,
  utf8,
  validProject,
  zipEdits,
  type ZipEdit,
} from './inputs.js'

/** A broken rule: the message says which, for the failure file. */
export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PropertyViolation'
  }
}

export interface FuzzProperty<T = unknown> {
  name: string
  arbitrary: fc.Arbitrary<T>
  /** Checks one input; throws PropertyViolation when a rule is broken. */
  check(input: T): Promise<void>
  /** The input as the loader received it, for the failure folder: bytes and a file extension. */
  file(input: T): { bytes: Uint8Array; ext: string }
  /** Relative cost: the seeded run gives each property `runs × weight` cases (the sandbox starts an interpreter per case). */
  weight: number
}

/** Raw nesting depth of hostile values: deep enough to overflow the stack of a recursive parser (issue 16,
 *  class 2; the loaders' JSON scan refuses more than INPUT_LIMITS.jsonDepth levels before parsing). */
const NESTING_DEPTH = 20_000

// ───────────────────────────── the rules ─────────────────────────────

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

function expectDocumented(e: unknown, documented: readonly (abstract new (...args: never[]) => Error)[], loader: string): void {
  if (e instanceof PropertyViolation) throw e
  if (!documented.some((cls) => e instanceof cls)) {
    const what = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0].slice(0, 300)}` : String(e)
    throw new PropertyViolation(`${loader} threw an undocumented error (documented: ${documented.map((c) => c.name).join(', ')}): ${what}`)
  }
  expectShowable((e as Error).message, loader)
}

function expectShowable(message: string, loader: string): void {
  const bad = CONTROL.exec(message)
  if (bad) throw new PropertyViolation(`${loader}: the error message holds the control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(message.slice(0, 200))}`)
}

const PROTOTYPES = { 'Object.prototype': Object.prototype, 'Array.prototype': Array.prototype } as const
type Snapshot = Map<string, Map<PropertyKey, unknown>>

function snapshot(): Snapshot {
  return new Map(
    Object.entries(PROTOTYPES).map(([name, proto]) => [name, new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!.value]))]),
  )
}
/** Taken when this module loads, before any input. */
const PRISTINE = snapshot()

export function expectNoPollution(): void {
  for (const [name, proto] of Object.entries(PROTOTYPES)) {
    const before = PRISTINE.get(name)!
    const keys = Reflect.ownKeys(proto)
    const added = keys.filter((k) => !before.has(k))
    const changed = keys.filter((k) => before.has(k) && !Object.is(before.get(k), Object.getOwnPropertyDescriptor(proto, k)!.value))
    if (added.length > 0 || changed.length > 0 || keys.length !== before.size) {
      throw new PropertyViolation(`${name} was changed: added ${added.map(String).join(', ') || 'nothing'}, changed ${changed.map(String).join(', ') || 'nothing'}`)
    }
  }
}

/** Deep equality of loaded values: numbers by value (so 0 and −0 are the same), typed arrays bit for bit. */
export function same(a: unknown, b: unknown): boolean {
  if (a instanceof Float64Array && b instanceof Float64Array) {
    if (a.length !== b.length) return false
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    return x.every((v, i) => v === y[i])
  }
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b))
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return Object.is(a, b)
}

function expectSame(a: unknown, b: unknown, what: string): void {
  if (!same(a, b)) throw new PropertyViolation(`${what}: the second load differs from the first`)
}

/** Runs a loader; returns its value, or undefined when it refused the input with a documented error. */
async function attempt<T>(loader: string, documented: readonly (abstract new (...args: never[]) => Error)[], run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (e) {
    expectDocumented(e, documented, loader)
    return undefined
  } finally {
    expectNoPollution()
  }
}

// ───────────────────────────── a scratch folder for the file services ─────────────────────────────

let scratch: string | undefined
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'rnnwb-fuzz-'))
  return scratch
}
/** Removes the scratch folder (the test's afterAll, the runner's end). */
export function cleanUp(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
  scratch = undefined
}
function writeScratch(name: string, bytes: Uint8Array): string {
  const path = join(scratchDir(), name)
  writeFileSync(path, bytes)
  return path
}

// ───────────────────────────── projects ─────────────────────────────

/** A valid JSON text mutated as a tree, then as text, then as bytes (each may be empty). */
const mutated = (base: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> =>
  fc
    .record({ base, tree: treeOps(NESTING_DEPTH), text: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: textOps }), bytes: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: byteOps }) })
    .map(({ base, tree, text, bytes }) => {
      const json = tree.length > 0 ? emit(applyTreeOps(fromJson(JSON.parse(base)), tree)) : base
      return applyByteOps(utf8(applyTextOps(json, text)), bytes)
    })

/** Random bytes, sometimes behind a plausible start. */
const randomBytes = (prefix: string) =>
  fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 512 })).map(([withPrefix, bytes]) => {
    const head = withPrefix ? utf8(prefix) : new Uint8Array(0)
    const out = new Uint8Array(head.length + bytes.length)
    out.set(head)
    out.set(bytes, head.length)
    return out
  })

function projectProperty(): FuzzProperty<Uint8Array> {
  const service = () => new ProjectService(join(scratchDir(), 'state'))
  return {
    name: 'project',
    weight: 1,
    arbitrary: fc.oneof({ weight: 6, arbitrary: mutated(validProject.map(serializeProject)) }, { weight: 1, arbitrary: randomBytes('{"format":"rnn-workbench-project","version":1,') }),
    file: (bytes) => ({ bytes, ext: '.rnn.json' }),
    async check(bytes) {
      const loaded = await attempt('parseProject', [ProjectFileError], () => parseProject(text(bytes)))
      const opened = await attempt('ProjectService.open', [ProjectFileError], () => service().open(writeScratch('fuzz.rnn.json', bytes)))
      if ((loaded === undefined) !== (opened === undefined)) throw new PropertyViolation('parseProject and ProjectService.open disagree about the same bytes')
      if (!loaded || !opened) return
      // load → save → load, as text and through the service
      const saved = serializeProject(loaded)
      const again = await attempt('parseProject of a saved project', [], () => parseProject(saved))
      expectSame(loaded, again, 'project')
      if (serializeProject(again!) !== saved) throw new PropertyViolation('saving a loaded project twice gives different texts')
      const path = join(scratchDir(), 'saved.rnn.json')
      await attempt('ProjectService.save', [], () => service().save(path, opened))
      const reopened = await attempt('ProjectService.open of a saved project', [], () => service().open(path))
      expectSame(checkProject(opened), checkProject(reopened), 'project (service)')
    },
  }
}

// ───────────────────────────── data files ─────────────────────────────

const dataSets = network.chain((n) => inlineData(n.inputSize, n.output.units))
const dataOf = (d: InlineData) => ({ inputSize: d.inputSize, outputSize: d.outputSize, train: d.train, validation: d.validation ?? [] })

export type CsvCell = { line: number; cell: number; value: string }
const csvCell = fc.oneof(
  fc.constantFrom('NaN', 'nan', 'inf', '-Infinity', '1e999', '-1e400', '', ' ', '"', '"unterminated', '""', '0x10', ' 1 ', '1,2', '1;2', '\t', '\r', '\n', '__proto__', 'constructor', 'train', 'validation', 'test', 'u0', 'u100001', 'z1', 'u1', '\ufeffu1', '-0', '5e-324', '1.7976931348623157e308'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.double().map(String),
)

function csvProperty(): FuzzProperty<{ bytes: Uint8Array; options: CsvImportOptions }> {
  const base = dataSets.map((d) => datasetToCsv(d))
  const cells = fc.array(fc.record({ line: fc.nat(), cell: fc.nat(), value: csvCell }), { maxLength: 4 })
  const name = fc.oneof(fc.constantFrom('u1', 'u2', 'z1', 'z2', 'sequence', 'set', '__proto__', 'constructor', 'toString', '', 'missing'), fc.string({ maxLength: 6 }))
  const options: fc.Arbitrary<CsvImportOptions> = fc.record(
    { sequenceColumn: name, setColumn: name, inputs: fc.array(name, { maxLength: 3 }), targets: fc.array(name, { maxLength: 3 }), ignore: fc.array(name, { maxLength: 2 }) },
    { requiredKeys: [] },
  )
  const editCells = (csv: string, edits: CsvCell[]) => {
    const lines = csv.split('\n')
    for (const e of edits) {
      const i = e.line % lines.length
      const row = lines[i].split(',')
      row[e.cell % row.length] = e.value
      lines[i] = row.join(',')
    }
    return lines.join('\n')
  }
  return {
    name: 'data-csv',
    weight: 1,
    arbitrary: fc.record({
      bytes: fc.oneof(
        { weight: 6, arbitrary: fc.record({ csv: base, cells, text: fc.oneof(fc.constant([]), textOps), bytes: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: byteOps }) }).map((x) => applyByteOps(utf8(applyTextOps(editCells(x.csv, x.cells), x.text)), x.bytes)) },
        { weight: 1, arbitrary: randomBytes('sequence,set,u1,z1\n') },
      ),
      options: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: options }),
    }),
    file: ({ bytes }) => ({ bytes, ext: '.csv' }),
    async check({ bytes, options }) {
      const source = text(bytes)
      await attempt('readCsvHeader', [DataImportError], () => readCsvHeader(source))
      const loaded = await attempt('parseCsvDataset', [DataImportError], () => parseCsvDataset(source, options))
      const result = await attempt('readDataFile (csv)', [], () => readDataFile(writeScratch('fuzz.csv', bytes), { csv: options }))
      if (result && result.ok !== (loaded !== undefined)) throw new PropertyViolation('parseCsvDataset and readDataFile disagree about the same bytes')
      if (result && !result.ok) result.problems.forEach((p) => expectShowable(p.message, 'readDataFile (csv) problem'))
      if (!loaded) return
      const saved = datasetToCsv(loaded.data)
      const again = await attempt('parseCsvDataset of a saved data set', [], () => parseCsvDataset(saved))
      expectSame(dataOf(loaded.data), dataOf(again!.data), 'CSV data')
      if (datasetToCsv(again!.data) !== saved) throw new PropertyViolation('saving a loaded CSV data set twice gives different texts')
    },
  }
}

function jsonDataProperty(): FuzzProperty<Uint8Array> {
  const base = fc.oneof({ weight: 3, arbitrary: dataSets.map((d) => datasetToJson(d)) }, { weight: 1, arbitrary: validProject.map(serializeProject) })
  return {
    name: 'data-json',
    weight: 1,
    arbitrary: fc.oneof({ weight: 6, arbitrary: mutated(base) }, { weight: 1, arbitrary: randomBytes('{"inputSize":1,"outputSize":1,"train":[') }),
    file: (bytes) => ({ bytes, ext: '.json' }),
    async check(bytes) {
      const loaded = await attempt('parseJsonDataset', [DataImportError], () => parseJsonDataset(text(bytes)))
      const result = await attempt('readDataFile (json)', [], () => readDataFile(writeScratch('fuzz.json', bytes)))
      if (result && result.ok !== (loaded !== undefined)) throw new PropertyViolation('parseJsonDataset and readDataFile disagree about the same bytes')
      if (result && !result.ok) result.problems.forEach((p) => expectShowable(p.message, 'readDataFile (json) problem'))
      if (!loaded) return
      const saved = datasetToJson(loaded.data)
      const again = await attempt('parseJsonDataset of a saved data set', [], () => parseJsonDataset(saved))
      expectSame(dataOf(loaded.data), dataOf(again!.data), 'JSON data')
      if (datasetToJson(again!.data) !== saved) throw new PropertyViolation('saving a loaded JSON data set twice gives different texts')
    },
  }
}

// ───────────────────────────── weights files ─────────────────────────────

/** Import, export in the same format, import again: the same weights. */
async function weightsRoundTrip(project: Pick<Project, 'metadata' | 'network'>, weights: ProjectWeights, format: 'json' | 'npz'): Promise<void> {
  const [file] = (await attempt(`exportWeights (${format}) of imported weights`, [], () => exportWeights({ ...project, weights }, { format })))!.files
  const again = await attempt(`importWeights (${format}) of exported weights`, [], () => importWeights(project, file.bytes, format))
  expectSame(weights, again, `weights (${format})`)
}

/** The network the weights go into: the file's own, or (sometimes) another one. */
const target = (p: Project) => fc.oneof({ weight: 3, arbitrary: fc.constant(p.network) }, { weight: 1, arbitrary: network })

function weightsJsonProperty(): FuzzProperty<{ bytes: Uint8Array; project: Project }> {
  const base = trainedProject.chain((p) =>
    fc.record({
      text: fc.oneof({ weight: 3, arbitrary: fc.constant(new TextDecoder().decode(exportWeights(p, { format: 'json' }).files[0].bytes)) }, { weight: 1, arbitrary: fc.constant(serializeProject(p)) }),
      project: target(p).map((network) => ({ ...p, network })),
    }),
  )
  return {
    name: 'weights-json',
    weight: 1,
    arbitrary: base.chain(({ text, project }) =>
      fc.record({ bytes: fc.oneof({ weight: 6, arbitrary: mutated(fc.constant(text)) }, { weight: 1, arbitrary: randomBytes('{"format":"rnn-workbench-weights","version":1,') }), project: fc.constant(project) }),
    ),
    file: ({ bytes }) => ({ bytes, ext: '.json' }),
    async check({ bytes, project }) {
      const weights = await attempt('importWeights (json)', [WeightsImportError], () => importWeights(project, bytes))
      const read = await attempt('readWeightsFile (json)', [WeightsImportError], () => readWeightsFile(writeScratch('fuzz-weights.json', bytes), project.network))
      if ((weights === undefined) !== (read === undefined)) throw new PropertyViolation('importWeights and readWeightsFile disagree about the same bytes')
      if (weights) await weightsRoundTrip(project, weights, 'json')
    },
  }
}

function weightsNpzProperty(): FuzzProperty<{ bytes: Uint8Array; project: Project }> {
  const base = trainedProject.chain((p) =>
    fc.record({ members: fc.constant(unzipSync(exportWeights(p, { format: 'npz' }).files[0].bytes)), project: target(p).map((network) => ({ ...p, network })) }),
  )
  return {
    name: 'weights-npz',
    weight: 1,
    arbitrary: base.chain(({ members, project }) =>
      fc.record({
        bytes: fc.oneof(
          { weight: 4, arbitrary: zipEdits.map((edits: ZipEdit[]) => rezip(members, edits)) },
          { weight: 2, arbitrary: fc.tuple(zipEdits, byteOps).map(([edits, ops]) => applyByteOps(rezip(members, edits), ops)) },
          { weight: 1, arbitrary: randomBytes('PK\x03\x04') },
        ),
        project: fc.constant(project),
      }),
    ),
    file: ({ bytes }) => ({ bytes, ext: '.npz' }),
    async check({ bytes, project }) {
      const weights = await attempt('importWeights (npz)', [WeightsImportError], () => importWeights(project, bytes))
      const read = await attempt('readWeightsFile (npz)', [WeightsImportError], () => readWeightsFile(writeScratch('fuzz-weights.npz', bytes), project.network))
      if ((weights === undefined) !== (read === undefined)) throw new PropertyViolation('importWeights and readWeightsFile disagree about the same bytes')
      if (weights) await weightsRoundTrip(project, weights, 'npz')
    },
  }
}

// ───────────────────────────── a data script's result ─────────────────────────────

/** What a script returns, as JSON text: a valid data set mutated, or anything. */
const resultText = () =>
  fc
    .oneof(
      { weight: 5, arbitrary: mutated(dataSets.map((d) => JSON.stringify({ inputSize: d.inputSize, outputSize: d.outputSize, train: d.train, ...(d.validation ? { validation: d.validation } : {}) }))) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => utf8(JSON.stringify(v) ?? 'null')) },
    )
    .map(text)

/** The host's side of the handover: the JSON text the sandbox hands out, parsed and checked (checkScriptResult). */
function scriptResultProperty(): FuzzProperty<string> {
  return {
    name: 'script-result',
    weight: 1,
    arbitrary: resultText(),
    file: (s) => ({ bytes: utf8(s), ext: '.json' }),
    async check(s) {
      let value: unknown
      try {
        value = JSON.parse(s)
      } catch {
        return // the sandbox only hands out what its own JSON.stringify wrote
      }
      const checked = await attempt('checkScriptResult', [], () => checkScriptResult(value))
      if (!checked!.ok) {
        if (checked!.error.kind !== 'result') throw new PropertyViolation(`checkScriptResult: error of kind ${checked!.error.kind}, expected 'result'`)
        return expectShowable(checked!.error.message, 'checkScriptResult')
      }
      checked!.notes.forEach((note) => expectShowable(note, 'checkScriptResult note'))
      const again = await attempt('checkScriptResult of its own data', [], () => checkScriptResult(JSON.parse(JSON.stringify(checked!.data))))
      if (!again!.ok) throw new PropertyViolation(`checkScriptResult refuses the data it accepted: ${again!.error.message}`)
      expectSame(checked!.data, again!.data, 'script result')
    },
  }
}

const SCRIPT_KINDS: ScriptErrorKind[] = ['syntax', 'runtime', 'timeout', 'memory', 'result']

/** The whole handover: a script returning the value, run in the sandbox (in this thread: no worker). */
function sandboxProperty(): FuzzProperty<string> {
  return {
    name: 'script-sandbox',
    weight: 0.1,
    arbitrary: fc.oneof({ weight: 4, arbitrary: resultText().filter((s) => s.length < 100_000) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) }),
    file: (s) => ({ bytes: utf8(`export default () => (${s})\n`), ext: '.ts' }),
    async check(s) {
      const result = await attempt('runScript', [], () => runScript(`export default () => (${s})\n`, { seed: 1, timeLimitMs: 5000, memoryLimitBytes: 64 * 2 ** 20 }))
      if (!result!.ok) {
        if (!SCRIPT_KINDS.includes(result!.error.kind)) throw new PropertyViolation(`runScript: error of kind ${result!.error.kind}: ${result!.error.message}`)
        return expectShowable(result!.error.message, 'runScript')
      }
      const again = checkScriptResult(JSON.parse(JSON.stringify(result!.data)))
      if (!again.ok) throw new PropertyViolation(`checkScriptResult refuses the data the sandbox accepted: ${again.error.message}`)
      expectSame(result!.data, again.data, 'sandbox result')
    },
  }
}

// ───────────────────────────── all of them ─────────────────────────────

export function fuzzProperties(): FuzzProperty<never>[] {
  return [projectProperty(), csvProperty(), jsonDataProperty(), weightsJsonProperty(), weightsNpzProperty(), scriptResultProperty(), sandboxProperty()] as FuzzProperty<never>[]
}

/** A fast-check property of one FuzzProperty; `wrap` may add checks around each run (the runner's timing). */
export function asProperty<T>(p: FuzzProperty<T>, wrap: (run: () => Promise<void>, input: T) => Promise<void> = (run) => run()) {
  return fc.asyncProperty(p.arbitrary, (input) => wrap(() => p.check(input), input))
}
