/**
 * Data shaping for the charts: plain functions from the stores' arrays to what a chart draws. No Vue, no
 * echarts, no DOM (the unit tests run them in Node).
 *
 * Conventions: a point is [x, y] with y = null for a gap (echarts breaks the line there); flat arrays are
 * row-major, value (r, c) of a rows × cols array at index r * cols + c (hidden states: r = step t, c = unit i;
 * weights: r = receiving unit, c = sending unit, as in src/core/params.ts).
 */

/** [x, y]; y null leaves a gap in the line. */
export type Point = [number, number | null]

/** How many points a series keeps for drawing at most (a chart is at most a few thousand pixels wide). */
export const MAX_POINTS = 2000

/** A value a chart can draw: finite, and positive on a log scale; anything else is a gap (null). */
export function drawable(value: number | null | undefined, log = false): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  return log && value <= 0 ? null : value
}

/**
 * Min/max downsampling that follows a growing series without rereading it: values are taken in index order
 * (`update` reads only the new ones), indices 1..n−1 fall into buckets of a common width, and when there are
 * more buckets than the point budget allows, neighbours are merged pairwise and the width doubles (merging
 * two buckets' minima and maxima is exact). Each bucket gives its smallest and its largest value in index
 * order, so spikes and the overall range survive; a bucket without a drawable value gives one gap point (a
 * bucket with some drawable values hides its gaps). The first and the last value are always drawn.
 * Cost per update: the new values, plus the ≤ maxPoints points it returns.
 */
export class MinMaxSampler {
  private readonly maxBuckets: number
  private width = 1
  private n = 0
  private first: number | null = null
  private last: number | null = null
  // per bucket: index and value of its minimum and maximum (index −1: nothing drawable yet)
  private loAt: number[] = []
  private lo: number[] = []
  private hiAt: number[] = []
  private hi: number[] = []

  constructor(
    maxPoints = MAX_POINTS,
    private readonly x0 = 0,
  ) {
    this.maxBuckets = Math.max(1, Math.floor((Math.max(4, Math.floor(maxPoints)) - 2) / 2))
  }

  /** How many values it has taken. */
  get length(): number {
    return this.n
  }

  /** Takes values this.length..n−1 of the series get(0..n−1). */
  update(n: number, get: (i: number) => number | null): this {
    for (let i = this.n; i < n; i++) this.push(get(i))
    return this
  }

  push(v: number | null): void {
    const i = this.n++
    this.last = v
    if (i === 0) {
      this.first = v
      return
    }
    let b = Math.floor((i - 1) / this.width)
    if (b === this.loAt.length) {
      if (b === this.maxBuckets) {
        this.merge()
        b = Math.floor((i - 1) / this.width)
      }
      if (b === this.loAt.length) {
        this.loAt.push(-1)
        this.lo.push(Infinity)
        this.hiAt.push(-1)
        this.hi.push(-Infinity)
      }
    }
    if (v === null) return
    if (v < this.lo[b]) [this.loAt[b], this.lo[b]] = [i, v]
    if (v > this.hi[b]) [this.hiAt[b], this.hi[b]] = [i, v]
  }

  /** Buckets 2k and 2k + 1 become bucket k. */
  private merge(): void {
    const count = Math.ceil(this.loAt.length / 2)
    for (let k = 0; k < count; k++) {
      const a = 2 * k
      const c = 2 * k + 1
      let [loAt, lo, hiAt, hi] = [this.loAt[a], this.lo[a], this.hiAt[a], this.hi[a]]
      if (c < this.loAt.length) {
        if (this.lo[c] < lo) [loAt, lo] = [this.loAt[c], this.lo[c]]
        if (this.hi[c] > hi) [hiAt, hi] = [this.hiAt[c], this.hi[c]]
      }
      ;[this.loAt[k], this.lo[k], this.hiAt[k], this.hi[k]] = [loAt, lo, hiAt, hi]
    }
    for (const a of [this.loAt, this.lo, this.hiAt, this.hi]) a.length = count
    this.width *= 2
  }

  /** At most maxPoints points, x = x0 + index. */
  points(): Point[] {
    if (this.n === 0) return []
    const x0 = this.x0
    const out: Point[] = [[x0, this.first]]
    for (let b = 0; b < this.loAt.length; b++) {
      const lo = this.loAt[b]
      const hi = this.hiAt[b]
      if (lo < 0) out.push([x0 + 1 + b * this.width, null])
      else if (lo === hi) out.push([x0 + lo, this.lo[b]])
      else if (lo < hi) out.push([x0 + lo, this.lo[b]], [x0 + hi, this.hi[b]])
      else out.push([x0 + hi, this.hi[b]], [x0 + lo, this.lo[b]])
    }
    const lastX = x0 + this.n - 1
    if (out[out.length - 1][0] !== lastX) out.push([lastX, this.last])
    return out
  }
}

