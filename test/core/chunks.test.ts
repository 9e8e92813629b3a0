// Chunked batches (chunks.ts): bit-identical whatever executes the chunks, in whatever order; equal to the
// unchunked gradient to rounding; the path picked by batch size only; aborts restore the epoch's start.
import { describe, expect, it } from 'vitest'
import {
  CHUNK_SEQUENCES,
  CHUNK_SLOTS,
  SequentialChunks,
  Trainer,
  backward,
  batchLoss,
  createRng,
  forward,
  packDataset,
  paramLayout,
  seededParams,
  normalizeNetworkSpec,
  normalizeTrainingSpec,
  createChunkComputer,
  threadsUsed,
  type ChunkExecutor,
  type ChunkJob,
  type ChunkResults,
  type ChunkSetup,
  type Dataset,
  type TrainingSpec,
} from '../../src/core/index.js'
import { KERNEL_SETS, fullBatch } from '../helpers/kernels.js'
import { network, randomDataset } from '../helpers/random.js'

const net = network({ m: 3, l: 2, hidden: [5, 4], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: false })
/** 100 sequences: chunks of 32, 32, 32 and 4. */
const data: Dataset = randomDataset(createRng(11), { m: 3, l: 2, P: 100, maxLength: 6, missing: 0.3, targets: 'unit' })

/** Computes the chunks of each job in an order of its choosing, like threads finishing in any order. */
class OrderedChunks implements ChunkExecutor {
  readonly jobs: number[] = []
  private inner = new SequentialChunks()
  constructor(private readonly order: (chunks: number) => number[]) {}
  attach(setup: ChunkSetup): void {
    this.inner.attach(setup)
  }
  run(job: ChunkJob, local: (chunk: number, grad: Float64Array) => number): ChunkResults {
    this.jobs.push(job.chunks)
    const results = this.inner.run({ ...job, chunks: 0 }, local) // the buffers, nothing computed
    for (const j of this.order(job.chunks)) results.losses[j] = local(j, results.grads[j])
    return results
  }
}

/** Computes chunks on "helper" computers of their own (as helper threads do), copying the weights in. */
class HelperChunks implements ChunkExecutor {
  private helpers: ReturnType<typeof createChunkComputer>[] = []
  private results: ChunkResults | null = null
  attach(setup: ChunkSetup): void {
    // a structured clone, as a helper thread receives it
    this.helpers = [createChunkComputer(structuredClone(setup)), createChunkComputer(structuredClone(setup))]
    const size = paramLayout(setup.network).size
    this.results = { grads: Array.from({ length: CHUNK_SLOTS }, () => new Float64Array(size)), losses: new Float64Array(CHUNK_SLOTS) }
  }
  run(job: ChunkJob, local: (chunk: number, grad: Float64Array) => number): ChunkResults {
    const results = this.results!
    for (const h of this.helpers) h.ws.params.set(job.params)
    for (let j = job.chunks - 1; j >= 0; j--) {
      if (j % 3 === 0) {
        results.losses[j] = local(j, results.grads[j])
        continue
      }
      const h = this.helpers[j % 3 === 1 ? 0 : 1]
      const from = job.start + j * CHUNK_SEQUENCES
      results.losses[j] = h.compute(job.order, from, Math.min(CHUNK_SEQUENCES, job.end - from), job.targets)
      results.grads[j].set(h.ws.grads)
    }
    return results
  }
}

const shuffled = (n: number) => {
  const order = Array.from({ length: n }, (_, j) => j)
  const rng = createRng(n)
  for (let i = n - 1; i > 0; i--) {
    const k = rng.int(i + 1)
    ;[order[i], order[k]] = [order[k], order[i]]
  }
  return order
}

describe('threadsUsed', () => {
  it('is 1 for batches that are not chunked, else the threads, at most the chunks of a job', () => {
    expect(threadsUsed({ batch: 'sequence', batchSize: 16 }, 1000, 4)).toBe(1)
    expect(threadsUsed({ batch: 'minibatch', batchSize: CHUNK_SEQUENCES }, 1000, 4)).toBe(1)
    expect(threadsUsed({ batch: 'full', batchSize: 16 }, CHUNK_SEQUENCES, 4)).toBe(1)
    expect(threadsUsed({ batch: 'minibatch', batchSize: CHUNK_SEQUENCES + 1 }, 1000, 4)).toBe(2)
    expect(threadsUsed({ batch: 'full', batchSize: 16 }, 100, 3)).toBe(3)
    expect(threadsUsed({ batch: 'full', batchSize: 16 }, 100, 8)).toBe(4)
    expect(threadsUsed({ batch: 'full', batchSize: 16 }, 100_000, 64)).toBe(CHUNK_SLOTS)
  })
})

