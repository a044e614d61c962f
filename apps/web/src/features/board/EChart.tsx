import { useEffect, useRef } from 'react'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the board draws: keeps the lazily loaded chart chunk small.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

/** One echarts instance per mount; option updates merge into it, a resize follows the container. */
export default function EChart({ option, height = 280, testId }: { option: ChartOption, height?: number, testId?: string }) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | undefined>(undefined)

  useEffect(() => {
    const c = echarts.init(el.current!)
    chart.current = c
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(el.current!)
    return () => { observer.disconnect(); c.dispose(); chart.current = undefined }
  }, [])

  useEffect(() => { chart.current?.setOption(option, { notMerge: true }) }, [option])

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />
}
