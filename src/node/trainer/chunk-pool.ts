/**
 * The core's ChunkExecutor (src/core/chunks.ts) on worker threads: the calling thread (the trainer's compute
 * thread, or a benchmark) and (threads − 1) helper threads compute the chunks of each job; the core then
 * sums the chunk gradients in chunk order, so the weights do not depend on how many threads there were.
 *
 * Every helper has its own ChunkComputer (its own workspace and kernel memory), built from the same
 * ChunkSetup as the trainer's. Shared between all threads (SharedArrayBuffers, in `ChunkShared`): the
 * weights of the current job, the epoch's sequence order, one gradient buffer and one E per chunk slot, and
 * a control block of Int32 slots:
 *   JOB     generation (bits 10..30) · chunks of the job (bits 5..9) · next chunk to claim (bits 0..4):
 *           one word, so that a claim (compare-and-exchange next → next + 1) is valid only for the job it
 *           read; a job is published by storing a new generation after writing its weights and order.
 *   DONE    chunks of the job finished
 *   FAILED  1 once a helper failed (its reason in `message`); the executor then refuses to go on
 *   START, END, TARGETS   the job's batch range and its N
 *   READY   helpers that have built their computer: attach waits for all of them (or a failure), so a helper
 *           that cannot start fails the trainer's construction, and a run's first job has every thread
 * A helper copies the weights when it first claims a chunk of a new generation: the calling thread writes the
 * weights only between jobs, when every chunk of the last job is done, so a successful claim proves the copy
 * read one job's weights (a failed claim just retries, copying again if the generation moved on).
 *
 * The calling thread claims chunks too, through `local` (the trainer's own workspace with its poll hook:
 * pause blocks there, stop throws); on a throw it claims the rest of the job for nobody, waits until the
 * helpers have finished the chunks they hold, and rethrows, so the next job starts clean.
 *
 * Helpers are started by `spawn` (the trainer's router thread in the trainer process, which stays responsive
 * and so can see a helper crash and mark it in FAILED; a benchmark starts them itself with startChunkHelpers)
 * and stopped by whoever started them (terminate) when the run ends.
 *
 * Not here: the chunking and the order of the sum (the core's), the trainer protocol (trainer.ts).
 */
import type { Worker, WorkerOptions } from 'node:worker_threads'
import { CHUNK_SLOTS, chunkRange, createChunkComputer, paramLayout, type ChunkExecutor, type ChunkJob, type ChunkResults, type ChunkSetup } from '../../core/index.js'
import { startWorker } from '../worker-thread.js'

const JOB = 0
const DONE = 1
const FAILED = 2
const START = 3
const END = 4
const TARGETS = 5
const READY = 6
const CONTROL_SLOTS = 7
const MESSAGE_BYTES = 2048

const NEXT_BITS = 5 // chunks and next ≤ CHUNK_SLOTS = 16 < 32
const FIELD = (1 << NEXT_BITS) - 1
const GENERATIONS = 1 << 21
const jobWord = (generation: number, chunks: number, next: number) => (generation << (2 * NEXT_BITS)) | (chunks << NEXT_BITS) | next
const generationOf = (word: number) => word >>> (2 * NEXT_BITS)
const chunksOf = (word: number) => (word >>> NEXT_BITS) & FIELD
const nextOf = (word: number) => word & FIELD

/** The memory every thread of a pool shares. */
export interface ChunkShared {
  control: Int32Array
  params: Float64Array
  order: Int32Array
  /** CHUNK_SLOTS gradients, one after the other. */
  grads: Float64Array
  losses: Float64Array
  message: Uint8Array
}

/** What a helper thread is started with (workerData; SharedArrayBuffers are shared, not copied). */
export interface ChunkHelperInit {
  role: 'chunk-helper'
  setup: ChunkSetup
  shared: ChunkShared
}

function sharedFor(setup: ChunkSetup): ChunkShared {
  if (CHUNK_SLOTS > FIELD) throw new Error('chunk-pool: CHUNK_SLOTS does not fit the job word')
  const size = paramLayout(setup.network).size
  const f64 = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n))
  return {
    control: new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS)),
    params: f64(size),
    order: new Int32Array(new SharedArrayBuffer(4 * setup.data.P)),
    grads: f64(CHUNK_SLOTS * size),
    losses: f64(CHUNK_SLOTS),
    message: new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES)),
  }
}

