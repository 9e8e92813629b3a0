/**
 * Imported weights into a project's parameter layout: the one place that checks arrays read from any format (JSON,
 * .npz) against the network they are imported into, and lists every problem, each naming the array and the shape
 * the network expects ("V1: expected shape [4, 4], got [3, 3]").
 *
 * Not here: reading formats (json.ts, npz.ts).
 */
import { normalizeNetworkSpec, SpecError, type ParamLayout } from '../../core/index.js'
import type { ProjectWeights } from '../../shared/project-file.js'
import { networkDifferences, shapeText, WeightsImportError, type WeightsHeader, type WeightsProblem } from './trained.js'

/** One array as read from a file: its shape and its values in row-major order. */
export interface NamedArray {
  shape: number[]
  values: Float64Array
}

export const OPTIMIZER_NAMES = { first: 'optimizer_first', second: 'optimizer_second' } as const

export interface AssembleOptions {
  /** The header that came with the arrays (JSON export, .npz manifest), or null (a hand-made .npz). */
  header: WeightsHeader | null
  /** What the arrays came from, for messages: 'the .npz', 'the JSON file'. */
  source: string
}

/** Builds the flat weights of `layout` from named arrays; throws WeightsImportError listing every problem. */
export function assembleWeights(layout: ParamLayout, arrays: Map<string, NamedArray>, opts: AssembleOptions): ProjectWeights {
  const problems: WeightsProblem[] = []
  const params = new Float64Array(layout.size)
  for (const e of layout.entries) {
    const a = arrays.get(e.name)
    const expected = shapeText(e.shape)
    const problem = (message: string) => problems.push({ array: e.name, expectedShape: e.shape, message: `${e.name}: expected shape ${expected}, ${message}` })
    if (!a) {
      problem(`but ${opts.source} has no array ${e.name}`)
      continue
    }
    if (shapeText(a.shape) !== expected) {
      problem(`got ${shapeText(a.shape)}`)
      continue
    }
    const bad = a.values.findIndex((x) => !Number.isFinite(x))
    if (bad >= 0) {
      const at = e.shape.length === 2 ? `[${Math.floor(bad / e.shape[1])}][${bad % e.shape[1]}]` : `[${bad}]`
      problems.push({ array: e.name, expectedShape: e.shape, message: `${e.name}: value ${at} is ${a.values[bad]}; weights must be finite numbers` })
      continue
    }
    params.set(a.values, e.offset)
  }
  const known = new Set<string>([...layout.entries.map((e) => e.name), OPTIMIZER_NAMES.first, OPTIMIZER_NAMES.second])
  for (const name of arrays.keys()) {
    if (!known.has(name)) problems.push({ array: name, message: `${name}: not part of this network (it has ${layout.entries.map((e) => e.name).join(', ')})` })
  }
  if (problems.length > 0) throw new WeightsImportError(problems)

  const header = opts.header
  if (header) {
    let from
    try {
      from = normalizeNetworkSpec(header.network)
    } catch (e) {
      if (!(e instanceof SpecError)) throw e
      throw new WeightsImportError(e.issues.map((i) => ({ message: `the network written with the weights is not valid: ${i.path}: ${i.problem}` })))
    }
    const differences = networkDifferences(from, layout.spec)
    if (differences.length > 0) throw new WeightsImportError(differences)
  }

  // optimizer state only comes with a header: without its step count, Adam's moments would be misread
  let optimizer: ProjectWeights['optimizer']
  if (header?.optimizer) {
    const state = (name: string): Float64Array => {
      const a = arrays.get(name)
      if (!a || a.values.length === 0) return new Float64Array(0) // sgd keeps no state
      if (a.shape.length !== 1 || a.shape[0] !== layout.size || a.values.some((x) => !Number.isFinite(x))) {
        throw new WeightsImportError([{ array: name, expectedShape: [layout.size], message: `${name}: expected shape ${shapeText([layout.size])} of finite numbers (one per parameter), got ${shapeText(a.shape)}` }])
      }
      return Float64Array.from(a.values)
    }
    optimizer = { steps: header.optimizer.steps, first: state(OPTIMIZER_NAMES.first), second: state(OPTIMIZER_NAMES.second) }
  }
  return { params, epoch: header?.epoch ?? 0, ...(optimizer ? { optimizer } : {}) }
}
