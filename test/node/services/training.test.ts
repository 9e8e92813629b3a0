// The training host with real trainer processes (child_process launcher, the same entry file the app runs
// in utility processes): progress, pause/resume/step/stop, several runs at once, crashes and memory limits.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Trainer, createRng, normalizeNetworkSpec, normalizeTrainingSpec, type Dataset, type EpochReport, type NetworkSpec } from '../../../src/core/index.js'
import { importDictionary, nettalkDataset, nettalkNetwork, scoreNetwork } from '../../../src/core/nettalk/index.js'
import { KernelsSettingError } from '../../../src/shared/kernels.js'
import { NETTALK_DICTIONARY } from '../../helpers/nettalk-corpus.js'
import { nodeTrainerLauncher } from '../../../src/node/services/launcher.js'
import { builtTrainerLauncher } from '../../helpers/built.js'
import { TrainingService, type StartRequest } from '../../../src/node/services/training.js'
import { trainingDataset, validationDataset } from '../../../src/shared/runs.js'
import { dataHash, runRecord } from '../../../src/shared/run-records.js'
import { parseProject, serializeProject, weightsToFile } from '../../../src/shared/project-file.js'
import { exampleWithData } from '../../helpers/projects.js'
import type { EventMap } from '../../../src/shared/ipc.js'
import { randomDataset } from '../../helpers/random.js'

const sine = await exampleWithData('sine')
const sineRequest = (epochs: number): StartRequest => ({ network: sine.network, training: sine.training, data: trainingDataset(sine.data), epochs })

/** A run whose epochs take about a second (longer on a loaded machine: what the tests assert is order, not time). */
const slowNetwork: NetworkSpec = { inputSize: 32, hidden: [{ units: 256 }], output: { units: 8 } }
const slowData: Dataset = randomDataset(createRng(3), { m: 32, l: 8, P: 128, maxLength: 60, targets: 'unit' })

let services: TrainingService[] = []
afterEach(() => {
  services.forEach((s) => s.dispose())
  services = []
  vi.unstubAllEnvs()
})

function service() {
  const events: ({ type: 'progress'; runId: string; reports: { epoch: number }[] } | { type: 'status'; runId: string; status: string })[] = []
  const s = new TrainingService(builtTrainerLauncher(), (name, payload) =>
    events.push(name === 'training:progress' ? { type: 'progress', ...(payload as EventMap['training:progress']) } : { type: 'status', ...(payload as EventMap['training:status']) }),
  )
  services.push(s)
  return { s, events }
}

