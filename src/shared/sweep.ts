/**
 * Sweeps (issue 14): a plain JSON spec of settings to vary, normalized and validated in `normalizeSweep` (the one
 * place: defaults in SWEEP_DEFAULTS, sizes in SWEEP_LIMITS), expanded by `expandSweep` into concrete project
 * variants, each a full project with its settings applied and a label naming the swept values. `parseSweepParam`
 * reads the command line's `name=values` syntax into the same spec. Pure: no processes, files or clocks; random
 * sampling draws from the core's seeded generator.
 *
 * Parameters (SWEEP_PARAMETERS): `learningRate`, `hidden[i].units`, `hidden[i].activation`, `gradient`, `horizon`,
 * `optimizer`, `batch`, `batchSize`, `seed`. Values: a list, a linear range (from, to, step: `to` included when a
 * whole number of steps reaches it) or a log range (count values from `from` to `to`, both included, evenly
 * spaced in log). Computed range values are rounded to 12 significant digits, so 0.1 + 2·0.1 is 0.3.
 *
 * Not here: running the variants (the training host), the sweep panel or the scheduler.
 */
import { ACTIVATIONS, BATCH_MODES, GRADIENT_MODES, OPTIMIZERS, createRng, normalizeNetworkSpec, normalizeTrainingSpec, paramLayout, specIssues, type NetworkSpec, type TrainingSpec } from '../core/index.js'
import { LIMITS } from './project-constants.js'
import type { Project } from './project-file.js'

export type SweepValues =
  | { kind: 'list'; values: (number | string)[] }
  | { kind: 'linear'; from: number; to: number; step: number }
  | { kind: 'log'; from: number; to: number; count: number }

export interface SweepParam {
  /** A name of SWEEP_PARAMETERS, `hidden[0].units` with the layer's index. */
  name: string
  values: SweepValues
}

export interface SweepSpec {
  params: SweepParam[]
  /** Runs of each combination, with seeds s, s+1, … (s: the project's seed). Default 1. Not with a swept `seed`. */
  seeds?: number
  /** 'grid': every combination; 'random': a seeded sample of distinct combinations. Default 'grid'. */
  sampling?: 'grid' | 'random'
  /** Budget of runs (combinations × seeds): a larger grid is refused; random sampling draws this many. Default 100. */
  runs?: number
  /** Seed of the random sampling. Default 1. */
  samplingSeed?: number
  /** Epochs of each run. Default: the project's `training.epochs`. */
  epochs?: number
  /** Time budget of the whole sweep in seconds: when it is spent, running runs stop (and are recorded as stopped)
   *  and queued runs are skipped. Default: none. */
  timeLimit?: number
}

export const SWEEP_DEFAULTS = { seeds: 1, sampling: 'grid', runs: 100, samplingSeed: 1 } as const
export const SWEEP_LIMITS = {
  /** Swept parameters. */
  params: 16,
  /** Values of one parameter (a list, or what a range expands to). */
  values: 1000,
  /** Runs of one sweep: every one becomes a record, and a project keeps at most this many. */
  runs: LIMITS.runRecords,
  seeds: 1000,
  /** Seconds of a time budget: a week. */
  timeLimit: 7 * 24 * 3600,
} as const

type Kind = { type: 'number' } | { type: 'whole'; min: number; max: number } | { type: 'enum'; values: readonly string[] }

/** The sweepable settings: where each lives and what values it takes. */
export const SWEEP_PARAMETERS: Record<string, Kind> = {
  learningRate: { type: 'number' },
  'hidden[i].units': { type: 'whole', min: 1, max: LIMITS.units },
  'hidden[i].activation': { type: 'enum', values: ACTIVATIONS },
  gradient: { type: 'enum', values: GRADIENT_MODES },
  horizon: { type: 'whole', min: 1, max: LIMITS.steps },
  optimizer: { type: 'enum', values: OPTIMIZERS },
  batch: { type: 'enum', values: BATCH_MODES },
  batchSize: { type: 'whole', min: 1, max: LIMITS.sequences },
  seed: { type: 'whole', min: 0, max: 0xffffffff },
}

