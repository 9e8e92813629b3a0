import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { api } from '../api'
import type { EventMap, SweepState, SweepTarget } from '../../shared/ipc'
import type { Project } from '../../shared/project-file'
import { settingOf } from '../experiments/runs-table'
import { expandSweep, parseSweepParam, SWEEP_DEFAULTS, SWEEP_PARAMETERS, SweepError, type SweepParam, type SweepSpec } from '../../shared/sweep'
import { t as tr } from '../i18n'
import { useProjectStore } from './project'

/**
 * Sweeps from the window (issue 14): the sweep panel's form (which settings vary, over which values, how many
 * runs), checked as it is typed by the shared sweep module (normalizeSweep through expandSweep: the one place a
 * sweep is validated, its errors shown at their fields), and the sweeps this window started, as the host reports
 * them. Every ended run's record goes into the open project (the project becomes unsaved). "Repeat" in the runs
 * table is a sweep too (`repeat: [id]`); whether it reproduced its record is kept per record id.
 */

export type ValuesMode = 'list' | 'linear' | 'log'

/** One swept parameter as the form has it: text as typed, so that a half-typed number stays on screen. */
export interface ParamForm {
  /** A stable key for the row (rows come and go). */
  key: number
  /** `learningRate`, `hidden[0].units`, … */
  name: string
  mode: ValuesMode
  /** A list as typed (`0.01, 0.03, 0.1`; the command line's ranges `4..16:4` are read too). */
  list: string
  from: string
  to: string
  step: string
  count: string
  /** The values ticked, for a parameter whose values are names (activation, gradient, optimizer, batch). */
  choices: string[]
}

/** The sweep as typed: numbers as text ('' for the default). */
export interface SweepForm {
  params: ParamForm[]
  seeds: string
  sampling: 'grid' | 'random'
  samplingSeed: string
  runs: string
  epochs: string
  timeLimit: string
  /** Runs at once, at most ('' : the host's default, the number of cores). */
  parallel: string
}

/** A form's sweep spec position (a SweepError's path) as the field that shows it. */
export interface FormError {
  path: string
  problem: string
}

/** `hidden[i].units` of the sweep parameters, per layer of the network. */
export function parameterNames(hiddenLayers: number): string[] {
  return Object.keys(SWEEP_PARAMETERS).flatMap((key) => (key.startsWith('hidden[i]') ? Array.from({ length: hiddenLayers }, (_, r) => key.replace('[i]', `[${r}]`)) : [key]))
}

/** The values a parameter of names can take, or null for a numeric one. */
export function choicesOf(name: string): readonly string[] | null {
  const kind = SWEEP_PARAMETERS[name.replace(/^hidden\[\d+\]/, 'hidden[i]')]
  return kind?.type === 'enum' ? kind.values : null
}

const numberOr = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))
/** A number field that must not be blank: NaN when it is (normalizeSweep names the field). */
const numberOf = (text: string): number => (text.trim() === '' ? NaN : Number(text.trim()))

/** The sweep spec of a form. Throws SweepError (with the parameter's path) for a list that does not read. */
export function specOf(form: SweepForm): SweepSpec {
  const params: SweepParam[] = form.params.map((p, i) => {
    const choices = choicesOf(p.name)
    if (choices) return { name: p.name, values: { kind: 'list', values: choices.filter((c) => p.choices.includes(c)) } }
    if (p.mode === 'linear') return { name: p.name, values: { kind: 'linear', from: numberOf(p.from), to: numberOf(p.to), step: numberOf(p.step) } }
    if (p.mode === 'log') return { name: p.name, values: { kind: 'log', from: numberOf(p.from), to: numberOf(p.to), count: numberOf(p.count) } }
    if (p.list.trim() === '') throw new SweepError(`params[${i}].values`, 'expected at least one value')
    try {
      return { name: p.name, values: parseSweepParam(`${p.name}=${p.list}`).values }
    } catch (e) {
      if (e instanceof SweepError) throw new SweepError(`params[${i}].values`, e.problem.replace(`${p.name}: `, ''))
      throw e
    }
  })
  const spec: SweepSpec = { params, sampling: form.sampling }
  const optional = { seeds: form.seeds, runs: form.runs, samplingSeed: form.samplingSeed, epochs: form.epochs, timeLimit: form.timeLimit } as const
  for (const [key, text] of Object.entries(optional)) {
    const value = numberOr(text)
    if (value !== undefined) (spec as unknown as Record<string, unknown>)[key] = value
  }
  if (form.sampling === 'grid') delete spec.samplingSeed
  return spec
}

