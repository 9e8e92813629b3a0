// Trained-looking projects for the export tests: random weights from the core's seeded generator.
import { createRng, normalizeNetworkSpec, paramLayout, type NetworkSpec, type OptimizerState } from '../../../src/core/index.js'
import type { Project } from '../../../src/shared/project-file.js'

export type ExportableProject = Pick<Project, 'metadata' | 'network' | 'weights'>

/** A project whose weights are uniform in ±scale (biases too), drawn from `seed`. */
export function projectWithWeights(network: NetworkSpec, seed: number, opts: { scale?: number; epoch?: number; optimizer?: OptimizerState; name?: string } = {}): ExportableProject {
  const layout = paramLayout(normalizeNetworkSpec(network))
  const rng = createRng(seed, 5)
  const scale = opts.scale ?? 1
  const params = Float64Array.from({ length: layout.size }, () => rng.uniform(-scale, scale))
  return {
    metadata: { name: opts.name ?? 'export test' },
    network,
    weights: { params, epoch: opts.epoch ?? 3, ...(opts.optimizer ? { optimizer: opts.optimizer } : {}) },
  }
}
