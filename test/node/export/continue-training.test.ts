// Training that is broken by an export and a re-import (JSON or .npz) ends with the same weights, bit for bit, as
// training without the break: same seed, same data, shuffled minibatches, every optimizer.
import { describe, expect, it } from 'vitest'
import { Trainer, createRng, type Dataset, type NetworkSpec, type TrainingSpec } from '../../../src/core/index.js'
import { exportWeights, importWeights } from '../../../src/node/export/index.js'
import { network, randomDataset } from '../../helpers/random.js'

const net: NetworkSpec = network({ m: 3, l: 2, hidden: [5, 4], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: true })
const data: Dataset = randomDataset(createRng(21), { m: 3, l: 2, P: 9, maxLength: 6, missing: 0.2, targets: 'unit' })

describe('continuing training after export and re-import', () => {
  for (const format of ['json', 'npz'] as const) {
    it.each(['sgd', 'momentum', 'adam'] as const)(`${format}, %s: 6 epochs + export/import + 4 epochs = 10 epochs`, (optimizer) => {
      const training: TrainingSpec = { optimizer, learningRate: 0.05, batch: 'minibatch', batchSize: 4, seed: 8 }
      const straight = new Trainer({ network: net, training, data })
      for (let e = 0; e < 10; e++) straight.runEpoch()

      const before = new Trainer({ network: net, training, data })
      for (let e = 0; e < 6; e++) before.runEpoch()
      const project = { metadata: { name: 'resume' }, network: net, weights: { ...before.snapshot(), epoch: before.epoch } }
      const file = exportWeights(project, { format }).files[0].bytes
      const imported = importWeights({ network: net }, file)
      expect(imported.epoch).toBe(6)

      const after = new Trainer({ network: net, training, data, params: imported.params, epoch: imported.epoch, optimizerState: imported.optimizer })
      while (after.epoch < 10) after.runEpoch()
      expect(Array.from(after.params)).toEqual(Array.from(straight.params))
      expect(after.optimizer.steps).toBe(straight.optimizer.steps)
    })
  }
})
