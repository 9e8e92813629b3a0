// The sweep host with real trainer processes (child_process launcher): the parallel limit and the FIFO queue as
// the service's own progress events show them, stop one / stop all / pause all, a killed trainer and a diverging
// run recorded as failed while the others go on, the time budget, repeats bit for bit (with and without kept
// weights), and requests refused before any trainer starts. Runs are tiny (the sine example, few epochs); "long"
// runs have more epochs than any test waits for and are always stopped: the asserts are about order, never time.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Trainer, type NetworkSpec } from '../../../src/core/index.js'
import type { EventMap, SweepState } from '../../../src/shared/ipc.js'
import { type TrainerLauncher, type TrainerProcess } from '../../../src/node/services/launcher.js'
import { builtTrainerLauncher } from '../../helpers/built.js'
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer, type TrainerToHost } from '../../../src/shared/trainer-protocol.js'
import { SweepService, type SweepRequest } from '../../../src/node/services/sweeps.js'
import { addRecord, dataHash, nextRecordId } from '../../../src/shared/run-records.js'
import { trainingDataset } from '../../../src/shared/runs.js'
import { SweepError, type SweepSpec } from '../../../src/shared/sweep.js'
import { decodeWeights, type RunRecord } from '../../../src/shared/project-file.js'
import { normalizeNetworkSpec, paramLayout } from '../../../src/core/index.js'
import { exampleWithData } from '../../helpers/projects.js'

const sine = await exampleWithData('sine')
/** More epochs than any test waits for: such runs are always stopped. */
const LONG = 1_000_000

let services: SweepService[] = []
afterEach(() => {
  services.forEach((s) => s.dispose())
  services = []
})

function service(launch: TrainerLauncher = builtTrainerLauncher(), parallel?: number) {
  const progress: SweepState[] = []
  const records: EventMap['sweeps:record'][] = []
  const s = new SweepService(launch, (name, payload) => {
    if (name === 'sweeps:progress') progress.push(payload as SweepState)
    else records.push(payload as EventMap['sweeps:record'])
  }, parallel !== undefined ? { parallel } : {})
  services.push(s)
  return { s, progress, records }
}

