/**
 * JSON weights: the project's weights with their names and shapes, readable and exact.
 *
 *   {
 *     "format": "rnn-workbench-weights", "version": 1,
 *     "name": <project name>, "epoch": <epochs trained>,
 *     "gradient": { "mode", "lossKind", "loss", "sequences" }             (only in a gradient file, rnnwb grad:
 *                                                                          the arrays are ∂E/∂w; never imported)
 *     "network": <the normalized network spec, every default written out>,
 *     "arrays": [ { "name": "W0", "shape": [4, 2], "values": [[…], …] }, …   one per matrix, in parameter order;
 *                 matrices as rows (values[i][j] = entry i·cols + j), biases as one list ]
 *     "optimizer": { "steps": k, "first": […], "second": […] }              (when the project has optimizer state;
 *                                                                            flat, in parameter order)
 *   }
 * Numbers are written as the shortest decimal that reads back as the same double (−0 kept), so the weights
 * round-trip exactly. The same header without values is the .npz manifest.
 *
 * Reading (`weightsFromJson`) also takes a whole project file, and uses its weights.
 * Not here: file access; the checks against the target network (assemble.ts).
 */
import { jsonBudgetProblem } from '../../shared/json-limits.js'
import { z } from 'zod'
import { normalizeNetworkSpec, paramLayout, type NormalizedNetworkSpec, type ParamLayout } from '../../core/index.js'
import { formatNumber } from '../../shared/data-io.js'
import { PROJECT_FORMAT, ProjectFileError, parseProject, type ProjectWeights } from '../../shared/project-file.js'
import { assembleWeights, OPTIMIZER_NAMES, type NamedArray } from './assemble.js'
import { WEIGHTS_FORMAT, WEIGHTS_VERSION, WeightsImportError, type TrainedNetwork, type WeightsHeader } from './trained.js'

export function weightsHeader(t: TrainedNetwork): WeightsHeader {
  const o = t.weights.optimizer
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    name: t.name,
    epoch: t.weights.epoch,
    network: t.network,
    arrays: t.layout.entries.map((e) => ({ name: e.name, shape: e.shape })),
    ...(o ? { optimizer: { steps: o.steps } } : {}),
    ...(t.gradient ? { gradient: t.gradient } : {}),
  }
}

const whole = z.number().int().min(0)
const headerSchema = z.object({
  format: z.literal(WEIGHTS_FORMAT),
  version: z.literal(WEIGHTS_VERSION),
  name: z.string(),
  epoch: whole,
  // checked by the core's normalizeNetworkSpec in assemble.ts
  network: z.custom<NormalizedNetworkSpec>((x) => typeof x === 'object' && x !== null, 'expected a network object'),
  arrays: z.array(z.object({ name: z.string(), shape: z.array(whole) })),
  optimizer: z.object({ steps: whole }).optional(),
})

const number = z.number()
const fileSchema = headerSchema.extend({
  arrays: z.array(z.object({ name: z.string(), shape: z.array(whole).min(1).max(2), values: z.array(z.union([number, z.array(number)])) })),
  optimizer: z.object({ steps: whole, first: z.array(number), second: z.array(number) }).optional(),
})

function schemaProblems(error: z.ZodError, where: string): WeightsImportError {
  return new WeightsImportError(
    error.issues.slice(0, 5).map((i) => ({ message: `${where}${i.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}: ${i.message}` })),
  )
}

function formatCheck(json: unknown, where: string): void {
  const format = (json as { format?: unknown } | null)?.format
  if (format !== WEIGHTS_FORMAT) throw new WeightsImportError([{ message: `${where}: not RNN Workbench weights (expected format "${WEIGHTS_FORMAT}", got ${JSON.stringify(format)})` }])
  if ((json as { gradient?: unknown }).gradient !== undefined) throw new WeightsImportError([{ message: `${where}: holds a gradient ∂E/∂w (rnnwb grad), not weights` }])
  const version = (json as { version?: unknown }).version
  if (typeof version === 'number' && version > WEIGHTS_VERSION) {
    throw new WeightsImportError([{ message: `${where}: written by a newer RNN Workbench (weights format version ${version}); this version reads ${WEIGHTS_VERSION}` }])
  }
}

/** Reads and checks a header (the .npz manifest). */
export function parseWeightsHeader(text: string, where: string): WeightsHeader {
  const tooLarge = jsonBudgetProblem(text)
  if (tooLarge !== null) throw new WeightsImportError([{ message: `${where}: too large to read: ${tooLarge}` }])
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new WeightsImportError([{ message: `${where}: not valid JSON (${(e as Error).message})` }])
  }
  formatCheck(json, where)
  const parsed = headerSchema.safeParse(json)
  if (!parsed.success) throw schemaProblems(parsed.error, where)
  return parsed.data as WeightsHeader
}

const numbers = (v: ArrayLike<number>) => Array.from(v, formatNumber).join(', ')

