/**
 * The Lecture lab's requests (src/shared/lab.ts) answered with the core (src/core/lab.ts, gradcheck.ts) for a
 * project whose data has been made (resolveProjectData, as for training:start): the training sequences, and the
 * project's weights or, untrained, the seed's initial weights. Runs in a short-lived worker thread for the
 * window (lab-worker.ts through index.ts) and in-process for `rnnwb`.
 *
 * Limits (docs/limits.md), so that one click stays a matter of seconds on NETtalk-sized data:
 * - gradient check: central differences cost two evaluations of Ẽ per checked entry, each a forward pass over
 *   the data (truncated(k): over its windows, ≈ k steps per target step). When
 *   2 × entries × rows × parameters exceeds CHECK_BUDGET multiply-adds, the check runs on a seeded sample of the
 *   sequences (a data set of its own: its gradient against its differences), and says how many;
 * - the windows of a truncated check hold at most WINDOW_VALUES inputs and targets (else it is refused);
 * - mode comparison: truncated(k) for k = 1..K costs about K²/2 times a 'lecture' gradient; K defaults to the
 *   largest that fits COMPARE_BUDGET (at most T), and a larger maxHorizon than fits is refused.
 *
 * Plain data in and out (no typed arrays in the answers): they go over IPC as JSON.
 */
import {
  compareModes,
  createRng,
  datasetGradient,
  gradientCheck,
  inspectStep,
  normalizeNetworkSpec,
  normalizeTrainingSpec,
  packDataset,
  paramLayout,
  seededParams,
  type Dataset,
  type GradientChoice,
  type KernelChoice,
  type LossOptions,
  type NetworkSpec,
  type NormalizedTrainingSpec,
  type PackedData,
  type ParamLayout,
  type TrainingSpec,
} from '../../core/index.js'
import type { LabCompareResult, LabGradcheckResult, LabGradient, LabMatrix, LabStepResult } from '../../shared/lab.js'
import type { ResolvedProject } from '../services/project-data.js'
import { trainingDataset } from '../../shared/runs.js'

/** A request the lab cannot answer: an index out of range, no data, weights where E is not finite, too much work. */
export class LabError extends Error {
  override name = 'LabError'
}

/** Everything a lab computation needs, as plain structured-cloneable data (what main hands its worker). */
export interface LabWork {
  network: NetworkSpec
  training: TrainingSpec
  /** The weights, flat in the parameter layout; null: the seed's initial weights. */
  params: Float64Array | null
  /** Epochs the weights were trained for (0 with params null). */
  epoch: number
  /** The training sequences. */
  data: Dataset
}

/** The lab's work for a project whose data has been made. */
export function labWork(project: ResolvedProject): LabWork {
  return { network: project.network, training: project.training, params: project.weights?.params ?? null, epoch: project.weights?.epoch ?? 0, data: trainingDataset(project.data) }
}

/** Multiply-adds a gradient check may spend on central differences before it samples the sequences (~ seconds). */
export const CHECK_BUDGET = 8e9
/** Multiply-adds (per unit of gradient work) the mode comparison may spend. */
export const COMPARE_BUDGET = 2e10
/** Entries per matrix a gradient check compares by default. */
export const DEFAULT_SAMPLE = 24
/** Fewest sequences a sampled check keeps. */
const MIN_SEQUENCES = 4
/** Values (inputs and targets) the windows of a truncated check may hold (200 MB of float64). */
export const WINDOW_VALUES = 25_000_000

interface Prepared {
  layout: ParamLayout
  training: NormalizedTrainingSpec
  params: Float64Array
  data: PackedData
  loss: LossOptions
  epoch: number
}

