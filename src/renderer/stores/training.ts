import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { api } from '../api'
import type { EventMap, RunInspection, RunStatus } from '../../shared/ipc'
import type { RunKernels } from '../../shared/kernels'
import { historyAfterRun } from '../../shared/runs'
import { shapeKey } from '../../shared/weights-codec'
import { LIMITS } from '../../shared/project-constants'
import type { Messages } from '../../shared/i18n/index'
import { t as tr } from '../i18n'
import { useProjectStore } from './project'

const ENDED: RunStatus[] = ['completed', 'stopped', 'failed']

/** One training run of this session, as the charts draw it. Arrays are plain (not reactive): they grow by
 *  thousands of entries; `revision` in the store says when they changed. */
export interface RunView {
  runId: string
  /** The run's settings in a few words, for chart legends. */
  label: string
  status: RunStatus
  /** Epochs the weights have been trained for (counting earlier runs of the same weights). */
  epoch: number
  /** The epoch the run started from. */
  startEpoch: number
  message: string | null
  /** The kernel set the run's trainer computes with, once it has said. */
  kernels: RunKernels | null
  /** E per epoch of this run. */
  losses: number[]
  /** Validation E per epoch, when the data set has a validation part. */
  validation: number[]
  /** Gradient L2 norm per epoch, per layer r = 1..R+1. */
  gradNorms: number[][]
  /** Score of the scored epochs (NETtalk: the fraction of training letters whose phoneme is right; a run scores
   *  every N epochs and its last), when the run reports one; empty otherwise. */
  scores: number[]
  /** The epoch each score belongs to (absolute, as `epoch`). */
  scoreEpochs: number[]
  /** The same score on the validation words, of the same epochs, when the run reports it. */
  validationScores: number[]
  /** Training time, summed from the epoch reports. */
  seconds: number
  /** The project the run trains (project.generation when it started), or null for a run taken up after a
   *  reload, whose project this window does not know: its result is never kept. */
  generation: number | null
}

/** Training runs of this session: the current one is controlled by the run buttons; all are overlaid in the
 *  loss chart. Fed by the main process's events. */
