/**
 * The one set of echarts option pieces every chart of the app is built from: grid, tooltips, axes, the
 * heatmap series with its colour scale (visual map), line series and the scrolling legend, in the app's style.
 * A chart's own module says which data goes where (state-charts.ts, data-preview.ts, score-chart.ts, the loss
 * chart); these say how it is drawn. Pure functions returning fresh plain objects (echarts marks what it is
 * given), no Vue, no DOM.
 */
import { LINE, MUTED, type HeatmapSeriesOption, type LineSeriesOption } from './echarts'

/** A legend entry: a series name, or a name with its own text style. */
export type LegendEntry = string | { name: string; textStyle?: { fontWeight?: 'bold'; color?: string } }
import { shortNumber } from './series'

/** Axis labels and names. */
export const AXIS_TEXT = { color: MUTED, fontSize: 11 }
/** Horizontal lines across a value axis. */
const SPLIT_LINE = { lineStyle: { color: '#eceef4' } }

/** The plotting area, inside fixed margins (labels are placed by the margins, not measured). */
export function grid(margins: { left: number; right: number; top: number; bottom: number }) {
  return { ...margins, outerBoundsMode: 'none' as const }
}

/** A tooltip for the cell or point under the pointer. */
export function itemTooltip(formatter: (params: unknown) => string) {
  return { trigger: 'item' as const, formatter }
}

/** A tooltip for every series at the pointer's x, kept inside the chart. */
export function axisTooltip(opts: { formatter?: (params: unknown) => string; valueFormatter?: (value: unknown) => string; axisPointer?: { type: 'line' } } = {}) {
  return { trigger: 'axis' as const, confine: true, ...opts }
}

/** One row of an axis tooltip, as echarts gives it. */
export interface AxisTooltipItem {
  seriesId: string
  seriesName: string
  marker: string
  value: [number, number | null]
}

/** An axis tooltip headed "epoch N" (or another `head` of the x value), one row per item from `row` (null
 *  leaves the item out). */
export function rowsTooltip(head: (x: number) => string, row: (item: AxisTooltipItem) => string | null, opts: { axisPointer?: { type: 'line' } } = {}) {
  return axisTooltip({
    ...opts,
    formatter: (params: unknown) => {
      const items = (Array.isArray(params) ? params : [params]) as AxisTooltipItem[]
      if (items.length === 0) return ''
      return [head(items[0].value[0]), ...items.map(row).filter((r): r is string => r !== null)].join('<br>')
    },
  })
}

/** A heatmap's category axis in the app's muted style; `inverse` puts the first row on top. */
export function categoryAxis(name: string, labels: string[], opts: { inverse?: boolean; nameGap?: number } = {}) {
  return {
    type: 'category' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: opts.nameGap ?? 24,
    nameTextStyle: AXIS_TEXT,
    data: labels,
    inverse: opts.inverse ?? false,
    axisLabel: AXIS_TEXT,
    axisLine: { lineStyle: { color: LINE } },
    axisTick: { show: false },
    splitArea: { show: false },
  }
}

/** An x axis of whole numbers (epochs, steps t) named below it. Default: from the data's first to its last. */
export function countAxis(name: string, opts: { nameGap?: number; fontSize?: number; min?: number | 'dataMin'; max?: number | 'dataMax' } = {}) {
  const text = opts.fontSize ? { color: MUTED, fontSize: opts.fontSize } : { color: MUTED }
  return {
    type: 'value' as const,
    name,
    minInterval: 1,
    nameLocation: 'middle' as const,
    nameGap: opts.nameGap ?? 26,
    nameTextStyle: text,
    min: opts.min ?? ('dataMin' as const),
    max: opts.max ?? ('dataMax' as const),
    axisLine: { lineStyle: { color: LINE } },
    axisLabel: { ...text, hideOverlap: true },
    splitLine: { show: false },
  }
}

/** A y axis of values, linear or log, with short numbers and light horizontal lines. */
export function valueAxis(opts: { log?: boolean; name?: string; nameColor?: string; min?: number | ((v: { min: number }) => number); max?: number | ((v: { max: number }) => number); scale?: boolean; fontSize?: number } = {}) {
  return {
    type: opts.log ? ('log' as const) : ('value' as const),
    ...(opts.min !== undefined ? { min: opts.min } : {}),
    ...(opts.max !== undefined ? { max: opts.max } : {}),
    ...(opts.scale ? { scale: true } : {}),
    ...(opts.name !== undefined ? { name: opts.name, nameTextStyle: { color: opts.nameColor ?? MUTED, align: 'left' as const } } : {}),
    axisLabel: { color: MUTED, ...(opts.fontSize ? { fontSize: opts.fontSize } : {}), formatter: (x: number) => shortNumber(x) },
    splitLine: SPLIT_LINE,
  }
}