/** Marks a pool failed with a reason (from a helper, or from whoever watches the helpers) and wakes its waiters. */
export function markChunkPoolFailed(shared: ChunkShared, reason: string): void {
  if (Atomics.compareExchange(shared.control, FAILED, 0, 1) !== 0) return // the first reason stays
  const bytes = new TextEncoder().encode(reason).subarray(0, MESSAGE_BYTES)
  shared.message.fill(0)
  shared.message.set(bytes)
  Atomics.store(shared.control, FAILED, 2) // the message is complete
  Atomics.notify(shared.control, DONE)
  Atomics.notify(shared.control, JOB)
  Atomics.notify(shared.control, READY)
}

function failure(shared: ChunkShared): string | null {
  if (Atomics.load(shared.control, FAILED) === 0) return null
  while (Atomics.load(shared.control, FAILED) !== 2) Atomics.wait(shared.control, FAILED, 1, 10)
  const end = shared.message.indexOf(0)
  // decode from a copy: TextDecoder refuses views of shared memory
  return new TextDecoder().decode(shared.message.slice(0, end < 0 ? MESSAGE_BYTES : end))
}

export interface ThreadChunksOptions {
  /** Threads in all, the calling one included, for a run's settings (the host resolves 'auto'). */
  threads: (setup: ChunkSetup) => number
  /** Starts `helpers` helper threads with `init` as workerData (see startChunkHelpers). */
  spawn: (init: ChunkHelperInit, helpers: number) => void
}

/** A ChunkExecutor on the calling thread plus helper threads. */
export class ThreadChunks implements ChunkExecutor {
  /** Threads computing chunks, the calling one included (known after attach). */
  threads = 1
  private shared: ChunkShared | null = null
  private results: ChunkResults | null = null
  private generation = 0

  constructor(private readonly options: ThreadChunksOptions) {}

  attach(setup: ChunkSetup): void {
    if (this.shared) throw new Error('ThreadChunks: attached twice')
    this.threads = Math.max(1, Math.floor(this.options.threads(setup)))
    const shared = (this.shared = sharedFor(setup))
    const size = shared.params.length
    this.results = { grads: Array.from({ length: CHUNK_SLOTS }, (_, j) => shared.grads.subarray(j * size, (j + 1) * size)), losses: shared.losses }
    if (this.threads === 1) return
    const helpers = this.threads - 1
    this.options.spawn({ role: 'chunk-helper', setup, shared }, helpers)
    for (let ready = Atomics.load(shared.control, READY); ready < helpers; ready = Atomics.load(shared.control, READY)) {
      this.throwIfFailed()
      Atomics.wait(shared.control, READY, ready, 1000)
    }
  }

  run(job: ChunkJob, local: (chunk: number, grad: Float64Array) => number): ChunkResults {
    const { shared, results } = this
    if (!shared || !results) throw new Error('ThreadChunks: attach() first')
    this.throwIfFailed()
    const { control } = shared
    if (job.chunks > CHUNK_SLOTS) throw new Error(`ThreadChunks: a job of ${job.chunks} chunks (at most ${CHUNK_SLOTS})`)
    if (this.threads === 1) {
      for (let j = 0; j < job.chunks; j++) results.losses[j] = local(j, results.grads[j])
      return results
    }
    // publish: everything a helper reads, then the job word
    shared.params.set(job.params)
    shared.order.set(job.order.subarray(job.start, job.end), job.start) // the job's sequences: all a helper reads
    Atomics.store(control, START, job.start)
    Atomics.store(control, END, job.end)
    Atomics.store(control, TARGETS, job.targets)
    Atomics.store(control, DONE, 0)
    this.generation = (this.generation + 1) % GENERATIONS
    const generation = this.generation
    Atomics.store(control, JOB, jobWord(generation, job.chunks, 0))
    Atomics.notify(control, JOB)
    for (let j = claim(control, generation); j >= 0; j = claim(control, generation)) {
      try {
        results.losses[j] = local(j, results.grads[j])
      } catch (e) {
        this.abandon(generation, job.chunks)
        throw e
      }
      Atomics.add(control, DONE, 1)
    }
    this.waitForDone(job.chunks)
    return results
  }

