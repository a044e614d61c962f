// Live board strings (board.*), spread into zh-CN.ts. en-US twin: board.en-US.ts.
const boardZhCN = {
  'board.title': '实时看板',
  'board.subtitle': '按状态统计工单、SLA 风险、流程节点耗时与吞吐量',
  'board.filter.type': '工单类型',
  'board.filter.team': '团队',
  'board.filter.all': '全部',
  'board.filter.range': '时间范围',
  'board.range.24h': '最近 24 小时',
  'board.range.7d': '最近 7 天',
  'board.range.30d': '最近 30 天',
  'board.updatedAt': '更新于 {time}',
  'board.refresh': '刷新',
  'board.loadFailed': '看板加载失败：{message}',
  'board.states': '各状态工单',
  'board.sla.overdue': '已超时',
  'board.sla.atRisk': '即将超时',
  'board.sla.ok': '正常',
  'board.sla.none': '无 SLA',
  'board.total': '共 {count} 张',
  'board.nodes': '流程节点耗时',
  'board.nodes.avg': '平均（分钟）',
  'board.nodes.median': '中位数（分钟）',
  'board.nodes.bottleneck': '瓶颈节点：{node}',
  'board.nodes.empty': '还没有流程运行记录',
  'board.throughput': '吞吐量',
  'board.throughput.created': '新建',
  'board.throughput.resolved': '已解决',
  'board.throughput.empty': '此时间段内没有工单',
}

export type BoardMessageKey = keyof typeof boardZhCN
export default boardZhCN
