/**
 * The trainer: runs training one epoch at a time so that hosts (utility process, CLI, tests) can pause,
 * step and stop between epochs. One epoch visits every sequence once:
 *   'full'       one batch of all P sequences, one update (the lecture's full-batch gradient descent)
 *   'sequence'   P batches of 1, an update after each
 *   'minibatch'  batches of batchSize, an update after each
 * For the last two the order is shuffled by a generator reseeded from (seed, epoch number), so a run that is
 * stopped, saved and resumed draws the same orders as one that never stopped.
 *
 * Everything the epoch loop touches is allocated in the constructor: workspace, gradients, the gradient
 * summed over the epoch (for the per-layer norms), the last finite weights.
 *
 * Precision (training.precision): the kernels' arrays (weights, gradients, workspace, optimizer state) are
 * Float32Arrays in a 'float32' run. Weights and optimizer state come in as float64 and are rounded once in
 * the constructor; `snapshot()` gives float64 copies out, which is what hosts save.
 *
 * Divergence: a non-finite batch loss, or non-finite weights after the epoch, restores the weights and
 * optimizer state from the start of the epoch and throws DivergenceError; the trainer then refuses to go on.
 *
 * A batch of more than CHUNK_SEQUENCES sequences is computed in chunks (chunks.ts) whose gradients are
 * summed in chunk order: a host may pass a ChunkExecutor that computes them on several threads, with
 * bit-identical results. Smaller batches run on one workspace, as one piece.
 *
 * Not here: threads, processes, timers or I/O (hosts own those), and stopping criteria beyond `epochs`.
 */
import { packDataset, type Dataset, type PackedData } from './data.js'
import { evaluate, evaluationWorkspace } from './evaluate.js'
import { initialParams } from './init.js'
import { allocate, type KernelChoice, type KernelKind } from './compute.js'
import { backwardOptionsOf, batchSizeOf, ChunkComputer, chunkRange, CHUNK_SEQUENCES, CHUNK_SLOTS, isChunked, SequentialChunks, targetCount, type ChunkExecutor } from './chunks.js'
import { backward, batchLoss, buildWorkspace, forward, loadBatch, type BackwardOptions, type Workspace } from './network.js'
import { clipGradient, createOptimizerState, l2Norm, optimizerStateFits, optimizerStep, type OptimizerState } from './optimizers.js'
import { paramLayout, type ParamLayout } from './params.js'
import { createRng, shuffleInPlace, type Rng } from './rng.js'
import {
  normalizeNetworkSpec,
  normalizeTrainingSpec,
  type NetworkSpec,
  type NormalizedNetworkSpec,
  type Floats,
  type NormalizedTrainingSpec,
  type TrainingSpec,
} from './spec.js'

/** Generator streams: stream 0 draws the initial weights, stream 1 + e shuffles epoch e (0-based). */
export const INIT_STREAM = 0
const shuffleStream = (epochIndex: number) => 1 + epochIndex

export interface TrainerOptions {
  network: NetworkSpec
  training: TrainingSpec
  data: Dataset
  /** Start from these weights (flat, in the parameter layout) instead of the seeded initialisation. */
  params?: Floats
  /** Epochs already trained, when resuming. Default 0. */
  epoch?: number
  /** Optimizer state saved with the weights, when resuming; ignored when it was made for another optimizer. */
  optimizerState?: OptimizerState<Floats>
  /** Clock in milliseconds for epoch times. Default Date.now; hosts pass performance.now. */
  now?: () => number
  /** Validation sequences: their E is reported after every epoch (never trained on). */
  validation?: Dataset
  /** Refuse to start (with a readable error) when the trainer's arrays would need more bytes than this. */
  memoryLimitBytes?: number
  /** Called at every time step while an epoch runs. It may block, to pause in the middle of a long epoch,
   *  or throw, to abort the epoch: runEpoch then restores the weights and optimizer state of the epoch's
   *  start (the last completed epoch) and rethrows. */
  poll?: () => void
  /** Kernel set (compute.ts): 'auto' (default: WebAssembly SIMD where available, else TypeScript), 'wasm'
   *  (an error where unavailable) or 'js'. A host option, not part of the training spec: results agree to
   *  rounding. Hosts map their own switches (e.g. RNNWB_KERNELS=js) to it; the core reads no environment. */
  kernels?: KernelChoice
  /** Computes the chunks of batches of more than CHUNK_SEQUENCES sequences (chunks.ts), e.g. on several
   *  threads. Default: all on the calling thread. Results are bit-identical whichever executor runs them. */
  parallel?: ChunkExecutor
}