/**
 * At most `maxPoints` points of the series get(0..n−1) at x = x0 + i, for drawing (see MinMaxSampler).
 * Series that fit come back whole, gaps included.
 */
export function downsample(n: number, get: (i: number) => number | null, maxPoints = MAX_POINTS, x0 = 0): Point[] {
  if (n <= Math.max(4, Math.floor(maxPoints))) return Array.from({ length: n }, (_, i): Point => [x0 + i, get(i)])
  return new MinMaxSampler(maxPoints, x0).update(n, get).points()
}

/** A per-epoch series drawn against absolute epochs: value i belongs to epoch startEpoch + i + 1. How many
 *  values a log scale cannot show (zero, negative) is counted so the chart can say so. */
export interface EpochSeries {
  points: Point[]
  /** Finite values left out because they are ≤ 0 on a log scale. */
  hidden: number
}

/**
 * An epoch series that grows: `update(values)` reads only the values added since the last call, so drawing a
 * run of a million epochs five times a second costs the new epochs, not the whole history.
 */
export class EpochSampler {
  private readonly sampler: MinMaxSampler
  private readonly x0: number
  private hidden = 0

  constructor(
    startEpoch: number,
    private readonly log = false,
    private readonly maxPoints = MAX_POINTS,
  ) {
    this.x0 = startEpoch + 1
    this.sampler = new MinMaxSampler(maxPoints, this.x0)
  }

  update(values: ArrayLike<number>): EpochSeries {
    return this.updateWith(values.length, (i) => values[i])
  }

  /** The series get(0..n−1), of which get(0..length−1) were seen before and have not changed. */
  updateWith(n: number, get: (i: number) => number): EpochSeries {
    const from = this.sampler.length
    if (n < from) throw new Error('an epoch series only grows')
    for (let i = from; i < n; i++) {
      const v = get(i)
      if (this.log && Number.isFinite(v) && v <= 0) this.hidden++
      this.sampler.push(drawable(v, this.log))
    }
    // short series whole (with every gap), long ones sampled
    const points = n <= this.maxPoints ? Array.from({ length: n }, (_, i): Point => [this.x0 + i, drawable(get(i), this.log)]) : this.sampler.points()
    return { points, hidden: this.hidden }
  }
}

export function epochSeries(values: ArrayLike<number>, startEpoch: number, opts: { log?: boolean; maxPoints?: number } = {}): EpochSeries {
  return new EpochSampler(startEpoch, opts.log ?? false, opts.maxPoints).update(values)
}

/** Gradient norms per layer r = 1..R+1 over epochs (gradNorms[e][k] = norm of layer k + 1 at epoch e), one
 *  series per layer, following a growing run like EpochSampler. */
export class GradNormSampler {
  private layers: EpochSampler[] = []

  constructor(
    private readonly startEpoch: number,
    private readonly log = true,
    private readonly maxPoints = MAX_POINTS,
  ) {}

  update(gradNorms: readonly (readonly number[])[]): Point[][] {
    if (this.layers.length === 0 && gradNorms.length > 0) this.layers = gradNorms[0].map(() => new EpochSampler(this.startEpoch, this.log, this.maxPoints))
    return this.layers.map((s, k) => s.updateWith(gradNorms.length, (e) => gradNorms[e][k] ?? NaN).points)
  }
}

export function gradNormSeries(gradNorms: readonly (readonly number[])[], startEpoch: number, opts: { log?: boolean; maxPoints?: number } = {}): Point[][] {
  return new GradNormSampler(startEpoch, opts.log ?? true, opts.maxPoints).update(gradNorms)
}

/** Output y_i and teacher z_i over the steps t = 0..T−1 of one sequence: one series each per output unit.
 *  `outputs` is T × ℓ row-major; `targets[t]` is z_t, or null (or missing) where the step has no target,
 *  which becomes a gap in z_i. */
export function outputSeries(outputs: ArrayLike<number>, nOut: number, targets: readonly (readonly number[] | null)[], maxPoints = MAX_POINTS): { y: Point[][]; z: Point[][] } {
  const T = nOut > 0 ? Math.floor(outputs.length / nOut) : 0
  const y = Array.from({ length: nOut }, (_, i) => downsample(T, (t) => drawable(outputs[t * nOut + i]), maxPoints))
  const z = Array.from({ length: nOut }, (_, i) => downsample(T, (t) => drawable(targets[t]?.[i]), maxPoints))
  return { y, z }
}

