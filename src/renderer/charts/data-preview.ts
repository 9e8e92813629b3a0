/**
 * The data preview's heatmaps: one sequence's inputs u (T × m) or teacher signals z (T × ℓ), step t along x
 * and component i along y. Pure: plain arrays in, an echarts option out (the unit tests check it without a
 * chart). Long sequences and wide vectors are averaged into blocks (series.ts `heatmap`).
 *
 * Steps without a target (z_t = null) are a second series, drawn hatched in one colour of its own (echarts wants
 * a visual map per heatmap series: the second one is hidden and maps everything to white), so "no target" never
 * looks like a value. A merged block counts as "no target" only when none of its steps has
 * one; otherwise it shows the mean of the targets it has. Axis names and tooltips are in the window's language
 * (src/renderer/i18n): an option is built again when the language changes.
 */
import { t } from '../i18n'
import { DIVERGING, LINE, SEQUENTIAL, type ChartOption } from './echarts'
import { categoryAxis, colorScale, grid, heatmapSeries, itemTooltip } from './options'
import { blockLabels, heatmap, shortNumber, stateScale } from './series'

/** Blocks drawn at most: steps along x, components along y. */
export const MAX_STEP_BLOCKS = 400
export const MAX_COMPONENT_BLOCKS = 100

export { blockLabels }

const NO_TARGET_FILL = '#ffffff'

/** How the missing targets are drawn: white, hatched in grey (a fresh object each time: echarts marks the
 *  decal it was given). */
export function noTargetStyle() {
  return {
    color: NO_TARGET_FILL,
    borderColor: LINE,
    borderWidth: 0.5,
    decal: { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: '#9ba1b3' },
  }
}

/** A heatmap's height for its rows (component blocks): 20 px a row within 110…260 px (at 110 the colour scale
 *  fits below the Table toggle's band). */
export function heatmapHeight(rows: number): number {
  return Math.min(260, Math.max(110, 44 + 20 * rows))
}

export interface SequenceHeatmap {
  option: ChartOption
  /** Blocks along x (steps) and y (components). */
  stepBlocks: number
  componentBlocks: number
  /** Cells drawn as "no target". */
  missing: number
  /** The chart's height in px: tall enough for its rows (component blocks) and its colour scale, within reason. */
  height: number
}

/**
 * `steps[t]` is u_t or z_t (`width` numbers each), or null for a step without a target. `symbol` names the
 * components (u1..um or z1..zℓ).
 */
export function sequenceHeatmap(steps: readonly (readonly number[] | null)[], width: number, symbol: 'u' | 'z', opts: { maxSteps?: number; maxComponents?: number } = {}): SequenceHeatmap {
  const T = steps.length
  // T × width, row-major (row t = step t); NaN where a step has no values, which `heatmap` leaves out
  const flat = new Float64Array(T * width).fill(NaN)
  steps.forEach((row, t) => {
    if (row) for (let i = 0; i < width; i++) flat[t * width + i] = row[i]
  })
  const h = heatmap(flat, T, width, { maxRows: opts.maxSteps ?? MAX_STEP_BLOCKS, maxCols: opts.maxComponents ?? MAX_COMPONENT_BLOCKS })
  const merged = h.rowStep > 1 || h.colStep > 1
  const values: [number, number, number][] = []
  const missing: [number, number, number][] = []
  for (const [tb, ib, v] of h.cells) {
    if (v === null) missing.push([tb, ib, 0]) // the 0 only places the cell; the series is outside the colour scale
    else values.push([tb, ib, v])
  }
  const scale = stateScale(undefined, h.min, h.max) // [0, 1] for binary data, else the data's range
  const stepLabels = blockLabels(h.rowStarts, h.rowStep, T, 0)
  const componentLabels = blockLabels(h.colStarts, h.colStep, width, 1).map((k) => `${symbol}${k}`)
  const borders = h.rowStarts.length <= 60 && h.colStarts.length <= 30 ? { borderColor: '#ffffff', borderWidth: 1 } : {}
  const axis = (name: string, labels: string[], inverse: boolean) => categoryAxis(name, labels, { inverse, nameGap: inverse ? 36 : 24 })

  const height = heatmapHeight(h.colStarts.length)
  const option: ChartOption = {
    grid: grid({ left: 56, right: 64, top: 8, bottom: 36 }),
    tooltip: itemTooltip((p: unknown) => {
      const { seriesIndex, value } = p as { seriesIndex: number; value: [number, number, number] }
      const [tb, ib, v] = value
      const where = `t = ${stepLabels[tb]}, ${componentLabels[ib]}`
      return seriesIndex === 1 ? `${where}: ${t('charts.noTarget')}` : `${where}: <b>${shortNumber(v)}</b>${merged ? t('charts.mean') : ''}`
    }),
    xAxis: axis(t('charts.step'), stepLabels, false),
    yAxis: axis(symbol === 'u' ? t('charts.input') : t('charts.target'), componentLabels, true),
    visualMap: [
      colorScale(scale.range, scale.diverging ? DIVERGING : SEQUENTIAL, { seriesIndex: 0, itemHeight: 70, chartHeight: height }),
      // the "no target" series: one colour, never shown as a scale (echarts wants a visual map per heatmap)
      { type: 'continuous', seriesIndex: 1, show: false, min: 0, max: 1, inRange: { color: [NO_TARGET_FILL, NO_TARGET_FILL] } },
    ],
    series: [heatmapSeries(values, { name: symbol, itemStyle: { ...borders } }), heatmapSeries(missing, { name: t('charts.noTarget'), itemStyle: noTargetStyle() })],
  }
  return { option, stepBlocks: h.rowStarts.length, componentBlocks: h.colStarts.length, missing: missing.length, height }
}

/** A data path of a script's result in words: `train[3].z[7][0]` → "training sequence 3, step 7"; null for
 *  a path that names no sequence. */
export function describeDataPath(path: string | undefined): string | null {
  const match = /^(train|validation)\[(\d+)\](?:\.[uz]\[(\d+)\])?/.exec(path ?? '')
  if (!match) return null
  const sequence = t(match[1] === 'train' ? 'dataPreview.trainingSequence' : 'dataPreview.validationSequence', { p: match[2] })
  return match[3] === undefined ? sequence : t('dataPreview.sequenceStep', { sequence, t: match[3] })
}

/** The sequences' lengths in words: "T = 4 steps", or "T = 2–4 steps" for the shortest and the longest. */
export function lengthsText(min: number, max: number): string {
  return min === max ? t('dataPreview.length', { n: min }, min) : t('dataPreview.lengths', { min, max })
}
