/**
 * The score chart's option: a run's per-epoch score (NETtalk: the fraction of letters whose phoneme is right)
 * drawn in percent against absolute epochs, training solid, validation dashed. A plain function of the run's
 * arrays (no Vue, no DOM), unit-tested in test/renderer/nettalk.test.ts.
 */
import { INK, LINE, MUTED, PALETTE, type ChartOption, type LineSeriesOption } from './echarts'
import { epochSeries } from './series'

export interface ScoreRun {
  /** Fractions 0..1 per epoch, value i belonging to epoch startEpoch + i + 1. */
  scores: readonly number[]
  validationScores: readonly number[]
  startEpoch: number
}

export const SCORE_TRAIN = 'training words'
export const SCORE_VALIDATION = 'validation words'

const percent = (values: readonly number[]) => values.map((x) => x * 100)

/** The chart's option, or null when the run has no scores. */
export function scoreChartOption(run: ScoreRun): ChartOption | null {
  if (run.scores.length === 0) return null
  const color = PALETTE[0]
  const series: LineSeriesOption[] = []
  const line = (id: string, name: string, values: readonly number[], dashed: boolean): LineSeriesOption => {
    const { points } = epochSeries(percent(values), run.startEpoch)
    return { type: 'line', id, name, data: points, showSymbol: points.length === 1, symbolSize: 4, itemStyle: { color }, lineStyle: { color, width: 2, ...(dashed ? { type: 'dashed' as const } : {}) } }
  }
  series.push(line('train', SCORE_TRAIN, run.scores, false))
  if (run.validationScores.length > 0) series.push(line('validation', SCORE_VALIDATION, run.validationScores, true))
  return {
    grid: { left: 56, right: 32, top: 24, bottom: 56, outerBoundsMode: 'none' },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const items = (Array.isArray(params) ? params : [params]) as { seriesName: string; marker: string; value: [number, number | null] }[]
        if (items.length === 0) return ''
        const rows = items.filter((p) => p.value[1] !== null).map((p) => `${p.marker}${p.seriesName}: <b>${p.value[1]!.toFixed(1)} %</b>`)
        return [`epoch ${items[0].value[0]}`, ...rows].join('<br>')
      },
    },
    legend: { bottom: 0, left: 8, data: series.map((s) => s.name as string), textStyle: { color: MUTED, fontSize: 12 }, itemWidth: 18, itemHeight: 8 },
    xAxis: { type: 'value', name: 'epoch', minInterval: 1, nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: MUTED }, min: 'dataMin', max: 'dataMax', axisLine: { lineStyle: { color: LINE } }, axisLabel: { color: MUTED, hideOverlap: true }, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max: 100, name: 'letters right (%)', nameTextStyle: { color: INK, align: 'left' }, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: '#eceef4' } } },
    series,
  }
}
