// Threads (src/node/trainer/chunk-pool.ts with the core's chunks.ts): real trainer processes give bit-identical
// weights for threads = 1, 2, 3; pause, step and stop work mid-epoch with 2 threads; per-sequence runs work;
// a helper thread that fails or dies fails the run with its reason. No assertion depends on timing.
import { afterEach, describe, expect, it } from 'vitest'
import { CHUNK_SEQUENCES, Trainer, createRng, type Dataset, type NetworkSpec, type TrainingSpec } from '../../../src/core/index.js'
import { startChunkHelpers, ThreadChunks, type ChunkHelperInit } from '../../../src/node/trainer/chunk-pool.js'
import { builtTrainerLauncher } from '../../helpers/built.js'
import { TrainingService } from '../../../src/node/services/training.js'
import type { EventMap } from '../../../src/shared/ipc.js'
import { randomDataset } from '../../helpers/random.js'

const HELPER_ENTRY = new URL('../../../src/node/trainer/trainer.ts', import.meta.url)

const net: NetworkSpec = { inputSize: 4, hidden: [{ units: 12, activation: 'tanh' }], output: { units: 3 } }
/** 5 chunks: 4 × 32 + 22 sequences. */
const data: Dataset = randomDataset(createRng(21), { m: 4, l: 3, P: 4 * CHUNK_SEQUENCES + 22, maxLength: 9, missing: 0.2, targets: 'unit' })

/** Epochs of a second or so, so that a pause lands inside one (what the tests assert is order, not time). */
const slowNetwork: NetworkSpec = { inputSize: 32, hidden: [{ units: 192 }], output: { units: 8 } }
const slowData: Dataset = randomDataset(createRng(3), { m: 32, l: 8, P: 128, maxLength: 50, targets: 'unit' })

let services: TrainingService[] = []
afterEach(() => {
  services.forEach((s) => s.dispose())
  services = []
})

function service() {
  const statuses: string[] = []
  const epochs: number[] = []
  const s = new TrainingService(builtTrainerLauncher(), (name, payload) => {
    if (name === 'training:status') statuses.push((payload as EventMap['training:status']).status)
    if (name === 'training:progress') epochs.push(...(payload as EventMap['training:progress']).reports.map((r) => r.epoch))
  })
  services.push(s)
  return { s, statuses, epochs }
}

const until = async (what: () => boolean, ms = 60_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** The same training in this process, on this thread only. */
function local(network: NetworkSpec, training: TrainingSpec, d: Dataset, epochs: number) {
  const t = new Trainer({ network, training, data: d })
  const losses = Array.from({ length: epochs }, () => t.runEpoch().loss)
  return { params: Array.from(t.params), losses }
}

describe('threads in the trainer process', () => {
  it('gives bit-identical weights and losses for threads = 1, 2 and 3 (full batch of 5 chunks; minibatches of 70)', async () => {
    for (const training of [
      { batch: 'full', optimizer: 'adam', learningRate: 0.01, epochs: 12 },
      { batch: 'minibatch', batchSize: 70, learningRate: 0.02, loss: 'mse', epochs: 6 },
    ] as TrainingSpec[]) {
      const expected = local(net, training, data, training.epochs!)
      for (const threads of [1, 2, 3]) {
        const { s } = service()
        const info = await s.ended(s.start({ network: net, training: { ...training, threads }, data }))
        expect(info.status, `threads ${threads}`).toBe('completed')
        expect(info.loss, `threads ${threads}`).toEqual(expected.losses)
        expect(Array.from(info.weights!.params), `threads ${threads}`).toEqual(expected.params)
        expect(info.kernels?.threads, 'the threads the run reports (the status line shows them)').toBe(threads)
      }
    }
  })

  it('pauses mid-epoch, steps one epoch, resumes and stops with 2 threads; the weights equal an unbroken run', async () => {
    const { s, statuses, epochs } = service()
    const training: TrainingSpec = { threads: 2, learningRate: 0.01 }
    const id = s.start({ network: slowNetwork, training, data: slowData, epochs: 1000 })
    await until(() => s.info(id).epoch >= 1)
    const askedAt = s.info(id).epoch
    s.pause(id)
    await until(() => s.info(id).status === 'paused')
    const pausedAt = s.info(id).epoch
    // a pause inside the epoch under way reports nothing after the epoch it was asked in (progress comes in batches)
    expect(pausedAt).toBeLessThanOrEqual(askedAt)
    s.step(id)
    await until(() => s.info(id).epoch === pausedAt + 1 && s.info(id).status === 'paused')
    s.resume(id)
    await until(() => s.info(id).epoch >= pausedAt + 2)
    const weights = await s.stop(id)
    expect(s.info(id).status).toBe('stopped')
    expect(statuses).toEqual(['starting', 'running', 'paused', 'running', 'paused', 'running', 'stopped'])
    expect(epochs).toEqual(Array.from({ length: weights!.epoch }, (_, i) => i + 1))
    expect(Array.from(weights!.params)).toEqual(local(slowNetwork, training, slowData, weights!.epoch).params)
  })

  it('trains per sequence (no chunks: one thread does it) with threads = 2, as in this process', async () => {
    const { s } = service()
    const training: TrainingSpec = { batch: 'sequence', threads: 2, learningRate: 0.05, epochs: 3 }
    const info = await s.ended(s.start({ network: net, training, data }))
    expect(info.status).toBe('completed')
    expect(Array.from(info.weights!.params)).toEqual(local(net, training, data, 3).params)
  })
})

describe('the chunk pool', () => {
  const training: TrainingSpec = { learningRate: 0.02 }
  let pool: ReturnType<typeof startChunkHelpers> | null = null
  afterEach(async () => {
    await pool?.stop()
    pool = null
  })

  /** A trainer whose chunks run on `threads` threads of this process (the helpers are ready when it returns). */
  function pooled(threads: number, tamper: (init: ChunkHelperInit) => ChunkHelperInit = (i) => i) {
    const parallel = new ThreadChunks({ threads: () => threads, spawn: (init, n) => (pool = startChunkHelpers(HELPER_ENTRY, tamper(init), n)) })
    return new Trainer({ network: net, training, data, parallel })
  }

  it('computes on helper threads in this process too (what the benchmark runs), bit for bit', () => {
    const trainer = pooled(3)
    expect(pool!.workers).toHaveLength(2)
    for (let i = 0; i < 5; i++) trainer.runEpoch()
    expect(Array.from(trainer.params)).toEqual(local(net, training, data, 5).params)
  })

  it('a helper that fails (here: it cannot build its workspace) fails with its reason', () => {
    expect(() => pooled(2, (init) => ({ ...init, setup: { ...init.setup, kernels: 'nope' as 'js' } }))).toThrow(
      /^a training thread failed: kernels: expected one of auto, wasm, js, got "nope"$/,
    )
  })

  it('a helper that dies fails the next epoch with a readable reason; the weights stay', async () => {
    const trainer = pooled(2)
    trainer.runEpoch()
    const before = Array.from(trainer.params)
    const exited = new Promise((r) => pool!.workers[0].once('exit', r))
    await pool!.workers[0].terminate()
    await exited
    expect(() => trainer.runEpoch()).toThrow(/^a training thread failed: it stopped unexpectedly \(exit code 1\)$/)
    expect(trainer.epoch).toBe(1)
    expect(Array.from(trainer.params)).toEqual(before)
  })
})
