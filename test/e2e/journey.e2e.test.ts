// Issue 6's acceptance as one journey in real Chromium (zh-CN): a new business user draws
// start → 受理 → VIP? → two tasks → end with the mouse, fixes the missing default branch the live
// validation reports, sets the VIP condition with the builder and publishes; the admin binds the
// ticket type to it on the template screen; a customer on a phone submits a VIP ticket through
// the portal; the agent finds it in her queue and completes both tasks; the supervisor's board
// counts it as resolved with the time per node. Every persona has a browser of its own (one at a
// time), each must end without console or page errors.
// Needs the built server and web app (SCRM_WEB_DIR for another build).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, createFlow, drawVipFlow, expectMissingDefault, nameAndAssign, pickOption, publishFlow, setBranchCondition, setDefaultBranch, signIn } from './designer-steps'
import { pickSelect, submittedNumber } from './portal-steps'
import { createStaff, queueCount, type Person } from './workbench-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const zh = (zhCN: string, enUS: string) => ({ 'zh-CN': zhCN, 'en-US': enUS })
const PHONE = { width: 390, height: 844 }
const TEAM = { key: 'vip-desk', name: 'VIP 服务组' }

/** The customer says which tier they are: the gateway tests `form.customerTier`. */
const serviceTemplate = {
  fields: [
    { key: 'customerTier', type: 'select', label: zh('客户等级', 'Customer tier'), required: true, options: [{ value: 'VIP', label: zh('VIP 会员', 'VIP member') }, { value: 'normal', label: zh('普通会员', 'Member') }] },
    { key: 'contactPhone', type: 'phone', label: zh('联系电话', 'Phone'), required: true, phoneKind: 'mobile' },
  ],
}