const until = async (what: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

const lr = (...values: number[]): SweepSpec['params'][number] => ({ name: 'learningRate', values: { kind: 'list', values } })
const statuses = (state: SweepState) => state.runs.map((r) => r.status)
const ACTIVE = ['starting', 'running', 'paused']

describe('SweepService scheduling', () => {
  it('runs every variant, at most `parallel` at once, in queue order, and records each with its sweep values', async () => {
    const { s, progress, records } = service()
    const state = s.start({ project: sine, spec: { params: [lr(0.01, 0.02)], seeds: 2, epochs: 8 }, parallel: 2 })
    expect(state.parallel).toBe(2)
    expect(statuses(state)).toEqual(['starting', 'starting', 'queued', 'queued'])
    const ended = await s.ended(state.sweepId)
    expect(ended.status).toBe('finished')
    expect(statuses(ended)).toEqual(Array(4).fill('completed'))
    // every event: never more than 2 runs at once, and the runs that have left the queue are always the first ones
    for (const p of progress) {
      expect(p.runs.filter((r) => ACTIVE.includes(r.status)).length).toBeLessThanOrEqual(2)
      const started = p.runs.map((r) => r.status !== 'queued')
      expect(started).toEqual([...started].sort((a, b) => Number(b) - Number(a)))
    }
    expect(progress.at(-1)).toEqual(ended)
    // one record per run, labelled and tagged with the sweep's values, with final weights and the kernel set
    expect(records.map((r) => r.index).sort()).toEqual([0, 1, 2, 3])
    const byIndex = [...records].sort((a, b) => a.index - b.index)
    expect(byIndex.map((r) => r.record.label)).toEqual([
      'learningRate=0.01 seed=1',
      'learningRate=0.01 seed=2',
      'learningRate=0.02 seed=1',
      'learningRate=0.02 seed=2',
    ])
    for (const { sweepId, index, record } of byIndex) {
      expect(sweepId).toBe(state.sweepId)
      expect(record.sweep).toEqual({ id: expect.stringMatching(new RegExp(`^\\d{8}T\\d{9}Z-${state.sweepId}$`)), values: ended.runs[index].values })
      expect(record).toMatchObject({ epochs: 8, startEpoch: 0, ended: { status: 'finished' }, dataHash: dataHash(sine.data), kernels: expect.stringMatching(/^(wasm|js)$/) })
      expect(record.weights?.epoch).toBe(8)
      // the settings as written: no thread count forced into the record
      expect(record.training.threads).toBe(sine.training.threads)
    }
    // a sweep run is an ordinary run: the same losses and weights as training the variant here
    const { record } = byIndex[3]
    const local = new Trainer({ network: sine.network, training: { ...sine.training, learningRate: 0.02, seed: 2, epochs: 8 }, data: trainingDataset(sine.data) })
    const losses: number[] = []
    while (!local.done) losses.push(local.runEpoch().loss)
    expect(record.loss).toEqual(losses)
    expect(Array.from(decodeWeights(record.weights!, paramLayout(normalizeNetworkSpec(sine.network))).params)).toEqual(Array.from(local.params))
    expect(s.list().map((x) => x.sweepId)).toEqual([state.sweepId])
  })

  it('a bad spec is refused with its path before any trainer starts', () => {
    const launch = vi.fn(builtTrainerLauncher())
    const { s, progress } = service(launch)
    expect(() => s.start({ project: sine, spec: { params: [lr(0.1, -1)] } })).toThrow(new SweepError('params[0].values', 'learningRate=-1 (value 2): expected a number > 0'))
    expect(() => s.start({ project: sine, spec: { params: [{ name: 'hidden[1].units', values: { kind: 'list', values: [4] } }] } })).toThrow(SweepError)
    expect(() => s.start({ project: sine } as SweepRequest)).toThrow(/exactly one of spec and repeat/)
    expect(launch).not.toHaveBeenCalled()
    expect(progress).toEqual([])
    expect(s.list()).toEqual([])
  })
})

describe('SweepService control', () => {
  it('pause all holds the queue; stop one skips a queued run or stops a running one; stop all ends the sweep', async () => {
    const { s, progress, records } = service()
    const { sweepId } = s.start({ project: sine, spec: { params: [lr(0.01, 0.02, 0.03, 0.04)], epochs: LONG }, parallel: 1 })
    const now = () => s.stateOf(sweepId)
    // a queued run stopped is skipped, and the queue goes on past it
    expect(statuses(await s.stop({ sweepId, index: 2 }))).toEqual(['starting', 'queued', 'skipped', 'queued'])
    await until(() => now().runs[0].status === 'running' && now().runs[0].epoch >= 1)
    const paused = s.pause({ sweepId })
    expect(paused.status).toBe('paused')
    await until(() => now().runs[0].status === 'paused')
    // a run stopped while the sweep is paused: the next one stays in the queue (a free place is not filled)
    const afterStop = await s.stop({ sweepId, index: 0 })
    expect(statuses(afterStop)).toEqual(['stopped', 'queued', 'skipped', 'queued'])
    expect(afterStop.status).toBe('paused')
    expect(() => s.pause({ sweepId, index: 1 })).toThrow(/has not started: stop it to skip it/)
    // resume: the queue moves again
    expect(statuses(s.resume({ sweepId }))).toEqual(['stopped', 'starting', 'skipped', 'queued'])
    await until(() => now().runs[1].status === 'running' && now().runs[1].epoch >= 1)
    // one run paused and resumed on its own
    s.pause({ sweepId, index: 1 })
    await until(() => now().runs[1].status === 'paused')
    expect(now().status).toBe('running')
    s.resume({ sweepId, index: 1 })
    await until(() => now().runs[1].status === 'running')
    const stopped = await s.stop({ sweepId })
    expect(stopped.status).toBe('stopped')
    expect(statuses(stopped)).toEqual(['stopped', 'stopped', 'skipped', 'skipped'])
    expect(await s.ended(sweepId)).toEqual(stopped)
    // a status change is always announced: the last event is the final state
    expect(progress.at(-1)).toEqual(stopped)
    // the two runs that trained are recorded as stopped, the skipped ones not at all
    expect(records.map((r) => [r.index, r.record.ended.status])).toEqual([
      [0, 'stopped'],
      [1, 'stopped'],
    ])
    expect(records[0].record.epochs).toBeGreaterThanOrEqual(1)
  })

  it('a killed trainer fails its run only: the other runs go on and the queue moves', async () => {
    const { s, records } = service()
    const { sweepId } = s.start({ project: sine, spec: { params: [lr(0.01, 0.02, 0.03)], epochs: LONG }, parallel: 2 })
    const now = () => s.stateOf(sweepId)
    await until(() => now().runs[0].status === 'running' && now().runs[0].epoch >= 1 && now().runs[1].status === 'running')
    process.kill(s.pid(sweepId, 0)!, 'SIGKILL')
    await until(() => now().runs[0].status === 'failed')
    expect(now().runs[0].message).toMatch(/^the trainer process was killed \(SIGKILL\)/)
    expect(now().runs[1].status).toBe('running')
    expect(now().runs[2].status).not.toBe('queued') // its place was freed
    expect(now().status).toBe('running')
    expect(records.map((r) => [r.index, r.record.ended.status])).toEqual([[0, 'failed']])
    expect(records[0].record.ended.message).toMatch(/killed/)
    await s.stop({ sweepId })
  })

  it('a diverging run is recorded as failed, with the epochs before; the sweep finishes', async () => {
    const { s, records } = service()
    const linear: NetworkSpec = { inputSize: 1, hidden: [{ units: 8, activation: 'linear' }], output: { units: 1, activation: 'linear' } }
    const project = { ...sine, network: linear, training: { optimizer: 'sgd' as const, learningRate: 0.001, epochs: 300 } }
    const { sweepId } = s.start({ project, spec: { params: [lr(0.001, 100)] }, parallel: 2 })
    const ended = await s.ended(sweepId)
    expect(ended.status).toBe('finished')
    expect(statuses(ended)).toEqual(['completed', 'failed'])
    expect(ended.runs[1].message).toBeTruthy()
    const failed = records.find((r) => r.index === 1)!.record
    expect(failed.ended).toEqual({ status: 'failed', message: ended.runs[1].message })
    expect(failed.epochs).toBe(failed.loss.length)
    expect(records.find((r) => r.index === 0)!.record.ended.status).toBe('finished')
  })

  it('the time budget stops the running runs and skips the queued ones, and says so', async () => {
    const { s, records } = service()
    const { sweepId } = s.start({ project: sine, spec: { params: [lr(0.01, 0.02, 0.03)], epochs: LONG, timeLimit: 0.5 }, parallel: 1 })
    const ended = await s.ended(sweepId)
    expect(ended.status).toBe('stopped')
    expect(statuses(ended)).toEqual(['stopped', 'skipped', 'skipped'])
    expect(ended.message).toBe('the time budget of 0.5 s was spent: 1 run stopped, 2 queued runs skipped')
    expect(records.every((r) => r.index === 0 && r.record.ended.status === 'stopped')).toBe(true)
  })
})

describe('SweepService repeats', () => {
  /** Two runs of a sweep as records of the project: the better one keeps its weights (addRecord's rule). Made
   *  once for the tests below. */
  let made: Promise<typeof sine & { runs: RunRecord[] }> | null = null
  const projectWithRecords = () => (made ??= recordTwoRuns())
  async function recordTwoRuns() {
    const { s, records } = service()
    const { sweepId } = s.start({ project: sine, spec: { params: [lr(0.01, 0.03)], epochs: 6 }, parallel: 2 })
    await s.ended(sweepId)
    const runs = records
      .sort((a, b) => a.index - b.index)
      .reduce<RunRecord[]>((all, r) => addRecord(all, { ...r.record, id: nextRecordId(all) }), [])
    return { ...sine, runs }
  }

  it('repeats a record with kept weights and one without, each bit for bit', async () => {
    const project = await projectWithRecords()
    const kept = project.runs.find((r) => r.weights)!
    const bare = project.runs.find((r) => !r.weights)!
    expect(kept && bare).toBeTruthy()
    const { s, records } = service()
    const state = s.start({ project, repeat: [kept.id, bare.id] })
    expect(state.runs.map((r) => r.label)).toEqual([`repeat of ${kept.id}`, `repeat of ${bare.id}`])
    const ended = await s.ended(state.sweepId)
    expect(ended.runs.map((r) => [r.status, r.identical])).toEqual([
      ['completed', true],
      ['completed', true],
    ])
    const again = records.sort((a, b) => a.index - b.index).map((r) => r.record)
    expect(again.map((r) => r.repeatOf)).toEqual([kept.id, bare.id])
    expect(again[0].weights!.arrays).toEqual(kept.weights!.arrays)
    expect(again[1].loss).toEqual(bare.loss)
    expect(again.map((r) => [r.network, r.training, r.seed, r.kernels])).toEqual([kept, bare].map((r) => [r.network, r.training, r.seed, r.kernels]))
    expect(again[0].sweep).toBeUndefined()
  })

  it('a record that differs is not identical; on changed data the repeat runs and says the data changed', async () => {
    const project = await projectWithRecords()
    const bare = project.runs.find((r) => !r.weights)!
    const altered = { ...bare, id: 'r9', loss: bare.loss.map((x, i) => (i === 2 ? x! * (1 + Number.EPSILON) : x)) }
    const moved = { ...sine, runs: [bare, altered], data: { ...sine.data, train: sine.data.train.slice(1) } }
    const { s } = service()
    const changed = await s.ended(s.start({ project: moved, repeat: [bare.id] }).sweepId)
    expect(changed.runs[0]).toMatchObject({ status: 'completed', identical: false, message: `the data changed since ${bare.id} ran (its data hash differs): not the same run` })
    const differs = await s.ended(s.start({ project: { ...sine, runs: [bare, altered] }, repeat: ['r9'] }).sweepId)
    expect(differs.runs[0]).toMatchObject({ status: 'completed', identical: false })
    expect(differs.runs[0].message).toBeUndefined()
  })

  it('refuses unknown ids and runs that continued from earlier weights, before any trainer starts', async () => {
    const record = (await projectWithRecords()).runs[0]
    const launch = vi.fn(builtTrainerLauncher())
    const { s } = service(launch)
    const project = { ...sine, runs: [record, { ...record, id: 'r7', startEpoch: 40 }] }
    expect(() => s.start({ project, repeat: [record.id, 'r8'] })).toThrow(new SweepError('repeat[1]', `no run "r8" in the project (it has ${record.id}, r7)`))
    expect(() => s.start({ project, repeat: ['r7'] })).toThrow(new SweepError('repeat[0]', 'run r7 continued from weights trained for 40 epochs: only a run from its seed can be repeated'))
    expect(() => s.start({ project: sine, repeat: ['r1'] })).toThrow('repeat[0]: no run "r1" in the project (it has no run records)')
    expect(launch).not.toHaveBeenCalled()
  })
})

describe('SweepService progress events', () => {
  /** A trainer the test drives by hand (no process): it says it is ready, and sends what the test tells it. */
  function scriptedTrainers() {
    const trainers: { send: (m: TrainerToHost) => void; got: HostToTrainer[] }[] = []
    const launch: TrainerLauncher = () => {
      const listeners: ((m: TrainerToHost) => void)[] = []
      const got: HostToTrainer[] = []
      const proc: TrainerProcess = { pid: undefined, send: (m) => got.push(m), onMessage: (l) => listeners.push(l), onExit: () => {}, kill: () => {} }
      trainers.push({ send: (m) => listeners.forEach((l) => l(m)), got })
      return proc
    }
    return { launch, trainers }
  }
  const weights = (epoch: number) => ({ epoch, params: new Float64Array(paramLayout(normalizeNetworkSpec(sine.network)).size), optimizer: { steps: epoch, first: new Float64Array(0), second: new Float64Array(0) } })
  const report = (epoch: number) => ({ epoch, loss: 1 / epoch, gradNorms: [1, 1], seconds: 0.001 })

  it('at most one event per 200 ms while epochs go by, and one at once at every status change', () => {
    vi.useFakeTimers()
    try {
      const { launch, trainers } = scriptedTrainers()
      const { s, progress } = service(launch)
      const { sweepId } = s.start({ project: sine, spec: { params: [lr(0.01, 0.02)], epochs: 1000 }, parallel: 1 })
      expect(progress.map(statuses)).toEqual([['starting', 'queued']])
      const [t] = trainers
      t.send({ type: 'ready', version: TRAINER_PROTOCOL_VERSION })
      expect(t.got[0]).toMatchObject({ type: 'start', training: { learningRate: 0.01, threads: 1 } })
      t.send({ type: 'state', state: 'running', epoch: 0, kernels: { kind: 'js', choice: 'js' } })
      expect(progress).toHaveLength(2) // the status change, at once
      // 50 progress messages within 100 ms: no event yet (the last one was just now)
      for (let e = 1; e <= 50; e++) {
        t.send({ type: 'progress', reports: [report(e)], weights: weights(e) })
        vi.advanceTimersByTime(2)
      }
      expect(progress).toHaveLength(2)
      vi.advanceTimersByTime(100) // 200 ms after the last event: one event with the latest epoch
      expect(progress).toHaveLength(3)
      expect(progress[2].runs[0]).toMatchObject({ status: 'running', epoch: 50, loss: 1 / 50 })
      vi.advanceTimersByTime(1000)
      expect(progress).toHaveLength(3) // nothing new, nothing sent
      // the run ends with its last epoch: that epoch's event (the interval has passed), then the status change at
      // once, with the next run started
      t.send({ type: 'finished', reason: 'completed', reports: [report(51)], weights: weights(51) })
      expect(progress).toHaveLength(5)
      expect(progress[3].runs[0]).toMatchObject({ status: 'running', epoch: 51 })
      expect(statuses(progress[4])).toEqual(['completed', 'starting'])
      expect(s.stateOf(sweepId).runs[0].epoch).toBe(51)
    } finally {
      vi.useRealTimers()
    }
  })
})
