import type { IndustryBundle } from '@scrm/plugin-industry'

type Flow = IndustryBundle['flows'][number]

/** Above this parts cost (fen) the parts department approves before the job is closed. */
export const PARTS_APPROVAL_FEN = 50_000

const VISIT_FIELDS = ['partsCostFen', 'labourHours', 'distanceKm']

/**
 * 受理 → 工程师上门 (dispatched by the routing rules: region and skill; a one-workday SLA
 * boundary warns 2 h ahead and hands the job to a supervisor on breach) → 备件审批 when parts
 * cost more than 500 元 → 完工 → 客户回访 (waits up to 3 days for the CSAT event) → 结单.
 */
export const repairFlow: Flow = {
  key: 'appliance-repair-flow',
  name: '家电售后',
  description: '受理、按区域与技能派单、上门（SLA 预警与主管升级）、备件审批、完工、客户回访',
  nodes: [
    { id: 'intake', type: 'start', name: '受理' },
    { id: 'visit', type: 'userTask', name: '工程师上门', config: { assign: { rules: true }, fields: VISIT_FIELDS, outcomes: ['修好', '需备件'] } },
    { id: 'visitSla', type: 'slaBoundary', name: '上门时效', config: { attachedTo: 'visit', target: 'P1D', calendar: 'cn-workdays', warnAt: 'PT2H', interrupting: true } },
    { id: 'escalated', type: 'userTask', name: '主管督办', config: { assign: { strategy: 'least-load', team: 'appliance-supervisors' }, fields: VISIT_FIELDS } },
    { id: 'partsCheck', type: 'exclusive', name: '备件费用', config: { default: 'no-approval' } },
    {
      id: 'partsApproval', type: 'approval', name: '备件审批',
      config: { levels: [{ name: '备件部', approvers: { strategy: 'least-load', team: 'appliance-parts' }, mode: 'any' }] },
    },
    { id: 'partsRejected', type: 'setFields', name: '备件驳回', config: { set: { 'vars.partsRejected': true } } },
    { id: 'complete', type: 'setFields', name: '完工', config: { set: { 'vars.completed': true } } },
    { id: 'csat', type: 'waitForEvent', name: '客户回访', config: { event: 'customer.csat', timeout: 'P3D' } },
    { id: 'done', type: 'end', name: '结单' },
  ],
  edges: [
    { id: 'e1', from: 'intake', to: 'visit' },
    { id: 'e2', from: 'visit', to: 'partsCheck' },
    { id: 'e3', from: 'visitSla', to: 'escalated', on: 'breach', label: '超时升级' },
    { id: 'e4', from: 'escalated', to: 'partsCheck' },
    { id: 'needs-approval', from: 'partsCheck', to: 'partsApproval', when: { '>': [{ var: 'ticket.fields.partsCostFen' }, PARTS_APPROVAL_FEN] }, label: '> 500 元' },
    { id: 'no-approval', from: 'partsCheck', to: 'complete' },
    { id: 'e7', from: 'partsApproval', to: 'complete' },
    { id: 'e8', from: 'partsApproval', to: 'partsRejected', on: 'reject', label: '驳回' },
    { id: 'e9', from: 'partsRejected', to: 'complete' },
    { id: 'e10', from: 'complete', to: 'csat' },
    { id: 'e11', from: 'csat', to: 'done' },
    { id: 'e12', from: 'csat', to: 'done', on: 'timeout', label: '3 天未回访' },
  ],
}
