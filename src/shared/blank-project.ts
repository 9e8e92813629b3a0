/**
 * The project that File › New (blank) starts from: one recurrent hidden layer and a small built-in task
 * (output the input bit of the previous step), so a new network can be trained at once. Zod-free, so the
 * renderer can build it itself.
 */
import { createRng, type Sequence } from '../core/index.js'
import { PROJECT_FORMAT, PROJECT_VERSION } from './project-constants.js'
import type { ProjectFile } from './project-file.js'

export function blankProject(now: Date = new Date()): ProjectFile {
  const rng = createRng(7)
  const train: Sequence[] = Array.from({ length: 16 }, () => {
    const bits = Array.from({ length: 10 }, () => rng.int(2))
    return { u: bits.map((b) => [b]), z: bits.map((_, t) => (t === 0 ? null : [bits[t - 1]])) }
  })
  const stamp = now.toISOString()
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    metadata: { name: 'Untitled', description: 'Output the input bit of the previous step.', createdAt: stamp, modifiedAt: stamp },
    network: { inputSize: 1, hidden: [{ units: 4, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } },
    training: { optimizer: 'adam', learningRate: 0.05, epochs: 200, seed: 1 },
    data: { kind: 'inline', inputSize: 1, outputSize: 1, train },
    weights: null,
    history: { loss: [] },
  }
}
