/**
 * The Experiments tab's two charts, as echarts options built from run records: the loss curves of the chosen
 * runs overlaid (log or linear scale, optionally smoothed; each run's validation loss dashed in its colour),
 * and a parameter against the result (one point per run: the swept value on x, numeric or by name, the result
 * recordResult on y). Pure functions of their arguments; the colours are the app's palette by record order, so
 * a run keeps its colour in both charts.
 */
import type { RunRecord } from '../../shared/project-file'
import { recordResult } from '../../shared/run-records'
import { MUTED, PALETTE, type ChartOption, type LineSeriesOption, type ScatterSeriesOption } from './echarts'
import { categoryAxis, countAxis, grid, itemTooltip, lineSeries, rowsTooltip, scrollLegend, valueAxis } from './options'
import { decadeAbove, decadeBelow, downsample, shortNumber } from './series'
import { smoothed, type Cell } from '../experiments/runs-table'
import { t } from '../i18n'

/** A record's colour: by its place among all the project's records. */
export const colorOf = (index: number): string => PALETTE[index % PALETTE.length]

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
/** A run's name in legends: its id and its label. */
export const runName = (r: RunRecord): string => (r.label ? `${r.id} ${r.label}` : r.id)

/** Drawable points of a record's losses (epochs counted from the run's start + 1), smoothed, nulls and (on a log
 *  scale) values ≤ 0 as gaps, downsampled for long runs. */
function curve(values: readonly (number | null)[], startEpoch: number, weight: number, log: boolean) {
  const s = smoothed(values, weight)
  return downsample(s.length, (i) => {
    const v = s[i]
    return v === null || (log && v <= 0) ? null : v
  }, undefined, startEpoch + 1)
}

export function overlayOption(records: readonly { record: RunRecord; index: number }[], opts: { log: boolean; smoothing: number; lossName: string }): ChartOption | null {
  if (records.length === 0) return null
  const series: LineSeriesOption[] = []
  const labels = new Map<string, string>()
  for (const { record, index } of records) {
    const name = runName(record)
    const color = colorOf(index)
    // the legend names runs by id (the table beside it says what each varied); the tooltip by id and label
    series.push(lineSeries({ id: record.id, name: record.id, data: curve(record.loss, record.startEpoch, opts.smoothing, opts.log), color, width: 1.5 }))
    labels.set(record.id, name)
    if (record.validationLoss?.length) {
      series.push(lineSeries({ id: `${record.id}:validation`, name: record.id, data: curve(record.validationLoss, record.startEpoch, opts.smoothing, opts.log), color, width: 1.5, dashed: true }))
      labels.set(`${record.id}:validation`, t('charts.validationOf', { name }))
    }
  }
  return {
    color: PALETTE,
    grid: grid({ left: 64, right: 24, top: 24, bottom: 72 }),
    tooltip: rowsTooltip(
      (epoch) => t('charts.epochN', { n: epoch }),
      (p) => (p.value[1] === null ? null : `${p.marker}${escape(labels.get(p.seriesId) ?? '')}: <b>${shortNumber(p.value[1])}</b>`),
      { axisPointer: { type: 'line' } },
    ),
    legend: scrollLegend({ bottom: 0 }, records.map(({ record }) => record.id), { fontSize: 12, itemWidth: 18 }),
    xAxis: countAxis(t('charts.epoch')),
    yAxis: valueAxis({ log: opts.log, ...(opts.log ? { min: decadeBelow, max: decadeAbove } : {}), name: `E (${opts.lossName})` }),
    series,
  }
}

/** Whether positive values span two decades or more (a log axis shows them better). */
const spansDecades = (values: number[]): boolean => values.length > 0 && values.every((x) => x > 0) && Math.max(...values) / Math.min(...values) >= 100

/** One point per run: `value` (a swept parameter's value in the run's settings) against its result. */
export interface ResultPoint {
  record: RunRecord
  index: number
  value: Cell
}

export function parameterOption(points: readonly ResultPoint[], opts: { parameter: string; log: boolean }): ChartOption | null {
  const drawn = points.filter((p) => p.value !== null && recordResult(p.record) !== null && (!opts.log || recordResult(p.record)! > 0))
  if (drawn.length === 0) return null
  const numeric = drawn.every((p) => typeof p.value === 'number')
  const categories = numeric ? [] : [...new Set(drawn.map((p) => String(p.value)))]
  // a numeric parameter that spans two decades or more (a learning rate) is drawn on a log axis
  const xs = numeric ? drawn.map((p) => p.value as number) : []
  const logX = numeric && spansDecades(xs)
  // results close together (a sweep's usual case) would sit on one line of a decade-wide log axis: log only
  // when asked for and they span two decades or more, else a linear axis fitted to them
  const ys = drawn.map((p) => recordResult(p.record)!)
  const logY = opts.log && spansDecades(ys)
  const series: ScatterSeriesOption = {
    type: 'scatter',
    name: t('experiments.result'),
    symbolSize: 10,
    data: drawn.map((p) => ({ value: [numeric ? (p.value as number) : String(p.value), recordResult(p.record)!], name: runName(p.record), itemStyle: { color: colorOf(p.index) } })),
  }
  return {
    color: PALETTE,
    grid: grid({ left: 64, right: 24, top: 28, bottom: 44 }),
    tooltip: itemTooltip((params: unknown) => {
      const p = params as { name: string; value: [number | string, number] }
      return `${escape(p.name)}<br>${escape(opts.parameter)} = ${typeof p.value[0] === 'number' ? shortNumber(p.value[0]) : escape(p.value[0])}<br>${escape(t('experiments.result'))}: <b>${shortNumber(p.value[1])}</b>`
    }),
    xAxis: numeric
      ? { type: logX ? ('log' as const) : ('value' as const), name: opts.parameter, nameLocation: 'middle' as const, nameGap: 26, scale: true, axisLabel: { formatter: (x: number) => shortNumber(x) }, splitLine: { show: false } }
      : categoryAxis(opts.parameter, categories),
    // results a few thousandths apart need more digits than shortNumber's three: echarts' own labels, as many
    // as the tick interval needs
    yAxis: { ...valueAxis({ log: logY, scale: !logY, ...(logY ? { min: decadeBelow, max: decadeAbove } : {}), name: t('experiments.result') }), axisLabel: { color: MUTED } },
    series: [series],
  }
}