export function weightsToJson(t: TrainedNetwork): string {
  const header = weightsHeader(t)
  const arrays = t.layout.entries.map((e) => {
    const data = t.weights.params.subarray(e.offset, e.offset + e.size)
    const cols = e.shape.length === 2 ? e.shape[1] : e.size
    const values =
      e.shape.length === 2
        ? `[\n${Array.from({ length: e.shape[0] }, (_, i) => `        [${numbers(data.subarray(i * cols, (i + 1) * cols))}]`).join(',\n')}\n      ]`
        : `[${numbers(data)}]`
    return `    {\n      "name": ${JSON.stringify(e.name)},\n      "shape": [${e.shape.join(', ')}],\n      "values": ${values}\n    }`
  })
  const o = t.weights.optimizer
  const lines = [
    `  "format": ${JSON.stringify(header.format)}`,
    `  "version": ${header.version}`,
    `  "name": ${JSON.stringify(header.name)}`,
    `  "epoch": ${header.epoch}`,
    ...(header.gradient ? [`  "gradient": ${JSON.stringify(header.gradient)}`] : []),
    `  "network": ${JSON.stringify(header.network, null, 2).replace(/\n/g, '\n  ')}`,
    `  "arrays": [\n${arrays.join(',\n')}\n  ]`,
    ...(o ? [`  "optimizer": {\n    "steps": ${o.steps},\n    "first": [${numbers(o.first)}],\n    "second": [${numbers(o.second)}]\n  }`] : []),
  ]
  return `{\n${lines.join(',\n')}\n}\n`
}

/** Weights from JSON text: an export of ours, or a project file (its weights). */
export function weightsFromJson(text: string, layout: ParamLayout): ProjectWeights {
  const tooLarge = jsonBudgetProblem(text)
  if (tooLarge !== null) throw new WeightsImportError([{ message: `too large to read: ${tooLarge}` }])
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new WeightsImportError([{ message: `not valid JSON (${(e as Error).message})` }])
  }
  if ((json as { format?: unknown } | null)?.format === PROJECT_FORMAT) return weightsFromProject(text, layout)
  formatCheck(json, 'the JSON file')
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) throw schemaProblems(parsed.error, 'the JSON file')
  const file = parsed.data
  const arrays = new Map<string, NamedArray>()
  for (const a of file.arrays) {
    if (arrays.has(a.name)) throw new WeightsImportError([{ array: a.name, message: `${a.name}: appears twice` }])
    arrays.set(a.name, { shape: a.shape, values: flatten(a.name, a.shape, a.values) })
  }
  if (file.optimizer) {
    arrays.set(OPTIMIZER_NAMES.first, { shape: [file.optimizer.first.length], values: Float64Array.from(file.optimizer.first) })
    arrays.set(OPTIMIZER_NAMES.second, { shape: [file.optimizer.second.length], values: Float64Array.from(file.optimizer.second) })
  }
  const header: WeightsHeader = { ...file, arrays: file.arrays.map(({ name, shape }) => ({ name, shape })), optimizer: file.optimizer ? { steps: file.optimizer.steps } : undefined }
  return assembleWeights(layout, arrays, { header, source: 'the JSON file' })
}

/** Row lists (or one list for a vector) to row-major values; the rows must match the shape written beside them. */
function flatten(name: string, shape: number[], values: (number | number[])[]): Float64Array {
  const fail = (why: string): never => {
    throw new WeightsImportError([{ array: name, message: `${name}: the values do not fit the shape [${shape.join(', ')}] written beside them (${why})` }])
  }
  if (shape.length === 1) {
    if (values.length !== shape[0] || values.some((x) => typeof x !== 'number')) fail(`expected a list of ${shape[0]} numbers`)
    return Float64Array.from(values as number[])
  }
  const [rows, cols] = shape
  if (values.length !== rows) fail(`${values.length} rows`)
  // every row is checked BEFORE the array is made: the shape is the file's word, and [1, 4294967296] beside a
  // row of 3 numbers must not allocate 32 GB (found by npm run fuzz)
  values.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) fail(`row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries`)
  })
  const out = new Float64Array(rows * cols)
  values.forEach((row, i) => out.set(row as number[], i * cols))
  return out
}

/** The weights stored in a project file, checked against `layout` like any other import. */
function weightsFromProject(text: string, layout: ParamLayout): ProjectWeights {
  let project
  try {
    project = parseProject(text)
  } catch (e) {
    if (e instanceof ProjectFileError) throw new WeightsImportError([{ message: `the project file cannot be read: ${e.message}` }])
    throw e
  }
  if (!project.weights) throw new WeightsImportError([{ message: `the project "${project.metadata.name}" has no trained weights` }])
  const network = normalizeNetworkSpec(project.network)
  const from = paramLayout(network)
  const w = project.weights
  const arrays = new Map<string, NamedArray>(from.entries.map((e) => [e.name, { shape: e.shape, values: w.params.slice(e.offset, e.offset + e.size) }]))
  if (w.optimizer) {
    arrays.set(OPTIMIZER_NAMES.first, { shape: [w.optimizer.first.length], values: w.optimizer.first })
    arrays.set(OPTIMIZER_NAMES.second, { shape: [w.optimizer.second.length], values: w.optimizer.second })
  }
  const header: WeightsHeader = {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    name: project.metadata.name,
    epoch: w.epoch,
    network,
    arrays: from.entries.map((e) => ({ name: e.name, shape: e.shape })),
    ...(w.optimizer ? { optimizer: { steps: w.optimizer.steps } } : {}),
  }
  return assembleWeights(layout, arrays, { header, source: 'the project file' })
}
