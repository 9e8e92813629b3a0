/**
 * A chart's text alternative, read from the same ECharts option it draws: a one-sentence summary per series
 * (for the canvas's accessible name) and the data as tables (the chart's "Table" view). Line series give
 * rows of (x, y); heatmaps give a grid, rows and columns named by the category axes' labels. Built from the
 * option alone, so every chart made with EChart.vue gets one without code of its own.
 *
 * Tables are capped at MAX_ROWS rows: longer series show every k-th point and the last one, and say so.
 */
import type { ChartOption } from './echarts'
import { t } from '../i18n'

export const MAX_ROWS = 500

export interface DataTable {
  caption: string
  head: string[]
  rows: string[][]
}

type Axis = { name?: string; data?: unknown[] }
type Series = { type?: string; name?: string; data?: unknown[] }

const first = (a: unknown): Axis => ((Array.isArray(a) ? a[0] : a) ?? {}) as Axis
const label = (x: unknown) => (x && typeof x === 'object' && 'value' in x ? String((x as { value: unknown }).value) : String(x))
/** Numbers as a reader wants them: 4 significant digits, exponents for very small or large. */
export function shortValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return v === null ? '–' : String(v)
  if (v === 0) return '0'
  const a = Math.abs(v)
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2)
}

/** A data item's value: a number, an array, or { value }. */
function valueOf(item: unknown): unknown {
  return item && typeof item === 'object' && !Array.isArray(item) && 'value' in item ? (item as { value: unknown }).value : item
}
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null)

/** A line series' points as [x, y]: [x, y] items as they are, plain values against the index (or the category). */
function points(s: Series, xAxis: Axis): [string, number | null][] {
  return (s.data ?? []).map((item, i) => {
    const v = valueOf(item)
    if (Array.isArray(v)) return [label(v[0]), num(v[1])]
    return [xAxis.data ? label(xAxis.data[i]) : String(i), num(v)]
  })
}

function range(values: (number | null)[]): { min: number; max: number } | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (!finite.length) return null
  return { min: Math.min(...finite), max: Math.max(...finite) }
}

/** Every k-th row and the last one, at most MAX_ROWS; the caption says when rows were left out. */
function capped<T>(rows: T[]): { rows: T[]; note: string } {
  if (rows.length <= MAX_ROWS) return { rows, note: '' }
  const k = Math.ceil(rows.length / (MAX_ROWS - 1))
  const kept = rows.filter((_, i) => i % k === 0)
  if ((rows.length - 1) % k !== 0) kept.push(rows[rows.length - 1])
  return { rows: kept, note: t('charts.everyKth', { k, n: rows.length }) }
}

/** One sentence per series: what it is, how many values, their range and (for lines) the last value. */
export function chartSummary(option: ChartOption, title: string): string {
  const xAxis = first(option.xAxis)
  const yAxis = first(option.yAxis)
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as Series[]
  const parts = series.map((s) => {
    const name = s.name ?? s.type ?? t('charts.series')
    if (s.type === 'heatmap') {
      const cells = (s.data ?? []).map((d) => valueOf(d) as unknown[])
      const r = range(cells.map((c) => num(c?.[2])))
      const n = cells.length
      return r ? t('charts.cellsRange', { name, n, min: shortValue(r.min), max: shortValue(r.max) }, n) : t('charts.cells', { name, n }, n)
    }
    const p = points(s, xAxis)
    const r = range(p.map(([, y]) => y))
    if (!p.length) return t('charts.noPoints', { name })
    const n = p.length
    const span = { name, n, x: xAxis.name ?? 'x', first: p[0][0], last: p.at(-1)![0] }
    return r ? t('charts.pointsRange', { ...span, y: yAxis.name ?? 'y', min: shortValue(r.min), max: shortValue(r.max), lastValue: shortValue(p.at(-1)![1]) }, n) : t('charts.points', span, n)
  })
  return `${title}. ${parts.length ? parts.join('; ') : t('charts.noData')}.`
}

/** The option's data as tables: one per line series, one grid per heatmap. */
export function chartTables(option: ChartOption): DataTable[] {
  const xAxis = first(option.xAxis)
  const yAxis = first(option.yAxis)
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as Series[]
  return series.flatMap((s): DataTable[] => {
    const name = s.name ?? s.type ?? t('charts.series')
    if (s.type === 'heatmap') {
      const cells = (s.data ?? []).map((d) => valueOf(d) as unknown[]).filter(Array.isArray)
      if (!cells.length) return []
      const xs = [...new Set(cells.map((c) => num(c[0]) ?? 0))].sort((a, b) => a - b)
      const ys = [...new Set(cells.map((c) => num(c[1]) ?? 0))].sort((a, b) => a - b)
      const at = new Map(cells.map((c) => [`${c[0]},${c[1]}`, num(c[2])]))
      const xName = (x: number) => (xAxis.data ? label(xAxis.data[x]) : String(x))
      const yName = (y: number) => (yAxis.data ? label(yAxis.data[y]) : String(y))
      const { rows, note } = capped(ys)
      return [
        {
          caption: `${name}${note}`,
          head: [`${yAxis.name ?? t('charts.row')} \\ ${xAxis.name ?? t('charts.column')}`, ...xs.map(xName)],
          rows: rows.map((y) => [yName(y), ...xs.map((x) => (at.has(`${x},${y}`) ? shortValue(at.get(`${x},${y}`)!) : ''))]),
        },
      ]
    }
    const { rows, note } = capped(points(s, xAxis))
    return [{ caption: `${name}${note}`, head: [xAxis.name ?? 'x', yAxis.name ?? name], rows: rows.map(([x, y]) => [x, shortValue(y)]) }]
  })
}
