/**
 * The one place that registers echarts parts: only what the charts use (line, heatmap and scatter series on a
 * cartesian grid, tooltip, scrolling legend, continuous visual map for heatmap colours, canvas renderer), so
 * the bundle carries nothing else. Charts import `init` and the option type from here, never from 'echarts'.
 */
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core'
import { HeatmapChart, LineChart, ScatterChart, type HeatmapSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendScrollComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, HeatmapChart, ScatterChart, GridComponent, TooltipComponent, LegendScrollComponent, VisualMapContinuousComponent, CanvasRenderer])

/** An option built only from the registered parts. */
export type ChartOption = ComposeOption<LineSeriesOption | HeatmapSeriesOption | ScatterSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | VisualMapComponentOption>
export type { LineSeriesOption, HeatmapSeriesOption, ScatterSeriesOption, EChartsType }
export { init }

/** Colours shared by the charts. */
export const PALETTE = ['#4f46e5', '#d97706', '#059669', '#db2777', '#0891b2', '#7c3aed', '#65a30d', '#dc2626', '#475569', '#ca8a04']
/** Diverging blue – white – red (negative – 0 – positive), ColorBrewer RdBu. */
export const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b']
/** Sequential white – indigo, for values from 0 up. */
export const SEQUENTIAL = ['#f7f7fb', '#c7c9f0', '#8b8fe0', '#4f46e5', '#2a237f']
/** Axis text and lines in the app's colours. */
export const INK = '#1f2330'
export const MUTED = '#5b6275'
export const LINE = '#d9dce6'
