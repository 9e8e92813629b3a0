// Axes in the app's chart style, shared by the heatmaps of the states panel and the data preview.
import { LINE, MUTED } from './echarts'

/** A heatmap's category axis in the app's muted style; `inverse` puts the first row on top. */
export function categoryAxis(name: string, labels: string[], opts: { inverse?: boolean; nameGap?: number } = {}) {
  const text = { color: MUTED, fontSize: 11 }
  return {
    type: 'category' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: opts.nameGap ?? 24,
    nameTextStyle: text,
    data: labels,
    inverse: opts.inverse ?? false,
    axisLabel: text,
    axisLine: { lineStyle: { color: LINE } },
    axisTick: { show: false },
    splitArea: { show: false },
  }
}