export const useSweepsStore = defineStore('sweeps', () => {
  const project = useProjectStore()

  let nextKey = 1
  /** A parameter's value in the project's settings now (defaults applied), null when it has none. */
  const settingNow = (name: string) => settingOf({ network: project.network, training: project.training }, name)
  const blankParam = (name: string): ParamForm => {
    const choices = choicesOf(name)
    // names start with the project's own value ticked; numbers with the project's value in the list
    const now = settingNow(name)
    return { key: nextKey++, name, mode: 'list', list: choices || now === null ? '' : String(now), from: '', to: '', step: '', count: '', choices: choices && now !== null ? [String(now)] : [] }
  }
  const blankForm = (): SweepForm => ({ params: [blankParam('learningRate')], seeds: '1', sampling: 'grid', samplingSeed: String(SWEEP_DEFAULTS.samplingSeed), runs: String(SWEEP_DEFAULTS.runs), epochs: '', timeLimit: '', parallel: '' })
  const form = ref<SweepForm>(blankForm())
  // another project: its own settings to start from

  const names = computed(() => parameterNames(project.network.hidden?.length ?? 0))
  /** Parameters not swept yet, for the "add a parameter" choice. */
  const unused = computed(() => names.value.filter((n) => !form.value.params.some((p) => p.name === n)))

  function addParam(name = unused.value[0]): void {
    if (name) form.value.params.push(blankParam(name))
  }
  function removeParam(key: number): void {
    form.value.params = form.value.params.filter((p) => p.key !== key)
  }
  /** Another parameter on a row: its values start over (a list of rates means nothing as units). */
  function renameParam(key: number, name: string): void {
    const i = form.value.params.findIndex((p) => p.key === key)
    if (i >= 0) form.value.params[i] = { ...blankParam(name), key }
  }

  /** The project a sweep starts from (its data as the file has it; the host makes it once). */
  const base = (): Project => ({ metadata: project.metadata, network: project.network, training: project.training, data: project.data, weights: null, history: { loss: [] } })

  /** The form checked: the spec and its number of runs, or the first problem and where it is. */
  const checked = computed<{ spec: SweepSpec; runs: number; error: null } | { error: FormError }>(() => {
    try {
      const spec = specOf(form.value)
      const runs = expandSweep(spec, base()).length
      return { spec, runs, error: null }
    } catch (e) {
      if (e instanceof SweepError) return { error: { path: e.path, problem: e.problem } }
      return { error: { path: '', problem: (e as Error).message } }
    }
  })
  const parallelError = computed(() => {
    const text = form.value.parallel.trim()
    return text === '' || (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 64) ? null : tr('sweeps.parallelInvalid')
  })
  /** The problem at a field of the spec: its own path or one inside it (`params[0].values` shows
   *  `params[0].values.from` too). */
  function errorAt(path: string): string | null {
    const error = checked.value.error
    if (!error) return null
    return error.path === path || error.path.startsWith(`${path}.`) || error.path.startsWith(`${path}[`) ? error.problem : null
  }
  const runCount = computed(() => (checked.value.error ? null : checked.value.runs))

  // ---- sweeps under way ----

  /** The sweeps this window started, by id: the project they belong to (its generation) and, for a repeat,
   *  the record it repeats. */
  const started = new Map<string, { generation: number; repeatOf: string | null }>()
  /** The sweep the progress panel shows (the last started), as the host last reported it. */
  const current = shallowRef<SweepState | null>(null)
  /** Whether a repeat reproduced its record, by the id of the record repeated and of the repeat's record. */
  const identical = ref<Record<string, boolean>>({})
  /** What the host said of a repeat (`the data changed since r3 ran …`, a failure), by the id of the record
   *  repeated. */
  const repeatMessages = ref<Record<string, string>>({})
  /** Repeats under way, by the id of the record repeated. */
  const repeating = ref<Record<string, string>>({})
  const starting = ref(false)
  const error = ref<string | null>(null)
  const running = computed(() => current.value !== null && (current.value.status === 'running' || current.value.status === 'paused'))

  // another project: its own settings to start from, and an ended sweep of the earlier one is no longer shown
  // (one still running stays, so that it can be stopped; its records do not come here)
  watch(
    () => project.generation,
    () => {
      form.value = blankForm()
      if (!running.value) current.value = null
    },
  )

  /** Events that arrive while a start request is on its way may belong to the sweep it starts: they wait until
   *  its id is known. */
  let early: (() => void)[] = []

  function onProgress(e: EventMap['sweeps:progress']): void {
    const mine = started.get(e.sweepId)
    if (!mine) {
      if (starting.value) early.push(() => onProgress(e))
      return
    }
    if (mine.repeatOf) {
      const run = e.runs[0]
      if (run?.identical !== undefined) identical.value = { ...identical.value, [mine.repeatOf]: run.identical }
      if (run?.message) repeatMessages.value = { ...repeatMessages.value, [mine.repeatOf]: run.message }
      if (e.status === 'finished' || e.status === 'stopped') {
        const { [mine.repeatOf]: _done, ...rest } = repeating.value
        repeating.value = rest
      }
      return
    }
    if (current.value === null || current.value.sweepId === e.sweepId) current.value = e
  }

  function onRecord(e: EventMap['sweeps:record']): void {
    const mine = started.get(e.sweepId)
    if (!mine) {
      if (starting.value) early.push(() => onRecord(e))
      return
    }
    if (mine.generation !== project.generation) return // another project is open now: not its run
    const id = project.addRun(e.record)
    // a repeat's own record says the same as the one it repeated, once known
    if (mine.repeatOf) repeatRecords.value = { ...repeatRecords.value, [id]: mine.repeatOf }
  }
  /** The record each repeat made: the id of the record it repeated, by its own id. */
  const repeatRecords = ref<Record<string, string>>({})
  const repeatMessageOf = (id: string): string | undefined => repeatMessages.value[id] ?? (repeatRecords.value[id] !== undefined ? repeatMessages.value[repeatRecords.value[id]] : undefined)
  const identicalOf = (id: string): boolean | undefined => identical.value[id] ?? (repeatRecords.value[id] !== undefined ? identical.value[repeatRecords.value[id]] : undefined)

  let subscribed = false
  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    api.on('sweeps:progress', onProgress)
    api.on('sweeps:record', onRecord)
  }

  async function begin(request: { spec?: SweepSpec; repeat?: string[]; parallel?: number }, repeatOf: string | null): Promise<SweepState | null> {
    error.value = null
    starting.value = true
    try {
      const state = await api.sweeps.start({ project: project.toFile(), path: project.path, ...request })
      started.set(state.sweepId, { generation: project.generation, repeatOf })
      return state
    } catch (e) {
      error.value = tr('sweeps.couldNot', { what: tr(repeatOf ? 'sweeps.what.repeat' : 'sweeps.what.start'), message: (e as Error).message })
      return null
    } finally {
      starting.value = false
      const replay = early
      early = []
      replay.forEach((r) => r())
    }
  }

  const canStart = computed(() => !starting.value && !running.value && project.valid && checked.value.error === null && parallelError.value === null)
  /** A sweep or a repeat is starting or under way: its records are still to come into the open project. */
  const busy = computed(() => starting.value || running.value || Object.keys(repeating.value).length > 0)

  /** Starts the sweep the form describes. */
  async function start(): Promise<void> {
    const c = checked.value
    if (!canStart.value || c.error) return
    const parallel = form.value.parallel.trim()
    current.value = null
    const state = await begin({ spec: c.spec, ...(parallel !== '' ? { parallel: Number(parallel) } : {}) }, null)
    // progress events replayed after the start may be newer than the start's own answer
    const shown = current.value as SweepState | null
    if (state && shown?.sweepId !== state.sweepId) current.value = state
  }

  /** Runs a record again with its own settings, seed and kernels; identicalOf(id) says how it came out. */
  async function repeat(id: string): Promise<void> {
    if (repeating.value[id] || starting.value) return
    const { [id]: _was, ...rest } = identical.value
    identical.value = rest
    const { [id]: _said, ...others } = repeatMessages.value
    repeatMessages.value = others
    const state = await begin({ repeat: [id] }, id)
    if (state) repeating.value = { ...repeating.value, [id]: state.sweepId }
  }

  async function control(what: 'pause' | 'resume' | 'stop', index?: number): Promise<void> {
    const sweep = current.value
    if (!sweep) return
    const target: SweepTarget = { sweepId: sweep.sweepId, ...(index !== undefined ? { index } : {}) }
    error.value = null
    try {
      const state = await api.sweeps[what](target)
      if (current.value?.sweepId === state.sweepId) current.value = state
    } catch (e) {
      error.value = tr('sweeps.couldNot', { what: tr(`sweeps.what.${what}`), message: (e as Error).message })
    }
  }

  return { form, names, unused, addParam, removeParam, renameParam, checked, errorAt, parallelError, runCount, current, running, starting, busy, error, canStart, start, repeat, repeating, identicalOf, repeatMessageOf, control, subscribe }
})
