// Steps the workbench browser tests share (and the later full-journey test reuses): an agent in a
// team, a ticket type whose template covers the field kinds, a published start → userTask → end
// flow, and tickets — all through the public API, as an admin would set them up.
import type { Page } from 'playwright-core'
import { api, apiLogin } from './designer-steps'

const zh = (zhCN: string, enUS: string) => ({ 'zh-CN': zhCN, 'en-US': enUS })

export interface Person { id: string, username: string, password: string, displayName: string }

/** A staff user (agent by default) who belongs to `team` (created if missing) in the org. */
export async function createStaff(url: string, admin: string, p: { username: string, displayName: string, password: string, role?: string, team?: { key: string, name: string } }): Promise<Person> {
  const user = await api<{ id: string }>(url, admin, 'POST', '/users', { username: p.username, displayName: p.displayName, password: p.password, role: p.role ?? 'agent' })
  if (p.team) {
    const teams = await api<Array<{ key: string }>>(url, admin, 'GET', '/org/teams')
    if (!teams.some(t => t.key === p.team!.key)) await api(url, admin, 'POST', '/org/teams', p.team)
    await api(url, admin, 'PATCH', `/org/users/${user.id}`, { teams: [p.team.key] })
  }
  return { id: user.id, username: p.username, password: p.password, displayName: p.displayName }
}

/** 报修单: one field of most kinds, so the detail screen shows each the way it reads best. */
export const repairTemplate = {
  fields: [
    { key: 'problemType', type: 'select', label: zh('问题类型', 'Problem type'), required: true, options: [{ value: 'noCooling', label: zh('不制冷', 'Not cooling') }, { value: 'noise', label: zh('噪音大', 'Noisy') }] },
    { key: 'contactPhone', type: 'phone', label: zh('联系电话', 'Phone'), required: true },
    { key: 'address', type: 'cascader', label: zh('所在地区', 'Region') },
    { key: 'quote', type: 'money', label: zh('报价', 'Quote') },
    { key: 'urgencyScore', type: 'rating', label: zh('紧急评分', 'Urgency score'), max: 5 },
    { key: 'faultDescription', type: 'textarea', label: zh('故障描述', 'Fault description') },
    { key: 'resolution', type: 'textarea', label: zh('处理结果', 'Resolution') },
  ],
}

/** start → 上门维修 (a user task for `assignee`, who may fill in the resolution) → end. */
export function repairFlow(key: string, assignee: string) {
  return {
    key,
    version: 1,
    nodes: [
      { id: 'start', type: 'start', name: '开始' },
      { id: 'visit', type: 'userTask', name: '上门维修', config: { title: '上门维修', assign: { users: [assignee] }, fields: ['resolution'] } },
      { id: 'end', type: 'end', name: '结束' },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'visit' }, { id: 'e2', from: 'visit', to: 'end' }],
  }
}

/** start → 退款审批 (one level, `approver` decides) → end. */
export function approvalFlow(key: string, approver: string) {
  return {
    key,
    version: 1,
    nodes: [
      { id: 'start', type: 'start', name: '开始' },
      { id: 'approve', type: 'approval', name: '退款审批', config: { title: '退款审批', levels: [{ name: '主管', approvers: { users: [approver] }, mode: 'any' }] } },
      { id: 'end', type: 'end', name: '结束' },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'approve' }, { id: 'e2', from: 'approve', to: 'end' }],
  }
}

export interface SeededType { templateId: string, typeKey: string, flowKey: string | null }

/** A template (v1) and a ticket type; with `flowAssignee`, a published repair flow the type starts. */
export async function seedTicketType(url: string, admin: string, o: { key: string, name: string, flowAssignee?: string, approver?: string }): Promise<SeededType> {
  const tpl = await api<{ id: string }>(url, admin, 'POST', '/ticket-templates', { key: `${o.key}-form`, name: zh(o.name, o.key), schema: repairTemplate })
  let flowKey: string | null = null
  const person = o.flowAssignee ?? o.approver
  if (person) {
    flowKey = `${o.key}-flow`
    const graph = o.approver ? approvalFlow(flowKey, o.approver) : repairFlow(flowKey, person)
    const flow = await api<{ id: string }>(url, admin, 'POST', '/flows', { key: flowKey, name: `${o.name}流程`, graph })
    await api(url, admin, 'POST', `/flows/${flow.id}/publish`)
  }
  await api(url, admin, 'POST', '/ticket-types', { key: o.key, name: zh(o.name, o.key), templateId: tpl.id, ...(flowKey ? { flowKey } : {}) })
  return { templateId: tpl.id, typeKey: o.key, flowKey }
}

export interface SeededTicket { id: string, number: string, title: string, customerId: string | null, version: number }

export async function createTicket(url: string, token: string, body: Record<string, unknown>): Promise<SeededTicket> {
  return api<SeededTicket>(url, token, 'POST', '/tickets', body)
}

export interface WorkbenchSeed {
  agent: Person
  team: { key: string, name: string }
  /** Assigned to the agent by the flow's user task. */
  assigned: SeededTicket
  /** In the agent's team, nobody's yet. */
  unassigned: SeededTicket
  /** Waiting for the admin's approval (a one-level approval flow). */
  approval: SeededTicket
}