/** A rows × cols array as heatmap cells, averaged into blocks when larger than maxRows × maxCols. */
export interface Heatmap {
  /** [row block, column block, value]; value null when the block holds no finite value. */
  cells: [number, number, number | null][]
  /** First row and first column of each block (equal to the block index when nothing was merged). */
  rowStarts: number[]
  colStarts: number[]
  /** Rows and columns per block (1 when nothing was merged). */
  rowStep: number
  colStep: number
  /** Smallest and largest finite value of the cells, or null when there is none. */
  min: number | null
  max: number | null
}

export function heatmap(flat: ArrayLike<number>, rows: number, cols: number, opts: { maxRows?: number; maxCols?: number } = {}): Heatmap {
  if (flat.length < rows * cols) throw new Error(`expected ${rows} × ${cols} = ${rows * cols} values, got ${flat.length}`)
  const rowStep = Math.max(1, Math.ceil(rows / (opts.maxRows ?? Infinity)))
  const colStep = Math.max(1, Math.ceil(cols / (opts.maxCols ?? Infinity)))
  const rowStarts = Array.from({ length: Math.ceil(rows / rowStep) }, (_, b) => b * rowStep)
  const colStarts = Array.from({ length: Math.ceil(cols / colStep) }, (_, b) => b * colStep)
  const cells: Heatmap['cells'] = []
  let min = Infinity
  let max = -Infinity
  for (let rb = 0; rb < rowStarts.length; rb++) {
    for (let cb = 0; cb < colStarts.length; cb++) {
      let sum = 0
      let count = 0
      for (let r = rowStarts[rb]; r < Math.min(rows, rowStarts[rb] + rowStep); r++) {
        for (let c = colStarts[cb]; c < Math.min(cols, colStarts[cb] + colStep); c++) {
          const v = flat[r * cols + c]
          if (Number.isFinite(v)) {
            sum += v
            count++
          }
        }
      }
      const value = count > 0 ? sum / count : null
      if (value !== null) {
        min = Math.min(min, value)
        max = Math.max(max, value)
      }
      cells.push([rb, cb, value])
    }
  }
  return { cells, rowStarts, colStarts, rowStep, colStep, min: min <= max ? min : null, max: min <= max ? max : null }
}

/** The colour range of a diverging scale: symmetric around 0, ±max |v| (never empty). */
export function symmetricRange(min: number | null, max: number | null): [number, number] {
  const a = Math.max(Math.abs(min ?? 0), Math.abs(max ?? 0))
  const half = a > 0 ? a : 1
  return [-half, half]
}

/** The colour scale of one hidden layer's states: the activation's own range where it has one (so colours
 *  keep their meaning while the run trains), else the data's range; diverging when values can be negative. */
export function stateScale(activation: string | undefined, min: number | null, max: number | null): { range: [number, number]; diverging: boolean } {
  if ((activation ?? 'sigmoid') === 'sigmoid' && (min ?? 0) >= 0 && (max ?? 0) <= 1) return { range: [0, 1], diverging: false }
  if (activation === 'tanh' && (min ?? 0) >= -1 && (max ?? 0) <= 1) return { range: [-1, 1], diverging: true }
  if ((min ?? 0) < 0) return { range: symmetricRange(min, max), diverging: true }
  return { range: [0, max !== null && max > 0 ? max : 1], diverging: false }
}

/** A log axis from the decade below the smallest value to the decade above the largest (echarts would
 *  otherwise round the extent out to whole tick intervals, often many empty decades). */
export const decadeBelow = (v: { min: number }): number => (v.min > 0 && Number.isFinite(v.min) ? 10 ** Math.floor(Math.log10(v.min)) : 1)
export const decadeAbove = (v: { max: number }): number => (v.max > 0 && Number.isFinite(v.max) ? 10 ** Math.ceil(Math.log10(v.max)) : 10)

/** Axis numbers in a few characters: 0.0123, 1.2e-5, 3400, 1.2e+6. */
export function shortNumber(x: number): string {
  if (x === 0) return '0'
  const a = Math.abs(x)
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(3)))
  return x.toExponential(1).replace('.0e', 'e')
}

/**
 * `fn` at most once per `ms`: the first call runs at once, calls during the pause are merged into one call at
 * its end. `cancel()` drops a pending call (on unmount).
 */
export function throttle(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    last = Date.now()
    fn()
  }
  const call = () => {
    if (timer !== null) return
    const wait = last + ms - Date.now()
    if (wait <= 0) run()
    else timer = setTimeout(run, wait)
  }
  call.cancel = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  return call
}

/** Axis labels of heatmap blocks: "3" for one index, "0–9" for a merged block of indices from `base`. */
export function blockLabels(starts: readonly number[], step: number, total: number, base: number): string[] {
  return starts.map((s) => (step === 1 ? String(s + base) : `${s + base}–${Math.min(total, s + step) - 1 + base}`))
}

