/**
 * The sweep host (issue 14, docs/sweeps.md): runs a sweep's variants, or repeats of recorded runs, as ordinary
 * training runs in trainer processes, at most `parallel` at once, the rest waiting in a FIFO queue. Every run
 * starts from its seed on one thread (training.threads = 1: a batch's chunked sums are the same whatever the
 * thread count, src/core/chunks.ts), on the project's data made once for the whole sweep.
 *
 * It owns its TrainingService (on the launcher it is given), so sweep runs stay out of the window's own runs
 * (training:list, training:* events). What it reports: 'sweeps:progress' (the sweep's SweepState, at most every
 * PROGRESS_INTERVAL_MS per sweep and once at every change of a run's status) and 'sweeps:record' (one per ended
 * run that trained: a record built by runRecord, with its final weights in file form, its sweep id and values or
 * the record it repeats, the kernel set it ran).
 *
 * A run that fails (diverges, its trainer crashes or is killed) ends as failed and is recorded; the others go on.
 * A time budget (SweepSpec.timeLimit) stops the running runs and skips the queued ones when it is spent.
 *
 * Not here: making a project's data (the caller, resolveProjectData), storing records (the window or `rnnwb`
 * add them to the project with addRecord), Electron.
 */
import { availableParallelism } from 'node:os'
import { TRAINING_DEFAULTS, type TrainingSpec } from '../../core/index.js'
import type { EventMap, SweepRunState, SweepRunStatus, SweepState, SweepTarget, RunStatus } from '../../shared/ipc.js'
import { weightsToFile, type RunRecord } from '../../shared/project-file.js'
import { datasetHash, runRecord, sameRun } from '../../shared/run-records.js'
import { startRequest, type ProjectWithData } from '../../shared/runs.js'
import { expandSweep, SweepError, type SweepSpec } from '../../shared/sweep.js'
import type { TrainerLauncher } from './launcher.js'
import { TrainingService, type StartRequest } from './training.js'

/** Where the service reports what happens: the window's event map (src/shared/ipc.ts). */
export type SweepEvents = <E extends 'sweeps:progress' | 'sweeps:record'>(name: E, payload: EventMap[E]) => void

export interface SweepRequest {
  /** The project with its data made (resolveProjectData); its weights are not used. */
  project: ProjectWithData
  /** The sweep to run; exactly one of `spec` and `repeat`. */
  spec?: SweepSpec
  /** Ids of records in `project.runs` to run again with their own settings, seed and kernel set. */
  repeat?: string[]
  /** Runs at once, at most; default: the service's (the number of cores). */
  parallel?: number
}

export interface SweepServiceOptions {
  /** Runs at once when a request does not say; default os.availableParallelism(). */
  parallel?: number
  /** Ended sweeps kept for `list` (older ones are forgotten). Default 5. */
  keepEnded?: number
  /** Shortest interval between progress events of one sweep that no status change forces, ms. Default 200. */
  progressIntervalMs?: number
}

export const PROGRESS_INTERVAL_MS = 200
const ACTIVE: readonly SweepRunStatus[] = ['starting', 'running', 'paused']
const ENDED: readonly SweepRunStatus[] = ['completed', 'stopped', 'failed', 'skipped']

interface SweepRun extends SweepRunState {
  /** What the trainer starts from (training.threads = 1). */
  request: StartRequest
  /** The training settings for the record, as written (the variant's, or the repeated record's). */
  training: TrainingSpec
  /** The record this run repeats. */
  original?: RunRecord
  /** Its training run, once started. */
  runId?: string
  /** Pause as soon as the trainer runs (a pause asked for while it was still starting). */
  pauseWhenRunning?: boolean
}

interface Sweep {
  id: string
  /** What its records name it by (RunRecord.sweep.id): its start time and number, so that sweeps of different
   *  sessions of one project do not share a name, as `id` (numbered from 1 in every session) would. */
  recordId: string
  status: SweepState['status']
  parallel: number
  runs: SweepRun[]
  message?: string
  /** Queued runs wait (pause of the whole sweep). */
  held: boolean
  /** Stopped by the user or the time budget: nothing more starts. */
  stopping: boolean
  budget?: ReturnType<typeof setTimeout>
  lastProgress: number
  progressTimer?: ReturnType<typeof setTimeout>
  done: ((state: SweepState) => void)[]
  /** A note for every run's message (the repeat's data changed). */
  dataChanged?: boolean
}

export class SweepService {
  private readonly training: TrainingService
  private readonly sweeps = new Map<string, Sweep>()
  /** Training run id → its sweep and run. */
  private readonly byRunId = new Map<string, { sweep: Sweep; run: SweepRun }>()
  private nextId = 1
  private readonly defaultParallel: number
  private readonly keepEnded: number
  private readonly progressIntervalMs: number