export interface EpochReport {
  /** Number of this epoch, counting from 1. */
  epoch: number
  /** E over the epoch: the sum of its batches' errors ('mse': squared errors over all targets / N). */
  loss: number
  /** L2 norm of the gradient summed over the epoch, per computing layer r = 1..R+1 (its W{r-1}, V{r}, b{r}). */
  gradNorms: number[]
  /** E on the validation sequences after the epoch's updates, when there are any. */
  validationLoss?: number
  /**
   * A task's own score after the epoch's updates, in [0, 1], on the training and validation data: added by the
   * trainer process when a run has one (NETtalk: letters whose phoneme is right). The Trainer itself leaves it out.
   */
  scores?: { train: number; validation?: number }
  seconds: number
}

export class DivergenceError extends Error {
  constructor(
    /** The epoch (counting from 1) in which training diverged. */
    readonly epoch: number,
    readonly what: 'loss' | 'weights',
    message: string,
  ) {
    super(message)
    this.name = 'DivergenceError'
  }
}

/** The seeded initial weights of a network: what a trainer starts from when given none. */
export function seededParams(network: NormalizedNetworkSpec, training: NormalizedTrainingSpec): Float64Array {
  return initialParams(paramLayout(network), training.init, createRng(training.seed, INIT_STREAM))
}

/** Bytes of the typed arrays a Trainer allocates: weights, gradients, snapshots, optimizer state and the
 *  batch workspace (network.ts: Tcap·Bcap rows of inputs, targets, every layer and its δ, plus three B×n
 *  blocks); a chunked batch has a workspace of one chunk and CHUNK_SLOTS chunk gradients. */
export function workingBytes(layout: ParamLayout, batchSize: number, maxLength: number, training: NormalizedTrainingSpec): number {
  const units = layout.layers.reduce((sum, layer) => sum + layer.units, 0)
  const optimizerCopies = training.optimizer === 'sgd' ? 0 : training.optimizer === 'momentum' ? 1 : 2
  const chunked = isChunked(batchSize)
  // in the kernels' precision: params, grads, epoch gradient, the optimizer state
  const kernelArrays = 3 + optimizerCopies
  // float64: the last-good copies of weights and state; the chunk gradients and their sum
  const float64Arrays = 1 + optimizerCopies + (chunked ? CHUNK_SLOTS + 1 : 0)
  if (chunked) batchSize = CHUNK_SEQUENCES
  const rows = maxLength * batchSize
  const bytes = training.precision === 'float32' ? 4 : 8
  return bytes * (kernelArrays * layout.size + rows * (layout.spec.inputSize + layout.spec.output.units + 2 * units) + 3 * batchSize * units) + 8 * float64Arrays * layout.size + rows
}

export class Trainer {
  readonly network: NormalizedNetworkSpec
  readonly training: NormalizedTrainingSpec
  readonly layout: ParamLayout
  readonly data: PackedData
  /** Weights, flat in `layout`; updated in place. Float32Array in a 'float32' run: hosts take `snapshot()`. */
  readonly params: Floats
  /** Gradient of the last batch, flat in `layout`. */
  readonly grads: Floats
  readonly optimizer: OptimizerState<Floats>
  /** The kernel set this trainer runs ('wasm' or 'js'), for a host's status line. */
  readonly kernels: KernelKind
  /** Epochs completed. */
  epoch: number
  /** Set when training has diverged; no further epochs run. */
  diverged: DivergenceError | null = null

  private readonly ws: Workspace
  /** The chunk computer on `ws` and the executor, when batches are chunked. */
  private readonly chunked: { local: ChunkComputer; executor: ChunkExecutor; sum: Float64Array } | null
  private readonly order: Int32Array
  private readonly batchSize: number
  private readonly epochGrad: Floats
  private readonly lastGood: Float64Array
  private readonly lastGoodOptimizer: OptimizerState
  private readonly shuffleRng: Rng
  private readonly backwardOptions: BackwardOptions
  private readonly now: () => number
  private readonly validation: { data: PackedData; ws: Workspace } | null

