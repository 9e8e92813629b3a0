/**
 * What every exporter starts from: a project's normalized network, its parameter layout (src/core/params.ts) and
 * its trained weights; and the errors of exporting and importing weights.
 *
 * Not here: any format. The layout (names W{r-1}, V{r}, b{r}, shapes, flat order) is the core's; exporters read
 * it from `layout.entries` / `layout.layers` and never restate it.
 */
import { normalizeNetworkSpec, paramLayout, type NetworkSpec, type NormalizedNetworkSpec, type ParamLayout } from '../../core/index.js'
import { safeMessage } from '../../shared/messages.js'
import type { Project, ProjectWeights } from '../../shared/project-file.js'

/** One exported file: a suggested name (several formats give several files) and its content. */
export interface ExportFile {
  name: string
  bytes: Uint8Array
}

export const WEIGHTS_FORMAT = 'rnn-workbench-weights'
export const WEIGHTS_VERSION = 1

/** What describes exported weights: everything but the values. */
export interface WeightsHeader {
  format: typeof WEIGHTS_FORMAT
  version: typeof WEIGHTS_VERSION
  name: string
  epoch: number
  network: NormalizedNetworkSpec
  arrays: { name: string; shape: number[] }[]
  optimizer?: { steps: number }
  /** Present when the arrays hold a gradient ∂E/∂w at the weights of `epoch` (`rnnwb grad`), not weights: such a
   *  file is never imported as weights. */
  gradient?: GradientHeader
}

/** What a gradient file's arrays are: ∂E/∂w of the project's training data by `mode`, where E = `loss`. */
export interface GradientHeader {
  /** 'exact', 'lecture', or 'truncated:k'. */
  mode: string
  /** The project's loss kind ('sse': the lecture's E) and its value at these weights. */
  lossKind: string
  loss: number
  /** Training sequences summed over. */
  sequences: number
}

export interface TrainedNetwork {
  /** The project's name, for headers and metadata. */
  name: string
  network: NormalizedNetworkSpec
  layout: ParamLayout
  weights: ProjectWeights
  /** Set when `weights.params` holds a gradient (written into the header). */
  gradient?: GradientHeader
}

/** Exporting is refused (no weights yet, or a format that cannot express the network). */
export class ExportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExportError'
  }
}

/** One problem of imported weights; `array` and `expectedShape` are set when it concerns one array. */
export interface WeightsProblem {
  array?: string
  expectedShape?: number[]
  message: string
}

/** Imported weights that do not fit the project: every problem found, each naming the array and the shape the
 *  project's network expects. Each message is one line fit to show (it may quote the file: controls escaped,
 *  cut to length; src/shared/messages.ts), also where the problems reach the window as they are. */
export class WeightsImportError extends Error {
  readonly problems: WeightsProblem[]
  constructor(problems: WeightsProblem[]) {
    problems = problems.map((p) => ({ ...p, message: safeMessage(p.message, { oneLine: true }) }))
    super(problems.map((p) => p.message).join('\n'))
    this.problems = problems
    this.name = 'WeightsImportError'
  }
}

/** `[4, 2]`: how shapes are written in every message and document. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** The project's trained network; refuses a project that has not been trained. */
export function trainedNetwork(project: Pick<Project, 'metadata' | 'network' | 'weights'>): TrainedNetwork {
  if (!project.weights) throw new ExportError(`"${project.metadata.name}" has no trained weights yet: train it first, then export`)
  const network = normalizeNetworkSpec(project.network)
  const layout = paramLayout(network)
  if (project.weights.params.length !== layout.size) throw new ExportError(`the weights hold ${project.weights.params.length} values, the network needs ${layout.size}`)
  const o = project.weights.optimizer
  if (o && [o.first.length, o.second.length].some((n) => n !== 0 && n !== layout.size)) throw new ExportError(`the optimizer state does not fit the network's ${layout.size} weights`)
  return { name: project.metadata.name, network, layout, weights: project.weights }
}

/** The layout a project's weights must fit (for imports). */
export function layoutOf(network: NetworkSpec): ParamLayout {
  return paramLayout(normalizeNetworkSpec(network))
}

/** The values of one named entry of the flat weights. */
export function entryValues(t: TrainedNetwork, name: string): Float64Array {
  const e = t.layout.entries.find((x) => x.name === name)
  if (!e) throw new Error(`no weights named ${name}`)
  return t.weights.params.subarray(e.offset, e.offset + e.size)
}

/**
 * Differences between the network weights were exported from and the one they are imported into, beyond the
 * array shapes (which the importers check array by array): a different activation, or a different number of
 * layers or units. Paths as in the project file (`network.hidden[0].activation`).
 */
export function networkDifferences(from: NormalizedNetworkSpec, into: NormalizedNetworkSpec): WeightsProblem[] {
  const problems: WeightsProblem[] = []
  if (from.inputSize !== into.inputSize) problems.push({ message: `network.inputSize: the weights are for ${from.inputSize} inputs, this project has ${into.inputSize}` })
  if (from.hidden.length !== into.hidden.length) {
    problems.push({ message: `network.hidden: the weights are for ${from.hidden.length} hidden layers, this project has ${into.hidden.length}` })
    return problems
  }
  const pairs = [...from.hidden.map((l, r) => [l, into.hidden[r], `network.hidden[${r}]`] as const), [from.output, into.output, 'network.output'] as const]
  for (const [a, b, path] of pairs) {
    for (const key of ['units', 'activation', 'recurrent', 'bias'] as const) {
      if (a[key] !== b[key]) problems.push({ message: `${path}.${key}: the weights are for ${JSON.stringify(a[key])}, this project has ${JSON.stringify(b[key])}` })
    }
  }
  return problems
}