  constructor(
    launch: TrainerLauncher,
    private readonly emit: SweepEvents,
    opts: SweepServiceOptions = {},
  ) {
    this.defaultParallel = opts.parallel ?? availableParallelism()
    this.keepEnded = opts.keepEnded ?? 5
    this.progressIntervalMs = opts.progressIntervalMs ?? PROGRESS_INTERVAL_MS
    // its own training host: its runs and events are the sweeps', never the window's
    this.training = new TrainingService(launch, (name, payload) => {
      if (name === 'training:progress') this.progressed(payload as EventMap['training:progress'])
      else if (name === 'training:status') this.statusChanged(payload as EventMap['training:status'])
    })
  }

  /**
   * Expands the sweep (or finds the records to repeat) and starts the first runs. Throws SweepError, before any
   * trainer starts, for a bad spec, an unknown record id, a record that continued from earlier weights, or a
   * request with neither or both of spec and repeat.
   */
  start(request: SweepRequest): SweepState {
    const { project } = request
    if ((request.spec === undefined) === (request.repeat === undefined)) throw new SweepError('', 'expected exactly one of spec and repeat')
    const parallel = request.parallel ?? this.defaultParallel
    if (!Number.isInteger(parallel) || parallel < 1) throw new SweepError('parallel', `expected a whole number ≥ 1, got ${parallel}`)
    const id = `sweep-${this.nextId++}`
    const base = startRequest(project, { fromSeed: true }) // the data, made once, shared by every run's request
    const single = (training: TrainingSpec): TrainingSpec => ({ ...training, threads: 1 })
    let runs: SweepRun[]
    let timeLimit: number | undefined
    let dataChanged = false
    if (request.spec !== undefined) {
      const variants = expandSweep(request.spec, project)
      timeLimit = request.spec.timeLimit
      runs = variants.map((v, index) => ({
        ...runState(index, v.label, v.values, v.project.training),
        request: { ...base, network: v.project.network, training: single(v.project.training) },
        training: v.project.training,
      }))
    } else {
      const records = project.runs ?? []
      const ids = request.repeat!
      const originals = ids.map((rid, i) => {
        const record = records.find((r) => r.id === rid)
        if (!record) throw new SweepError(`repeat[${i}]`, `no run ${JSON.stringify(rid)} in the project${records.length ? ` (it has ${records.map((r) => r.id).join(', ')})` : ' (it has no run records)'}`)
        if (record.startEpoch > 0) throw new SweepError(`repeat[${i}]`, `run ${rid} continued from weights trained for ${record.startEpoch} epochs: only a run from its seed can be repeated`)
        return record
      })
      const hash = datasetHash(base.data, base.validation)
      dataChanged = originals.some((r) => r.dataHash !== hash)
      runs = originals.map((original, index) => ({
        ...runState(index, `repeat of ${original.id}`, {}, original.training),
        request: { ...base, network: original.network, training: single({ ...original.training, seed: original.seed }), ...(original.kernels ? { kernels: original.kernels } : {}) },
        training: original.training,
        original,
      }))
    }
    const recordId = `${new Date().toISOString().replace(/[-:.]/g, '')}-${id}` // 20261206T004412123Z-sweep-1
    const sweep: Sweep = { id, recordId, status: 'running', parallel, runs, held: false, stopping: false, lastProgress: 0, done: [], dataChanged }
    this.sweeps.set(id, sweep)
    if (timeLimit !== undefined) sweep.budget = setTimeout(() => void this.budgetSpent(sweep, timeLimit), timeLimit * 1000)
    this.fill(sweep)
    this.progressNow(sweep)
    return this.state(sweep)
  }

  /** Pauses one run, or every running run and the queue (nothing more starts until resume). */
  pause(target: SweepTarget): SweepState {
    const sweep = this.get(target.sweepId)
    const runs = target.index === undefined ? sweep.runs : [this.run(sweep, target.index)]
    if (target.index === undefined) {
      if (sweep.status === 'running') {
        sweep.held = true
        sweep.status = 'paused'
      }
    } else if (runs[0].status === 'queued') throw new Error(`run ${target.index} of ${sweep.id} has not started: stop it to skip it`)
    for (const run of runs) {
      if (run.status === 'running') this.training.pause(run.runId!)
      else if (run.status === 'starting') run.pauseWhenRunning = true
    }
    this.progressNow(sweep)
    return this.state(sweep)
  }

