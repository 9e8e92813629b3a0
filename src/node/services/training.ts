/**
 * The training host: runs each training run in its own trainer process (through a TrainerLauncher),
 * keeps each run's state, loss history and latest weights, and reports what happens as TrainingEvents.
 * Runs are independent: one failing, crashing or being killed ends that run only.
 *
 * A run ends as 'completed', 'stopped' or 'failed'. A failed run keeps the weights of the last epoch it
 * reported (the trainer reports them with every progress message, at most every 50 ms by default).
 *
 * Not here: Electron (the launcher hides it) and windows (the caller forwards events).
 */
import type { EpochReport, NetworkSpec } from '../../core/index.js'
import type { EventMap, RunStatus, RunSummary } from '../../shared/ipc.js'
import type { RunKernels } from '../../shared/kernels.js'
import { kernelsFromEnvironment } from '../kernels.js'
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer, type LateScore, type TrainerStart, type TrainerToHost, type WeightsAt } from '../../shared/trainer-protocol.js'
import type { TrainerExit, TrainerLauncher, TrainerProcess } from './launcher.js'
import { datasetHash, type RunOutcome } from '../../shared/run-records.js'

/** What a run starts from: the trainer's start message (src/shared/trainer-protocol.ts). */
export type StartRequest = Omit<TrainerStart, 'type'>

/** Where the service reports what happens: the window's event map (src/shared/ipc.ts). */
export type TrainingEvents = <E extends 'training:progress' | 'training:status' | 'training:inspection'>(name: E, payload: EventMap[E]) => void

export interface RunInfo {
  id: string
  /** The network the run trains (its weights are laid out for it). */
  network: NetworkSpec
  status: RunStatus
  epoch: number
  loss: number[]
  validationLoss: number[]
  /** The latest weights reported (end of the last completed epoch the host heard of). */
  weights: WeightsAt | null
  /** The kernel set the trainer computes with, once it has said (with its first state). */
  kernels?: RunKernels
  message?: string
}

interface Run extends RunInfo {
  /** The epoch the run started from (earlier runs of the same weights). */
  startEpoch: number
  /** What the run was asked to do, for its record: the training settings as written, and its data. */
  request: StartRequest
  /** Epoch times (ms) of the start and the end. */
  startedAt: number
  endedAt?: number
  /** Scores as reported: epoch reports with scores, and a late score at a pause or stop. */
  scores: { epoch: number; scores: NonNullable<EpochReport['scores']> }[]
  /** Weights kept for "hear it learn": the first reported at or after each log-spaced epoch, and the last. */
  kept: { epoch: number; params: Float64Array }[]
  process: TrainerProcess
  waiting: { resolve: (w: WeightsAt | null) => void }[]
  snapshots: ((w: WeightsAt | null) => void)[]
  readyTimer: ReturnType<typeof setTimeout>
}

const READY_TIMEOUT_MS = 20_000
const ENDED: RunStatus[] = ['completed', 'stopped', 'failed']

export class TrainingService {
  private readonly runs = new Map<string, Run>()
  private nextId = 1

  constructor(
    private readonly launch: TrainerLauncher,
    private readonly emit: TrainingEvents,
    /** Ended runs whose weights and history are kept (older ones are forgotten). */
    private readonly keepEnded = 10,
  ) {}

  /** Starts a run on the kernel set the request names, else the one RNNWB_KERNELS names (throws
   *  KernelsSettingError, before starting anything, for a bad value). */
  start(request: StartRequest): string {
    const kernels = request.kernels ?? kernelsFromEnvironment()
    const id = `run-${this.nextId++}`
    const proc = this.launch()
    const run: Run = {
      id,
      status: 'starting',
      network: request.network,
      epoch: request.epoch ?? 0,
      loss: [],
      validationLoss: [],
      weights: null,
      startEpoch: request.epoch ?? 0,
      request,
      startedAt: Date.now(),
      scores: [],
      kept: [],
      process: proc,
      waiting: [],
      snapshots: [],
      readyTimer: setTimeout(() => this.end(run, 'failed', 'the trainer process did not start in time'), READY_TIMEOUT_MS),
    }
    this.runs.set(id, run)
    const start: TrainerStart = { type: 'start', ...request, kernels }
    proc.onMessage((m) => this.receive(run, m, start))
    proc.onExit((exit) => this.exited(run, exit))
    this.emit('training:status', { runId: id, status: 'starting', epoch: run.epoch })
    return id
  }

  pause(id: string): void {
    this.command(id, { type: 'pause' })
  }

  resume(id: string): void {
    this.command(id, { type: 'resume' })
  }

  /** Runs to the end of the current epoch (a whole epoch when paused between epochs), then pauses. */
  step(id: string): void {
    this.command(id, { type: 'step' })
  }

