// The sweep host with real trainer processes (child_process launcher): the parallel limit and the FIFO queue as
// the service's own progress events show them, stop one / stop all / pause all, a killed trainer and a diverging
// run recorded as failed while the others go on, the time budget, repeats bit for bit (with and without kept
// weights), and requests refused before any trainer starts. Runs are tiny (the sine example, few epochs); "long"
// runs have more epochs than any test waits for and are always stopped: the asserts are about order, never time.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Trainer, type NetworkSpec } from '../../../src/core/index.js'
import type { EventMap, SweepState } from '../../../src/shared/ipc.js'
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src/node/services/launcher.js'
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

function service(launch: TrainerLauncher = nodeTrainerLauncher(), parallel?: number) {
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
    const state = s.start({ project: sine, spec: { params: [lr(0.01, 0.02, 0.05)], seeds: 2, epochs: 8 }, parallel: 2 })
    expect(state.parallel).toBe(2)
    expect(statuses(state)).toEqual(['starting', 'starting', 'queued', 'queued', 'queued', 'queued'])
    const ended = await s.ended(state.sweepId)
    expect(ended.status).toBe('finished')
    expect(statuses(ended)).toEqual(Array(6).fill('completed'))
    // every event: never more than 2 runs at once, and the runs that have left the queue are always the first ones
    for (const p of progress) {
      expect(p.runs.filter((r) => ACTIVE.includes(r.status)).length).toBeLessThanOrEqual(2)
      const started = p.runs.map((r) => r.status !== 'queued')
      expect(started).toEqual([...started].sort((a, b) => Number(b) - Number(a)))
    }
    expect(progress.at(-1)).toEqual(ended)
    // one record per run, labelled and tagged with the sweep's values, with final weights and the kernel set
    expect(records.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4, 5])
    const byIndex = [...records].sort((a, b) => a.index - b.index)
    expect(byIndex.map((r) => r.record.label)).toEqual([
      'learningRate=0.01 seed=1',
      'learningRate=0.01 seed=2',
      'learningRate=0.02 seed=1',
      'learningRate=0.02 seed=2',
      'learningRate=0.05 seed=1',
      'learningRate=0.05 seed=2',
    ])
    for (const { sweepId, index, record } of byIndex) {
      expect(sweepId).toBe(state.sweepId)
      expect(record.sweep).toEqual({ id: state.sweepId, values: ended.runs[index].values })
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
    const launch = vi.fn(nodeTrainerLauncher())
    const { s, progress } = service(launch)
    expect(() => s.start({ project: sine, spec: { params: [lr(0.1, -1)] } })).toThrow(new SweepError('params[0].values', 'learningRate=-1 (value 2): expected a number > 0'))
    expect(() => s.start({ project: sine, spec: { params: [{ name: 'hidden[1].units', values: { kind: 'list', values: [4] } }] } })).toThrow(SweepError)
    expect(() => s.start({ project: sine } as SweepRequest)).toThrow(/exactly one of spec and repeat/)
    expect(launch).not.toHaveBeenCalled()
    expect(progress).toEqual([])
    expect(s.list()).toEqual([])
  })
})
