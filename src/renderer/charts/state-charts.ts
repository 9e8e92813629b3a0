/**
 * The options of the "Inside the network" charts, from plain arrays (the component chooses which states to
 * show: use-state-source.ts): one hidden layer's states (T × n_r, step t along x, unit i along y), the outputs
 * y against the teacher signals z, one weight matrix (receiving unit along y, sending unit along x), and the
 * gradient norm per layer over the epochs. Large arrays are averaged into blocks (series.ts `heatmap`).
 */
import { DIVERGING, INK, PALETTE, SEQUENTIAL, type ChartOption, type LineSeriesOption } from './echarts'
import { AXIS_TEXT, axisTooltip, categoryAxis, colorScale, countAxis, grid, heatmapSeries, itemTooltip, lineSeries, scrollLegend, valueAxis } from './options'
import { blockLabels, decadeAbove, decadeBelow, heatmap, outputSeries, shortNumber, stateScale, symmetricRange, type Heatmap, type Point } from './series'
import { t as tr } from '../i18n'

/** Heatmap cells, with x and y swapped when `transpose`. */
const cellsOf = (h: Heatmap, transpose: boolean): [number, number, number | null][] => h.cells.map(([r, c, v]) => (transpose ? [c, r, v] : [r, c, v]))
const cellValue = (p: unknown) => (p as { value: [number, number, number | null] }).value

/** Hidden layer `layer` (1-based): `states` is T × n row-major, coloured on the activation's own range. */
export function hiddenStatesOption(states: ArrayLike<number>, n: number, layer: number, activation: string | undefined): ChartOption {
  const steps = states.length / n
  const h = heatmap(states, steps, n, { maxRows: 300, maxCols: 100 })
  const scale = stateScale(activation, h.min, h.max)
  const merged = h.rowStep > 1 || h.colStep > 1
  return {
    grid: grid({ left: 52, right: 64, top: 12, bottom: 40 }),
    tooltip: itemTooltip((p) => {
      const [x, y, value] = cellValue(p)
      const step = blockLabels([h.rowStarts[x]], h.rowStep, steps, 0)[0]
      const i = blockLabels([h.colStarts[y]], h.colStep, n, 1)[0]
      return `${tr('charts.stepUnit', { t: step, i })}: <b>${value === null ? '–' : shortNumber(value)}</b>${merged ? tr('charts.mean') : ''}`
    }),
    xAxis: categoryAxis(tr('charts.step'), blockLabels(h.rowStarts, h.rowStep, steps, 0)),
    yAxis: categoryAxis(tr('charts.unitOfLayer', { r: layer }), blockLabels(h.colStarts, h.colStep, n, 1), { inverse: true }),
    visualMap: colorScale(scale.range, scale.diverging ? DIVERGING : SEQUENTIAL),
    series: [heatmapSeries(cellsOf(h, false))],
  }
}

/** Outputs y (T × ℓ row-major) against the teacher signals z_t (null: no target at step t). */
export function outputsOption(outputs: ArrayLike<number>, units: number, targets: readonly (readonly number[] | null)[]): ChartOption {
  const { y, z } = outputSeries(outputs, units, targets)
  const steps = units > 0 ? outputs.length / units : 0
  const few = steps <= 60
  const series: LineSeriesOption[] = []
  y.forEach((points, i) => {
    const color = PALETTE[i % PALETTE.length]
    // z wide and pale underneath, y thin on top: both stay visible where the network has learned z
    series.push({ ...lineSeries({ name: `z${i + 1}`, data: z[i], color, width: 4, dashed: true, opacity: 0.35, z: 1, showSymbol: few, symbolSize: 6 }), symbol: 'circle' })
    series.push(lineSeries({ name: `y${i + 1}`, data: points, color, width: 1.5, z: 2, showSymbol: few, symbolSize: 3 }))
  })
  // y1, z1, y2, z2, …
  const order = (name: string) => Number(name.slice(1)) * 2 + (name[0] === 'z' ? 1 : 0)
  const tooltip = axisTooltip({
    formatter: (params: unknown) => {
      const items = (Array.isArray(params) ? params : [params]) as { seriesName: string; marker: string; value: Point }[]
      if (items.length === 0) return ''
      const rows = [...items].sort((a, b) => order(a.seriesName) - order(b.seriesName))
      return [`t = ${items[0].value[0]}`, ...rows.map((p) => `${p.marker}${p.seriesName}: <b>${p.value[1] === null ? tr('charts.noTarget') : shortNumber(p.value[1])}</b>`)].join('<br>')
    },
  })
  return {
    grid: grid({ left: 52, right: 16, top: 28, bottom: 40 }),
    tooltip,
    legend: scrollLegend({ top: 0 }, y.flatMap((_, i) => [`y${i + 1}`, `z${i + 1}`])),
    xAxis: countAxis(tr('charts.step'), { nameGap: 24, fontSize: AXIS_TEXT.fontSize, min: 0, max: Math.max(1, steps - 1) }),
    yAxis: valueAxis({ scale: true, fontSize: AXIS_TEXT.fontSize }),
    series,
  }
}