  /** Resumes one run, or every paused run and the queue. */
  resume(target: SweepTarget): SweepState {
    const sweep = this.get(target.sweepId)
    const runs = target.index === undefined ? sweep.runs : [this.run(sweep, target.index)]
    if (target.index === undefined && sweep.status === 'paused') {
      sweep.held = false
      sweep.status = 'running'
    }
    for (const run of runs) {
      run.pauseWhenRunning = false
      if (run.status === 'paused') this.training.resume(run.runId!)
    }
    this.fill(sweep)
    this.progressNow(sweep)
    return this.state(sweep)
  }

  /** Stops one run (a queued one is skipped), or every run and the queue; resolves once they have ended. */
  async stop(target: SweepTarget): Promise<SweepState> {
    const sweep = this.get(target.sweepId)
    if (target.index === undefined) await this.stopAll(sweep)
    else {
      const run = this.run(sweep, target.index)
      if (run.status === 'queued') {
        this.skip(run)
        this.settle(sweep)
      } else if (ACTIVE.includes(run.status)) await this.training.stop(run.runId!)
    }
    this.progressNow(sweep)
    return this.state(sweep)
  }

  /** Resolves with the sweep's state once every run has ended or been skipped. */
  ended(sweepId: string): Promise<SweepState> {
    const sweep = this.get(sweepId)
    if (sweep.status === 'finished' || sweep.status === 'stopped') return Promise.resolve(this.state(sweep))
    return new Promise((resolve) => sweep.done.push(resolve))
  }

  /** The sweeps running and the last few ended ones, oldest first. */
  list(): SweepState[] {
    return [...this.sweeps.values()].map((s) => this.state(s))
  }

  stateOf(sweepId: string): SweepState {
    return this.state(this.get(sweepId))
  }

  /** The process id of a run's trainer, while it has one (tests kill trainers with it). */
  pid(sweepId: string, index: number): number | undefined {
    const run = this.run(this.get(sweepId), index)
    return run.runId === undefined ? undefined : this.training.pid(run.runId)
  }

  /** Kills every trainer and skips every queued run; for shutdown. */
  dispose(): void {
    for (const sweep of this.sweeps.values()) {
      sweep.stopping = true
      clearTimeout(sweep.budget)
      clearTimeout(sweep.progressTimer)
      sweep.progressTimer = undefined
      for (const run of sweep.runs) if (run.status === 'queued') this.skip(run)
    }
    this.training.dispose()
  }

  // ---- scheduling ----------------------------------------------------------------------------------------

  /** Starts queued runs in order while the sweep has free places. */
  private fill(sweep: Sweep): void {
    if (sweep.held || sweep.stopping) return
    let active = sweep.runs.filter((r) => ACTIVE.includes(r.status)).length
    for (const run of sweep.runs) {
      if (active >= sweep.parallel) break
      if (run.status !== 'queued') continue
      run.status = 'starting'
      active++
      // a bad RNNWB_KERNELS throws here (KernelsSettingError): the run fails, saying why, and the others follow
      try {
        run.runId = this.training.start(run.request)
        this.byRunId.set(run.runId, { sweep, run })
      } catch (e) {
        run.status = 'failed'
        run.message = (e as Error).message
        active--
      }
    }
    this.settle(sweep)
  }

  private async stopAll(sweep: Sweep): Promise<void> {
    sweep.stopping = true
    sweep.held = false
    for (const run of sweep.runs) if (run.status === 'queued') this.skip(run)
    const active = sweep.runs.filter((r) => ACTIVE.includes(r.status) && r.runId !== undefined)
    await Promise.all(active.map((r) => this.training.stop(r.runId!)))
    this.settle(sweep)
  }

  private async budgetSpent(sweep: Sweep, seconds: number): Promise<void> {
    if (sweep.status === 'finished' || sweep.status === 'stopped') return
    const running = sweep.runs.filter((r) => ACTIVE.includes(r.status)).length
    const queued = sweep.runs.filter((r) => r.status === 'queued').length
    sweep.message = `the time budget of ${seconds} s was spent: ${plural(running, 'run')} stopped, ${plural(queued, 'queued run')} skipped`
    await this.stopAll(sweep)
    this.progressNow(sweep)
  }

  private skip(run: SweepRun): void {
    run.status = 'skipped'
    run.pauseWhenRunning = false
  }

  /** The sweep has ended when every run has: it says so once. */
  private settle(sweep: Sweep): void {
    if (sweep.status === 'finished' || sweep.status === 'stopped') return
    if (!sweep.runs.every((r) => ENDED.includes(r.status))) return
    sweep.status = sweep.stopping ? 'stopped' : 'finished'
    clearTimeout(sweep.budget)
    this.progressNow(sweep)
    const state = this.state(sweep)
    sweep.done.splice(0).forEach((resolve) => resolve(state))
    for (const run of sweep.runs) if (run.runId !== undefined) this.byRunId.delete(run.runId)
    this.forgetOldSweeps()
  }

