/**
 * Chunked batches: how a large batch is cut into fixed chunks of sequences whose gradients are computed
 * separately (possibly on several threads, which the HOST supplies) and summed in a fixed order, so that a
 * run's weights are bit-identical whatever the number of threads.
 *
 * The gradient of a batch is a sum over its sequences (lecture-model.md: E = Σ_p E_p, so ∂E/∂w = Σ_p ∂E_p/∂w).
 * A batch of more than CHUNK_SEQUENCES sequences order[start..end) is cut, in batch order, into chunks
 *   chunk j = order[start + j·CHUNK_SEQUENCES, min(start + (j+1)·CHUNK_SEQUENCES, end))
 * Each chunk's E_j and gradient g_j are computed on a workspace of Bcap = CHUNK_SEQUENCES from the same
 * weights, by the same code; the batch's gradient is then (((0 + g_0) + g_1) + g_2) + … in chunk order, and
 * E likewise. Which thread computed which chunk, and in which order, changes nothing in any bit. With 'mse' every chunk
 * divides by the N (ℓ × rows with a target) of the WHOLE batch, so the chunks' E_j and g_j add up to the batch's.
 *
 * Why 32 sequences: a chunk must be big enough that its products (32·T rows) keep the kernels efficient
 * and the per-chunk overhead (loading, copying and adding one gradient) small, and small enough that a
 * typical batch (NETtalk's 1,000 words, P = 64 … 256 data sets) gives each of 2–4 threads several chunks.
 * Batches of at most 32 sequences (per-sequence updates, small minibatches) are not chunked at all: they run
 * on one workspace on the calling thread with no thread overhead. The choice depends on the batch size
 * only, never on the thread count (that would change the rounding, and so the weights).
 *
 * Chunks are handed out in jobs of at most CHUNK_SLOTS (so that a job's gradients need bounded memory: 16
 * gradient buffers however large the batch).
 *
 * Not here: threads, workers, shared memory (the host's ChunkExecutor: src/node/trainer/chunk-pool.ts).
 */
import { allocate, type KernelChoice, type KernelKind } from './compute.js'
import type { PackedData } from './data.js'
import { backward, batchLoss, buildWorkspace, forward, loadBatch, type BackwardOptions, type Workspace } from './network.js'
import { paramLayout, type ParamLayout } from './params.js'
import type { Floats, NormalizedNetworkSpec, NormalizedTrainingSpec } from './spec.js'

/** Sequences per chunk; batches of at most this many are not chunked. */
export const CHUNK_SEQUENCES = 32
/** Chunks per job, at most: the number of gradient buffers an executor needs. */
export const CHUNK_SLOTS = 16

/** Whether a batch of `batchSize` sequences is cut into chunks. */
export function isChunked(batchSize: number): boolean {
  return batchSize > CHUNK_SEQUENCES
}

/** Sequences per batch of a training on P sequences. */
export function batchSizeOf(training: Pick<NormalizedTrainingSpec, 'batch' | 'batchSize'>, P: number): number {
  return training.batch === 'full' ? P : training.batch === 'sequence' ? 1 : Math.min(training.batchSize, P)
}

/** Threads that actually compute a training on P sequences when `threads` are available to it: 1 unless its
 *  batches are chunked (and never more than a job has chunks). */
export function threadsUsed(training: Pick<NormalizedTrainingSpec, 'batch' | 'batchSize'>, P: number, threads: number): number {
  const batchSize = batchSizeOf(training, P)
  if (!isChunked(batchSize)) return 1
  return Math.min(threads, Math.ceil(Math.min(batchSize, CHUNK_SLOTS * CHUNK_SEQUENCES) / CHUNK_SEQUENCES))
}

/** The settings of backward (and the loss) for a network and its training settings. */
export function backwardOptionsOf(network: NormalizedNetworkSpec, training: NormalizedTrainingSpec): BackwardOptions {
  return {
    loss: { kind: training.loss, activation: network.output.activation, errorTolerance: training.errorTolerance },
    gradient: training.gradient,
    horizon: training.horizon,
  }
}

/** What any thread needs to build a ChunkComputer identical to the trainer's own: plain data, structured-cloneable. */
export interface ChunkSetup {
  network: NormalizedNetworkSpec
  training: NormalizedTrainingSpec
  data: PackedData
  /** The kernel set the trainer runs: every thread must run the same one (its rounding differs). */
  kernels: KernelKind
}

/** One job: chunks [0, chunks) of the batch order[start..end), every one from the weights `params`. */
export interface ChunkJob {
  /** The trainer's weights (flat, in the layout), in the trainer's kernel memory (float32 in a float32 run). */
  params: Floats
  /** The epoch's sequence order (all P of them). */
  order: Int32Array
  /** Chunk j covers order[start + j·CHUNK_SEQUENCES, min(start + (j+1)·CHUNK_SEQUENCES, end)). */
  start: number
  end: number
  /** ℓ × rows with a target in the whole batch (not just this job): the N of 'mse'. */
  targets: number
  chunks: number
}

/** A job's results: chunk j's gradient in grads[j] (length: the layout's size) and its E in losses[j]. */
export interface ChunkResults {
  grads: readonly Float64Array[]
  losses: Float64Array
}

