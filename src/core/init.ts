/**
 * Initial weights from the seeded generator (lecture-model.md leaves the choice open; NETtalk uses ±0.3).
 *   'uniform': every W and V entry uniform in [−a, a]
 *   'glorot':  W{r-1} uniform in ±sqrt(6 / (n_{r-1} + n_r)), V{r} in ±sqrt(6 / (2 n_r))
 * Biases start at 0. Entries are drawn in flat-array order, so the same seed, spec and init give
 * bit-identical weights on every engine.
 *
 * Not here: the generator itself (rng.ts).
 */
import type { ParamLayout } from './params.js'
import type { Rng } from './rng.js'
import type { NormalizedTrainingSpec } from './spec.js'

export function initialParams(layout: ParamLayout, init: NormalizedTrainingSpec['init'], rng: Rng): Float64Array {
  const params = new Float64Array(layout.size)
  for (const layer of layout.layers) {
    const fill = (entry: { offset: number; size: number } | null, fanIn: number, fanOut: number) => {
      if (!entry) return
      const a = init.kind === 'uniform' ? init.scale : Math.sqrt(6 / (fanIn + fanOut))
      for (let i = 0; i < entry.size; i++) params[entry.offset + i] = rng.uniform(-a, a)
    }
    fill(layer.W, layer.nIn, layer.units)
    fill(layer.V, layer.units, layer.units)
  }
  return params
}
