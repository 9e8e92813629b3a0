/**
 * Which states the "Inside the network" charts show, for the chosen training sequence: while a run goes, the
 * trainer's inspections (about twice a second, and when paused); otherwise the project's own weights run
 * forward on the sequence, so the chooser works after training too (and for a trained project just opened).
 * A finished run's last inspection stops counting once the project is replaced or its weights are reset.
 * The charts themselves (how to draw) are in state-charts.ts.
 */
import { computed, ref, watch, type ComputedRef } from 'vue'
import { inspectSequence, packDataset } from '../../core/index'
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

export function useStateSource(): StateSource {
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

  /** The project's weights run forward on the chosen sequence. */
  const local = computed<StateView | null>(() => {
    const params = project.parameters
    const l = project.layout
    const p = training.sequence
    const data = project.dataset
    if (!params || !l || !data || !(p >= 0 && p < data.train.length)) return null
    try {
      const one = packDataset({ inputSize: data.inputSize, outputSize: data.outputSize, sequences: [data.train[p]] }, l.spec.inputSize, l.spec.output.units)
      const { hidden, outputs } = inspectSequence(l, params, one, 0)
      return { sequence: p, epoch: project.weights?.epoch ?? null, live: false, hidden, outputs, weights: params }
    } catch {
      return null
    }
  })

  const view = computed<StateView | null>(() => (training.running ? (live.value ?? local.value) : (local.value ?? live.value)))
  return { view }
}