export class SweepError extends Error {
  constructor(
    /** JSON path in the sweep spec (`params[1].values`), '' for the whole. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem)
    this.name = 'SweepError'
  }
}

/** A sweep with its defaults applied and every parameter's values expanded and checked. */
export interface NormalizedSweep {
  params: { name: string; values: (number | string)[] }[]
  seeds: number
  sampling: 'grid' | 'random'
  runs: number
  samplingSeed: number
  epochs?: number
  timeLimit?: number
}

export interface SweepVariant<P extends Project = Project> {
  /** The swept values, e.g. `learningRate=0.03 hidden[0].units=8 seed=2`. */
  label: string
  /** Each swept parameter's value in this variant (and `seed` when seeds are repeated). */
  values: Record<string, number | string>
  /** The base project with these settings, no weights (a sweep run starts from its seed), an empty history and
   *  no records. */
  project: P
}

const whole = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max
/** Rounds away floating error of computed range values (0.30000000000000004 → 0.3). */
const tidy = (x: number): number => Number(x.toPrecision(12))

/** The values a parameter's spec stands for, in order. */
export function sweepValues(values: SweepValues, path = 'values'): (number | string)[] {
  const finite = (x: unknown, what: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new SweepError(`${path}.${what}`, 'expected a finite number')
    return x
  }
  switch (values?.kind) {
    case 'list': {
      if (!Array.isArray(values.values) || values.values.length === 0) throw new SweepError(`${path}.values`, 'expected at least one value')
      if (values.values.length > SWEEP_LIMITS.values) throw new SweepError(`${path}.values`, `more than ${SWEEP_LIMITS.values} values`)
      values.values.forEach((v, i) => {
        if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) throw new SweepError(`${path}.values[${i}]`, 'expected a finite number or a name')
      })
      return [...values.values]
    }
    case 'linear': {
      const from = finite(values.from, 'from')
      const to = finite(values.to, 'to')
      const step = finite(values.step, 'step')
      if (step === 0 || (to - from) / step < 0) throw new SweepError(`${path}.step`, `a step of ${step} does not lead from ${from} to ${to}`)
      // whole steps that reach `to`, allowing for floating error in (to − from) / step (0.3 / 0.1 = 2.9999999999999996)
      const steps = Math.floor((to - from) / step + 1e-9)
      if (steps + 1 > SWEEP_LIMITS.values) throw new SweepError(path, `${steps + 1} values, more than ${SWEEP_LIMITS.values}`)
      return Array.from({ length: steps + 1 }, (_, i) => tidy(from + i * step))
    }
    case 'log': {
      const from = finite(values.from, 'from')
      const to = finite(values.to, 'to')
      if (from <= 0 || to <= 0) throw new SweepError(path, 'a log range needs from and to > 0')
      if (!whole(values.count, 1, SWEEP_LIMITS.values)) throw new SweepError(`${path}.count`, `expected a whole number from 1 to ${SWEEP_LIMITS.values}`)
      if (values.count === 1 && from !== to) throw new SweepError(`${path}.count`, 'a log range from one value to another needs at least 2 values')
      const n = values.count
      // endpoints exactly as given; between them from·(to/from)^(i/(n−1))
      return Array.from({ length: n }, (_, i) => (i === 0 ? from : i === n - 1 ? to : tidy(Math.exp(Math.log(from) + (i / (n - 1)) * (Math.log(to) - Math.log(from))))))
    }
    default:
      throw new SweepError(`${path}.kind`, "expected 'list', 'linear' or 'log'")
  }
}

/** `hidden[2].units` → { key: 'hidden[i].units', layer: 2 }; other names as they are. */
function parameterOf(name: string): { key: string; layer?: number } {
  const m = /^hidden\[(\d{1,3})\]\.(units|activation)$/.exec(name)
  return m ? { key: `hidden[i].${m[2]}`, layer: Number(m[1]) } : { key: name }
}

/** Applies defaults, expands every parameter's values and checks them against the network: the one place where
 *  a sweep spec is validated. Throws SweepError naming the spec's path. */
export function normalizeSweep(spec: SweepSpec, network: NetworkSpec): NormalizedSweep {
  if (typeof spec !== 'object' || spec === null) throw new SweepError('', 'expected a sweep spec object')
  const known = new Set(['params', 'seeds', 'sampling', 'runs', 'samplingSeed', 'epochs', 'timeLimit'])
  for (const key of Object.keys(spec)) if (!known.has(key)) throw new SweepError(key, 'unknown field')
  if (!Array.isArray(spec.params) || spec.params.length === 0) throw new SweepError('params', 'expected at least one parameter')
  if (spec.params.length > SWEEP_LIMITS.params) throw new SweepError('params', `more than ${SWEEP_LIMITS.params} parameters`)
  const seeds = spec.seeds ?? SWEEP_DEFAULTS.seeds
  if (!whole(seeds, 1, SWEEP_LIMITS.seeds)) throw new SweepError('seeds', `expected a whole number from 1 to ${SWEEP_LIMITS.seeds}`)
  const sampling = spec.sampling ?? SWEEP_DEFAULTS.sampling
  if (sampling !== 'grid' && sampling !== 'random') throw new SweepError('sampling', "expected 'grid' or 'random'")
  const runs = spec.runs ?? SWEEP_DEFAULTS.runs
  if (!whole(runs, 1, SWEEP_LIMITS.runs)) throw new SweepError('runs', `expected a whole number from 1 to ${SWEEP_LIMITS.runs}`)
  const samplingSeed = spec.samplingSeed ?? SWEEP_DEFAULTS.samplingSeed
  if (!whole(samplingSeed, 0, 0xffffffff)) throw new SweepError('samplingSeed', 'expected a whole number from 0 to 4294967295')
  if (spec.epochs !== undefined && !whole(spec.epochs, 0, LIMITS.epochs)) throw new SweepError('epochs', `expected a whole number from 0 to ${LIMITS.epochs}`)
  if (spec.timeLimit !== undefined && !(typeof spec.timeLimit === 'number' && spec.timeLimit > 0 && spec.timeLimit <= SWEEP_LIMITS.timeLimit)) {
    throw new SweepError('timeLimit', `expected seconds > 0 and at most ${SWEEP_LIMITS.timeLimit}`)
  }

  const layers = network.hidden.length
  const seen = new Set<string>()
  const params = spec.params.map((p, i) => {
    const at = `params[${i}]`
    if (typeof p?.name !== 'string') throw new SweepError(`${at}.name`, 'expected a parameter name')
    const { key, layer } = parameterOf(p.name)
    const kind = SWEEP_PARAMETERS[key]
    if (!kind) throw new SweepError(`${at}.name`, `unknown parameter "${p.name}"; known: ${Object.keys(SWEEP_PARAMETERS).join(', ')}`)
    if (layer !== undefined && layer >= layers) throw new SweepError(`${at}.name`, `${p.name}: the network has ${layers} hidden layer${layers === 1 ? '' : 's'} (hidden[0]..hidden[${layers - 1}])`)
    if (seen.has(p.name)) throw new SweepError(`${at}.name`, `${p.name} is swept twice`)
    seen.add(p.name)
    const values = sweepValues(p.values, `${at}.values`)
    values.forEach((v, k) => {
      const bad = (expected: string) => new SweepError(`${at}.values`, `${p.name}=${JSON.stringify(v)} (value ${k + 1}): expected ${expected}`)
      if (kind.type === 'number' && !(typeof v === 'number' && v > 0)) throw bad('a number > 0')
      if (kind.type === 'whole' && !whole(v, kind.min, kind.max)) throw bad(`a whole number from ${kind.min} to ${kind.max}`)
      if (kind.type === 'enum' && !kind.values.includes(v as string)) throw bad(`one of ${kind.values.join(', ')}`)
    })
    if (new Set(values).size !== values.length) throw new SweepError(`${at}.values`, `${p.name} lists a value twice`)
    return { name: p.name, values }
  })
  if (seeds > 1 && seen.has('seed')) throw new SweepError('seeds', 'repeated seeds and a swept seed exclude each other')
  return { params, seeds, sampling, runs, samplingSeed, ...(spec.epochs !== undefined ? { epochs: spec.epochs } : {}), ...(spec.timeLimit !== undefined ? { timeLimit: spec.timeLimit } : {}) }
}

/** Sets one swept value in copies of the specs. */
function apply(name: string, value: number | string, network: NetworkSpec, training: TrainingSpec): void {
  const { key, layer } = parameterOf(name)
  if (layer !== undefined) {
    const field = key === 'hidden[i].units' ? 'units' : 'activation'
    network.hidden[layer] = { ...network.hidden[layer], [field]: value }
  } else {
    ;(training as Record<string, unknown>)[key] = value
  }
}

/** Combinations of value indices, in grid order (the last parameter varies fastest), for `indices` of the grid. */
function combination(index: number, sizes: number[]): number[] {
  const out = new Array<number>(sizes.length)
  for (let p = sizes.length - 1; p >= 0; p--) {
    out[p] = index % sizes[p]
    index = Math.floor(index / sizes[p])
  }
  return out
}

/**
 * The sweep's runs as projects: every combination of the grid (or a seeded random sample of distinct ones), each
 * repeated with `seeds` seeds. Throws SweepError for a bad spec, a grid beyond the budget, or a variant whose
 * settings the network spec rejects (naming the variant).
 */
export function expandSweep<P extends Project>(spec: SweepSpec, base: P): SweepVariant<P>[] {
  const sweep = normalizeSweep(spec, base.network)
  const sizes = sweep.params.map((p) => p.values.length)
  const combinations = sizes.reduce((a, b) => a * b, 1)
  let indices: number[]
  if (sweep.sampling === 'grid') {
    if (combinations * sweep.seeds > sweep.runs) {
      throw new SweepError('runs', `the grid has ${combinations * sweep.seeds} runs (${sizes.join(' × ')}${sweep.seeds > 1 ? ` × ${sweep.seeds} seeds` : ''}), more than the budget of ${sweep.runs}`)
    }
    indices = Array.from({ length: combinations }, (_, i) => i)
  } else {
    const draws = Math.floor(sweep.runs / sweep.seeds)
    if (draws === 0) throw new SweepError('runs', `a budget of ${sweep.runs} runs is less than one combination × ${sweep.seeds} seeds`)
    if (!Number.isSafeInteger(combinations)) throw new SweepError('params', 'too many combinations to sample from')
    if (draws >= combinations) indices = Array.from({ length: combinations }, (_, i) => i)
    else {
      // distinct combinations drawn uniformly (rejection of repeats: draws ≤ 1000, so few rejections), in grid order
      const rng = createRng(sweep.samplingSeed)
      const chosen = new Set<number>()
      while (chosen.size < draws) chosen.add(Math.floor(rng.next() * combinations))
      indices = [...chosen].sort((a, b) => a - b)
    }
  }
  const baseSeed = normalizeTrainingSpec(base.training, normalizeNetworkSpec(base.network)).seed
  const variants: SweepVariant<P>[] = []
  for (const index of indices) {
    const picks = combination(index, sizes)
    for (let s = 0; s < sweep.seeds; s++) {
      const network: NetworkSpec = { ...base.network, hidden: [...base.network.hidden] }
      const training: TrainingSpec = { ...base.training, ...(sweep.epochs !== undefined ? { epochs: sweep.epochs } : {}) }
      const values: Record<string, number | string> = {}
      sweep.params.forEach((p, k) => {
        values[p.name] = p.values[picks[k]]
        apply(p.name, p.values[picks[k]], network, training)
      })
      if (sweep.seeds > 1) {
        values.seed = (baseSeed + s) >>> 0
        training.seed = values.seed
      }
      const label = Object.entries(values)
        .map(([n, v]) => `${n}=${v}`)
        .join(' ')
      const issues = specIssues(network, training)
      if (issues.length > 0) throw new SweepError('params', `${label}: ${issues[0].path}: ${issues[0].problem}`)
      const size = paramLayout(normalizeNetworkSpec(network)).size
      if (size > LIMITS.parameters) throw new SweepError('params', `${label}: ${size} parameters exceed the limit of ${LIMITS.parameters}`)
      const project: P = { ...base, network, training, weights: null, history: { loss: [] } }
      delete project.runs // the records stay with the sweep's project
      variants.push({ label, values, project })
    }
  }
  return variants
}

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?`
const RANGE = new RegExp(`^(${NUMBER})\\.\\.(${NUMBER})(?::(?:log(\\d+)|(${NUMBER})))?$`)

/**
 * One `--param` of `rnnwb sweep`: `name=values`, where values is
 *   a list      `learningRate=0.01,0.03,0.1`   `hidden[0].activation=tanh,relu`
 *   a range     `hidden[0].units=4..16:4`      from 4 to 16 in steps of 4 (4, 8, 12, 16); `1..5` steps of 1
 *   a log range `learningRate=0.001..0.1:log5` 5 values from 0.001 to 0.1 evenly spaced in log
 * Items that read as numbers are numbers, others names. The name and the values are checked by normalizeSweep.
 */
export function parseSweepParam(text: string): SweepParam {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new SweepError('', `expected name=values, got "${text}"`)
  const name = text.slice(0, eq).trim()
  const rhs = text.slice(eq + 1).trim()
  const range = RANGE.exec(rhs)
  if (range) {
    const [, from, to, count, step] = range
    if (count !== undefined) return { name, values: { kind: 'log', from: Number(from), to: Number(to), count: Number(count) } }
    return { name, values: { kind: 'linear', from: Number(from), to: Number(to), step: step !== undefined ? Number(step) : 1 } }
  }
  if (rhs.includes('..')) throw new SweepError('', `${name}: expected a range from..to, from..to:step or from..to:logN, got "${rhs}"`)
  const items = rhs.split(',').map((s) => s.trim())
  if (items.some((s) => s === '')) throw new SweepError('', `${name}: an empty value in "${rhs}"`)
  return { name, values: { kind: 'list', values: items.map((s) => (new RegExp(`^${NUMBER}$`).test(s) ? Number(s) : s)) } }
}
