/**
 * Which states the "Inside the network" charts show, for the chosen training sequence: while a run goes, the
 * trainer's inspections (about twice a second, and when paused); otherwise the project's own weights run
 * forward on the sequence, so the chooser works after training too (and for a trained project just opened).
 * That forward pass runs in the training host, off the window's thread (network:inspect); while an answer is
 * on its way the charts keep what they show (the caption says which sequence it is), and a late answer for
 * weights, a network or a sequence since replaced is dropped.
 * A finished run's last inspection stops counting once the project is replaced or its weights are reset.
 * The charts themselves (how to draw) are in state-charts.ts.
 */
import { computed, effectScope, ref, shallowRef, watch, type ComputedRef } from 'vue'
import { api } from '../api'
import { useProjectStore } from '../stores/project'
import { useTrainingStore } from '../stores/training'

/** The states of one sequence under one set of weights. */
export interface StateView {
  sequence: number
  /** Epoch of the weights, when known. */
  epoch: number | null
  /** From the trainer of the current run (else from the project's weights). */
  live: boolean
  /** Per hidden layer r = 1..R: T × n_r, row-major. */
  hidden: ArrayLike<number>[]
  /** T × ℓ, row-major. */
  outputs: ArrayLike<number>
  /** Flat in the network's parameter layout. */
  weights: ArrayLike<number>
}

export interface StateSource {
  /** What the charts show, or null (nothing trained, or nothing that fits the network as it is now). */
  view: ComputedRef<StateView | null>
}

/** One source per project store (per window): the charts that show states share it, so that one forward pass
 *  answers them all (a newer network:inspect request cancels the one before). */
const shared = new WeakMap<object, StateSource>()
export function useStateSource(): StateSource {
  const key = useProjectStore()
  let source = shared.get(key)
  if (!source) {
    source = effectScope(true).run(createStateSource)!
    shared.set(key, source)
  }
  return source
}

function createStateSource(): StateSource {
  const project = useProjectStore()
  const training = useTrainingStore()

  /** The run whose last inspection no longer counts (the project was replaced or its weights reset). */
  const dismissed = ref<string | null>(null)
  watch(
    () => [project.dataset, project.weights] as const,
    ([data, weights], [oldData]) => {
      if (!training.running && (data !== oldData || weights === null)) dismissed.value = training.currentId
    },
  )

  /** The live inspection, when it belongs to the current run and fits the network as it is now. */
  const live = computed<StateView | null>(() => {
    const i = training.inspection
    const l = project.layout
    if (!i || !l || i.runId !== training.currentId || i.runId === dismissed.value || i.weights.length !== l.size) return null
    if (i.hidden.length !== l.layers.length - 1 || i.hidden.some((h, k) => h.length % l.layers[k].units !== 0)) return null
    return { sequence: i.sequence, epoch: i.epoch, live: true, hidden: i.hidden, outputs: i.outputs, weights: i.weights }
  })

  /** The project's weights run forward on the chosen sequence (in the training host). */
  const local = shallowRef<StateView | null>(null)
  /** Counts requests: only the answer to the latest one is kept. */
  let asked = 0
  watch(
    () => [project.parameters, project.layout, training.sequence, project.dataset] as const,
    async ([params, layout, p, data], old) => {
      const request = ++asked
      // other weights: what the old ones gave is not theirs (the live inspection, if any, shows meanwhile)
      if (!old || params !== old[0]) local.value = null
      const w = project.weights
      if (!params || !layout || !w || !data || !(p >= 0 && p < data.train.length)) {
        local.value = null
        return
      }
      const epoch = w.epoch
      try {
        // plain copies: reactive proxies cannot be structured-cloned
        const network = JSON.parse(JSON.stringify(project.network)) as typeof project.network
        const { hidden, outputs } = await api.network.inspect({ network, arrays: w.arrays, inputs: data.train[p].u })
        if (request === asked) local.value = { sequence: p, epoch, live: false, hidden, outputs, weights: params }
      } catch {
        if (request === asked) local.value = null // inputs that do not fit the network as it is now
      }
    },
    { immediate: true },
  )

  const view = computed<StateView | null>(() => (training.running ? (live.value ?? local.value) : (local.value ?? live.value)))
  return { view }
}