/**
 * The workbench scene: 王芳 (agent, 售后一组), a repair type with a flow that gives her the visit,
 * a consult type without a flow, a refund type whose flow asks the admin to approve; one repair
 * ticket (hers) and one consult ticket (the team's, unassigned), both from 张三 who also has an
 * open opportunity, and one refund ticket from 李四 awaiting the admin's approval.
 */
export async function seedWorkbench(url: string, adminPassword: string): Promise<WorkbenchSeed> {
  const admin = await apiLogin(url, 'admin', adminPassword)
  const team = { key: 'aftersales', name: '售后一组' }
  const agent = await createStaff(url, admin, { username: 'wangfang', displayName: '王芳', password: 'Agent-pass-1', team })
  await seedTicketType(url, admin, { key: 'repair', name: '上门维修', flowAssignee: agent.id })
  await seedTicketType(url, admin, { key: 'consult', name: '产品咨询' })
  const me = await api<{ user: { id: string } }>(url, admin, 'GET', '/auth/me')
  await seedTicketType(url, admin, { key: 'refund', name: '退款申请', approver: me.user.id })
  const customer = { name: '张三', phone: '13800138000' }
  const assigned = await createTicket(url, admin, {
    typeKey: 'repair',
    title: '客厅空调不制冷',
    description: '开机后只吹风，显示 E1 故障码',
    priority: 'high',
    customer,
    fields: { problemType: 'noCooling', contactPhone: '13800138000', address: ['广东省', '深圳市', '南山区'], quote: 128000, urgencyScore: 4, faultDescription: '外机不转' },
  })
  const consult = await createTicket(url, admin, { typeKey: 'consult', title: '变频空调耗电咨询', channel: 'phone', customer, fields: { problemType: 'noise', contactPhone: '13800138000' } })
  const unassigned = await api<SeededTicket>(url, admin, 'POST', `/tickets/${consult.id}/assign`, { team: team.key })
  if (assigned.customerId) await api(url, admin, 'POST', '/opportunities', { customerId: assigned.customerId, title: '中央空调换新', amountFen: 2_580_000 })
  const approval = await createTicket(url, admin, { typeKey: 'refund', title: '退回多收的上门费', customer: { name: '李四', phone: '13900139000' }, fields: { problemType: 'noise', contactPhone: '13900139000', quote: 5000 } })
  return { agent, team, assigned, unassigned, approval }
}

/** The count a queue's badge shows, once it has loaded. */
export async function queueCount(page: Page, queue: string): Promise<number> {
  const el = page.getByTestId(`queue-${queue}`)
  await page.waitForFunction(q => document.querySelector(`[data-testid="queue-${q}"]`)?.getAttribute('data-count') !== '', queue)
  return Number(await el.getAttribute('data-count'))
}

/** A consult ticket routed now by the routing plugin to `team`'s least-loaded member (the decision lands on its timeline). */
export async function routedTicket(url: string, adminPassword: string, team: string): Promise<SeededTicket & { decision: { outcome: string, assigneeId: string | null } }> {
  const admin = await apiLogin(url, 'admin', adminPassword)
  const ticket = await createTicket(url, admin, { typeKey: 'consult', title: '空调遥控器失灵', customer: { name: '王五', phone: '13700137000' }, fields: { problemType: 'noise', contactPhone: '13700137000' } })
  const routed = await api<{ decision: { outcome: string, assigneeId: string | null } }>(url, admin, 'POST', `/routing/tickets/${ticket.id}/route`, { direct: { pool: { team }, strategy: 'least-load' }, reason: '按团队负载分派' })
  return { ...ticket, decision: routed.decision }
}

/**
 * An SLA policy for urgent tickets short enough to watch: resolve within 1 minute of calendar
 * time, warned 55 s before — at risk after about 5 s, overdue after a minute.
 */
export async function quickUrgentSla(url: string, adminPassword: string): Promise<void> {
  const admin = await apiLogin(url, 'admin', adminPassword)
  await api(url, admin, 'POST', '/sla/policies', {
    name: '加急一分钟',
    condition: { '==': [{ var: 'ticket.priority' }, 'urgent'] },
    calendar: null,
    targets: { urgent: { resolution: 'PT1M' } },
    warning: { at: 'PT55S' },
  })
}

/** Clicks the list's refresh until the ticket shows in the current queue with the SLA state, or times out. */
export async function waitForSlaRow(page: Page, number: string, sla: string, timeoutMs = 90_000): Promise<void> {
  const row = page.locator(`[data-testid=ticket-row][data-number="${number}"] [data-testid=sla-tag][data-sla=${sla}]`)
  const deadline = Date.now() + timeoutMs
  while (!await row.count()) {
    if (Date.now() > deadline) throw new Error(`ticket ${number} did not show SLA ${sla} within ${timeoutMs} ms`)
    await page.waitForTimeout(2_000)
    await page.getByTestId('refresh').click()
  }
}
