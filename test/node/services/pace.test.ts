// A run's pace (epochs per second) slows only the stepping and the reporting, never the numbers: a paced run's
// losses and weights are those of the same run as fast as possible; a paced run reports each epoch as it ends;
// the pace can change (or go) mid-run, and a stop ends a paced run in the middle of its wait. Real trainer
// processes (child_process launcher). The only clock-based assertion is a lower bound the waits guarantee.
import { afterEach, describe, expect, it } from 'vitest'
import { builtTrainerLauncher } from '../../helpers/built.js'
import { TrainingService, type StartRequest } from '../../../src/node/services/training.js'
import { trainingDataset } from '../../../src/shared/runs.js'
import { exampleWithData } from '../../helpers/projects.js'
import type { EventMap } from '../../../src/shared/ipc.js'

const sine = await exampleWithData('sine')
const sineRequest = (epochs: number, pace?: number): StartRequest => ({ network: sine.network, training: sine.training, data: trainingDataset(sine.data), epochs, ...(pace !== undefined ? { pace } : {}) })

let services: TrainingService[] = []
afterEach(() => {
  services.forEach((s) => s.dispose())
  services = []
})

function service() {
  const progress: EventMap['training:progress'][] = []
  const s = new TrainingService(builtTrainerLauncher(), (name, payload) => {
    if (name === 'training:progress') progress.push(payload as EventMap['training:progress'])
  })
  services.push(s)
  return { s, progress }
}

const until = async (what: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('the pace of a run', () => {
  it('a paced run computes exactly the unpaced one, and reports each epoch as it ends', async () => {
    const fast = service()
    const unpaced = await fast.s.ended(fast.s.start(sineRequest(30)))
    const slow = service()
    const started = performance.now()
    const paced = await slow.s.ended(slow.s.start(sineRequest(30, 100)))
    expect(performance.now() - started).toBeGreaterThanOrEqual((29 / 100) * 1000) // 29 waits of 1/100 s at least
    expect(paced.status).toBe('completed')
    expect(paced.loss).toEqual(unpaced.loss)
    expect(Array.from(paced.weights!.params)).toEqual(Array.from(unpaced.weights!.params))
    expect(Array.from(paced.weights!.optimizer!.first)).toEqual(Array.from(unpaced.weights!.optimizer!.first))
    // epochs 1..29 each in a message of its own (the last comes with the end of the run)
    const reported = slow.progress.map((p) => p.reports.map((r) => r.epoch))
    expect(reported.slice(0, 29)).toEqual(Array.from({ length: 29 }, (_, i) => [i + 1]))
    expect(fast.progress.length).toBeLessThan(29) // unpaced: batched
  })

  it('the pace can be lifted mid-run: the run then finishes at full speed, with the same numbers', async () => {
    const fast = service()
    const unpaced = await fast.s.ended(fast.s.start(sineRequest(2000)))
    const { s } = service()
    const id = s.start(sineRequest(2000, 5)) // 400 s at this pace
    await until(() => s.summary(id).epoch >= 2)
    s.pace(id, 0)
    const paced = await s.ended(id)
    expect(paced.status).toBe('completed')
    expect(paced.loss).toEqual(unpaced.loss)
    expect(Array.from(paced.weights!.params)).toEqual(Array.from(unpaced.weights!.params))
  })

  it('a stop ends a paced run during its wait; the weights are those of the last epoch it finished', async () => {
    const { s } = service()
    const id = s.start(sineRequest(1000, 0.01)) // one epoch every 100 s
    await until(() => s.summary(id).epoch >= 1)
    await s.stop(id)
    const info = await s.ended(id)
    expect(info.status).toBe('stopped')
    expect(info.epoch).toBe(1)
    const fast = service()
    const one = await fast.s.ended(fast.s.start(sineRequest(1)))
    expect(Array.from(info.weights!.params)).toEqual(Array.from(one.weights!.params))
  })
})