  /** Chooses the training sequence whose states the run reports (null: none). */
  inspect(id: string, sequence: number | null): void {
    this.command(id, { type: 'inspect', sequence })
  }

  /** A new pace for the rest of the run: at most this many epochs a second (0: as fast as possible). */
  pace(id: string, epochsPerSecond: number): void {
    this.command(id, { type: 'pace', epochsPerSecond })
  }

  /** Stops the run; resolves with the weights of the last completed epoch. */
  stop(id: string): Promise<WeightsAt | null> {
    const run = this.get(id)
    if (ENDED.includes(run.status)) return Promise.resolve(run.weights)
    if (run.status === 'starting') {
      // nothing trained yet: no need to wait for the trainer
      this.end(run, 'stopped')
      return Promise.resolve(run.weights)
    }
    return new Promise((resolve) => {
      run.waiting.push({ resolve })
      this.command(id, { type: 'stop' })
    })
  }

  /** The weights of the last completed epoch, straight from the trainer (even mid-epoch or paused);
   *  null when the run ended before it had any. */
  snapshot(id: string): Promise<WeightsAt | null> {
    const run = this.get(id)
    if (ENDED.includes(run.status)) return Promise.resolve(run.weights)
    return new Promise((resolve) => {
      run.snapshots.push(resolve)
      this.command(id, { type: 'snapshot' })
    })
  }

  /** Resolves when the run has ended (completed, stopped or failed). */
  ended(id: string): Promise<RunInfo> {
    const run = this.get(id)
    if (ENDED.includes(run.status)) return Promise.resolve(this.info(id))
    return new Promise((resolve) => run.waiting.push({ resolve: () => resolve(this.info(id)) }))
  }

  info(id: string): RunInfo {
    const { process: _p, waiting: _w, snapshots: _s, readyTimer: _t, request: _r, startedAt: _a, endedAt: _e, scores: _c, ...info } = this.get(id)
    return { ...info, loss: [...info.loss], validationLoss: [...info.validationLoss] }
  }

  /** What an ended run's record is made of (src/shared/run-records.ts `runRecord`); its final weights are
   *  left to the caller, who knows whether they are kept (and encodes them for the network). Throws while the
   *  run has not ended. */
  outcome(id: string): Omit<RunOutcome, 'weights'> {
    const run = this.get(id)
    if (run.status !== 'completed' && run.status !== 'stopped' && run.status !== 'failed') throw new Error(`${id} has not ended (${run.status})`)
    return {
      network: run.network,
      // the epochs it was asked for belong to its settings (a request may override the spec's)
      training: run.request.epochs !== undefined ? { ...run.request.training, epochs: run.request.epochs } : run.request.training,
      dataHash: datasetHash(run.request.data, run.request.validation),
      startedAt: run.startedAt,
      endedAt: run.endedAt ?? run.startedAt,
      startEpoch: run.startEpoch,
      status: run.status,
      ...(run.message ? { message: run.message } : {}),
      loss: [...run.loss],
      validationLoss: [...run.validationLoss],
      scores: [...run.scores],
      ...(run.kernels ? { kernels: run.kernels.kind } : {}),
    }
  }

  list(): RunInfo[] {
    return [...this.runs.keys()].map((id) => this.info(id))
  }

  /** What the window is told about a run. */
  summary(id: string): RunSummary {
    const run = this.get(id)
    return { runId: id, status: run.status, epoch: run.epoch, loss: run.loss.at(-1) ?? null, ...(run.kernels ? { kernels: run.kernels } : {}), ...(run.message ? { message: run.message } : {}) }
  }

  /** The process id of a run's trainer (tests use it to kill a trainer). */
  pid(id: string): number | undefined {
    return this.get(id).process.pid
  }

  /** Kills every trainer; for shutdown. */
  dispose(): void {
    for (const run of this.runs.values()) if (!ENDED.includes(run.status)) this.end(run, 'stopped', 'the app is closing')
  }

  private get(id: string): Run {
    const run = this.runs.get(id)
    if (!run) throw new Error(`no training run ${JSON.stringify(id)}`)
    return run
  }

  private command(id: string, message: HostToTrainer): void {
    const run = this.get(id)
    if (ENDED.includes(run.status)) throw new Error(`${id} has ended (${run.status})`)
    run.process.send(message)
  }

