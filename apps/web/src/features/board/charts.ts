import type { TFunction } from '../../i18n'
import type { Board } from './api'
import type { ChartOption } from './EChart'

/** Horizontal bars, slowest node on top: average and median minutes per flow node. */
export function nodeTimeOption(nodes: Board['nodes'], t: TFunction): ChartOption {
  const shown = [...nodes].slice(0, 15).reverse()
  const label = (n: Board['nodes'][number]) => (nodes.some(o => o !== n && o.name === n.name) ? `${n.name} (${n.flowKey})` : n.name)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: shown.map(label) },
    series: [
      { name: t('board.nodes.avg'), type: 'bar', data: shown.map(n => n.avgMinutes), itemStyle: { color: '#1677ff' } },
      { name: t('board.nodes.median'), type: 'bar', data: shown.map(n => n.medianMinutes), itemStyle: { color: '#91caff' } },
    ],
  }
}

/** Created vs resolved per bucket, labelled in the browser's time zone. */
export function throughputOption(board: Board, t: TFunction, locale: string): ChartOption {
  const fmt = new Intl.DateTimeFormat(locale, board.bucket === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { month: '2-digit', day: '2-digit' })
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: board.throughput.map(p => fmt.format(new Date(p.at))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('board.throughput.created'), type: 'bar', data: board.throughput.map(p => p.created), itemStyle: { color: '#1677ff' } },
      { name: t('board.throughput.resolved'), type: 'line', smooth: true, data: board.throughput.map(p => p.resolved), itemStyle: { color: '#52c41a' } },
    ],
  }
}
