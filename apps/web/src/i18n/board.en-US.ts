import type { BoardMessageKey } from './board.zh-CN'

// Live board strings, spread into en-US.ts; keys checked against zh-CN.
const boardEnUS: Record<BoardMessageKey, string> = {
  'board.title': 'Live board',
  'board.subtitle': 'Tickets by state, SLA risk, time per flow node and throughput',
  'board.filter.type': 'Ticket type',
  'board.filter.team': 'Team',
  'board.filter.all': 'All',
  'board.filter.range': 'Period',
  'board.range.24h': 'Last 24 hours',
  'board.range.7d': 'Last 7 days',
  'board.range.30d': 'Last 30 days',
  'board.updatedAt': 'Updated at {time}',
  'board.refresh': 'Refresh',
  'board.loadFailed': 'Could not load the board: {message}',
  'board.states': 'Tickets by state',
  'board.sla.overdue': 'Overdue',
  'board.sla.atRisk': 'At risk',
  'board.sla.ok': 'On time',
  'board.sla.none': 'No SLA',
  'board.total': '{count} in total',
  'board.nodes': 'Time per flow node',
  'board.nodes.avg': 'Average (minutes)',
  'board.nodes.median': 'Median (minutes)',
  'board.nodes.bottleneck': 'Bottleneck: {node}',
  'board.nodes.empty': 'No flow has run yet',
  'board.throughput': 'Throughput',
  'board.throughput.created': 'Created',
  'board.throughput.resolved': 'Resolved',
  'board.throughput.empty': 'No tickets in this period',
}

export default boardEnUS
