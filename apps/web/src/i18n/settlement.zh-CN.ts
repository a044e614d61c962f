// Settlement report strings (settlement.*), spread into zh-CN.ts.
const settlementZhCN = {
  'settlement.title': '结算对账',
  'settlement.period': '结算月份',
  'settlement.exportCsv': '导出 CSV',
  'settlement.exportXlsx': '导出 Excel',
  'settlement.total': '合计（元）',
  'settlement.lineCount': '结算明细数',
  'settlement.empty': '该月份没有结算明细',
  'settlement.department': '部门',
  'settlement.amount': '金额',
  'settlement.linesOf': '{name} 的结算明细',
  'settlement.ticket': '工单',
  'settlement.rule': '结算规则',
  'settlement.formula': '公式',
  'settlement.resolvedAt': '解决时间',
}

export default settlementZhCN
