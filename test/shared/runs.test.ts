// The rules between a project and a run (src/shared/runs.ts), which the window and rnnwb both use
// (test/e2e/projects.e2e.test.ts checks that they make the same project from the same run).
import { describe, expect, it } from 'vitest'
import { historyAfterRun, startRequest, trainingDataset, validationDataset, type ProjectWithData } from '../../src/shared/runs.js'

describe('historyAfterRun', () => {
  it('a run from the seed starts a new history', () => {
    expect(historyAfterRun({ loss: [9, 8, 7], validationLoss: [9, 9, 9] }, { startEpoch: 0, loss: [5, 4], validationLoss: [] })).toEqual({ loss: [5, 4] })
  })

  it('a continued run keeps what led to its start, cut at the start epoch, then its own epochs', () => {
    const before = { loss: [9, 8, 7, 6], validationLoss: [10, 9, 8, 7] }
    expect(historyAfterRun(before, { startEpoch: 2, loss: [5], validationLoss: [6] })).toEqual({ loss: [9, 8, 5], validationLoss: [10, 9, 6] })
  })

  it('keeps a validation history from before even when the run has none, and starts one when it has', () => {
    expect(historyAfterRun({ loss: [9], validationLoss: [10] }, { startEpoch: 1, loss: [8], validationLoss: [] })).toEqual({ loss: [9, 8], validationLoss: [10] })
    expect(historyAfterRun({ loss: [9] }, { startEpoch: 1, loss: [8], validationLoss: [7] })).toEqual({ loss: [9, 8], validationLoss: [7] })
  })
})

describe('startRequest', () => {
  const params = Float64Array.from([1, 2, 3])
  const project: ProjectWithData = {
    metadata: { name: 'p' },
    network: { inputSize: 1, hidden: [], output: { units: 1 } },
    training: { epochs: 7 },
    data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[0]] }], validation: [{ u: [[0]], z: [[1]] }] },
    weights: { params, epoch: 4 },
    history: { loss: [] },
  }

  it('continues from the weights, with the data the trainer sees', () => {
    const r = startRequest(project, { epochs: 3, inspect: 0 })
    expect(r).toMatchObject({ epoch: 4, epochs: 3, inspect: 0, training: { epochs: 7 } })
    expect(r.params).toBe(params)
    expect(r.data).toEqual(trainingDataset(project.data))
    expect(r.validation).toEqual(validationDataset(project.data))
  })

  it('starts from the seed when asked, or when there are no weights', () => {
    for (const r of [startRequest(project, { fromSeed: true }), startRequest({ ...project, weights: null })]) {
      expect(r.params).toBeUndefined()
      expect(r.epoch).toBeUndefined()
      expect(r.epochs).toBeUndefined()
    }
  })
})