const until = async (what: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('TrainingService', () => {
  it('runs a training in its own process and loses no epoch of the loss history', async () => {
    const { s, events } = service()
    const id = s.start(sineRequest(300))
    const info = await s.ended(id)
    expect(info.status).toBe('completed')
    expect(info.epoch).toBe(300)
    // identical to training in this process: same core, same seed
    const local = new Trainer({ network: sine.network, training: sine.training, data: trainingDataset(sine.data) })
    const losses: number[] = []
    while (!local.done) losses.push(local.runEpoch().loss)
    expect(info.loss).toEqual(losses)
    expect(Array.from(info.weights!.params)).toEqual(Array.from(local.params))
    const reported = events.flatMap((e) => (e.type === 'progress' ? e.reports.map((r) => r.epoch) : []))
    expect(reported).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    expect(events.filter((e) => e.type === 'status').map((e) => (e as { status: string }).status)).toEqual(['starting', 'running', 'completed'])
  })

  it('a float32 run: the host gets float64 weights and optimizer state, equal to the same float32 run here', async () => {
    const { s } = service()
    const training = { ...sine.training, precision: 'float32' as const }
    const id = s.start({ ...sineRequest(40), training })
    const info = await s.ended(id)
    expect(info.status).toBe('completed')
    const local = new Trainer({ network: sine.network, training, data: trainingDataset(sine.data) })
    const losses: number[] = []
    while (local.epoch < 40) losses.push(local.runEpoch().loss)
    expect(local.params).toBeInstanceOf(Float32Array)
    expect(info.weights!.params).toBeInstanceOf(Float64Array)
    expect(Array.from(info.weights!.params)).toEqual(Array.from(local.params))
    expect(Array.from(info.weights!.optimizer!.first)).toEqual(Array.from(local.optimizer.first))
    expect(info.loss).toEqual(losses)
  })

  it('batches progress: at most about 20 messages a second', async () => {
    const { s, events } = service()
    const started = Date.now()
    const id = s.start(sineRequest(4000))
    const info = await s.ended(id)
    const seconds = (Date.now() - started) / 1000
    const messages = events.filter((e) => e.type === 'progress')
    expect(info.loss).toHaveLength(4000)
    expect(messages.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2)
    expect(messages.length).toBeLessThan(4000 / 10) // batched, not one per epoch
  })

  it('pauses, steps one epoch, resumes and stops; the result equals an unbroken run', async () => {
    const { s } = service()
    const id = s.start(sineRequest(100_000))
    await until(() => s.info(id).epoch >= 20)
    s.pause(id)
    await until(() => s.info(id).status === 'paused')
    const pausedAt = s.info(id).epoch
    await new Promise((r) => setTimeout(r, 300))
    expect(s.info(id).epoch).toBe(pausedAt)
    s.step(id)
    await until(() => s.info(id).epoch === pausedAt + 1)
    await new Promise((r) => setTimeout(r, 200))
    expect(s.info(id).epoch).toBe(pausedAt + 1)
    expect(s.info(id).status).toBe('paused')
    s.resume(id)
    await until(() => s.info(id).epoch >= pausedAt + 30)
    const weights = await s.stop(id)
    const info = s.info(id)
    expect(info.status).toBe('stopped')
    expect(weights!.epoch).toBe(info.epoch)
    expect(info.loss).toHaveLength(info.epoch)
    const local = new Trainer({ network: sine.network, training: sine.training, data: trainingDataset(sine.data) })
    for (let i = 0; i < info.epoch; i++) local.runEpoch()
    expect(Array.from(weights!.params)).toEqual(Array.from(local.params))
  })

  it('pauses and stops in the middle of a long epoch; a snapshot answers while paused', async () => {
    // Asserted by the order of events, not by timing: a pause that waited for the end of the epoch under way
    // would report that epoch before 'paused'; a mid-epoch pause reports none, and the stop after it none either.
    const { s, events } = service()
    const id = s.start({ network: slowNetwork, training: {}, data: slowData, epochs: 1000 })
    await until(() => s.info(id).epoch >= 1)
    const askedAt = s.info(id).epoch
    const eventsBefore = events.length
    s.pause(id)
    await until(() => s.info(id).status === 'paused')
    const snapshot = await s.snapshot(id)
    const weights = await s.stop(id)
    expect(s.info(id).status).toBe('stopped')
    const after = events.slice(eventsBefore)
    // (progress is sent in batches: a batch may still bring epochs up to askedAt, never a later one)
    expect(after.flatMap((e) => (e.type === 'progress' ? e.reports.map((r) => r.epoch) : [])).filter((epoch) => epoch > askedAt)).toEqual([])
    expect(after.flatMap((e) => (e.type === 'status' ? [e.status] : []))).toEqual(['paused', 'stopped'])
    expect(snapshot!.epoch).toBe(askedAt)
    expect(weights!.epoch).toBe(askedAt)
    expect(s.info(id).loss).toHaveLength(askedAt)
  })

  it('runs two trainings at once; killing one fails it with a reason and leaves the other alone', async () => {
    const { s, events } = service()
    const a = s.start(sineRequest(100_000))
    const b = s.start(sineRequest(600))
    await until(() => s.info(a).epoch >= 10)
    process.kill(s.pid(a)!, 'SIGKILL')
    const failed = await s.ended(a)
    expect(failed.status).toBe('failed')
    expect(failed.message).toMatch(/^the trainer process was killed \(SIGKILL\); the weights of epoch \d+ are kept$/)
    expect(failed.weights!.epoch).toBeGreaterThanOrEqual(10)
    expect(failed.weights!.params.every(Number.isFinite)).toBe(true)
    const other = await s.ended(b)
    expect(other.status).toBe('completed')
    expect(other.loss).toHaveLength(600)
    expect(events.some((e) => e.type === 'status' && e.runId === a && e.status === 'failed')).toBe(true)
  })

  it('a trainer that runs out of memory fails its run with a readable reason', async () => {
    const { s } = service()
    const big = randomDataset(createRng(4), { m: 64, l: 4, P: 800, maxLength: 60, targets: 'unit' })
    const id = s.start({ network: { inputSize: 64, hidden: [{ units: 8 }], output: { units: 4 } }, training: {}, data: big, memoryLimitMb: 16 })
    const info = await s.ended(id)
    expect(info.status).toBe('failed')
    expect(info.message).toMatch(/ran out of memory/)
  })

  it('a bad spec fails the run with the reason', async () => {
    const { s } = service()
    const id = s.start({ ...sineRequest(10), network: { ...sine.network, hidden: [{ units: 4, activation: 'softmax' }] } })
    const info = await s.ended(id)
    expect(info.status).toBe('failed')
    expect(info.message).toBe('network.hidden[0].activation: softmax is only allowed on the output layer')
  })
})

// every other test here runs the built trainer (out/main/chunks/trainer.js, what the app forks: test/helpers/built.ts)
describe('the trainer from its TypeScript source (nodeTrainerLauncher without an entry: what rnnwb runs from a checkout)', () => {
  it('trains exactly as the core does in this process', async () => {
    const s = new TrainingService(nodeTrainerLauncher(), () => {})
    services.push(s)
    const info = await s.ended(s.start(sineRequest(50)))
    expect(info.status).toBe('completed')
    const local = new Trainer({ network: sine.network, training: sine.training, data: trainingDataset(sine.data) })
    for (let i = 0; i < 50; i++) local.runEpoch()
    expect(Array.from(info.weights!.params)).toEqual(Array.from(local.params))
  })
})

describe('TrainingService edge cases', () => {
  it('a stop is final: a pause or resume right after it does not undo it', async () => {
    const { s } = service()
    const id = s.start({ network: slowNetwork, training: {}, data: slowData, epochs: 1000 })
    await until(() => s.info(id).status === 'running')
    const stopped = s.stop(id)
    s.pause(id)
    s.resume(id)
    await stopped
    expect(s.info(id).status).toBe('stopped')
  })

  it('a stop while the trainer is still starting ends the run as stopped', async () => {
    const { s } = service()
    const id = s.start(sineRequest(100_000))
    expect(s.info(id).status).toBe('starting')
    expect(await s.stop(id)).toBeNull()
    expect(s.info(id).status).toBe('stopped')
  })

  it('commands to a trainer that just died do not hurt the host', async () => {
    const { s } = service()
    const id = s.start(sineRequest(100_000))
    await until(() => s.info(id).epoch > 0)
    process.kill(s.pid(id)!, 'SIGKILL')
    for (let i = 0; i < 20; i++) {
      try {
        s.pause(id)
        s.resume(id)
      } catch {
        // the run may already have ended: then commands are refused with an error, which is fine
      }
      await new Promise((r) => setTimeout(r, 5))
    }
    expect((await s.ended(id)).status).toBe('failed')
  })

  it('refuses a run whose arrays would exceed the memory limit, saying why', async () => {
    const { s } = service()
    // small data on the heap, but 4096 hidden units: ~0.7 GB of typed arrays
    const id = s.start({ network: { ...slowNetwork, hidden: [{ units: 4096 }] }, training: {}, data: slowData, memoryLimitMb: 64 })
    const info = await s.ended(id)
    expect(info.status).toBe('failed')
    expect(info.message).toMatch(/^this training needs about \d+ MB of working memory, more than the 64 MB allowed; use smaller batches/)
  })

  it('keeps only the most recent ended runs', async () => {
    const s = new TrainingService(builtTrainerLauncher(), () => {}, 2)
    services.push(s)
    const ids = [s.start(sineRequest(1)), s.start(sineRequest(1)), s.start(sineRequest(1))]
    await Promise.all(ids.map((id) => s.ended(id)))
    expect(s.list()).toHaveLength(2)
  })
})

describe('the trainer process', () => {
  it('exits when its host goes away', async () => {
    const { fork } = await import('node:child_process')
    const { TRAINER_SOURCE } = await import('../../../src/node/services/launcher.js')
    const { createRequire } = await import('node:module')
    const loader = createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/loader.mjs')
    const child = fork(TRAINER_SOURCE, [], { serialization: 'advanced', execArgv: ['--import', `file://${loader}`], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    await new Promise((resolve) => child.once('message', resolve)) // ready
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.disconnect()
    expect(await exited).toBe(1)
  })
})

describe('TrainingService inspection and validation', () => {
  it('reports validation losses and the states of the chosen sequence', async () => {
    const inspections: EventMap['training:inspection'][] = []
    const s = new TrainingService(builtTrainerLauncher(), (name, payload) => name === 'training:inspection' && inspections.push(payload as EventMap['training:inspection']))
    services.push(s)
    const validation = { ...trainingDataset(sine.data), sequences: trainingDataset(sine.data).sequences.slice(0, 3) }
    const id = s.start({ ...sineRequest(40), validation, inspect: 1 })
    const info = await s.ended(id)
    expect(info.validationLoss).toHaveLength(40)
    // the last inspection is of the final weights
    const last = inspections.at(-1)!
    expect(last).toMatchObject({ runId: id, epoch: 40, sequence: 1 })
    expect(last.hidden).toHaveLength(1)
    expect(last.hidden[0]).toHaveLength(30 * 10) // T × n
    expect(last.outputs).toHaveLength(30)
    expect(last.weights).toEqual(Array.from(info.weights!.params))
  })
})

describe('TrainingService kernels (RNNWB_KERNELS)', () => {
  const kernelsOf = (events: ReturnType<typeof service>['events']) => events.map((e) => (e.type === 'status' ? (e as unknown as EventMap['training:status']).kernels?.kind ?? null : undefined)).filter((k) => k !== undefined)

  it('runs the WebAssembly SIMD kernels by default and says so with every status after the start', async () => {
    vi.stubEnv('RNNWB_KERNELS', undefined)
    const { s, events } = service()
    const info = await s.ended(s.start(sineRequest(5)))
    expect(info.status).toBe('completed')
    expect(info.kernels).toEqual({ kind: 'wasm', choice: 'auto', precision: 'float64', threads: 1 }) // sine: 8 sequences, one thread
    expect(s.summary(info.id).kernels).toEqual(info.kernels)
    expect(kernelsOf(events)).toEqual([null, 'wasm', 'wasm']) // starting (not known yet), running, completed
  })

  it('RNNWB_KERNELS=js makes the trainer run, and report, the TypeScript kernels, with the same results to rounding', async () => {
    vi.stubEnv('RNNWB_KERNELS', 'js')
    const { s, events } = service()
    const info = await s.ended(s.start(sineRequest(5)))
    expect(info.kernels).toMatchObject({ kind: 'js', choice: 'js' })
    expect(kernelsOf(events)).toEqual([null, 'js', 'js'])
    const local = new Trainer({ network: sine.network, training: sine.training, data: trainingDataset(sine.data), kernels: 'wasm' })
    for (let i = 0; i < 5; i++) local.runEpoch()
    info.weights!.params.forEach((w, i) => expect(w).toBeCloseTo(local.params[i], 10))
  })

  it('a request naming the kernels wins over the environment', async () => {
    vi.stubEnv('RNNWB_KERNELS', 'js')
    const { s } = service()
    expect((await s.ended(s.start({ ...sineRequest(2), kernels: 'wasm' }))).kernels).toMatchObject({ kind: 'wasm', choice: 'wasm' })
  })

  it('a bad RNNWB_KERNELS refuses to start, naming the allowed values', () => {
    vi.stubEnv('RNNWB_KERNELS', 'simd')
    const { s, events } = service()
    expect(() => s.start(sineRequest(2))).toThrow(KernelsSettingError)
    expect(() => s.start(sineRequest(2))).toThrow('RNNWB_KERNELS="simd" is not a kernel set: expected one of auto, wasm, js')
    expect(s.list()).toEqual([])
    expect(events).toEqual([])
  })
})

describe('TrainingService NETtalk score', () => {
  const entries = importDictionary(readFileSync(NETTALK_DICTIONARY, 'utf8')).entries
  const train = entries.slice(0, 40)
  const validation = entries.slice(40, 60)
  const network = nettalkNetwork({}, { hidden: 10 })
  // (every epoch by default: test/node/services/nettalk-data.test.ts)
  const request = (every: number | undefined, epochs: number): StartRequest => ({
    network,
    training: { optimizer: 'momentum', learningRate: 0.1, batch: 'sequence', seed: 3 },
    data: nettalkDataset(train, {}),
    score: { kind: 'nettalk', encoding: {}, train, validation, ...(every !== undefined ? { every } : {}) },
    epochs,
  })
  const scored = (reports: EpochReport[]) => reports.filter((r) => r.scores).map((r) => r.epoch)
  const reportsOf = (events: ReturnType<typeof service>['events']) => events.flatMap((e) => (e.type === 'progress' ? (e.reports as EpochReport[]) : []))

  it('every = 3 scores epochs 3, 6, 9 and the last; the scores are those of the TypeScript path on the final weights', async () => {
    const { s, events } = service()
    const info = await s.ended(s.start(request(3, 10)))
    expect(info.status, info.message).toBe('completed')
    const reports = reportsOf(events)
    expect(reports).toHaveLength(10)
    expect(scored(reports)).toEqual([3, 6, 9, 10])
    const last = reports.at(-1)!.scores!
    expect(last.train).toBe(scoreNetwork(network, info.weights!.params, train, {}, { kernels: 'js' }).phonemes)
    expect(last.validation).toBe(scoreNetwork(network, info.weights!.params, validation, {}, { kernels: 'js' }).phonemes)
    // the run's record keeps the scores of the scored epochs
    const record = runRecord('r1', s.outcome(info.id))!
    expect(record.scores!.map((x) => x.epoch)).toEqual([3, 6, 9, 10])
    expect(record.scores!.at(-1)).toEqual({ epoch: 10, train: last.train, validation: last.validation })
  })

  it('counts epochs from the weights’ start: a run resumed at epoch 10 with every = 3 scores 12 and its last, 14', async () => {
    const { s, events } = service()
    const first = await s.ended(s.start(request(3, 10)))
    const { s: s2, events: events2 } = service()
    const resumed = await s2.ended(s2.start({ ...request(3, 4), params: first.weights!.params, epoch: 10, optimizer: first.weights!.optimizer }))
    expect(resumed.status).toBe('completed')
    expect(scored(reportsOf(events2))).toEqual([12, 14])
    expect(reportsOf(events)).toHaveLength(10)
  })

  it('a stopped run scores the epoch it ended at, with the weights it kept; a pause scores the paused epoch once', async () => {
    // scored only at its last epoch (never reached): what a pause or a stop scores is their own doing
    const statusOf = (events: ReturnType<typeof service>['events'], status: string) => events.find((e) => e.type === 'status' && e.status === status) as EventMap['training:status'] | undefined
    const { s, events } = service()
    const id = s.start(request(100_000, 100_000))
    await until(() => s.info(id).epoch >= 2)
    const weights = (await s.stop(id))!
    const stopped = statusOf(events, 'stopped')!
    expect(stopped.epoch).toBe(weights.epoch)
    expect(scored(reportsOf(events))).toEqual([]) // no report carried a score: the stop's own
    expect(stopped.score).toEqual({
      epoch: weights.epoch,
      scores: {
        train: scoreNetwork(network, weights.params, train, {}, { kernels: 'js' }).phonemes,
        validation: scoreNetwork(network, weights.params, validation, {}, { kernels: 'js' }).phonemes,
      },
    })

    const { s: s2, events: events2 } = service()
    const id2 = s2.start(request(100_000, 100_000))
    await until(() => s2.info(id2).epoch >= 2)
    s2.pause(id2)
    await until(() => s2.info(id2).status === 'paused')
    const paused = statusOf(events2, 'paused')!
    expect(paused.score?.epoch).toBe(s2.info(id2).epoch)
    expect(paused.score?.scores.train).toBeGreaterThanOrEqual(0)
    await s2.stop(id2)
    expect(statusOf(events2, 'stopped')!.score).toBeUndefined() // the epoch it ended at has its score already
  })

  it('refuses a score interval that is not a whole number ≥ 1', async () => {
    const { s } = service()
    const info = await s.ended(s.start(request(0, 4)))
    expect(info.status).toBe('failed')
    expect(info.message).toBe('score.every: expected a whole number of epochs ≥ 1, got 0')
  })
})

describe('TrainingService run records', () => {
  it('a completed run’s outcome makes a record of its settings, data, times and every epoch, which a project saves', async () => {
    const { s } = service()
    const before = Date.now()
    const id = s.start({ ...sineRequest(20), validation: validationDataset(sine.data) })
    expect(() => s.outcome(id)).toThrow(/has not ended/)
    const info = await s.ended(id)
    const outcome = s.outcome(id)
    expect(outcome.startedAt).toBeGreaterThanOrEqual(before)
    expect(outcome.endedAt).toBeGreaterThanOrEqual(outcome.startedAt)
    const record = runRecord('r1', { ...outcome, weights: weightsToFile(info.network, { params: info.weights!.params, epoch: info.weights!.epoch, optimizer: info.weights!.optimizer }) })!
    expect(record).toMatchObject({
      id: 'r1',
      network: sine.network,
      training: { ...sine.training, epochs: 20 },
      seed: normalizeTrainingSpec(sine.training, normalizeNetworkSpec(sine.network)).seed,
      dataHash: dataHash(sine.data),
      startEpoch: 0,
      epochs: 20,
      ended: { status: 'finished' },
      loss: info.loss,
      validationLoss: info.validationLoss,
    })
    expect(record.validationLoss).toHaveLength(20)
    expect(record.durationMs).toBe(outcome.endedAt - outcome.startedAt)
    const project = { ...sine, runs: [record] }
    const back = parseProject(serializeProject(project))
    expect(back.runs).toEqual([record])
  })

  it('a failed and a stopped run are recorded with how they ended', async () => {
    const { s } = service()
    const bad = s.start({ ...sineRequest(10), network: { ...sine.network, hidden: [{ units: 4, activation: 'softmax' }] } })
    await s.ended(bad)
    // settings the model rejects: the run failed at once, and is not recorded (a project holds valid specs only)
    expect(s.outcome(bad)).toMatchObject({ status: 'failed', message: 'network.hidden[0].activation: softmax is only allowed on the output layer', loss: [] })
    expect(runRecord('r1', s.outcome(bad))).toBeNull()
    // a run that diverges fails with a message, and its record keeps the epochs before
    const linear: NetworkSpec = { inputSize: sine.network.inputSize, hidden: [{ units: 8, activation: 'linear' }], output: { units: sine.network.output.units, activation: 'linear' } }
    const wild = s.start({ ...sineRequest(1000), network: linear, training: { optimizer: 'sgd', learningRate: 100 } })
    const info = await s.ended(wild)
    expect(info.status).toBe('failed')
    const failed = runRecord('r1', s.outcome(wild))!
    expect(failed.ended).toEqual({ status: 'failed', message: info.message })
    expect(failed.epochs).toBe(info.loss.length)
    const early = s.start(sineRequest(10))
    await s.stop(early)
    expect(runRecord('r2', s.outcome(early))!.ended).toEqual({ status: 'stopped' })
  })
})