function prepare(work: LabWork): Prepared {
  const network = normalizeNetworkSpec(work.network)
  const training = normalizeTrainingSpec(work.training, network)
  const layout = paramLayout(network)
  const params = work.params ?? seededParams(network, training)
  if (params.length !== layout.size) throw new LabError(`the weights have ${params.length} values; the network has ${layout.size}`)
  if (!params.every(Number.isFinite)) throw new LabError('the weights are not all finite numbers (the run diverged): reset them or train again')
  if (work.data.sequences.length === 0) throw new LabError('the project has no training sequences')
  const data = packDataset(work.data, network.inputSize, network.output.units, { path: 'data', sequencesKey: 'train' })
  if (!data.mask.some((v) => v !== 0)) throw new LabError('the training data has no targets: E is 0 and there is no gradient')
  return { layout, training, params, data, loss: { kind: training.loss, activation: network.output.activation, errorTolerance: training.errorTolerance }, epoch: work.epoch }
}

/** The core's form of a lab gradient mode; absent: the project's own. */
export function gradientChoice(gradient: LabGradient | undefined, training: NormalizedTrainingSpec): GradientChoice {
  if (!gradient) return { gradient: training.gradient, horizon: training.horizon }
  return gradient.mode === 'truncated' ? { gradient: 'truncated', horizon: gradient.horizon } : { gradient: gradient.mode, horizon: 1 }
}

/** The contract's form of a core gradient mode. */
export function labGradient(choice: GradientChoice): LabGradient {
  return choice.gradient === 'truncated' ? { mode: 'truncated', horizon: choice.horizon } : { mode: choice.gradient }
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new LabError(`${what} is not finite at these weights (they have diverged): reset them or train again`)
  return value
}

const matrix = (name: string, shape: number[], values: ArrayLike<number>): LabMatrix => ({ name, rows: shape[0], cols: shape.length === 2 ? shape[1] : 1, values: Array.from(values) })

export function labStep(work: LabWork, request: { sequence: number; step: number; layer: number; gradient?: LabGradient }, kernels: KernelChoice = 'auto'): LabStepResult {
  const w = prepare(work)
  const choice = gradientChoice(request.gradient, w.training)
  let step
  try {
    step = inspectStep(w.layout, w.params, w.data, w.loss, choice, request, kernels)
  } catch (e) {
    if (e instanceof RangeError) throw new LabError(e.message)
    throw e
  }
  finite(step.loss, 'E')
  if (!step.delta.every(Number.isFinite)) finite(NaN, 'δ')
  return {
    sequences: w.data.P,
    steps: w.data.lengths[request.sequence],
    layers: w.layout.layers.length,
    sequence: request.sequence,
    step: request.step,
    layer: request.layer,
    gradient: labGradient(choice),
    weightsEpoch: w.epoch,
    x: Array.from(step.x),
    s: Array.from(step.s),
    input: Array.from(step.input),
    previous: step.previous ? Array.from(step.previous) : null,
    target: step.target ? Array.from(step.target) : null,
    delta: Array.from(step.delta),
    contributions: step.contributions.map((c) => matrix(c.entry.name, c.entry.shape, c.values)),
    stepLoss: step.stepLoss,
    loss: step.loss,
  }
}

/** ∂E/∂w of the whole training data by one mode (default: the project's own), flat in the parameter layout, with
 *  E (`rnnwb grad`). */
export function labFullGradient(work: LabWork, gradient: LabGradient | undefined, kernels: KernelChoice = 'auto'): { gradient: LabGradient; loss: number; grads: Float64Array; sequences: number } {
  const w = prepare(work)
  const choice = gradientChoice(gradient, w.training)
  const { loss, grads } = datasetGradient(w.layout, w.params, w.data, { loss: w.loss, gradient: choice.gradient, horizon: choice.horizon }, kernels)
  finite(loss, 'E')
  if (!grads.every(Number.isFinite)) finite(NaN, 'the gradient')
  return { gradient: labGradient(choice), loss, grads, sequences: w.data.P }
}

/** Rows one evaluation of Ẽ runs over: every step for 'exact', ≈ min(t + 1, k) per target step for truncated(k). */
function referenceRows(data: PackedData, choice: GradientChoice): number {
  const k = choice.gradient === 'exact' ? Infinity : choice.gradient === 'lecture' ? 1 : choice.horizon
  let rows = 0
  for (let p = 0; p < data.P; p++)
    for (let t = 0; t < data.lengths[p]; t++) if (k === Infinity ? true : data.mask[data.offsets[p] + t]) rows += Math.min(t + 1, k)
  return rows
}