describe.each(KERNEL_SETS)('%s kernels', (kernels) => {
  const run = (training: TrainingSpec, epochs: number, parallel?: ChunkExecutor, d: Dataset = data) => {
    const t = new Trainer({ kernels, network: net, training, data: d, parallel })
    const losses = Array.from({ length: epochs }, () => t.runEpoch().loss)
    return { params: Array.from(t.params), losses }
  }

  describe('chunked batches', () => {
    it.each([
      ['full batch, sse, exact', { batch: 'full', learningRate: 0.05 }],
      ['full batch, mse, adam, truncated', { batch: 'full', loss: 'mse', optimizer: 'adam', learningRate: 0.01, gradient: 'truncated', horizon: 2 }],
      ['minibatches of 40 (shuffled), cross-entropy, lecture', { batch: 'minibatch', batchSize: 40, loss: 'cross-entropy', gradient: 'lecture', learningRate: 0.05 }],
      ['full batch, float32, momentum (helpers build float32 workspaces too)', { batch: 'full', precision: 'float32', optimizer: 'momentum', learningRate: 0.05 }],
    ] as [string, TrainingSpec][])('gives bit-identical weights whatever computes the chunks, in whatever order: %s', (_, training) => {
      const reference = run(training, 4)
      for (const executor of [new OrderedChunks((n) => Array.from({ length: n }, (_, j) => n - 1 - j)), new OrderedChunks(shuffled), new HelperChunks()]) {
        const other = run(training, 4, executor)
        expect(other.params).toEqual(reference.params)
        expect(other.losses).toEqual(reference.losses)
      }
    })

    it('splits a batch of more than CHUNK_SLOTS chunks into several jobs, with the same result', () => {
      const big = randomDataset(createRng(3), { m: 3, l: 2, P: CHUNK_SLOTS * CHUNK_SEQUENCES + 70, maxLength: 3, targets: 'unit' })
      const executor = new OrderedChunks((n) => Array.from({ length: n }, (_, j) => n - 1 - j))
      const reversed = run({ learningRate: 0.01 }, 2, executor, big)
      expect(executor.jobs).toEqual([CHUNK_SLOTS, 3, CHUNK_SLOTS, 3])
      expect(reversed.params).toEqual(run({ learningRate: 0.01 }, 2, new HelperChunks(), big).params)
    })

    it.each(['sse', 'mse'] as const)('agrees with the unchunked gradient of the whole batch to rounding (%s)', (loss) => {
      const spec = normalizeNetworkSpec(net)
      const training = normalizeTrainingSpec({ loss, learningRate: 0.05 }, spec)
      const layout = paramLayout(spec)
      const packed = packDataset(data, 3, 2)
      const params = seededParams(spec, training)
      const ws = fullBatch(layout, packed, params, kernels)
      forward(layout, ws.paramViews, ws)
      const lossOptions = { kind: loss, activation: spec.output.activation, errorTolerance: 0 }
      const E = batchLoss(layout, ws, lossOptions)
      backward(layout, ws.paramViews, ws.gradViews, ws, { loss: lossOptions, gradient: 'exact', horizon: 1 })

      const t = new Trainer({ kernels, network: net, training, data })
      const report = t.runEpoch() // one update from the seeded weights; t.grads is that update's gradient
      expect(Math.abs(report.loss - E)).toBeLessThan(1e-12 * Math.abs(E))
      const scale = Math.max(...Array.from(ws.grads, Math.abs))
      for (let i = 0; i < ws.grads.length; i++) expect(Math.abs(t.grads[i] - ws.grads[i])).toBeLessThan(1e-12 * scale)
      // and the update is w − c·g from the seeded weights
      for (let i = 0; i < params.length; i++) expect(t.params[i]).toBeCloseTo(params[i] - 0.05 * ws.grads[i], 12)
    })

    it('picks the chunked path by batch size only: batches of up to CHUNK_SEQUENCES sequences run in one piece', () => {
      const attached: number[] = []
      const spy = (): ChunkExecutor => {
        const inner = new SequentialChunks()
        return {
          attach: (setup) => {
            attached.push(1)
            inner.attach(setup)
          },
          run: (job, local) => inner.run(job, local),
        }
      }
      new Trainer({ kernels, network: net, training: { batch: 'minibatch', batchSize: CHUNK_SEQUENCES }, data, parallel: spy() })
      new Trainer({ kernels, network: net, training: { batch: 'sequence' }, data, parallel: spy() })
      expect(attached).toEqual([])
      new Trainer({ kernels, network: net, training: { batch: 'minibatch', batchSize: CHUNK_SEQUENCES + 1 }, data, parallel: spy() })
      new Trainer({ kernels, network: net, training: { batch: 'full' }, data, parallel: spy() })
      expect(attached).toEqual([1, 1])
    })

    it('restores the epoch start when a chunk aborts (poll throws mid-batch), and then goes on exactly', () => {
      const training: TrainingSpec = { optimizer: 'momentum', learningRate: 0.02 }
      const straight = run(training, 3)
      let polls = 0
      let abortAt = -1
      const t = new Trainer({
        kernels,
        network: net,
        training,
        data,
        parallel: new HelperChunks(),
        poll: () => {
          if (++polls === abortAt) throw new Error('stop')
        },
      })
      t.runEpoch()
      const before = Array.from(t.params)
      abortAt = polls + 40 // inside the second epoch's chunks
      expect(() => t.runEpoch()).toThrow('stop')
      expect(Array.from(t.params)).toEqual(before)
      expect(t.epoch).toBe(1)
      t.runEpoch()
      t.runEpoch()
      expect(Array.from(t.params)).toEqual(straight.params)
    })
  })
})
