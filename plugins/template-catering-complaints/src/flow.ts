import type { IndustryBundle } from '@scrm/plugin-industry'

type Flow = IndustryBundle['flows'][number]

export const HIGH = { '==': [{ var: 'ticket.fields.severity' }, '高'] }

/**
 * 门店记录 → 区域督导核实 → in parallel 品控检测, 门店自查 (dispatched by the routing rules) and,
 * only for 高 severity, 公关回应 (an exclusive gateway inside the branch, merged before the join)
 * → 总部反馈 → 结案.
 */
export const complaintFlow: Flow = {
  key: 'catering-complaint-flow',
  name: '餐饮投诉',
  description: '督导核实后并行派发品控、门店、公关（仅严重投诉），汇总后总部反馈',
  nodes: [
    { id: 'record', type: 'start', name: '门店记录' },
    { id: 'verify', type: 'userTask', name: '区域督导核实', config: { assign: { strategy: 'least-load', team: 'catering-supervisors' }, fields: ['severity'], sla: { target: 'PT2H', calendar: 'cn-workdays', warnAt: '80%', escalate: ['supervisor'] } } },
    { id: 'split', type: 'parallelSplit', name: '并行派发' },
    { id: 'quality', type: 'userTask', name: '品控检测', config: { assign: { strategy: 'least-load', team: 'catering-quality' }, sla: { target: 'P1D', calendar: 'cn-workdays' } } },
    { id: 'store', type: 'userTask', name: '门店自查', config: { assign: { rules: true }, sla: { target: 'PT4H', calendar: 'cn-workdays' } } },
    { id: 'prCheck', type: 'exclusive', name: '需要公关？', config: { default: 'pr-skip' } },
    { id: 'pr', type: 'userTask', name: '公关回应', config: { assign: { strategy: 'least-load', team: 'catering-pr' }, sla: { target: 'PT4H' } } },
    { id: 'prDone', type: 'exclusive', name: '公关分支汇合', config: { default: 'pr-out' } },
    { id: 'join', type: 'parallelJoin', name: '汇总' },
    { id: 'feedback', type: 'userTask', name: '总部反馈', config: { assign: { strategy: 'least-load', team: 'catering-supervisors' } } },
    { id: 'done', type: 'end', name: '结案' },
  ],
  edges: [
    { id: 'e1', from: 'record', to: 'verify' },
    { id: 'e2', from: 'verify', to: 'split' },
    { id: 'e3', from: 'split', to: 'quality' },
    { id: 'e4', from: 'split', to: 'store' },
    { id: 'e5', from: 'split', to: 'prCheck' },
    { id: 'pr-needed', from: 'prCheck', to: 'pr', when: HIGH, label: '严重' },
    { id: 'pr-skip', from: 'prCheck', to: 'prDone' },
    { id: 'e8', from: 'pr', to: 'prDone' },
    { id: 'pr-out', from: 'prDone', to: 'join' },
    { id: 'e10', from: 'quality', to: 'join' },
    { id: 'e11', from: 'store', to: 'join' },
    { id: 'e12', from: 'join', to: 'feedback' },
    { id: 'e13', from: 'feedback', to: 'done' },
  ],
}