/** A seeded sample of `count` of the data's sequences, in their order, as a data set of its own. */
function sampleSequences(data: Dataset, count: number, seed: number): Dataset {
  const rng = createRng(seed, 7)
  const order = Array.from({ length: data.sequences.length }, (_, p) => p)
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const kept = order.slice(0, count).sort((a, b) => a - b)
  return { ...data, sequences: kept.map((p) => data.sequences[p]) }
}

export function labGradcheck(work: LabWork, request: { gradients: LabGradient[]; maxPerMatrix?: number; seed?: number }, kernels: KernelChoice = 'auto'): LabGradcheckResult {
  if (request.gradients.length === 0) throw new LabError('name at least one gradient mode to check')
  const full = prepare(work)
  const perMatrix = request.maxPerMatrix ?? DEFAULT_SAMPLE
  const seed = request.seed ?? 1
  const choices = request.gradients.map((g) => gradientChoice(g, full.training))
  const entries = full.layout.entries.reduce((sum, e) => sum + Math.min(e.size, perMatrix), 0)
  // the costliest mode decides how many sequences fit the budget
  const rows = Math.max(...choices.map((c) => referenceRows(full.data, c)))
  const cost = 2 * entries * rows * full.layout.size
  const P = full.data.P
  const keep = cost <= CHECK_BUDGET ? P : Math.min(P, Math.max(MIN_SEQUENCES, Math.floor((P * CHECK_BUDGET) / cost)))
  const w = keep === P ? full : prepare({ ...work, data: sampleSequences(work.data, keep, seed) })
  const windowValues = Math.max(...choices.map((c) => (c.gradient === 'exact' ? 0 : referenceRows(w.data, c)))) * (w.data.m + w.data.nOut)
  if (windowValues > WINDOW_VALUES) throw new LabError(`the windows of this truncated check would hold ${windowValues} values (at most ${WINDOW_VALUES}): check a shorter horizon`)
  let sampled = keep < P
  const checks = choices.map((choice) => {
    const check = gradientCheck(w.layout, w.params, w.data, w.training, { gradient: choice, maxPerMatrix: perMatrix, rng: createRng(seed, 99), kernels })
    finite(check.loss, 'E')
    sampled ||= check.rows.some((r) => r.checked < r.size)
    return { gradient: labGradient(choice), rows: check.rows, pass: check.pass, absoluteThreshold: check.absoluteThreshold, threshold: check.threshold, step: check.step }
  })
  return {
    threshold: checks[0].threshold,
    absoluteThreshold: Math.max(...checks.map((c) => c.absoluteThreshold)),
    sampled,
    maxPerMatrix: perMatrix,
    step: checks[0].step,
    weightsEpoch: full.epoch,
    sequences: { checked: keep, total: P },
    checks: checks.map(({ gradient, rows, pass }) => ({ gradient, rows, pass })),
  }
}

export function labCompare(work: LabWork, request: { maxHorizon?: number }, kernels: KernelChoice = 'auto'): LabCompareResult {
  const w = prepare(work)
  const T = w.data.maxLength
  let targets = 0
  for (const v of w.data.mask) targets += v
  // truncated(k) runs ≈ k chain steps per target step, each about 3 × parameters multiply-adds (forward, δ, gradient)
  const costUpTo = (K: number) => ((K * (K + 1)) / 2) * targets * 3 * w.layout.size
  let fits = 1
  while (fits < T && costUpTo(fits + 1) <= COMPARE_BUDGET) fits++
  if (request.maxHorizon !== undefined && Math.min(request.maxHorizon, T) > fits)
    throw new LabError(`comparing up to k = ${request.maxHorizon} is too much work for this data (${targets} target steps, ${w.layout.size} weights): ask for k ≤ ${fits}`)
  const K = Math.min(request.maxHorizon ?? fits, T)
  const cmp = compareModes(w.layout, w.params, w.data, w.loss, K, kernels)
  if (!cmp.exact.every(Number.isFinite)) finite(NaN, 'the gradient')
  return { horizons: cmp.horizons, steps: T, weightsEpoch: w.epoch, matrices: cmp.matrices }
}
