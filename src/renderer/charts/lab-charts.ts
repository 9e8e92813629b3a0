/**
 * The Lab tab's charts: the race's losses overlaid (one line per gradient mode), the comparison of exact and
 * truncated(k) gradients per matrix against k (cosine similarity and norm ratio), and a step's share of a
 * gradient as a heatmap (the weights heatmap of state-charts.ts, fed a LabMatrix). Drawing pieces come from
 * options.ts; which data goes where is decided here.
 */
import type { LabCompareResult, LabMatrix } from '../../shared/lab'
import { PALETTE, type ChartOption } from './echarts'
import { AXIS_TEXT, countAxis, grid, lineSeries, rowsTooltip, scrollLegend, valueAxis } from './options'
import { decadeAbove, decadeBelow, shortNumber } from './series'
import { weightsOption } from './state-charts'
import { t } from '../i18n'

/** A value axis's name along its side, not over its top end, where the legend is. */
const sideName = <A extends object>(axis: A) => ({ ...axis, nameLocation: 'middle' as const, nameGap: 42, nameRotate: 90 })

/** The race: E per epoch of each lane, on a log scale (losses fall over orders of magnitude). */
export function raceOption(lanes: readonly { label: string; losses: readonly number[] }[], opts: { log?: boolean } = {}): ChartOption {
  const log = opts.log ?? true
  return {
    grid: grid({ left: 56, right: 24, top: 30, bottom: 42 }),
    tooltip: rowsTooltip(
      (x) => t('lab.charts.raceEpoch', { epoch: x }),
      (item) => `${item.marker}${item.seriesName}: <b>${item.value[1] === null ? '–' : shortNumber(item.value[1])}</b>`,
      { axisPointer: { type: 'line' } },
    ),
    legend: scrollLegend({ top: 0 }),
    xAxis: countAxis(t('lab.charts.raceAxis'), { nameGap: 26, fontSize: AXIS_TEXT.fontSize, min: 1 }),
    yAxis: sideName(valueAxis({ log, name: 'E', ...(log ? { min: decadeBelow, max: decadeAbove } : {}), fontSize: AXIS_TEXT.fontSize })),
    // lanes that agree lie on top of each other (truncated k ≥ T is exact): the later ones dashed, the first wider
    series: lanes.map((lane, k) =>
      lineSeries({ id: lane.label, name: lane.label, data: lane.losses.map((v, i) => [i + 1, log && !(v > 0) ? null : v]), color: PALETTE[k % PALETTE.length], width: k === 0 ? 3.5 : 2, dashed: k === 1 }),
    ),
  }
}

/** Exact against truncated(k): per matrix, cosine (solid) or norm ratio, against k; k = 1 is the notes' rule. */
export function compareOption(result: LabCompareResult, measure: 'cosine' | 'normRatio'): ChartOption {
  const label = (k: number) => (k === 1 ? t('lab.charts.kNotes') : k === result.steps ? t('lab.charts.kExact', { k }) : t('lab.charts.k', { k }))
  return {
    grid: grid({ left: 56, right: 24, top: 30, bottom: 42 }),
    tooltip: rowsTooltip(label, (item) => `${item.marker}${item.seriesName}: <b>${item.value[1] === null ? '–' : shortNumber(item.value[1])}</b>`, { axisPointer: { type: 'line' } }),
    legend: scrollLegend({ top: 0 }),
    xAxis: countAxis(t('lab.charts.horizonAxis'), { nameGap: 26, fontSize: AXIS_TEXT.fontSize, min: 1, max: Math.max(2, result.horizons.at(-1) ?? 1) }),
    // a cosine is at most 1: the axis ends there
    yAxis: sideName(valueAxis({ name: measure === 'cosine' ? t('lab.charts.cosine') : t('lab.charts.normRatio'), scale: true, ...(measure === 'cosine' ? { max: 1 } : {}), fontSize: AXIS_TEXT.fontSize })),
    series: result.matrices.map((m, k) =>
      lineSeries({
        id: m.name,
        name: m.name,
        data: result.horizons.map((h, i) => [h, (measure === 'cosine' ? m.cosine[i] : m.normRatio[i]) ?? null]),
        color: PALETTE[k % PALETTE.length],
        width: 2,
        showSymbol: true,
      }),
    ),
  }
}

/** A step's share of ∂E/∂W, ∂E/∂V or ∂E/∂b, drawn as the weights are (values on hover, and on small ones). */
export function contributionOption(matrix: LabMatrix, layerName: (r: number) => string): ChartOption {
  return weightsOption(matrix.values, { name: matrix.name, shape: matrix.cols === 1 && matrix.name.startsWith('b') ? [matrix.rows] : [matrix.rows, matrix.cols], offset: 0, size: matrix.values.length }, layerName)
}