  private receive(run: Run, m: TrainerToHost, start: TrainerStart): void {
    if (ENDED.includes(run.status)) return
    switch (m.type) {
      case 'ready':
        clearTimeout(run.readyTimer)
        if (m.version !== TRAINER_PROTOCOL_VERSION) return this.end(run, 'failed', `the trainer speaks protocol ${m.version}, this app ${TRAINER_PROTOCOL_VERSION}`)
        run.process.send(start)
        return
      case 'progress':
        this.record(run, m.reports, m.weights)
        return
      case 'state':
        run.status = m.state
        run.kernels = m.kernels
        if (m.score) run.scores.push(m.score)
        this.emit('training:status', { runId: run.id, status: m.state, epoch: run.epoch, kernels: m.kernels, ...(m.score ? { score: m.score } : {}) })
        return
      case 'snapshot':
        run.weights = m.weights.epoch >= (run.weights?.epoch ?? -1) ? m.weights : run.weights
        run.snapshots.splice(0).forEach((resolve) => resolve(m.weights))
        return
      case 'inspection':
        this.emit('training:inspection', {
          runId: run.id,
          epoch: m.epoch,
          sequence: m.sequence,
          hidden: m.hidden.map((h) => Array.from(h)),
          outputs: Array.from(m.outputs),
          weights: Array.from(m.params),
        })
        return
      case 'finished':
        this.record(run, m.reports, m.weights)
        return this.end(run, m.reason, undefined, m.score)
      case 'failed':
        this.record(run, m.reports, m.weights)
        return this.end(run, 'failed', m.message)
    }
  }

  private record(run: Run, reports: EpochReport[], weights: WeightsAt | null): void {
    for (const r of reports) {
      run.loss.push(r.loss)
      if (r.validationLoss !== undefined) run.validationLoss.push(r.validationLoss)
      if (r.scores) run.scores.push({ epoch: r.epoch, scores: r.scores })
    }
    if (weights) {
      run.weights = weights
      keepSnapshot(run.kept, run.startEpoch, weights)
    }
    run.epoch = weights?.epoch ?? run.epoch
    if (reports.length > 0) this.emit('training:progress', { runId: run.id, reports })
  }

  /** The weights kept at log-spaced epochs of the run, and its latest, in epoch order. */
  snapshots(id: string): { epoch: number; params: Float64Array }[] {
    const run = this.get(id)
    const last = run.weights
    return last && run.kept.at(-1)?.epoch !== last.epoch ? [...run.kept, { epoch: last.epoch, params: last.params }] : [...run.kept]
  }

  private exited(run: Run, exit: TrainerExit): void {
    if (ENDED.includes(run.status)) return
    const how = exit.error
      ? `the trainer process could not be started (${exit.error})`
      : exit.signal === 'SIGKILL'
        ? 'the trainer process was killed (SIGKILL)'
        : exit.signal
          ? `the trainer process crashed (${exit.signal})`
          : exit.code === 134
            ? 'the trainer process ran out of memory'
            : `the trainer process exited unexpectedly (code ${exit.code})`
    const kept = run.weights ? `; the weights of epoch ${run.weights.epoch} are kept` : ''
    this.end(run, 'failed', how + kept)
  }

  private end(run: Run, status: 'completed' | 'stopped' | 'failed', message?: string, score?: LateScore): void {
    if (ENDED.includes(run.status)) return
    clearTimeout(run.readyTimer)
    run.status = status
    run.endedAt = Date.now()
    if (score) run.scores.push(score)
    if (message) run.message = message
    run.process.kill()
    this.emit('training:status', { runId: run.id, status, epoch: run.epoch, ...(run.kernels ? { kernels: run.kernels } : {}), ...(message ? { message } : {}), ...(score ? { score } : {}) })
    run.waiting.splice(0).forEach((w) => w.resolve(run.weights))
    run.snapshots.splice(0).forEach((resolve) => resolve(run.weights))
    this.forgetOldRuns()
  }

  /** Ended runs keep their weights and history; only the most recent `keepEnded` of them are kept. */
  private forgetOldRuns(): void {
    const ended = [...this.runs.values()].filter((r) => ENDED.includes(r.status))
    for (const old of ended.slice(0, Math.max(0, ended.length - this.keepEnded))) this.runs.delete(old.id)
  }
}

/** Keeps `weights` when they are the first at or after the next log-spaced epoch of the run (start + 1, 2, 4,
 *  8, …): at most ~log2(epochs) + 1 copies of the parameters per run, so babbling can be heard turning into
 *  speech. The reported weights arrive in batches (every ~50 ms), so a kept epoch may lie past its target. */
export function keepSnapshot(kept: { epoch: number; params: Float64Array }[], startEpoch: number, weights: WeightsAt): void {
  const last = kept.at(-1)
  const next = last ? 2 ** Math.floor(Math.log2(last.epoch - startEpoch) + 1) : 1 // the next power of two after the last kept
  if (weights.epoch - startEpoch >= next) kept.push({ epoch: weights.epoch, params: weights.params })
}