/** One matrix of the flat parameter array, as its layout entry describes it. */
export interface MatrixEntry {
  name: string
  shape: readonly number[]
  offset: number
  size: number
}

/**
 * Weight matrix `entry` of `weights` (flat in the parameter layout): W_r from layer r to r + 1, V_r from layer
 * r at t − 1 to itself, b_r a column. `layerName(r)` names layer r (input, layer 1, …, output). Small
 * matrices carry their values as labels.
 */
export function weightsOption(weights: ArrayLike<number>, entry: MatrixEntry, layerName: (r: number) => string): ChartOption {
  const values = Array.prototype.slice.call(weights, entry.offset, entry.offset + entry.size) as number[]
  const [rows, cols] = entry.shape.length === 2 ? entry.shape : [entry.shape[0], 1]
  const h = heatmap(values, rows, cols, { maxRows: 150, maxCols: 150 })
  const r = Number(entry.name.slice(1))
  const kind = entry.name[0]
  const to = kind === 'W' ? layerName(r + 1) : layerName(r)
  const from = kind === 'W' ? layerName(r) : kind === 'V' ? tr('charts.atPrevious', { layer: layerName(r) }) : ''
  const merged = h.rowStep > 1 || h.colStep > 1
  const small = h.cells.length <= 64
  const range = symmetricRange(h.min, h.max)
  const cells = cellsOf(h, true)
  return {
    grid: grid({ left: 52, right: 64, top: 12, bottom: 40 }),
    tooltip: itemTooltip((p) => {
      const [x, y, value] = cellValue(p)
      const i = blockLabels([h.rowStarts[y]], h.rowStep, rows, 1)[0]
      const j = blockLabels([h.colStarts[x]], h.colStep, cols, 1)[0]
      const where = kind === 'b' ? `${entry.name}[${i}]` : `${entry.name}[${i}, ${j}]`
      return `${where}: <b>${value === null ? '–' : shortNumber(value)}</b>${merged ? tr('charts.mean') : ''}`
    }),
    xAxis: categoryAxis(kind === 'b' ? tr('charts.bias') : tr('charts.fromUnit', { from }), kind === 'b' ? [''] : blockLabels(h.colStarts, h.colStep, cols, 1)),
    yAxis: categoryAxis(tr('charts.toUnit', { to }), blockLabels(h.rowStarts, h.rowStep, rows, 1), { inverse: true }),
    visualMap: colorScale(range, DIVERGING),
    series: [
      heatmapSeries(
        // value labels on small matrices, white on the dark ends of the scale
        small ? cells.map((value) => ({ value, label: { color: Math.abs(value[2] ?? 0) > 0.6 * range[1] ? '#fff' : INK } })) : cells,
        { label: { show: small, fontSize: 10, formatter: (p: { value: unknown }) => shortNumber((p.value as number[])[2]) } },
      ),
    ],
  }
}

/** The gradient norm of layers r = 1..R+1 per epoch (already sampled for drawing), on a log scale. */
export function gradNormOption(lines: readonly Point[][]): ChartOption {
  const last = lines.length
  return {
    grid: grid({ left: 52, right: 30, top: 28, bottom: 40 }),
    tooltip: axisTooltip({ valueFormatter: (x: unknown) => (typeof x === 'number' ? shortNumber(x) : '–') }),
    legend: scrollLegend({ top: 0 }),
    xAxis: countAxis(tr('charts.epoch'), { nameGap: 24, fontSize: AXIS_TEXT.fontSize }),
    yAxis: valueAxis({ log: true, min: decadeBelow, max: decadeAbove, fontSize: AXIS_TEXT.fontSize }),
    series: lines.map((points, k) => lineSeries({ name: k + 1 === last ? tr('charts.gradOutput', { r: k + 1 }) : tr('charts.gradLayer', { r: k + 1 }), data: points, color: PALETTE[k % PALETTE.length], width: 1.5 })),
  }
}