  /** After the calling thread's chunk threw: no more claims; wait for the chunks the helpers hold. */
  private abandon(generation: number, chunks: number): void {
    const { control } = this.shared!
    let word: number
    do word = Atomics.load(control, JOB)
    while (Atomics.compareExchange(control, JOB, word, jobWord(generation, chunks, chunks)) !== word)
    Atomics.add(control, DONE, 1) // the calling thread's own chunk, given up
    try {
      this.waitForDone(nextOf(word))
    } catch {
      // a failed helper: the original error is the one to report
    }
  }

  private waitForDone(claimed: number): void {
    const { control } = this.shared!
    for (let done = Atomics.load(control, DONE); done < claimed; done = Atomics.load(control, DONE)) {
      this.throwIfFailed()
      Atomics.wait(control, DONE, done, 1000)
    }
    this.throwIfFailed()
  }

  private throwIfFailed(): void {
    const reason = this.shared && failure(this.shared)
    if (reason !== null && reason !== undefined) throw new Error(`a training thread failed: ${reason}`)
  }
}

/** Claims the next chunk of job `generation`, or −1 when it has none left (or is no longer current). */
function claim(control: Int32Array, generation: number): number {
  for (;;) {
    const word = Atomics.load(control, JOB)
    if (generationOf(word) !== generation || nextOf(word) >= chunksOf(word)) return -1
    if (Atomics.compareExchange(control, JOB, word, word + 1) === word) return nextOf(word)
  }
}

/** A helper thread's life: build its computer, then compute chunks of whichever job is current, forever. */
export function runChunkHelper(init: ChunkHelperInit): void {
  const { shared, setup } = init
  const { control } = shared
  try {
    const computer = createChunkComputer(setup)
    const size = shared.params.length
    Atomics.add(control, READY, 1)
    Atomics.notify(control, READY)
    let copied = -1 // the generation whose weights the computer holds
    for (;;) {
      if (Atomics.load(control, FAILED) !== 0) return
      const word = Atomics.load(control, JOB)
      const generation = generationOf(word)
      const j = nextOf(word)
      if (j >= chunksOf(word)) {
        Atomics.wait(control, JOB, word) // until a new job (or another claim) changes the word
        continue
      }
      if (generation !== copied) {
        computer.ws.params.set(shared.params)
        copied = generation
      }
      if (Atomics.compareExchange(control, JOB, word, word + 1) !== word) continue
      // chunk j of the current job is ours; the job's fields stay put until every chunk is done
      const range = chunkRange({ start: Atomics.load(control, START), end: Atomics.load(control, END) }, j)
      shared.losses[j] = computer.compute(shared.order, range.from, range.count, Atomics.load(control, TARGETS))
      shared.grads.set(computer.ws.grads, j * size)
      Atomics.add(control, DONE, 1)
      Atomics.notify(control, DONE)
    }
  } catch (e) {
    markChunkPoolFailed(shared, e instanceof Error ? e.message : String(e))
  }
}

/**
 * Starts `count` helper threads on `entry` (a module that calls runChunkHelper(workerData) when its
 * workerData has role 'chunk-helper': the trainer's own file). A helper that dies (an error it could not
 * catch, running out of memory, an exit) marks the pool failed with the reason, unless `stop` was called.
 */
export function startChunkHelpers(entry: URL, init: ChunkHelperInit, count: number, options: Pick<WorkerOptions, 'resourceLimits'> = {}): { workers: Worker[]; stop(): Promise<void> } {
  let stopping = false
  const workers = Array.from({ length: count }, () => {
    const worker = startWorker(entry, { workerData: init, resourceLimits: options.resourceLimits })
    worker.on('error', (e: Error & { code?: string }) =>
      markChunkPoolFailed(init.shared, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'it ran out of memory; use a smaller network or data set, or fewer threads' : e.message),
    )
    worker.on('exit', (code) => {
      if (!stopping) markChunkPoolFailed(init.shared, `it stopped unexpectedly (exit code ${code})`)
    })
    return worker
  })
  return {
    workers,
    stop: async () => {
      stopping = true
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