describe.skipIf(!hasChromium)('e2e: issue 6 journey — design, portal, workbench, board', () => {
  let server: RunningServer
  let admin = ''
  let supervisor: Person
  let agent: Person
  let browser: TestBrowser | undefined
  let flowKey = ''
  let number = ''

  beforeAll(async () => {
    server = await startServer()
    admin = await apiLogin(server.url, 'admin', server.adminPassword)
    supervisor = await createStaff(server.url, admin, { username: 'zhoumin', displayName: '周敏', password: 'Business-pass-1', role: 'supervisor' })
    agent = await createStaff(server.url, admin, { username: 'chenjing', displayName: '陈静', password: 'Agent-pass-1', team: TEAM })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  /** A fresh browser for the next persona; on failure its screen, errors and the server log are printed. */
  const open = async (name: string, viewport = { width: 1920, height: 1080 }) => {
    // The previous persona's browser closes here, not after its test, so a failure can still be photographed.
    await browser?.close()
    const b = await launchBrowser({ locale: 'zh-CN', viewport })
    browser = b
    reportFailure(b, server, `journey-${name}`)
    // Pictures without a dropdown fading out over the screen.
    const shot = async (n: string) => {
      await b.page.waitForFunction(() => !Array.from(document.querySelectorAll('.ant-select-dropdown')).some(d => !d.classList.contains('ant-select-dropdown-hidden') && d.checkVisibility()))
      return b.screenshot(`journey-${n}`)
    }
    return { b, page: b.page, shot }
  }

  it('the business user draws the VIP flow with the mouse, fixes the missing default branch and publishes', async () => {
    const { b, page, shot } = await open('design')
    await signIn(page, server.url, supervisor.username, supervisor.password)
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '流程设计' }).click()
    const flowId = await createFlow(page, 'VIP 客户服务')

    const { triage, vip, vipTask, normal } = await drawVipFlow(page)
    await shot('01-drawn')
    const noDefault = await expectMissingDefault(page, vip)
    await shot('02-missing-default')

    await noDefault.click()
    await page.getByTestId('node-name').fill('VIP?')
    // Every task goes to the VIP desk; the routing strategy picks the member (so the agent gets it).
    for (const [id, name] of [[triage, '受理'], [vipTask, 'VIP 专属处理'], [normal, '普通处理']])
      await nameAndAssign(page, id, name, '按策略自动分配', TEAM.key)
    await setDefaultBranch(page, vip, '普通处理')
    const vipEdge = await setBranchCondition(page, 'VIP 专属处理', { field: 'form.customerTier', value: 'VIP', label: 'VIP 客户' })
    await page.getByTestId('problems-summary').getByText('校验通过').waitFor()
    await shot('03-fixed')
    await publishFlow(page)
    await shot('04-published')

    const flow = await api<{ key: string }>(server.url, admin, 'GET', `/flows/${flowId}`)
    flowKey = flow.key
    const v1 = await api<{ ir: { nodes: Array<{ id: string, config?: Record<string, unknown> }>, edges: Array<{ id: string, when?: unknown }> } }>(server.url, admin, 'GET', `/flows/${flowId}/versions/1`)
    expect(v1.ir.edges.find(e => e.id === vipEdge)?.when).toEqual({ '==': [{ var: 'form.customerTier' }, 'VIP'] })
    expect(v1.ir.nodes.find(n => n.id === vip)?.config).toMatchObject({ default: expect.any(String) })
    expect(v1.ir.nodes.find(n => n.id === triage)?.config).toMatchObject({ assign: { strategy: expect.any(String), team: TEAM.key } })
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 240_000)

  it('the admin binds the ticket type to the published flow on the template screen', async () => {
    expect(flowKey).not.toBe('')
    // The form itself is the template designer's story (templates-admin.e2e.test.ts): made through the API here.
    const tpl = await api<{ id: string }>(server.url, admin, 'POST', '/ticket-templates', { key: 'vip-service-form', name: zh('会员服务单', 'Member service'), schema: serviceTemplate })
    await api(server.url, admin, 'POST', '/ticket-types', { key: 'member-service', name: zh('会员服务', 'Member service'), templateId: tpl.id })
    const { b, page, shot } = await open('bind')
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '模板设计' }).click()
    await page.getByTestId('type-flow-member-service').click()
    await pickOption(page, 'VIP 客户服务 (v1)')
    const bound = async () => (await api<Array<{ key: string, flowKey: string | null }>>(server.url, admin, 'GET', '/ticket-types')).find(t => t.key === 'member-service')?.flowKey
    await expect.poll(bound).toBe(flowKey)
    await shot('04b-type-bound-to-flow')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('a VIP customer submits a ticket through the portal on a phone', async () => {
    expect(flowKey).not.toBe('')

    const { b, page, shot } = await open('portal', PHONE)
    await page.goto(`${server.url}/portal/demo/member-service`)
    await page.getByRole('heading', { name: '会员服务' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await pickSelect(page, 'customerTier', 'VIP 会员')
    await page.locator('#portal-description').fill('新买的冰箱不制冷，希望尽快上门')
    await page.locator('#field-contactPhone').fill('13812345678')
    await page.locator('#contact-name').fill('孙先生')
    await shot('05-portal-form')
    await page.getByTestId('portal-submit').click()
    number = await submittedNumber(page)
    expect(number).not.toBe('')
    await shot('06-portal-submitted')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('the agent finds it in her queue, completes 受理 and then the VIP task; the ticket resolves', async () => {
    expect(number).not.toBe('')
    const { b, page, shot } = await open('agent', { width: 1440, height: 900 })
    await signIn(page, server.url, agent.username, agent.password)
    await page.getByTestId('workbench').waitFor()
    // The flow's strategy gave 受理 to the only member of the VIP desk: it is hers, and her team's.
    expect(await queueCount(page, 'mine')).toBe(1)
    expect(await queueCount(page, 'team')).toBe(1)
    expect(await queueCount(page, 'unassigned')).toBe(0)
    const row = page.locator(`[data-testid=ticket-row][data-number="${number}"]`)
    await row.waitFor()
    await shot('07-queues')

    await row.getByRole('link').first().click()
    await page.getByTestId('ticket-detail').waitFor()
    expect(await page.getByTestId('field-customerTier').textContent()).toBe('VIP 会员')
    const task = page.getByTestId('task-form')
    await task.getByText('当前任务：受理').waitFor()
    await shot('08-triage-task')
    await page.getByTestId('task-complete').click()
    // The gateway read the portal's VIP answer: the next task is the VIP one.
    await task.getByText('当前任务：VIP 专属处理').waitFor()
    await page.getByTestId('task-complete').click()
    await page.locator('[data-testid=ticket-status][data-status=resolved]').waitFor()
    await page.getByText('流程中没有待办任务').waitFor()
    await shot('09-resolved')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('the supervisor\'s board counts it as resolved and shows the time per node', async () => {
    expect(number).not.toBe('')
    const { b, page, shot } = await open('board', { width: 1440, height: 900 })
    await signIn(page, server.url, supervisor.username, supervisor.password)
    const loaded = page.waitForResponse(r => r.url().includes('/api/ticket-board') && r.ok())
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '看板' }).click()
    const board = await (await loaded).json() as { throughput: Array<{ created: number, resolved: number }>, nodes: Array<{ name: string, visits: number }> }
    const resolved = page.getByTestId('board-state-resolved')
    await resolved.waitFor()
    expect(await resolved.getAttribute('data-total')).toBe('1')
    expect(await page.getByTestId('board-state-open').getAttribute('data-total')).toBe('0')
    // What the charts draw: one ticket created and resolved, visits to both tasks it went through.
    expect(board.throughput.reduce((n, p) => n + p.resolved, 0)).toBe(1)
    expect(board.throughput.reduce((n, p) => n + p.created, 0)).toBe(1)
    const visited = board.nodes.map(n => n.name)
    expect(visited).toEqual(expect.arrayContaining(['受理', 'VIP 专属处理']))
    expect(visited).not.toContain('普通处理')
    await page.getByTestId('board-node-chart').locator('canvas').waitFor()
    await page.getByTestId('board-throughput-chart').locator('canvas').waitFor()
    expect(await page.getByTestId('board-bottleneck').innerText()).toBe(`瓶颈节点：${board.nodes[0].name}`)
    await shot('10-board')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)
})