/**
 * Computes the chunks of a job, on whichever threads it has. Synchronous: `run` returns when every chunk of
 * the job is done. `local(j, grad)` computes chunk j on the calling thread (the trainer's own workspace,
 * with its poll hook, which may block to pause or throw to abort): when it throws, `run` returns only once
 * no other thread still works on the job, and rethrows.
 */
export interface ChunkExecutor {
  /** Called once, by the Trainer's constructor, when its batches are chunked. */
  attach(setup: ChunkSetup): void
  /** Results stay valid until the next call. */
  run(job: ChunkJob, local: (chunk: number, grad: Float64Array) => number): ChunkResults
}

/** Sequences [from, to) of chunk j of a job. */
export function chunkRange(job: Pick<ChunkJob, 'start' | 'end'>, chunk: number): { from: number; count: number } {
  const from = job.start + chunk * CHUNK_SEQUENCES
  return { from, count: Math.min(CHUNK_SEQUENCES, job.end - from) }
}

/** ℓ × rows with a target of sequences order[start..end). */
export function targetCount(data: PackedData, order: Int32Array, start: number, end: number): number {
  let rows = 0
  for (let i = start; i < end; i++) {
    const seq = order[i]
    for (let r = data.offsets[seq], last = r + data.lengths[seq]; r < last; r++) rows += data.mask[r]
  }
  return rows * data.nOut
}

/** Computes one chunk's E and gradient on a workspace of Bcap = CHUNK_SEQUENCES, from the weights in ws.params. */
export class ChunkComputer {
  constructor(
    readonly layout: ParamLayout,
    readonly data: PackedData,
    readonly options: BackwardOptions,
    readonly ws: Workspace,
  ) {
    if (ws.Bcap !== CHUNK_SEQUENCES) throw new Error(`a chunk workspace holds ${CHUNK_SEQUENCES} sequences, not ${ws.Bcap}`)
  }

  /** E of sequences order[from, from + count) and its gradient, into ws.grads (zeroed first); `targets`: the batch's N. */
  compute(order: Int32Array, from: number, count: number, targets: number): number {
    const { layout, ws } = this
    loadBatch(this.ws, this.data, order, from, count)
    ws.count = targets // the whole batch's N, not the chunk's
    ws.grads.fill(0)
    forward(layout, ws.paramViews, ws)
    const E = batchLoss(layout, ws, this.options.loss)
    backward(layout, ws.paramViews, ws.gradViews, ws, this.options)
    return E
  }
}

/** A ChunkComputer in its own kernel memory, for a helper thread. */
export function createChunkComputer(setup: ChunkSetup): ChunkComputer {
  const layout = paramLayout(setup.network)
  const ws = allocate(setup.kernels, (kernels) => buildWorkspace(layout, CHUNK_SEQUENCES, setup.data.maxLength, kernels, true), { precision: setup.training.precision })
  if (ws.kernels.kind !== setup.kernels) throw new Error(`this thread runs the ${ws.kernels.kind} kernels, the trainer the ${setup.kernels} ones`)
  return new ChunkComputer(layout, setup.data, backwardOptionsOf(setup.network, setup.training), ws)
}

/** The executor without threads: every chunk on the calling thread, in order. */
export class SequentialChunks implements ChunkExecutor {
  private results: ChunkResults | null = null

  attach(setup: ChunkSetup): void {
    const size = paramLayout(setup.network).size
    this.results = { grads: Array.from({ length: CHUNK_SLOTS }, () => new Float64Array(size)), losses: new Float64Array(CHUNK_SLOTS) }
  }

  run(job: ChunkJob, local: (chunk: number, grad: Float64Array) => number): ChunkResults {
    const results = this.results
    if (!results) throw new Error('SequentialChunks: attach() first')
    for (let j = 0; j < job.chunks; j++) results.losses[j] = local(j, results.grads[j])
    return results
  }
}

/**
 * E and ∂E/∂w of a whole data set as ONE batch (every sequence; 'mse' over the whole N) from `params`, chunk by
 * chunk on the calling thread, in float64: the gradient a full-batch epoch of `options` would apply. For the
 * lab and the gradient check (lab.ts, gradcheck.ts); the trainer goes through its ChunkExecutor instead.
 */
export function datasetGradient(layout: ParamLayout, params: Float64Array, data: PackedData, options: BackwardOptions, kernels: KernelChoice = 'auto'): { loss: number; grads: Float64Array } {
  if (params.length !== layout.size) throw new Error(`expected ${layout.size} parameters, got ${params.length}`)
  const ws = allocate(kernels, (k) => buildWorkspace(layout, CHUNK_SEQUENCES, data.maxLength, k, true), { precision: 'float64' })
  ws.params.set(params)
  const computer = new ChunkComputer(layout, data, options, ws)
  const order = Int32Array.from({ length: data.P }, (_, p) => p)
  const targets = targetCount(data, order, 0, data.P)
  const grads = new Float64Array(layout.size)
  let loss = 0
  for (let from = 0; from < data.P; from += CHUNK_SEQUENCES) {
    loss += computer.compute(order, from, Math.min(CHUNK_SEQUENCES, data.P - from), targets)
    for (let i = 0; i < grads.length; i++) grads[i] += ws.grads[i]
  }
  return { loss, grads }
}