  constructor(opts: TrainerOptions) {
    this.network = normalizeNetworkSpec(opts.network)
    this.training = normalizeTrainingSpec(opts.training, this.network)
    this.layout = paramLayout(this.network)
    this.data = packDataset(opts.data, this.network.inputSize, this.network.output.units)
    const size = this.layout.size
    if (opts.params && opts.params.length !== size) throw new Error(`expected ${size} weights for this network, got ${opts.params.length}`)
    const P = this.data.P
    this.batchSize = batchSizeOf(this.training, P)
    if (opts.memoryLimitBytes !== undefined) {
      const need = workingBytes(this.layout, this.batchSize, this.data.maxLength, this.training)
      if (need > opts.memoryLimitBytes) {
        const mb = (b: number) => Math.ceil(b / 2 ** 20)
        throw new Error(`this training needs about ${mb(need)} MB of working memory, more than the ${mb(opts.memoryLimitBytes)} MB allowed; use smaller batches, shorter sequences or smaller layers`)
      }
    }
    // everything the kernels touch, in the kernel set's memory: the workspace (with weights and gradients),
    // the optimizer state and the gradient summed over an epoch
    const empty = createOptimizerState(this.training, size)
    const chunked = isChunked(this.batchSize)
    const arrays = allocate(
      opts.kernels ?? 'auto',
      (kernels) => ({
        ws: buildWorkspace(this.layout, chunked ? CHUNK_SEQUENCES : this.batchSize, this.data.maxLength, kernels, true),
        first: kernels.floats(empty.first.length),
        second: kernels.floats(empty.second.length),
        epochGrad: kernels.floats(size),
      }),
      { precision: this.training.precision },
    )
    this.ws = arrays.ws
    this.kernels = this.ws.kernels.kind
    this.params = this.ws.params
    this.params.set(opts.params ?? seededParams(this.network, this.training))
    this.grads = this.ws.grads
    const saved = opts.optimizerState
    const fits = saved !== undefined && optimizerStateFits(saved, this.training, size)
    this.optimizer = { steps: fits ? saved.steps : 0, first: arrays.first, second: arrays.second }
    if (fits) {
      this.optimizer.first.set(saved.first)
      this.optimizer.second.set(saved.second)
    }
    this.epoch = opts.epoch ?? 0
    this.order = new Int32Array(P)
    this.epochGrad = arrays.epochGrad
    this.lastGood = new Float64Array(size)
    this.lastGoodOptimizer = createOptimizerState(this.training, size)
    this.shuffleRng = createRng(this.training.seed, shuffleStream(0))
    this.backwardOptions = backwardOptionsOf(this.network, this.training)
    this.now = opts.now ?? Date.now
    if (opts.validation && opts.validation.sequences.length > 0) {
      const data = packDataset(opts.validation, this.network.inputSize, this.network.output.units, { path: 'validation' })
      this.validation = { data, ws: evaluationWorkspace(this.layout, data, this.kernels, this.training.precision) }
    } else {
      this.validation = null
    }
    if (opts.poll) this.ws.poll = opts.poll
    for (let p = 0; p < P; p++) this.order[p] = p
    if (chunked) {
      const executor = opts.parallel ?? new SequentialChunks()
      executor.attach({ network: this.network, training: this.training, data: this.data, kernels: this.kernels })
      this.chunked = { local: new ChunkComputer(this.layout, this.data, this.backwardOptions, this.ws), executor, sum: new Float64Array(size) }
    } else {
      this.chunked = null
      if (this.training.batch === 'full') loadBatch(this.ws, this.data, this.order, 0, P)
    }
  }

  /** Float64 copies of the weights and optimizer state (exact: float32 values are float64 values). */
  snapshot(): { params: Float64Array; optimizer: OptimizerState } {
    const o = this.optimizer
    return { params: Float64Array.from(this.params), optimizer: { steps: o.steps, first: Float64Array.from(o.first), second: Float64Array.from(o.second) } }
  }

  /** True once `training.epochs` epochs are complete. */
  get done(): boolean {
    return this.epoch >= this.training.epochs
  }

