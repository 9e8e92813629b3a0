/**
 * The score chart's option: a run's score (NETtalk: the fraction of letters whose phoneme is right) drawn in
 * percent against absolute epochs, training solid, validation dashed. A run scores only some epochs (every N
 * and its last): each score is drawn at its own epoch, and the line joins the scored epochs. A plain function
 * of the run's arrays (no Vue, no DOM), unit-tested in test/renderer/nettalk.test.ts.
 */
import { INK, MUTED, PALETTE, type ChartOption, type LineSeriesOption } from './echarts'
import { countAxis, grid, lineSeries, rowsTooltip, valueAxis } from './options'
import { t } from '../i18n'

export interface ScoreRun {
  /** Fractions 0..1, value i belonging to epoch scoreEpochs[i]. */
  scores: readonly number[]
  scoreEpochs: readonly number[]
  /** Of the same epochs, when the run has validation words. */
  validationScores: readonly number[]
}

/** The chart's option, or null when the run has no scores. */
export function scoreChartOption(run: ScoreRun): ChartOption | null {
  if (run.scores.length === 0) return null
  const color = PALETTE[0]
  const series: LineSeriesOption[] = []
  // a run scored every few epochs marks the epochs it scored (the line between them is not a measurement)
  const sparse = run.scoreEpochs.some((e, i) => i > 0 && e - run.scoreEpochs[i - 1] > 1)
  const line = (id: string, name: string, values: readonly number[], dashed: boolean): LineSeriesOption => {
    const points = values.map((x, i): [number, number] => [run.scoreEpochs[i], x * 100])
    return lineSeries({ id, name, data: points, color, width: 2, dashed, ...(sparse ? { showSymbol: true } : {}) })
  }
  series.push(line('train', t('charts.scoreTrainSeries'), run.scores, false))
  if (run.validationScores.length > 0) series.push(line('validation', t('charts.scoreValidationSeries'), run.validationScores, true))
  return {
    grid: grid({ left: 56, right: 32, top: 24, bottom: 56 }),
    tooltip: rowsTooltip(
      (epoch) => t('charts.epochN', { n: epoch }),
      (p) => (p.value[1] === null ? null : `${p.marker}${p.seriesName}: <b>${p.value[1].toFixed(1)} %</b>`),
    ),
    legend: { bottom: 0, left: 8, data: series.map((s) => s.name as string), textStyle: { color: MUTED, fontSize: 12 }, itemWidth: 18, itemHeight: 8 },
    xAxis: countAxis(t('charts.epoch')),
    yAxis: { ...valueAxis({ min: 0, max: 100, name: t('charts.lettersRight'), nameColor: INK }), axisLabel: { color: MUTED } },
    series,
  }
}
