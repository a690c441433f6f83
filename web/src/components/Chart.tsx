/**
 * ECharts for the staff pages' line and bar charts: only the parts they use, one instance per
 * element, resized with it. The element says what it draws in `data-series` (each series' name and
 * number of points, as ECharts holds them after the update) for a reader that cannot see a canvas.
 */
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { type CSSProperties, useEffect, useRef } from 'react'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

export function Chart({ option, style, testId }: { option: ChartOption; style?: CSSProperties; testId?: string }) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element.current)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    const instance = chart.current
    if (!instance || !element.current) return
    // tooltips are drawn on the canvas: an HTML tooltip's style attributes are refused by the CSP
    const tooltip = option.tooltip ? { renderMode: 'richText', ...(option.tooltip as object) } : undefined
    instance.setOption({ animationDuration: 300, ...option, ...(tooltip ? { tooltip } : {}) }, { notMerge: true })
    const series = (instance.getOption().series ?? []) as Array<{ name?: string; data?: unknown[] }>
    element.current.dataset.series = JSON.stringify(series.map((s) => ({ name: s.name ?? '', points: s.data?.length ?? 0 })))
  }, [option])

  return <div ref={element} data-testid={testId} style={{ width: '100%', height: 280, ...style }} />
}