export const useTrainingStore = defineStore('training', () => {
  const project = useProjectStore()
  const runs = shallowRef<RunView[]>([])
  /** Bumped whenever a run's arrays grow or its status changes. */
  const revision = ref(0)
  const currentId = ref<string | null>(null)
  /** A start request is on its way (Train stays disabled, so one click starts one run). */
  const starting = ref(false)
  const error = ref<string | null>(null)
  /** The training sequence whose states the charts show. */
  const sequence = ref(0)
  const inspection = shallowRef<RunInspection | null>(null)

  const current = computed(() => {
    void revision.value
    return runs.value.find((r) => r.runId === currentId.value) ?? null
  })
  // run objects change in place: everything that reads their fields reads `revision` too
  const status = computed<RunStatus | null>(() => {
    void revision.value
    return current.value?.status ?? null
  })
  const running = computed(() => status.value !== null && !ENDED.includes(status.value))
  const epochsPerSecond = computed(() => {
    void revision.value
    const run = current.value
    return run && run.seconds > 0 ? run.losses.length / run.seconds : null
  })

  const find = (id: string) => runs.value.find((r) => r.runId === id)

  /** An ended run whose status no longer describes the project (another project was loaded, or its weights were
   *  reset or set aside): the run controls stop showing its status, failure and errors. */
  const dismissed = ref<string | null>(null)
  watch(
    () => [project.generation, project.weights] as const,
    ([generation, weights], [oldGeneration]) => {
      if (running.value || starting.value || (generation === oldGeneration && weights !== null)) return
      dismissed.value = currentId.value
      error.value = null
    },
  )
  /** The run the status line speaks of: the current one, unless it was dismissed. */
  const shown = computed(() => (current.value && current.value.runId !== dismissed.value ? current.value : null))

  /** Events that arrive while a start request is on its way may belong to the run it starts: they are kept
   *  until its id is known, then replayed. */
  let early: (() => void)[] = []
  const runFor = (id: string, replay: () => void): RunView | undefined => {
    const run = find(id)
    if (!run && starting.value) early.push(replay)
    return run
  }

  function onProgress(e: EventMap['training:progress']): void {
    const run = runFor(e.runId, () => onProgress(e))
    if (!run) return
    for (const r of e.reports) {
      if (r.epoch <= run.epoch) continue // already counted (a run taken up after a reload gets earlier events replayed)
      run.losses.push(r.loss)
      if (r.validationLoss !== undefined) run.validation.push(r.validationLoss)
      run.gradNorms.push(r.gradNorms)
      if (r.scores) {
        run.scores.push(r.scores.train)
        run.scoreEpochs.push(r.epoch)
        if (r.scores.validation !== undefined) run.validationScores.push(r.scores.validation)
      }
      run.seconds += r.seconds
      run.epoch = r.epoch
    }
    revision.value++
  }

  function onStatus(e: EventMap['training:status']): void {
    const run = runFor(e.runId, () => onStatus(e))
    if (!run) return
    run.status = e.status
    if (e.kernels) run.kernels = e.kernels
    run.epoch = Math.max(run.epoch, e.epoch)
    run.message = e.message ?? null
    // a pause or a stop at an epoch not scored yet: its score, so the score chart shows where the run is
    const late = e.score
    if (late && late.epoch > (run.scoreEpochs.at(-1) ?? -Infinity)) {
      run.scores.push(late.scores.train)
      run.scoreEpochs.push(late.epoch)
      if (late.scores.validation !== undefined) run.validationScores.push(late.scores.validation)
    }
    revision.value++
    if (ENDED.includes(e.status)) {
      void keepResult(run)
    }
  }

  function onInspection(e: EventMap['training:inspection']): void {
    if (e.runId === currentId.value) inspection.value = e
  }

  /**
   * An ended run of the open project: the weights it reached belong to the project now (unsaved until the user
   * saves), and its record joins the project's runs (finished, stopped or failed alike). Both are asked for at
   * once and applied together, so that the project is never seen with one and not the other (a Save between
   * them would leave the project unsaved again). A run of another project (one opened since, or one taken up
   * after a reload) leaves this project alone.
   */
  async function keepResult(run: RunView): Promise<void> {
    if (run.generation === null || run.generation !== project.generation) return
    const [result, record] = await Promise.allSettled([api.training.result(run.runId), api.training.record({ runId: run.runId, label: run.label })])
    if (run.generation !== project.generation) return
    if (result.status === 'rejected') error.value = tr('trainingRuns.couldNotKeep', { message: (result.reason as Error).message })
    else {
      const r = result.value
      if (r.weights && r.loss.length > 0 && run.runId === currentId.value) {
        if (shapeKey(r.weights.arrays) !== project.shape) error.value = tr('trainingRuns.networkChanged')
        else project.setTrained(r.weights, historyAfterRun(project.history, { startEpoch: run.startEpoch, loss: r.loss, validationLoss: r.validationLoss }))
      }
    }
    if (record.status === 'rejected') error.value = tr('trainingRuns.couldNotRecord', { message: (record.reason as Error).message })
    else if (record.value) project.addRun(record.value)
  }

  let subscribed = false
  async function subscribe(): Promise<void> {
    if (subscribed) return
    subscribed = true
    api.on('training:progress', onProgress)
    api.on('training:status', onStatus)
    api.on('training:inspection', onInspection)
    try {
      // after a reload: take up a run that is still going, so it can be paused and stopped again (its result
      // is not kept: the project it trains is not the one this window now shows)
      const live = (await api.training.list()).filter((r) => !ENDED.includes(r.status)).at(-1)
      if (live) {
        runs.value = [...runs.value, { ...newRun(live.runId, tr('trainingRuns.takenUp'), live.epoch, live.status, null), kernels: live.kernels ?? null }]
        currentId.value = live.runId
      }
    } finally {
      await api.app.ready() // whatever happened above: main may send its events now
    }
  }

  function newRun(runId: string, label: string, startEpoch: number, status: RunStatus, generation: number | null): RunView {
    return { runId, label, status, epoch: startEpoch, startEpoch, message: null, kernels: null, losses: [], validation: [], gradNorms: [], scores: [], scoreEpochs: [], validationScores: [], seconds: 0, generation }
  }

  /** Runs a command, showing a failure instead of throwing (`what`: its key under trainingRuns.what; the
   *  host's message stays as the host wrote it). */
  async function attempt(what: keyof Messages['trainingRuns']['what'], command: () => Promise<unknown>): Promise<void> {
    error.value = null
    try {
      await command()
    } catch (e) {
      error.value = tr('trainingRuns.couldNot', { what: tr(`trainingRuns.what.${what}`), message: (e as Error).message })
    }
  }

  /** Trains the open project, from its weights if it has any, else from its seed. */
  async function train(epochs?: number): Promise<void> {
    if (starting.value || running.value || !project.valid) return
    starting.value = true
    await attempt('start', async () => {
      const file = project.toFile()
      const startEpoch = file.weights?.epoch ?? 0
      const runId = await api.training.start({ project: file, inspect: sequence.value, path: project.path, ...(epochs !== undefined ? { epochs } : {}), ...(pace.value > 0 ? { pace: pace.value } : {}) })
      runs.value = [...runs.value, newRun(runId, describe(file.network, file.training), startEpoch, 'starting', project.generation)]
      currentId.value = runId
      inspection.value = null
    })
    starting.value = false
    const replay = early
    early = []
    replay.forEach((r) => r())
  }

  const withRun = (what: keyof Messages['trainingRuns']['what'], command: (id: string) => Promise<unknown>) => () =>
    currentId.value ? attempt(what, () => command(currentId.value!)) : Promise.resolve()
  const pause = withRun('pause', (id) => api.training.pause(id))
  const resume = withRun('resume', (id) => api.training.resume(id))
  const step = withRun('step', (id) => api.training.step(id))
  const stop = withRun('stop', (id) => api.training.stop(id))

  /** At most this many epochs a second, so the run can be watched (0: as fast as possible). It slows only the
   *  stepping and the reporting: the numbers are those of an unpaced run. Applies to the run that goes, too. */
  const pace = ref(0)
  async function setPace(epochsPerSecond: number): Promise<void> {
    pace.value = epochsPerSecond
    if (running.value && currentId.value) await attempt('pace', () => api.training.pace(currentId.value!, epochsPerSecond))
  }

  async function chooseSequence(p: number): Promise<void> {
    sequence.value = p
    if (running.value && currentId.value) await attempt('sequence', () => api.training.inspect(currentId.value!, p))
  }

  // ---- Epochs: one source of truth, the project's own training.epochs ----
  // The run controls' Epochs field and the Training panel's edit the same value, so another project brings its
  // own. Training on from trained weights for a different count is its own action: "Continue for N more".

  const epochsInvalid = () => tr('trainingRuns.epochsInvalid', { max: LIMITS.epochs })
  const wholeEpochs = (text: string) => /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= LIMITS.epochs
  /** What was last typed into the run controls' Epochs field, while it still stands for the project's value. */
  const epochsTyped = ref<string | null>(null)
  /** The run controls' Epochs field: the project's epochs (blank: the default). */
  const epochsText = computed<string>({
    get: () => {
      const value = project.training.epochs
      const typed = epochsTyped.value
      if (typed !== null && (typed.trim() === '' ? value === undefined : (wholeEpochs(typed.trim()) ? Number(typed.trim()) : null) === value)) return typed
      return typeof value === 'number' ? String(value) : ''
    },
    set: (text) => {
      epochsTyped.value = text
      const t = text.trim()
      // blank: the default again; not a whole number: null, which the spec check marks in the Training panel too
      if (t === '') delete project.training.epochs
      else project.training.epochs = (wholeEpochs(t) ? Number(t) : null) as number
    },
  })
  const epochsError = computed(() => {
    const value = project.training.epochs
    return value === undefined || (typeof value === 'number' && wholeEpochs(String(value))) ? null : epochsInvalid()
  })
  const canTrain = computed(() => !running.value && !starting.value && project.valid && epochsError.value === null)

  /** Train: the project's epochs, from its weights if it has any; nothing when Train is disabled. */
  async function trainAsSet(): Promise<void> {
    if (!canTrain.value) return
    await train()
  }

  /** "Continue for N more": N epochs from the trained weights, leaving the project's epochs as they are. */
  const continueText = ref('')
  const continueError = computed(() => (continueText.value.trim() === '' || wholeEpochs(continueText.value.trim()) ? null : epochsInvalid()))
  const canContinue = computed(() => canTrain.value && project.weights !== null && continueText.value.trim() !== '' && continueError.value === null)
  async function continueFor(): Promise<void> {
    if (!canContinue.value) return
    await train(Number(continueText.value.trim()))
  }

  // another project: nothing typed for this one carries over
  watch(
    () => project.generation,
    () => {
      epochsTyped.value = null
      continueText.value = ''
    },
  )

  /** Forgets the runs of this session (the chart overlay); the project keeps its weights and history. */
  function clearRuns(): void {
    runs.value = runs.value.filter((r) => r.runId === currentId.value && !ENDED.includes(r.status))
    revision.value++
  }

  return {
    runs,
    revision,
    currentId,
    current,
    shown,
    dismissed,
    status,
    running,
    starting,
    error,
    sequence,
    inspection,
    epochsPerSecond,
    subscribe,
    train,
    epochsText,
    epochsError,
    canTrain,
    trainAsSet,
    continueText,
    continueError,
    canContinue,
    continueFor,
    pause,
    resume,
    step,
    stop,
    chooseSequence,
    pace,
    setPace,
    clearRuns,
  }
})

/** "tanh 8 → sigmoid 1 · adam c=0.05 · exact · seed 1" (and "· float32" for a float32 run): what distinguishes
 *  runs in a legend, in the window's language when the run starts. Activations, optimizers and float32 are
 *  names from code and stay as they are; the gradient mode and "seed" are translated. */
export function describe(network: import('../../core/index').NetworkSpec, training: import('../../core/index').TrainingSpec): string {
  const layers = [...network.hidden.map((l) => `${l.activation ?? 'sigmoid'} ${l.units}`), `${network.output.activation ?? 'sigmoid'} ${network.output.units}`].join(' → ')
  const gradient = tr(`trainingRuns.gradients.${training.gradient ?? 'exact'}`, { k: training.horizon ?? 4 })
  const legend = tr('trainingRuns.legend', { layers, optimizer: training.optimizer ?? 'sgd', rate: training.learningRate ?? 0.1, gradient, seed: training.seed ?? 1 })
  return `${legend}${training.precision === 'float32' ? ' · float32' : ''}`
}