  private forgetOldSweeps(): void {
    const ended = [...this.sweeps.values()].filter((s) => s.status === 'finished' || s.status === 'stopped')
    for (const old of ended.slice(0, Math.max(0, ended.length - this.keepEnded))) this.sweeps.delete(old.id)
  }

  // ---- what the training host says -----------------------------------------------------------------------

  private progressed(event: EventMap['training:progress']): void {
    const at = this.byRunId.get(event.runId)
    if (!at) return
    const last = event.reports.at(-1)
    if (!last) return
    at.run.epoch = last.epoch
    at.run.loss = Number.isFinite(last.loss) ? last.loss : null
    this.progressSoon(at.sweep)
  }

  private statusChanged(event: EventMap['training:status']): void {
    const at = this.byRunId.get(event.runId)
    if (!at) return
    const { sweep, run } = at
    run.status = event.status
    if (event.status === 'running' && run.pauseWhenRunning) {
      run.pauseWhenRunning = false
      this.training.pause(event.runId)
    }
    if (event.status === 'completed' || event.status === 'stopped' || event.status === 'failed') this.runEnded(sweep, run, event.status, event.message)
    else this.progressNow(sweep)
  }

  /** A run has ended: its record (now, while the training host still has the run), the next run, the events. */
  private runEnded(sweep: Sweep, run: SweepRun, status: RunStatus, message?: string): void {
    const runId = run.runId!
    const info = this.training.info(runId)
    run.epoch = info.weights?.epoch ?? run.epoch
    const last = info.loss.at(-1)
    run.loss = last !== undefined && Number.isFinite(last) ? last : null
    const notes = [message, sweep.dataChanged && run.original ? `the data changed since ${run.original.id} ran (its data hash differs): not the same run` : undefined].filter(Boolean)
    if (notes.length) run.message = notes.join('; ')
    const outcome = { ...this.training.outcome(runId), training: run.training, ...(info.weights ? { weights: weightsToFile(info.network, info.weights) } : {}) }
    // a run stopped before its first epoch trained nothing: no record (as a skipped one)
    const trained = status !== 'stopped' || info.loss.length > 0
    const record = trained ? runRecord('r0', outcome, run.original ? { label: run.label, repeatOf: run.original.id } : { label: run.label, sweep: { id: sweep.recordId, values: run.values } }) : null
    if (record && run.original) run.identical = sameRun(run.original, record)
    this.byRunId.delete(runId)
    if (record) this.emit('sweeps:record', { sweepId: sweep.id, index: run.index, record })
    this.fill(sweep)
    this.progressNow(sweep)
  }

  // ---- events and state ----------------------------------------------------------------------------------

  /** A progress event now (a status changed). */
  private progressNow(sweep: Sweep): void {
    clearTimeout(sweep.progressTimer)
    sweep.progressTimer = undefined
    sweep.lastProgress = Date.now()
    this.emit('sweeps:progress', this.state(sweep))
  }

  /** A progress event within the interval (epochs went by). */
  private progressSoon(sweep: Sweep): void {
    if (sweep.progressTimer) return
    const wait = sweep.lastProgress + this.progressIntervalMs - Date.now()
    if (wait <= 0) return this.progressNow(sweep)
    sweep.progressTimer = setTimeout(() => this.progressNow(sweep), wait)
  }

  private state(sweep: Sweep): SweepState {
    return {
      sweepId: sweep.id,
      status: sweep.status,
      parallel: sweep.parallel,
      runs: sweep.runs.map(({ request: _r, training: _t, original: _o, runId: _i, pauseWhenRunning: _p, ...state }) => ({ ...state, values: { ...state.values } })),
      ...(sweep.message ? { message: sweep.message } : {}),
    }
  }

  private get(sweepId: string): Sweep {
    const sweep = this.sweeps.get(sweepId)
    if (!sweep) throw new Error(`no sweep ${JSON.stringify(sweepId)}`)
    return sweep
  }

  private run(sweep: Sweep, index: number): SweepRun {
    const run = sweep.runs[index]
    if (!run) throw new Error(`${sweep.id} has runs 0..${sweep.runs.length - 1}, not ${index}`)
    return run
  }
}

function runState(index: number, label: string, values: Record<string, number | string>, training: TrainingSpec): SweepRunState {
  return { index, label, values, status: 'queued', epoch: 0, epochs: training.epochs ?? TRAINING_DEFAULTS.epochs, loss: null }
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
