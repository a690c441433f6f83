/**
 * ECharts for the staff pages and the big screen: only the parts they use (line, bar and pie), one
 * instance per element, resized with it, filling the box it is given unless `style` sizes it. The
 * element says what it draws in `data-series` (each series' name and number of points, as ECharts
 * holds them after the update) for a reader that cannot see a canvas.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { type CSSProperties, useEffect, useRef } from 'react'

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

export function Chart({
  option,
  onClick,
  style,
  testId,
}: {
  option: ChartOption
  onClick?: (params: { data?: unknown; name?: string }) => void
  style?: CSSProperties
  testId?: string
}) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const click = useRef(onClick)
  click.current = onClick

  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' })
    chart.current = instance
    instance.on('click', (params) => click.current?.(params as { data?: unknown; name?: string }))
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
    // short transitions: the screen's refresh every few seconds must not keep the hall watching animations
    // tooltips are drawn on the canvas: an HTML tooltip's markup carries style attributes, which
    // the page's Content-Security-Policy refuses (and it would take names as HTML)
    const tooltip = option.tooltip ? { renderMode: 'richText', ...(option.tooltip as object) } : undefined
    instance.setOption(
      { animationDuration: 300, animationDurationUpdate: 300, ...option, ...(tooltip ? { tooltip } : {}) },
      { notMerge: true, lazyUpdate: true },
    )
    const series = (instance.getOption().series ?? []) as Array<{ name?: string; data?: unknown[] }>
    element.current.dataset.series = JSON.stringify(series.map((s) => ({ name: s.name ?? '', points: s.data?.length ?? 0 })))
  }, [option])

  return <div ref={element} data-testid={testId} style={{ width: '100%', height: '100%', ...style }} />
}
