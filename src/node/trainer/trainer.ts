/**
 * The trainer process: one training run, started by a host through the launcher interface
 * (Electron's utilityProcess.fork in the app, Node's child_process.fork in tests and the CLI). Same file
 * for both: it adapts to whichever parent port it finds. Protocol: src/shared/trainer-protocol.ts.
 *
 * Two threads, so that commands take effect even in the middle of a long epoch:
 * - the process's main thread (the router) talks to the host and never computes;
 * - a worker thread (this same file, started with `isMainThread` false) runs the core's Trainer.
 * They share a small control block (SharedArrayBuffer): the router writes commands into it, and the
 * trainer's poll hook (called at every time step) reads it: pause blocks in Atomics.wait until resumed,
 * stop aborts the epoch (the core restores the epoch's start), a snapshot request is answered at once.
 * A pace (epochs per second) only makes the worker wait between epochs, in Atomics.wait so that pause and stop
 * still take effect at once: the numbers are those of an unpaced run.
 * The worker has a heap limit; running out of it fails the run with a readable reason.
 *
 * Threads: a batch of more than 32 sequences is computed in chunks (src/core/chunks.ts) by the compute
 * thread and (threads − 1) helper threads (chunk-pool.ts: this same file again, with workerData role
 * 'chunk-helper'). The router starts and watches them, because the compute thread never returns to its
 * event loop while it trains: a helper that dies marks the pool failed and the run fails with the reason.
 * The router stops the helpers when the compute thread ends.
 */
import { availableParallelism } from 'node:os'
import { isMainThread, parentPort as workerPort, workerData, type Worker } from 'node:worker_threads'
import { startWorker } from '../worker-thread.js'
import { DivergenceError, Trainer, inspectSequence, resolveThreads, threadsUsed, type EpochReport } from '../../core/index.js'
import { wordsScorer } from '../../core/nettalk/index.js'
import type { RunKernels } from '../../shared/kernels.js'
import { markChunkPoolFailed, runChunkHelper, startChunkHelpers, ThreadChunks, type ChunkHelperInit } from './chunk-pool.js'
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer, type LateScore, type RunScore, type TrainerStart, type TrainerToHost, type WeightsAt } from '../../shared/trainer-protocol.js'

/** Control block: Int32Array slots. */
const MODE = 0 // RUN, PAUSE or STOP
const STEP = 1 // 1: pause again after the current epoch
const SNAPSHOT = 2 // 1: a snapshot is wanted
const INSPECT = 3 // the training sequence whose states to report, −1 for none
const PACE = 4 // at most this many thousandths of an epoch per second (0: as fast as possible)
const RUN = 0
const PAUSE = 1
const STOP = 2

const DEFAULT_MEMORY_MB = 2048
const DEFAULT_INTERVAL_MS = 50
const INSPECT_INTERVAL_MS = 500

class StopRequested extends Error {}

/** Compute thread → router, not forwarded to the host: start the chunk helpers. */
interface StartHelpers {
  type: 'start-helpers'
  init: ChunkHelperInit
  helpers: number
}

interface Port {
  post(message: TrainerToHost): void
  onMessage(listener: (message: HostToTrainer) => void): void
}

/** The parent port: Electron's utility process has process.parentPort, a Node child has process.send. */
function parentPort(): Port {
  const electronPort = (process as unknown as { parentPort?: { on(e: 'message', l: (e: { data: HostToTrainer }) => void): void; postMessage(m: unknown): void } }).parentPort
  if (electronPort) {
    return { post: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on('message', (e) => l(e.data)) }
  }
  if (!process.send) throw new Error('the trainer must be started by a host (no parent port)')
  return { post: (m) => process.send!(m), onMessage: (l) => process.on('message', (m) => l(m as HostToTrainer)) }
}

