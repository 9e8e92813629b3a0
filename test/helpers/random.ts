// Random small networks and data sets for tests, all drawn from the core's seeded generator.
import { createRng, type Activation, type Dataset, type LossKind, type NetworkSpec, type Rng } from '../../src/core/index.js'

export interface RandomDataOptions {
  m: number
  l: number
  /** Sequences. */
  P: number
  /** The first sequence has maxLength steps, the others 1..maxLength−1, so lengths always differ. */
  maxLength: number
  /** Probability that a step has no target (null). The last step always has one. */
  missing?: number
  /** 'real': inputs in [−1, 1]; 'binary': {0, 1}. */
  inputs?: 'real' | 'binary'
  /** Targets: 'unit' in [0, 1], 'one-hot' one of ℓ, 'real' in [−1, 1]. */
  targets?: 'unit' | 'one-hot' | 'real'
}

export function randomDataset(rng: Rng, o: RandomDataOptions): Dataset {
  const sequences = Array.from({ length: o.P }, (_, p) => {
    const T = p === 0 ? o.maxLength : 1 + rng.int(o.maxLength - 1)
    const u = Array.from({ length: T }, () => Array.from({ length: o.m }, () => (o.inputs === 'binary' ? rng.int(2) : rng.uniform(-1, 1))))
    const z = Array.from({ length: T }, (_, t) => {
      if (t < T - 1 && rng.next() < (o.missing ?? 0)) return null
      if (o.targets === 'one-hot') {
        const hot = rng.int(o.l)
        return Array.from({ length: o.l }, (_, i) => (i === hot ? 1 : 0))
      }
      return Array.from({ length: o.l }, () => (o.targets === 'real' ? rng.uniform(-1, 1) : rng.next()))
    })
    return { u, z }
  })
  return { inputSize: o.m, outputSize: o.l, sequences }
}

export interface RandomNetworkOptions {
  m: number
  l: number
  hidden: number[]
  activation: Activation
  outputActivation: Activation
  recurrent: boolean
  bias: boolean
  outputRecurrent: boolean
}

export function network(o: RandomNetworkOptions): NetworkSpec {
  return {
    inputSize: o.m,
    hidden: o.hidden.map((units) => ({ units, activation: o.activation, recurrent: o.recurrent, bias: o.bias })),
    output: { units: o.l, activation: o.outputActivation, recurrent: o.outputRecurrent, bias: o.bias },
  }
}

export function targetsFor(loss: LossKind, outputActivation: Activation): RandomDataOptions['targets'] {
  if (outputActivation === 'softmax') return 'one-hot'
  if (loss === 'cross-entropy' || outputActivation === 'sigmoid') return 'unit'
  return 'real'
}

export { createRng }
