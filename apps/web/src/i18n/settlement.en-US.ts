// Settlement report strings (settlement.*), spread into en-US.ts. Keys come from settlement.zh-CN.ts.
import type settlementZhCN from './settlement.zh-CN'

const settlementEnUS: Record<keyof typeof settlementZhCN, string> = {
  'settlement.title': 'Settlement',
  'settlement.period': 'Month',
  'settlement.exportCsv': 'Export CSV',
  'settlement.exportXlsx': 'Export Excel',
  'settlement.total': 'Total (yuan)',
  'settlement.lineCount': 'Lines',
  'settlement.empty': 'No settlement lines in this month',
  'settlement.department': 'Department',
  'settlement.amount': 'Amount',
  'settlement.linesOf': 'Lines of {name}',
  'settlement.ticket': 'Ticket',
  'settlement.rule': 'Rule',
  'settlement.formula': 'Formula',
  'settlement.resolvedAt': 'Resolved',
}

export default settlementEnUS