function router(): void {
  const port = parentPort()
  const control = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT))
  let worker: Worker | null = null
  let helpers: { stop(): Promise<void> } | null = null
  const stopHelpers = () => {
    void helpers?.stop()
    helpers = null
  }
  let latest: WeightsAt | null = null // the last weights the worker reported, for a failure report
  let ended = false
  const command = (slot: number, value: number) => {
    Atomics.store(control, slot, value)
    Atomics.notify(control, MODE)
  }
  /** Sets the mode unless a stop is under way: a stop is final. */
  const setPace = (epochsPerSecond: number | undefined) => command(PACE, Number.isFinite(epochsPerSecond) && epochsPerSecond! > 0 ? Math.max(1, Math.round(epochsPerSecond! * 1000)) : 0)
  const setMode = (mode: number) => {
    if (Atomics.load(control, MODE) !== STOP) command(MODE, mode)
  }
  const fail = (message: string) => {
    if (ended) return
    ended = true
    port.post({ type: 'failed', message, reports: [], weights: latest })
  }

  port.onMessage((message) => {
    switch (message.type) {
      case 'start': {
        if (worker) return fail('the trainer was started twice')
        if (message.paused) Atomics.store(control, MODE, PAUSE)
        Atomics.store(control, INSPECT, message.inspect ?? -1)
        setPace(message.pace)
        const limit = message.memoryLimitMb ?? DEFAULT_MEMORY_MB
        worker = startWorker(new URL(import.meta.url), { workerData: { start: message, control }, resourceLimits: { maxOldGenerationSizeMb: limit } })
        worker.on('message', (m: TrainerToHost | StartHelpers) => {
          if (m.type === 'start-helpers') {
            try {
              helpers = startChunkHelpers(new URL(import.meta.url), m.init, m.helpers, { resourceLimits: { maxOldGenerationSizeMb: limit } })
            } catch (e) {
              markChunkPoolFailed(m.init.shared, `it could not be started (${(e as Error).message})`) // the compute thread waits for it
            }
            return
          }
          if (m.type === 'finished' || m.type === 'failed') stopHelpers()
          if (m.type === 'progress' || m.type === 'snapshot' || m.type === 'finished') latest = m.weights
          if (m.type === 'finished' || m.type === 'failed') ended = true
          port.post(m)
        })
        worker.on('error', (e: Error & { code?: string }) =>
          fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the trainer ran out of memory (limit ${limit} MB); use a smaller network or data set` : `the trainer failed: ${e.message}`),
        )
        worker.on('exit', (code) => {
          stopHelpers()
          fail(`the trainer stopped unexpectedly (exit code ${code})`)
        })
        return
      }
      case 'pause':
        return setMode(PAUSE)
      case 'resume':
        Atomics.store(control, STEP, 0)
        return setMode(RUN)
      case 'step':
        Atomics.store(control, STEP, 1)
        return setMode(RUN)
      case 'stop':
        return command(MODE, STOP) // before the start, too: the worker then stops at once
      case 'snapshot':
        return command(SNAPSHOT, 1)
      case 'pace':
        return setPace(message.epochsPerSecond)
      case 'inspect':
        // the sequence travels through the control block too: the worker may be deep inside an epoch
        return command(INSPECT, message.sequence === null ? -1 : message.sequence)
    }
  })
  // Ctrl-C in a terminal reaches the whole process group: the host decides (it asks for a stop)
  process.on('SIGINT', () => {})
  // a Node host that goes away takes its trainer with it (Electron ends utility processes itself)
  process.on('disconnect', () => process.exit(1))
  port.post({ type: 'ready', version: TRAINER_PROTOCOL_VERSION })
}

function compute(): void {
  const { start, control } = workerData as { start: TrainerStart; control: Int32Array }
  const post = (m: TrainerToHost) => workerPort!.postMessage(m)
  let trainer: Trainer
  let score: ((params: Trainer['params']) => NonNullable<EpochReport['scores']>) | null
  try {
    const memoryLimitBytes = (start.memoryLimitMb ?? DEFAULT_MEMORY_MB) * 2 ** 20 // typed arrays live outside the heap limit
    const parallel = new ThreadChunks({
      threads: (setup) => threadsUsed(setup.training, setup.data.P, resolveThreads(setup.training.threads, availableParallelism())),
      spawn: (init, helpers) => workerPort!.postMessage({ type: 'start-helpers', init, helpers } satisfies StartHelpers),
    })
    trainer = new Trainer({ ...start, optimizerState: start.optimizer, now: () => performance.now(), poll: () => poll(), memoryLimitBytes, parallel })
    const every = start.score?.every ?? 1
    if (!(Number.isInteger(every) && every >= 1)) throw new Error(`score.every: expected a whole number of epochs ≥ 1, got ${JSON.stringify(every)}`)
    score = start.score ? runScorer(start.score, trainer) : null
  } catch (e) {
    post({ type: 'failed', message: (e as Error).message, reports: [], weights: null })
    return
  }
  const interval = start.progressIntervalMs ?? DEFAULT_INTERVAL_MS
  const epochs = start.epochs ?? trainer.training.epochs
  const kernels: RunKernels = {
    kind: trainer.kernels,
    choice: start.kernels ?? 'auto',
    precision: trainer.training.precision,
    threads: threadsUsed(trainer.training, trainer.data.P, resolveThreads(trainer.training.threads, availableParallelism())),
  }
  let pending: EpochReport[] = []
  let lastFlush = 0
  // weights at the end of the last completed epoch (the trainer's own are mid-update during an epoch)
  const weightsAt = (): WeightsAt => ({ epoch: trainer.epoch, ...trainer.snapshot() }) // float64 copies, whatever the run's precision
  let completed = weightsAt()
  const startEpoch = completed.epoch
  /** The last epoch scored (RunScore.every, a run's last, or a pause or stop below). */
  let scoredEpoch = startEpoch
  /** A pause or a stop at an epoch of this run not scored yet: its score, so the score chart shows where the run
   *  is (a completed run has scored its last epoch already). Scores the last completed epoch's weights: the
   *  trainer's own may be mid-update. */
  const lateScore = (): { score: LateScore } | Record<string, never> => {
    if (!score || completed.epoch <= scoredEpoch) return {}
    scoredEpoch = completed.epoch
    return { score: { epoch: completed.epoch, scores: score(completed.params) } }
  }
  let lastInspection = -Infinity
  let inspectedEpoch = -1
  /** The states of the chosen sequence under the last completed epoch's weights, at most every 500 ms. */
  const inspect = (force: boolean) => {
    const sequence = Atomics.load(control, INSPECT)
    if (sequence < 0 || sequence >= trainer.data.P || completed.epoch === inspectedEpoch) return
    if (!force && performance.now() - lastInspection < INSPECT_INTERVAL_MS) return
    const { hidden, outputs } = inspectSequence(trainer.layout, completed.params, trainer.data, sequence)
    post({ type: 'inspection', epoch: completed.epoch, sequence, hidden, outputs, params: completed.params })
    lastInspection = performance.now()
    inspectedEpoch = completed.epoch
  }
  const flush = () => {
    if (pending.length === 0) return
    post({ type: 'progress', reports: pending, weights: completed })
    pending = []
    lastFlush = performance.now()
    inspect(false)
  }
  const answerSnapshot = () => {
    if (Atomics.load(control, SNAPSHOT) === 1) {
      Atomics.store(control, SNAPSHOT, 0)
      post({ type: 'snapshot', weights: completed })
    }
  }
  // the pace: the k-th epoch of a paced stretch ends no earlier than the stretch's start + k / pace seconds (a
  // pause or a new pace starts a new stretch)
  let paceNow = 0
  let paceOrigin = 0
  let pacedEpochs = 0
  const keepPace = () => {
    const pace = Atomics.load(control, PACE)
    if (pace !== paceNow) {
      paceNow = pace
      paceOrigin = performance.now()
      pacedEpochs = 0
    }
    if (pace === 0) return
    pacedEpochs++
    flush() // each epoch reported as it ends: that is what the pace is for
    for (;;) {
      const wait = paceOrigin + (pacedEpochs * 1e6) / pace - performance.now()
      if (wait <= 0) break
      // woken early by any command: a pause, a stop or a new pace ends the wait (poll() then acts on it)
      Atomics.wait(control, MODE, RUN, wait)
      if (Atomics.load(control, MODE) !== RUN || Atomics.load(control, PACE) !== pace) break
      answerSnapshot()
    }
  }
  const poll = () => {
    answerSnapshot()
    let mode = Atomics.load(control, MODE)
    if (mode === PAUSE) {
      flush()
      inspect(true)
      post({ type: 'state', state: 'paused', epoch: trainer.epoch, kernels, ...lateScore() })
      while ((mode = Atomics.load(control, MODE)) === PAUSE) {
        Atomics.wait(control, MODE, PAUSE, 250)
        answerSnapshot()
      }
      if (mode === RUN) post({ type: 'state', state: 'running', epoch: trainer.epoch, kernels })
      paceNow = 0 // after a pause the pace starts afresh
    }
    if (mode === STOP) throw new StopRequested()
  }
  if (Atomics.load(control, MODE) !== PAUSE) post({ type: 'state', state: 'running', epoch: trainer.epoch, kernels })
  try {
    for (let i = 0; i < epochs; i++) {
      poll() // between epochs too: pause, stop and snapshots take effect even when epochs are short
      const report = trainer.runEpoch() // before touching `pending`: a pause inside the epoch flushes it
      if (score && (report.epoch % (start.score!.every ?? 1) === 0 || i === epochs - 1)) {
        report.scores = score(trainer.params) // the epoch's own weights: it has just ended
        scoredEpoch = report.epoch
      }
      pending.push(report)
      completed = weightsAt()
      if (Atomics.load(control, STEP) === 1) {
        Atomics.store(control, STEP, 0)
        if (i < epochs - 1) Atomics.compareExchange(control, MODE, RUN, PAUSE)
      }
      // epochs 1, 2, 4, 8, … of this run are always reported with their own weights, whatever the interval:
      // the host keeps those for "hear it learn" (training.ts, keepSnapshot), the same epochs on any machine
      const logSpaced = ((i + 1) & i) === 0
      if (logSpaced || performance.now() - lastFlush >= interval) flush()
      if (i < epochs - 1) keepPace()
    }
    inspect(true)
    post({ type: 'finished', reason: 'completed', reports: pending, weights: completed })
  } catch (e) {
    if (e instanceof StopRequested) post({ type: 'finished', reason: 'stopped', reports: pending, weights: completed, ...lateScore() })
    else if (e instanceof DivergenceError) post({ type: 'failed', message: e.message, reports: pending, weights: completed })
    else post({ type: 'failed', message: `the trainer failed: ${(e as Error).message}`, reports: pending, weights: completed })
  }
}

/** The run's task score with the weights given (see RunScore), on the trainer's kernel set: the
 *  words are packed once, at the start. */
function runScorer(score: RunScore, trainer: Trainer): (params: Trainer['params']) => NonNullable<EpochReport['scores']> {
  const scorer = (words: RunScore['train']) => wordsScorer(trainer.layout.spec, words, score.encoding, { kernels: trainer.kernels })
  const train = scorer(score.train)
  const validation = score.validation?.length ? scorer(score.validation) : null
  return (params) => ({ train: train.score(params).phonemes, ...(validation ? { validation: validation.score(params).phonemes } : {}) })
}

if (isMainThread) router()
else if ((workerData as { role?: string } | null)?.role === 'chunk-helper') runChunkHelper(workerData as ChunkHelperInit)
else compute()
