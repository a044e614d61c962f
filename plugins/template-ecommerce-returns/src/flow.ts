import type { IndustryBundle } from '@scrm/plugin-industry'

type Flow = IndustryBundle['flows'][number]

/** Up to this amount (fen) a return is approved automatically. */
export const AUTO_APPROVE_FEN = 20_000
/** How long the warehouse waits for the parcel before the request closes by itself. */
export const PARCEL_WAIT = 'P7D'

/**
 * 提交 → amount ≤ 200 元: approved at once, else 客服主管 then 财务 (a rejection closes the request)
 * → 等待退货包裹 (7 days, else auto-close) → 仓库验收 → 退款 or 换货发出 by ticket type → 完成.
 */
export const returnFlow: Flow = {
  key: 'ecommerce-return-flow',
  name: '电商退换货',
  description: '小额自动通过，大额两级审批（可驳回），等待退货包裹超时自动关闭，验收后退款或换货',
  nodes: [
    { id: 'submit', type: 'start', name: '提交申请' },
    { id: 'amount', type: 'exclusive', name: '金额判断', config: { default: 'needs-approval' } },
    {
      id: 'approval', type: 'approval', name: '退换货审批',
      config: {
        levels: [
          { name: '客服主管', approvers: { strategy: 'least-load', team: 'ecommerce-cs-leads' }, mode: 'any' },
          { name: '财务', approvers: { strategy: 'least-load', team: 'ecommerce-finance' }, mode: 'any' },
        ],
        sla: { target: 'P1D', calendar: 'cn-workdays', warnAt: '80%' },
      },
    },
    { id: 'rejected', type: 'end', name: '驳回', config: { status: 'closed' } },
    { id: 'parcel', type: 'waitForEvent', name: '等待退货包裹', config: { event: 'parcel.received', timeout: PARCEL_WAIT } },
    { id: 'expired', type: 'end', name: '超时关闭', config: { status: 'closed' } },
    { id: 'inspect', type: 'userTask', name: '仓库验收', config: { assign: { rules: true }, outcomes: ['合格', '不合格'], sla: { target: 'P1D', calendar: 'cn-workdays' } } },
    { id: 'kind', type: 'exclusive', name: '退货还是换货', config: { default: 'to-refund' } },
    { id: 'refund', type: 'userTask', name: '财务退款', config: { assign: { strategy: 'least-load', team: 'ecommerce-finance' } } },
    { id: 'reship', type: 'userTask', name: '换货发出', config: { assign: { strategy: 'least-load', team: 'ecommerce-warehouse' } } },
    { id: 'done', type: 'end', name: '完成' },
  ],
  edges: [
    { id: 'e1', from: 'submit', to: 'amount' },
    { id: 'auto', from: 'amount', to: 'parcel', when: { '<=': [{ var: 'ticket.fields.amountFen' }, AUTO_APPROVE_FEN] }, label: '≤ 200 元自动通过' },
    { id: 'needs-approval', from: 'amount', to: 'approval' },
    { id: 'e4', from: 'approval', to: 'parcel' },
    { id: 'e5', from: 'approval', to: 'rejected', on: 'reject', label: '驳回' },
    { id: 'e6', from: 'parcel', to: 'inspect' },
    { id: 'e7', from: 'parcel', to: 'expired', on: 'timeout', label: '7 天未收到' },
    { id: 'e8', from: 'inspect', to: 'kind' },
    { id: 'to-exchange', from: 'kind', to: 'reship', when: { '==': [{ var: 'ticket.typeKey' }, 'ecommerce-exchange'] }, label: '换货' },
    { id: 'to-refund', from: 'kind', to: 'refund' },
    { id: 'e11', from: 'refund', to: 'done' },
    { id: 'e12', from: 'reship', to: 'done' },
  ],
}
