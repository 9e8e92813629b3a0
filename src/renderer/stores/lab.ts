import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { api } from '../api'
import type { EventMap } from '../../shared/ipc'
import type { LabCompareResult, LabGradcheckResult, LabGradient, LabStepResult } from '../../shared/lab'
import { LIMITS } from '../../shared/project-constants'
import { TRAINING_DEFAULTS } from '../../core/index'
import { newLane, RACE_ENDED, raceCopy, raceModes, type RaceLane } from '../lab/race'
import { useProjectStore } from './project'
import { t } from '../i18n'

/** The Lab tab's state: the step inspector, the gradient check, the comparison of exact and truncated gradients,
 *  and the race. Every number comes from main (window.api.lab.*, computed by the core off the window's thread)
 *  or from ordinary training runs (the race); nothing is recomputed here. Results are for the project as it was
 *  asked about: another project clears them. Failures are kept as messages, never thrown. */
export const useLabStore = defineStore('lab', () => {
  const project = useProjectStore()

  /** The project as main must see it: its file form and where it is saved. */
  const ref_ = () => ({ project: project.toFile(), path: project.path })
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

  /** The project's own gradient mode, as the lab contract names it. */
  const projectGradient = computed<LabGradient>(() => {
    const g = project.training.gradient ?? TRAINING_DEFAULTS.gradient
    if (g === 'truncated') return { mode: 'truncated', horizon: typeof project.training.horizon === 'number' ? project.training.horizon : TRAINING_DEFAULTS.horizon }
    return { mode: g }
  })

  // ---- step inspector ------------------------------------------------------------------------------------
  const sequence = ref(0)
  const step = ref(0)
  const layer = ref(1)
  /** The mode the inspector shows δ for: null is the project's own. */
  const inspectGradient = ref<LabGradient | null>(null)
  const stepResult = shallowRef<LabStepResult | null>(null)
  const stepError = ref<string | null>(null)
  const stepBusy = ref(false)
  /** Each inspection is numbered: only the newest one's answer is shown. */
  let stepAsk = 0

  async function inspect(): Promise<void> {
    const n = ++stepAsk
    stepBusy.value = true
    try {
      const result = await api.lab.step({ ...ref_(), sequence: sequence.value, step: step.value, layer: layer.value, ...(inspectGradient.value ? { gradient: inspectGradient.value } : {}) })
      if (n !== stepAsk) return
      stepResult.value = result
      stepError.value = null
    } catch (e) {
      if (n !== stepAsk) return
      stepError.value = t('lab.step.couldNotInspect', { message: message(e) })
    } finally {
      if (n === stepAsk) stepBusy.value = false
    }
  }

  /** Moves step t by `by` within the sequence (known from the last answer) and inspects it. */
  async function moveStep(by: number): Promise<void> {
    const T = stepResult.value?.steps
    const next = step.value + by
    if (next < 0 || (T !== undefined && next >= T)) return
    step.value = next
    await inspect()
  }

  // ---- gradient check ----------------------------------------------------------------------------------
  const gradcheck = shallowRef<LabGradcheckResult | null>(null)
  const gradcheckError = ref<string | null>(null)
  const gradcheckBusy = ref(false)

  /** The modes the check covers: exact, the project's own if different, and the notes' rule. */
  const checkedModes = computed<LabGradient[]>(() => {
    const own = projectGradient.value
    const modes: LabGradient[] = [{ mode: 'exact' }]
    if (own.mode === 'truncated') modes.push(own)
    modes.push({ mode: 'lecture' })
    return modes
  })

  async function runGradcheck(): Promise<void> {
    gradcheckBusy.value = true
    gradcheckError.value = null
    try {
      gradcheck.value = await api.lab.gradcheck({ ...ref_(), gradients: checkedModes.value })
    } catch (e) {
      gradcheck.value = null
      gradcheckError.value = t('lab.gradcheck.couldNotCheck', { message: message(e) })
    } finally {
      gradcheckBusy.value = false
    }
  }

  // ---- exact vs truncated vs the notes -----------------------------------------------------------------
  const compare = shallowRef<LabCompareResult | null>(null)
  const compareError = ref<string | null>(null)
  const compareBusy = ref(false)

  async function runCompare(): Promise<void> {
    compareBusy.value = true
    compareError.value = null
    try {
      compare.value = await api.lab.compare(ref_())
    } catch (e) {
      compare.value = null
      compareError.value = t('lab.compare.couldNotCompare', { message: message(e) })
    } finally {
      compareBusy.value = false
    }
  }

  // ---- race --------------------------------------------------------------------------------------------
  const raceEpochs = ref(200)
  const raceHorizon = ref(TRAINING_DEFAULTS.horizon)
  const lanes = shallowRef<RaceLane[]>([])
  /** Bumped whenever a lane's losses grow or its status changes (lanes change in place). */
  const raceRevision = ref(0)
  const raceError = ref<string | null>(null)
  /** The weights the race started from: their epoch (0: the seed's initial weights). */
  const raceFrom = ref<number | null>(null)
  const racing = computed(() => {
    void raceRevision.value
    return lanes.value.some((l) => !RACE_ENDED.includes(l.status))
  })
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max
  /** What keeps the race from starting: a field (which the view marks invalid), the project, or nothing. */
  const raceProblemField = computed<'epochs' | 'horizon' | 'project' | null>(() => {
    if (!whole(raceEpochs.value, LIMITS.epochs)) return 'epochs'
    if (!whole(raceHorizon.value, LIMITS.steps)) return 'horizon'
    if (!project.valid) return 'project'
    return null
  })
  /** The same in words, in the window's language. */
  const raceProblem = computed(() => {
    switch (raceProblemField.value) {
      case 'epochs':
        return t('lab.race.epochsProblem', { max: LIMITS.epochs })
      case 'horizon':
        return t('lab.race.horizonProblem', { max: LIMITS.steps })
      case 'project':
        return t('lab.race.projectProblem')
      default:
        return null
    }
  })

  const laneOf = (runId: string) => lanes.value.find((l) => l.runId === runId)
  function onProgress(e: EventMap['training:progress']): void {
    const lane = laneOf(e.runId)
    if (!lane) return
    for (const r of e.reports) {
      if (r.epoch <= lane.epoch) continue // already counted
      lane.losses.push(r.loss)
      lane.epoch = r.epoch
    }
    raceRevision.value++
  }
  function onStatus(e: EventMap['training:status']): void {
    const lane = laneOf(e.runId)
    if (!lane) return
    lane.status = e.status
    lane.message = e.message ?? null
    raceRevision.value++
  }
  let listening = false
  function listen(): void {
    if (listening) return
    listening = true
    api.on('training:progress', onProgress)
    api.on('training:status', onStatus)
  }

  /** Starts one run per mode, all at once, each on a copy of the project (the project's own weights, run and
   *  history are left alone). */
  async function startRace(): Promise<void> {
    if (racing.value || raceProblem.value) return
    listen()
    raceError.value = null
    const file = project.toFile()
    raceFrom.value = file.weights?.epoch ?? 0
    const next = raceModes(raceHorizon.value).map((mode) => newLane(mode, raceFrom.value!))
    lanes.value = next
    raceRevision.value++
    for (const lane of next) {
      try {
        lane.runId = await api.training.start({ project: raceCopy(file, lane.mode), epochs: raceEpochs.value, path: project.path })
      } catch (e) {
        lane.status = 'failed'
        lane.message = message(e)
        raceError.value = t('lab.race.couldNotStart', { message: message(e) })
      }
      raceRevision.value++
    }
  }

  async function stopRace(): Promise<void> {
    for (const lane of lanes.value) {
      if (lane.runId === null || RACE_ENDED.includes(lane.status)) continue
      try {
        await api.training.stop(lane.runId)
      } catch (e) {
        raceError.value = t('lab.race.couldNotStop', { message: message(e) })
      }
    }
  }

  // another project: what was shown belongs to the one before (a race keeps going until stopped)
  watch(
    () => project.generation,
    () => {
      stepResult.value = null
      stepError.value = null
      gradcheck.value = null
      gradcheckError.value = null
      compare.value = null
      compareError.value = null
      sequence.value = 0
      step.value = 0
      layer.value = 1
    },
  )

  return {
    projectGradient,
    sequence,
    step,
    layer,
    inspectGradient,
    stepResult,
    stepError,
    stepBusy,
    inspect,
    moveStep,
    gradcheck,
    gradcheckError,
    gradcheckBusy,
    checkedModes,
    runGradcheck,
    compare,
    compareError,
    compareBusy,
    runCompare,
    raceEpochs,
    raceHorizon,
    lanes,
    raceRevision,
    raceError,
    raceFrom,
    racing,
    raceProblem,
    raceProblemField,
    startRace,
    stopRace,
  }
})
