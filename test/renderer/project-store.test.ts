// @vitest-environment happy-dom
// The project store: weights stay with the network that trained them, through a moment of invalid typing.
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { describe, expect, it } from 'vitest'
import { Trainer } from '../../src/core/index'
import { isReactive, isRef } from 'vue'
import { useProjectStore } from '../../src/renderer/stores/project'
import { blankProject } from '../../src/shared/blank-project'
import { blankInlineProject } from './project-setup'
import { weightsToFile, type InlineData } from '../../src/shared/project-file'
import { trainingDataset } from '../../src/shared/runs'
import { dataHash, runRecord } from '../../src/shared/run-records'

function trained() {
  const file = blankInlineProject()
  const t = new Trainer({ network: file.network, training: { ...file.training, epochs: 2 }, data: trainingDataset(file.data as InlineData) })
  const loss = [t.runEpoch().loss, t.runEpoch().loss]
  return { ...file, weights: weightsToFile(file.network, { ...t.snapshot(), epoch: 2 }), history: { loss } }
}

describe('project store', () => {
  it('keeps the weights while a field is retyped, drops them when the shape really changes', async () => {
    setActivePinia(createPinia())
    const project = useProjectStore()
    project.load(trained(), null)
    await nextTick()
    await Promise.resolve()
    expect(project.weights).not.toBeNull()
    project.network.hidden[0].units = null as unknown as number // the field emptied for a moment
    await nextTick()
    expect(project.weights).not.toBeNull()
    project.network.hidden[0].units = 4 // the same number again
    await nextTick()
    expect(project.weights).not.toBeNull()
    expect(project.history.loss).toHaveLength(2)
    project.network.hidden[0].units = 5
    await nextTick()
    expect(project.weights).toBeNull()
    expect(project.history.loss).toEqual([])
  })

  it('decodes the trained weights once, raw, for every reader; none while they do not fit the network', async () => {
    setActivePinia(createPinia())
    const project = useProjectStore()
    expect(project.parameters).toBeNull()
    const file = trained()
    project.load(file, null)
    await nextTick()
    const params = project.parameters!
    expect(params).toBeInstanceOf(Float64Array)
    expect(params).toHaveLength(project.layout!.size)
    // W0 is the first array in file and layout alike: its first value lands at offset 0
    const w0 = new DataView(Uint8Array.from(atob(file.weights.arrays[0].data), (c) => c.charCodeAt(0)).buffer).getFloat64(0, true)
    expect(params[0]).toBe(w0)
    expect(project.parameters).toBe(params) // the same array again: decoded once
    expect(isReactive(params) || isRef(params)).toBe(false)
    project.network.hidden[0].activation = 'relu' // a change that keeps the shape keeps the array
    await nextTick()
    expect(project.parameters).toBe(params)
    project.network.hidden[0].units = null as unknown as number // a spec being retyped: weights kept, none fit
    await nextTick()
    expect(project.weights).not.toBeNull()
    expect(project.parameters).toBeNull()
    project.resetWeights()
    project.network.hidden[0].units = 4
    await nextTick()
    expect(project.parameters).toBeNull()
  })

  it('counts loads, so a late training result can tell it belongs to an earlier project', () => {
    setActivePinia(createPinia())
    const project = useProjectStore()
    project.load(blankProject(), null)
    const before = project.generation
    project.load(blankProject(), null)
    expect(project.generation).toBe(before + 1)
  })

  it('keeps the run records it opened when it saves (version 2), and a new project has none (version 1)', async () => {
    setActivePinia(createPinia())
    const project = useProjectStore()
    const file = trained()
    const record = runRecord('r1', {
      network: file.network,
      training: file.training,
      dataHash: dataHash(file.data as InlineData),
      startedAt: 0,
      endedAt: 10,
      startEpoch: 0,
      status: 'completed',
      loss: file.history.loss,
      validationLoss: [],
      scores: [],
    })!
    project.load({ ...file, version: 2, runs: [record] }, null)
    await nextTick()
    project.network.hidden[0].units = 5 // new settings do not touch the records of earlier runs
    await nextTick()
    expect(project.toFile()).toMatchObject({ version: 2, runs: [record] })
    project.newBlank()
    expect(project.toFile().version).toBe(1)
    expect(project.toFile().runs).toBeUndefined()
  })
})
