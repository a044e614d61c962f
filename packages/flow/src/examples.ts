/**
 * Example flows that validate cleanly. The designer offers them as starting points; tests (here
 * and in the runtime) use them as fixtures.
 */

import type { FlowIR } from './ir.js'

const VIP = { '==': [{ var: 'customer.tier' }, 'VIP'] }

/** The design's appliance-repair flow, completed: dispatch, VIP branch, fee script, customer confirmation. */
export const applianceRepair: FlowIR = {
  key: 'appliance-repair',
  version: 3,
  name: '家电维修',
  nodes: [
    { id: 'n1', type: 'start', name: '报修' },
    {
      id: 'n2', type: 'userTask', name: '派单',
      config: {
        assign: { strategy: 'skills', skills: ['空调'] },
        sla: { target: 'PT2H', calendar: 'cn-workdays', warnAt: '80%', escalate: ['supervisor', 'region-manager'] },
      },
    },
    { id: 'n3', type: 'exclusive', name: '客户等级', config: { default: 'e4' } },
    { id: 'n4', type: 'userTask', name: '上门维修', config: { assign: { strategy: 'skills', skills: ['空调'] }, outcomes: ['修好', '需返厂'] } },
    { id: 'n5', type: 'userTask', name: 'VIP 上门维修', config: { assign: { role: 'senior-technician' }, sla: { target: 'PT4H' } } },
    {
      id: 'n6', type: 'script', name: '计算费用',
      config: { source: 'return (ticket.fields.parts || []).reduce((s, p) => s + p.price, 0) + 50', output: 'ticket.fields.fee' },
    },
    {
      id: 'n7', type: 'notify', name: '完工通知',
      config: { notifier: 'sms', to: ['customer'], subject: '维修完成', body: '您的空调已修好，费用 {{ticket.fields.fee}} 元。' },
    },
    { id: 'n8', type: 'waitForEvent', name: '等待客户确认', config: { event: 'customer.confirm', timeout: 'P3D' } },
    { id: 'n9', type: 'end', name: '结单', config: { status: 'closed' } },
    { id: 'n10', type: 'setFields', name: '超时自动确认', config: { set: { 'ticket.fields.closeReason': 'auto-confirmed' } } },
  ],
  edges: [
    { id: 'e1', from: 'n1', to: 'n2' },
    { id: 'e2', from: 'n2', to: 'n3' },
    { id: 'e3', from: 'n3', to: 'n5', when: VIP, label: 'VIP' },
    { id: 'e4', from: 'n3', to: 'n4', label: '普通客户' },
    { id: 'e5', from: 'n4', to: 'n6' },
    { id: 'e6', from: 'n5', to: 'n6' },
    { id: 'e7', from: 'n6', to: 'n7' },
    { id: 'e8', from: 'n7', to: 'n8' },
    { id: 'e9', from: 'n8', to: 'n9' },
    { id: 'e10', from: 'n8', to: 'n10', on: 'timeout' },
    { id: 'e11', from: 'n10', to: 'n9' },
  ],
}

/** start → userTask → exclusive (VIP?) → two tasks → end. */
export const vipRouting: FlowIR = {
  key: 'vip-routing',
  version: 1,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'triage', type: 'userTask', name: '分诊', config: { assign: { team: 'service-desk' } } },
    { id: 'vip', type: 'exclusive', name: 'VIP?', config: { default: 'to-normal' } },
    { id: 'vip-task', type: 'userTask', name: '专属客服处理', config: { assign: { role: 'vip-agent' } } },
    { id: 'normal-task', type: 'userTask', name: '普通处理', config: { assign: { strategy: 'round-robin', team: 'agents' } } },
    { id: 'end', type: 'end' },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'triage' },
    { id: 'e2', from: 'triage', to: 'vip' },
    { id: 'to-vip', from: 'vip', to: 'vip-task', when: VIP },
    { id: 'to-normal', from: 'vip', to: 'normal-task' },
    { id: 'e5', from: 'vip-task', to: 'end' },
    { id: 'e6', from: 'normal-task', to: 'end' },
  ],
}

/** Parallel fan-out to three departments, joined before closing. */
export const departmentsInParallel: FlowIR = {
  key: 'departments-parallel',
  version: 1,
  nodes: [
    { id: 's', type: 'start' },
    { id: 'split', type: 'parallelSplit' },
    { id: 'sales', type: 'userTask', name: '销售确认', config: { assign: { team: 'sales' } } },
    { id: 'tech', type: 'userTask', name: '技术评估', config: { assign: { team: 'tech' } } },
    { id: 'finance', type: 'userTask', name: '财务核价', config: { assign: { team: 'finance' } } },
    { id: 'join', type: 'parallelJoin' },
    { id: 'done', type: 'end' },
  ],
  edges: [
    { id: 'e1', from: 's', to: 'split' },
    { id: 'e2', from: 'split', to: 'sales' },
    { id: 'e3', from: 'split', to: 'tech' },
    { id: 'e4', from: 'split', to: 'finance' },
    { id: 'e5', from: 'sales', to: 'join' },
    { id: 'e6', from: 'tech', to: 'join' },
    { id: 'e7', from: 'finance', to: 'join' },
    { id: 'e8', from: 'join', to: 'done' },
  ],
}

/** Two approval levels; a rejection goes back to the requester to revise and resubmit. */
export const twoLevelApproval: FlowIR = {
  key: 'refund-approval',
  version: 1,
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'approve', type: 'approval', name: '退款审批',
      config: {
        levels: [
          { name: '主管', approvers: { role: 'supervisor' }, mode: 'any' },
          { name: '经理会签', approvers: { role: 'manager' }, mode: 'all' },
        ],
      },
    },
    { id: 'revise', type: 'userTask', name: '修改申请', config: { assign: { strategy: 'initiator' } } },
    { id: 'refund', type: 'setFields', config: { set: { 'ticket.status': 'refunded', 'vars.refundedBy': { var: 'vars.approve.lastApprover' } } } },
    { id: 'end', type: 'end', config: { status: 'closed' } },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'approve' },
    { id: 'e2', from: 'approve', to: 'refund' },
    { id: 'e3', from: 'approve', to: 'revise', on: 'reject', label: '驳回' },
    { id: 'e4', from: 'revise', to: 'approve' },
    { id: 'e5', from: 'refund', to: 'end' },
  ],
}

/** An SLA boundary that takes the task away on breach and escalates to a supervisor. */
export const slaEscalation: FlowIR = {
  key: 'sla-escalation',
  version: 1,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'handle', type: 'userTask', config: { assign: { team: 'agents' } } },
    { id: 'sla', type: 'slaBoundary', config: { attachedTo: 'handle', target: 'PT4H', warnAt: 'PT30M', interrupting: true } },
    { id: 'escalated', type: 'userTask', name: '主管处理', config: { assign: { role: 'supervisor' } } },
    { id: 'wait', type: 'timer', config: { duration: 'P1D', calendar: 'cn-workdays' } },
    { id: 'end', type: 'end' },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'handle' },
    { id: 'e2', from: 'handle', to: 'wait' },
    { id: 'e3', from: 'sla', to: 'escalated', on: 'breach' },
    { id: 'e4', from: 'escalated', to: 'wait' },
    { id: 'e5', from: 'wait', to: 'end' },
  ],
}

export const exampleFlows: Record<string, FlowIR> = {
  applianceRepair, vipRouting, departmentsInParallel, twoLevelApproval, slaEscalation,
}
