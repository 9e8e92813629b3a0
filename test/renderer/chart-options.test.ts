// The chart option builders: the shared pieces (options.ts) and the "Inside the network" charts built from them
// (state-charts.ts), checked as plain objects without a chart.
import { describe, expect, it } from 'vitest'
import { DIVERGING, SEQUENTIAL, type ChartOption } from '../../src/renderer/charts/echarts'
import { axisTooltip, categoryAxis, colorScale, countAxis, grid, heatmapSeries, lineSeries, rowsTooltip, scrollLegend, TABLE_TOGGLE_BAND, valueAxis } from '../../src/renderer/charts/options'
import { gradNormOption, hiddenStatesOption, outputsOption, weightsOption } from '../../src/renderer/charts/state-charts'
import { sequenceHeatmap } from '../../src/renderer/charts/data-preview'
import { init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

use([SVGRenderer]) // server-side layout for the test below; the app registers the canvas renderer only

type Any = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describe('option pieces', () => {
  it('place the grid inside fixed margins', () => {
    expect(grid({ left: 1, right: 2, top: 3, bottom: 4 })).toEqual({ left: 1, right: 2, top: 3, bottom: 4, outerBoundsMode: 'none' })
  })

  it('colour scales label their ends and colour the series they are given', () => {
    const scale = colorScale([-2, 2], DIVERGING, { seriesIndex: 0, itemHeight: 70 })
    expect(scale).toMatchObject({ type: 'continuous', seriesIndex: 0, min: -2, max: 2, itemHeight: 70, text: ['2', '-2'], inRange: { color: DIVERGING } })
    expect(colorScale([0, 1], SEQUENTIAL)).not.toHaveProperty('seriesIndex')
    expect(colorScale([0, 1], SEQUENTIAL).itemHeight).toBe(140)
  })

  it('draw heatmaps at once and without emphasis, keeping what a chart adds', () => {
    expect(heatmapSeries([[0, 0, 1]], { name: 'u' })).toEqual({ type: 'heatmap', data: [[0, 0, 1]], progressive: 0, emphasis: { disabled: true }, name: 'u' })
  })

  it('draw lines in one colour, dashed on request, with a symbol only for a single point unless told', () => {
    const one = lineSeries({ name: 'a', data: [[1, 2]], color: '#123456', width: 2, dashed: true })
    expect(one).toMatchObject({ type: 'line', name: 'a', showSymbol: true, symbolSize: 4, itemStyle: { color: '#123456' }, lineStyle: { color: '#123456', width: 2, type: 'dashed' } })
    expect(lineSeries({ name: 'b', data: [[1, 2], [2, 3]], color: '#000', width: 1 }).showSymbol).toBe(false)
    expect(lineSeries({ name: 'c', data: [[1, 2], [2, 3]], color: '#000', width: 1, showSymbol: true, opacity: 0.5, id: 'x', z: 2 })).toMatchObject({ id: 'x', z: 2, showSymbol: true, lineStyle: { opacity: 0.5 }, itemStyle: { opacity: 0.5 } })
  })

  it('head axis tooltips with the x value and leave out rows that say nothing', () => {
    const tip = rowsTooltip(
      (x) => `epoch ${x}`,
      (p) => (p.value[1] === null ? null : `${p.seriesName}=${p.value[1]}`),
    )
    expect(tip).toMatchObject({ trigger: 'axis', confine: true })
    const items = [
      { seriesId: 'a', seriesName: 'a', marker: '', value: [4, 0.5] },
      { seriesId: 'b', seriesName: 'b', marker: '', value: [4, null] },
    ]
    expect(tip.formatter!(items)).toBe('epoch 4<br>a=0.5')
    expect(tip.formatter!([])).toBe('')
    expect(axisTooltip({ axisPointer: { type: 'line' } })).toEqual({ trigger: 'axis', confine: true, axisPointer: { type: 'line' } })
  })

  it('give category, count and value axes in the app style', () => {
    expect(categoryAxis('unit', ['1', '2'], { inverse: true })).toMatchObject({ type: 'category', name: 'unit', data: ['1', '2'], inverse: true, nameGap: 24 })
    expect(countAxis('epoch')).toMatchObject({ type: 'value', name: 'epoch', minInterval: 1, min: 'dataMin', max: 'dataMax', nameGap: 26 })
    expect(countAxis('step t', { min: 0, max: 9 })).toMatchObject({ min: 0, max: 9 })
    const log = valueAxis({ log: true, name: 'E (sse)' })
    expect(log).toMatchObject({ type: 'log', name: 'E (sse)', nameTextStyle: { align: 'left' } })
    expect(log.axisLabel.formatter(0.000012)).toBe('1.2e-5')
    expect(valueAxis()).not.toHaveProperty('name')
    expect(scrollLegend({ top: 0 }, ['y1'])).toMatchObject({ type: 'scroll', top: 0, data: ['y1'] })
  })
})

describe('the state charts', () => {
  it('hidden states: steps along x, units along y (first on top), on the activation’s range', () => {
    // T = 3 steps, n = 2 units, tanh
    const states = [0.1, -0.2, 0.3, -0.4, 0.5, -0.6]
    const option = hiddenStatesOption(states, 2, 1, 'tanh') as Any
    expect(option.xAxis.data).toEqual(['0', '1', '2'])
    expect(option.yAxis).toMatchObject({ name: 'unit (layer 1)', data: ['1', '2'], inverse: true })
    expect(option.visualMap).toMatchObject({ min: -1, max: 1, inRange: { color: DIVERGING } })
    expect(option.series[0].type).toBe('heatmap')
    expect(option.series[0].data).toContainEqual([2, 1, -0.6])
    expect(option.tooltip.formatter({ value: [2, 1, -0.6] })).toBe('t = 2, unit 2: <b>-0.6</b>')
    expect((hiddenStatesOption([0.2, 0.8], 1, 2, 'sigmoid') as Any).visualMap.inRange.color).toEqual(SEQUENTIAL)
  })

  it('outputs: y thin over z dashed per output unit, gaps where there is no target', () => {
    // T = 3, ℓ = 2
    const option = outputsOption([0.1, 0.9, 0.2, 0.8, 0.3, 0.7], 2, [null, [0, 1], [1, 0]]) as Any
    expect(option.series.map((s: Any) => s.name)).toEqual(['z1', 'y1', 'z2', 'y2'])
    expect(option.series[0].lineStyle.type).toBe('dashed')
    expect(option.series[0].data[0]).toEqual([0, null])
    expect(option.series[1].data).toEqual([[0, 0.1], [1, 0.2], [2, 0.3]])
    expect(option.xAxis).toMatchObject({ name: 'step t', min: 0, max: 2 })
    expect(option.legend.data).toEqual(['y1', 'z1', 'y2', 'z2'])
    const rows = option.tooltip.formatter([
      { seriesName: 'z2', marker: '', value: [0, null] },
      { seriesName: 'y1', marker: '', value: [0, 0.1] },
    ])
    expect(rows).toBe('t = 0<br>y1: <b>0.1</b><br>z2: <b>no target</b>')
  })

  it('weights: receiving unit along y, sending along x, values on small matrices, colours symmetric around 0', () => {
    // W0: 2 × 3 at offset 1 of the flat array
    const flat = [99, 1, -2, 3, -4, 5, -6, 99]
    const names = (r: number) => ['input', 'layer 1', 'output'][r]
    const option = weightsOption(flat, { name: 'W0', shape: [2, 3], offset: 1, size: 6 }, names) as Any
    expect(option.xAxis).toMatchObject({ name: 'from unit (input)', data: ['1', '2', '3'] })
    expect(option.yAxis).toMatchObject({ name: 'to unit (layer 1)', data: ['1', '2'] })
    expect(option.visualMap).toMatchObject({ min: -6, max: 6 })
    const cells = option.series[0].data.map((d: Any) => d.value)
    expect(cells).toContainEqual([2, 1, -6]) // W0[2, 3] at x = column 3, y = row 2
    expect(option.series[0].label.show).toBe(true)
    expect(option.tooltip.formatter({ value: [2, 1, -6] })).toBe('W0[2, 3]: <b>-6</b>')
    const recurrent = weightsOption(flat, { name: 'V1', shape: [1, 1], offset: 0, size: 1 }, names) as Any
    expect(recurrent.xAxis.name).toBe('from unit (layer 1 at t−1)')
  })

  it('gradient norms: one line per layer on a log axis, the last named the output', () => {
    const option = gradNormOption([[[1, 0.5]], [[1, 0.1]]]) as Any
    expect(option.series.map((s: Any) => s.name)).toEqual(['‖∇‖ layer 1', '‖∇‖ layer 2 (output)'])
    expect(option.yAxis.type).toBe('log')
    expect(option.xAxis.name).toBe('epoch')
  })
})

describe('the Table toggle’s band (a real echarts layout, server-side)', () => {
  /** What a chart's colour scale draws (its labels and bar, not its invisible box): top and bottom in px. */
  function scaleExtent(option: ChartOption, height: number): { top: number; bottom: number } {
    const chart = init(null as never, null, { ssr: true, renderer: 'svg', width: 600, height })
    chart.setOption(option)
    const api = chart as unknown as { getModel(): { getComponent(type: string, i: number): object }; getViewOfComponentModel(m: object): { group: Any } }
    const view = api.getViewOfComponentModel(api.getModel().getComponent('visualMap', 0))
    let top = Infinity
    let bottom = -Infinity
    const walk = (el: Any) => {
      if (el.invisible || el.ignore) return
      if (el.isGroup) return el.children().forEach(walk)
      if (el.type === 'rect') return // the scale's background box, padding included: nothing is painted there
      const r = el.getBoundingRect().clone()
      r.applyTransform(el.getComputedTransform())
      if (r.height === 0) return
      top = Math.min(top, r.y)
      bottom = Math.max(bottom, r.y + r.height)
    }
    walk(view.group)
    chart.dispose()
    return { top, bottom }
  }

  it('the data preview’s heatmaps draw their colour scale below the band and inside the chart, however few the rows', () => {
    for (const rows of [1, 2, 3, 5, 8, 12, 50, 200]) {
      const { option, height } = sequenceHeatmap([Array.from({ length: rows }, (_, i) => i % 2)], rows, 'u')
      const { top, bottom } = scaleExtent(option, height)
      expect({ rows, below: top >= TABLE_TOGGLE_BAND, inside: bottom <= height }).toEqual({ rows, below: true, inside: true })
      expect((option.visualMap as Any[])[0].itemHeight).toBeGreaterThanOrEqual(40) // still a scale one can read
    }
  })
})
