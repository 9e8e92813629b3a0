// A chart's text alternative is read from its ECharts option: a summary per series and the data as tables
// (line series as (x, y) rows, heatmaps as grids named by their category axes; long series capped, and said).
import { describe, expect, it } from 'vitest'
import type { ChartOption } from '../../src/renderer/charts/echarts'
import { chartSummary, chartTables, MAX_ROWS, shortValue } from '../../src/renderer/charts/text-alternative'
import { hiddenStatesOption, outputsOption } from '../../src/renderer/charts/state-charts'

describe('chart text alternatives', () => {
  it('summarize and tabulate line series of [x, y] points', () => {
    const option: ChartOption = {
      xAxis: { type: 'value', name: 'epoch' },
      yAxis: { type: 'value', name: 'E (sse)' },
      series: [{ type: 'line', name: 'run 1', data: [[1, 2.5], [2, 1.25], [3, 0.001234]] }],
    }
    expect(chartSummary(option, 'Loss')).toBe('Loss. run 1: 3 points, epoch 1 to 3, E (sse) from 0.001234 to 2.5, last 0.001234.')
    expect(chartTables(option)).toEqual([{ caption: 'run 1', head: ['epoch', 'E (sse)'], rows: [['1', '2.5'], ['2', '1.25'], ['3', '0.001234']] }])
  })

  it('tabulate a heatmap as a grid named by its axes', () => {
    const option: ChartOption = {
      xAxis: { type: 'category', name: 'step t', data: ['0', '1'] },
      yAxis: { type: 'category', name: 'unit', data: ['1', '2'] },
      series: [{ type: 'heatmap', name: 'x', data: [[0, 0, 0.5], [1, 0, -1], [0, 1, 2e-5]] }],
    }
    expect(chartSummary(option, 'States')).toBe('States. x: 3 cells from -1 to 0.5.')
    expect(chartTables(option)).toEqual([{ caption: 'x', head: ['unit \\ step t', '0', '1'], rows: [['1', '0.5', '-1'], ['2', '2.00e-5', '']] }])
  })

  it('cap long series at MAX_ROWS rows, keep the last point and say so', () => {
    const data = Array.from({ length: 5000 }, (_, i) => [i + 1, 1 / (i + 1)])
    const [t] = chartTables({ xAxis: { type: 'value', name: 'epoch' }, yAxis: { type: 'value' }, series: [{ type: 'line', name: 'run', data }] })
    expect(t.rows.length).toBeLessThanOrEqual(MAX_ROWS)
    expect(t.rows.at(-1)![0]).toBe('5000')
    expect(t.caption).toMatch(/^run \(every \d+th of 5000 points, and the last\)$/)
    expect(shortValue(null)).toBe('–')
  })
  it("give the workbench's own charts their data: every hidden state, every output", () => {
    const T = 5
    const n = 3
    const states = Float64Array.from({ length: T * n }, (_, i) => i / 10)
    const hidden = chartTables(hiddenStatesOption(states, n, 1, 'tanh'))
    const cells = hidden.flatMap((t) => t.rows.flatMap((r) => r.slice(1))).filter((c) => c !== '')
    expect(cells.map(Number).sort((a, b) => a - b)).toEqual([...states].map((v) => Number(shortValue(v))).sort((a, b) => a - b))
    const outputs = chartTables(outputsOption(Float64Array.from([0.1, 0.9, 0.2]), 1, [[0], [1], null]))
    expect(outputs.map((t) => t.caption).sort()).toEqual(['y1', 'z1'])
    expect(outputs.find((t) => t.caption === 'y1')!.rows.map((r) => r[1])).toEqual(['0.1', '0.9', '0.2'])
    expect(chartSummary(hiddenStatesOption(states, n, 1, 'tanh'), 'Hidden states')).toMatch(/^Hidden states\. .*15 cells from 0 to 1\.4\.$/)
  })
})