/** The band at the top of every chart that the "Table" toggle (EChart.vue) covers at its right: nothing is
 *  drawn there at the right edge (the colour scales start below it, legends sit left of it). */
export const TABLE_TOGGLE_BAND = 20
/** The colour scale's end labels: their line height (font size 10) and gap to the bar. */
const SCALE_TEXT = 12
const SCALE_TEXT_GAP = 4
/** What echarts keeps between a vertical scale's `top` and its first label: its padding (5) and room for the
 *  hover indicator (10). Measured; chart-options.test.ts lays a real chart out to check the result. */
const SCALE_INSET = 15

/** The colour scale of a heatmap: a vertical bar at the right, its ends labelled, below the Table toggle's band.
 *  `seriesIndex`: the series it colours, when the chart has several. `chartHeight`: the chart's height in px,
 *  for a small chart: the bar is shortened (from `itemHeight`) to fit between the band and the bottom. */
export function colorScale(range: [number, number], colors: string[], opts: { itemHeight?: number; seriesIndex?: number; chartHeight?: number } = {}) {
  const wanted = opts.itemHeight ?? 140
  const labels = 2 * (SCALE_TEXT + SCALE_TEXT_GAP)
  let itemHeight = wanted
  let top: number | 'middle' = 'middle'
  if (opts.chartHeight !== undefined) {
    // labels and bar from the band down to 4 px above the bottom; centred when there is room to spare
    itemHeight = Math.max(16, Math.min(wanted, opts.chartHeight - TABLE_TOGGLE_BAND - 4 - labels))
    top = Math.max(TABLE_TOGGLE_BAND, Math.round((opts.chartHeight - labels - itemHeight) / 2)) - SCALE_INSET
  }
  return {
    type: 'continuous' as const,
    ...(opts.seriesIndex !== undefined ? { seriesIndex: opts.seriesIndex } : {}),
    min: range[0],
    max: range[1],
    calculable: false,
    hoverLink: false,
    orient: 'vertical' as const,
    right: 4,
    top,
    itemWidth: 10,
    itemHeight,
    text: [shortNumber(range[1]), shortNumber(range[0])],
    textGap: SCALE_TEXT_GAP,
    textStyle: { color: MUTED, fontSize: 10, lineHeight: SCALE_TEXT },
    inRange: { color: colors },
  }
}

/** A heatmap series drawn at once (no progressive rendering) and without hover emphasis. */
export function heatmapSeries(data: HeatmapSeriesOption['data'], more: Omit<HeatmapSeriesOption, 'type' | 'data'> = {}): HeatmapSeriesOption {
  return { type: 'heatmap', data, progressive: 0, emphasis: { disabled: true }, ...more }
}

/** A line in one colour; symbols only where asked, or when the line is a single point. */
export function lineSeries(opts: {
  name: string
  data: NonNullable<LineSeriesOption['data']>
  color: string
  width: number
  id?: string
  dashed?: boolean
  opacity?: number
  z?: number
  showSymbol?: boolean
  symbolSize?: number
}): LineSeriesOption {
  const { name, data, color, width, id, dashed, opacity, z } = opts
  return {
    type: 'line',
    ...(id !== undefined ? { id } : {}),
    name,
    data,
    ...(z !== undefined ? { z } : {}),
    showSymbol: opts.showSymbol ?? data.length === 1,
    symbolSize: opts.symbolSize ?? 4,
    itemStyle: { color, ...(opacity !== undefined ? { opacity } : {}) },
    lineStyle: { color, width, ...(dashed ? { type: 'dashed' as const } : {}), ...(opacity !== undefined ? { opacity } : {}) },
  }
}

/** A legend that scrolls when its entries do not fit in one row. */
export function scrollLegend(place: { top?: number; bottom?: number }, data?: LegendEntry[], opts: { fontSize?: number; itemWidth?: number } = {}) {
  return {
    type: 'scroll' as const,
    ...place,
    left: 8,
    right: 8,
    ...(data ? { data } : {}),
    textStyle: { color: MUTED, fontSize: opts.fontSize ?? 11 },
    itemWidth: opts.itemWidth ?? 16,
    itemHeight: 8,
  }
}
