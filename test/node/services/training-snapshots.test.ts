// "Hear it learn": which reported weights a run keeps (keepSnapshot), at log-spaced epochs after its start.
import { afterEach, describe, expect, it } from 'vitest'
import { builtTrainerLauncher } from '../../helpers/built.js'
import { TrainingService, keepSnapshot } from '../../../src/node/services/training.js'
import { trainingDataset } from '../../../src/shared/runs.js'
import { exampleWithData } from '../../helpers/projects.js'

const at = (epoch: number) => ({ epoch, params: Float64Array.of(epoch), optimizer: { steps: 0, first: new Float64Array(0), second: new Float64Array(0) } })

describe('keepSnapshot', () => {
  it('keeps the first weights at or after start + 1, 2, 4, 8, … (reports may skip epochs)', () => {
    const kept: { epoch: number; params: Float64Array }[] = []
    for (const e of [1, 2, 3, 4, 5, 6, 7, 9, 10, 15, 17, 40, 100, 300]) keepSnapshot(kept, 0, at(e))
    expect(kept.map((k) => k.epoch)).toEqual([1, 2, 4, 9, 17, 40, 100, 300])
    expect(kept[3].params[0]).toBe(9) // the weights of that epoch, not a later one
  })
  it('counts from the epoch a continued run started at', () => {
    const kept: { epoch: number; params: Float64Array }[] = []
    for (let e = 31; e <= 60; e++) keepSnapshot(kept, 30, at(e))
    expect(kept.map((k) => k.epoch)).toEqual([31, 32, 34, 38, 46])
  })
})

describe('a run through the trainer process', () => {
  let service: TrainingService | null = null
  afterEach(() => service?.dispose())

  it('reports epochs 1, 2, 4, 8, … with their own weights even when progress is batched, so every machine keeps the same epochs', async () => {
    service = new TrainingService(builtTrainerLauncher(), () => {})
    const sine = await exampleWithData('sine')
    // progress every minute: without the log-spaced reports only the run's end would be reported
    const id = service.start({ network: sine.network, training: sine.training, data: trainingDataset(sine.data), epochs: 10, progressIntervalMs: 60_000 })
    const info = await service.ended(id)
    expect(info.status, info.message).toBe('completed')
    expect(service.snapshots(id).map((k) => k.epoch)).toEqual([1, 2, 4, 8, 10])
  })
})