  /** Runs one epoch; throws DivergenceError (with the weights of the previous epoch restored). */
  runEpoch(): EpochReport {
    if (this.diverged) throw this.diverged
    const started = this.now()
    const { params, grads, training, data, ws } = this
    const number = this.epoch + 1
    this.saveLastGood()
    this.epochGrad.fill(0)
    const full = training.batch === 'full'
    if (!full) {
      for (let p = 0; p < data.P; p++) this.order[p] = p
      this.shuffleRng.reseed(training.seed, shuffleStream(this.epoch))
      shuffleInPlace(this.order, this.shuffleRng)
    }
    let lossSum = 0
    let targetSum = 0
    try {
      for (let start = 0; start < data.P; start += this.batchSize) {
        const end = Math.min(start + this.batchSize, data.P)
        let E: number
        let count: number
        if (this.chunked) {
          ws.poll()
          count = targetCount(data, this.order, start, end)
          E = this.chunkedGradient(start, end, count)
        } else {
          if (!full) loadBatch(ws, data, this.order, start, end - start)
          ws.poll()
          grads.fill(0)
          forward(this.layout, ws.paramViews, ws)
          E = batchLoss(this.layout, ws, this.backwardOptions.loss)
          count = ws.count
        }
        if (!Number.isFinite(E)) this.fail(number, 'loss', `loss became ${E} at epoch ${number}`)
        if (!this.chunked) backward(this.layout, ws.paramViews, ws.gradViews, ws, this.backwardOptions)
        ws.kernels.add(this.epochGrad, grads)
        clipGradient(grads, training.clipGradNorm, ws.kernels)
        optimizerStep(params, grads, this.optimizer, training, ws.kernels)
        lossSum += training.loss === 'mse' ? E * count : E
        targetSum += count
      }
    } catch (e) {
      if (!(e instanceof DivergenceError)) this.restoreLastGood() // aborted by poll: back to the epoch's start
      throw e
    }
    for (let i = 0; i < params.length; i++) {
      if (!Number.isFinite(params[i])) {
        const entry = this.layout.entries.find((e) => i >= e.offset && i < e.offset + e.size)!
        this.fail(number, 'weights', `weights became ${params[i]} at epoch ${number} (in ${entry.name})`)
      }
    }
    // a network whose error on held-out data overflows has diverged too (and history cannot hold Infinity)
    const validationLoss = this.validation ? evaluate(this.layout, params, this.validation.data, this.backwardOptions.loss, this.validation.ws).loss : undefined
    if (validationLoss !== undefined && !Number.isFinite(validationLoss)) this.fail(number, 'loss', `validation loss became ${validationLoss} at epoch ${number}`)
    this.epoch = number
    return {
      epoch: number,
      loss: training.loss === 'mse' ? (targetSum > 0 ? lossSum / targetSum : 0) : lossSum,
      gradNorms: this.layout.layers.map((layer) => {
        const from = layer.W.offset
        const last = layer.b ?? layer.V ?? layer.W // entries of one layer are contiguous: W, V, b
        return l2Norm(this.epochGrad, from, last.offset + last.size)
      }),
      ...(validationLoss !== undefined ? { validationLoss } : {}),
      seconds: (this.now() - started) / 1000,
    }
  }

  /**
   * E and gradient (into `grads`) of the batch order[start..end) from its chunks, in jobs of at most
   * CHUNK_SLOTS chunks: the sum runs in chunk order (0 + g_0) + g_1 + …, whoever computed each g_j.
   */
  private chunkedGradient(start: number, end: number, targets: number): number {
    const { local, executor, sum } = this.chunked!
    const { grads, order } = this
    const span = CHUNK_SLOTS * CHUNK_SEQUENCES
    sum.fill(0)
    let E = 0
    for (let jobStart = start; jobStart < end; jobStart += span) {
      const job = { params: this.params, order, start: jobStart, end: Math.min(jobStart + span, end), targets, chunks: 0 }
      job.chunks = Math.ceil((job.end - job.start) / CHUNK_SEQUENCES)
      const results = executor.run(job, (chunk, grad) => {
        const { from, count } = chunkRange(job, chunk)
        const Ej = local.compute(order, from, count, targets) // into local.ws.grads, which is `grads`
        grad.set(grads)
        return Ej
      })
      for (let j = 0; j < job.chunks; j++) {
        const g = results.grads[j]
        for (let i = 0; i < sum.length; i++) sum[i] += g[i]
        E += results.losses[j]
      }
    }
    grads.set(sum)
    return E
  }

  private saveLastGood(): void {
    this.lastGood.set(this.params)
    this.lastGoodOptimizer.steps = this.optimizer.steps
    this.lastGoodOptimizer.first.set(this.optimizer.first)
    this.lastGoodOptimizer.second.set(this.optimizer.second)
  }

  private restoreLastGood(): void {
    this.params.set(this.lastGood)
    this.optimizer.steps = this.lastGoodOptimizer.steps
    this.optimizer.first.set(this.lastGoodOptimizer.first)
    this.optimizer.second.set(this.lastGoodOptimizer.second)
  }

  private fail(epoch: number, what: 'loss' | 'weights', problem: string): never {
    this.restoreLastGood()
    const advice = this.training.clipGradNorm > 0 ? 'lower the learning rate' : 'lower the learning rate or set a gradient-norm clip'
    this.diverged = new DivergenceError(epoch, what, `${problem}; ${advice}. The weights of epoch ${epoch - 1} are kept.`)
    throw this.diverged
  }
}
