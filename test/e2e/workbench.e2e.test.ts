// Agent workbench in real Chromium against the real server: queues with live counts, the ticket
// detail (fields of its own template version, comments, the flow's task), the phone layout at
// 390×844, and the English UI. Needs the built server and web app (SCRM_WEB_DIR for another build).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, pickOption, signIn } from './designer-steps'
import { createTicket, queueCount, quickUrgentSla, routedTicket, seedWorkbench, waitForSlaRow, type WorkbenchSeed } from './workbench-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

describe.skipIf(!hasChromium)('e2e: agent workbench in Chromium', () => {
  let server: RunningServer
  let seed: WorkbenchSeed
  const browsers: TestBrowser[] = []

  beforeAll(async () => {
    server = await startServer()
    seed = await seedWorkbench(server.url, server.adminPassword)
  }, 180_000)

  afterAll(async () => {
    for (const b of browsers) await b.close()
    await server?.stop()
  }, 30_000)

  const open = async (viewport: { width: number, height: number }, name: string) => {
    const b = await launchBrowser({ locale: 'zh-CN', viewport })
    browsers.push(b)
    reportFailure(b, server, name)
    return b
  }

  it('an agent sees the queue counts, opens her ticket, comments publicly and internally, completes the task and sees the status change', async () => {
    const b = await open({ width: 1440, height: 900 }, 'workbench')
    const { page } = b
    await signIn(page, server.url, seed.agent.username, seed.agent.password)
    await page.getByTestId('workbench').waitFor()
    expect(await queueCount(page, 'mine')).toBe(1)
    expect(await queueCount(page, 'team')).toBe(1)
    expect(await queueCount(page, 'unassigned')).toBe(1)
    expect(await queueCount(page, 'at_risk')).toBe(0)
    expect(await queueCount(page, 'breached')).toBe(0)
    await page.getByTestId('ticket-row').first().waitFor()
    expect(await page.getByTestId('ticket-row').count()).toBe(1)
    await page.getByTestId('sla-tag').first().waitFor()
    await b.screenshot('workbench-01-queues')

    // The team queue holds the consult ticket; a Chinese substring search narrows the list.
    await page.getByTestId('queue-team').click()
    await page.locator(`[data-testid=ticket-row][data-number="${seed.unassigned.number}"]`).waitFor()
    await page.getByTestId('queue-mine').click()
    await page.getByTestId('ticket-search').locator('input').fill('冷')
    await page.getByTestId('ticket-search').locator('input').press('Enter')
    await page.locator(`[data-testid=ticket-row][data-number="${seed.assigned.number}"]`).waitFor()
    await page.getByTestId('ticket-search').locator('input').fill('没有这样的工单')
    await page.getByTestId('ticket-search').locator('input').press('Enter')
    await page.getByText('这个队列里没有工单').waitFor()
    await page.getByTestId('ticket-search').locator('input').fill('')
    await page.getByTestId('ticket-search').locator('input').press('Enter')
    // Filters: priority 低 alone finds nothing here; 低 or 高 finds the high-priority ticket again.
    await page.getByTestId('ticket-row').first().waitFor()
    await page.getByTestId('ticket-filters').locator('.ant-select').nth(1).click()
    await pickOption(page, '低')
    await page.getByText('这个队列里没有工单').waitFor()
    await pickOption(page, '高')
    await page.locator(`[data-testid=ticket-row][data-number="${seed.assigned.number}"]`).waitFor()
    await page.keyboard.press('Escape')

    // Detail: fields as their type reads (fen → yuan, cascader path, stars), the customer card.
    await page.getByRole('link', { name: seed.assigned.title }).click()
    await page.getByTestId('ticket-detail').waitFor()
    expect(await page.getByTestId('field-quote').textContent()).toBe('¥1,280.00')
    expect(await page.getByTestId('field-address').textContent()).toBe('广东省 / 深圳市 / 南山区')
    expect(await page.getByTestId('field-problemType').textContent()).toBe('不制冷')
    expect(await page.getByTestId('field-urgencyScore').locator('.ant-rate-star-full').count()).toBe(4)
    await page.getByTestId('customer-name').getByText('张三').waitFor()
    await page.getByTestId('customer-tickets').getByText(seed.unassigned.number).waitFor()
    await page.getByTestId('customer-opportunities').getByText('中央空调换新').waitFor()
    expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('open')

    await page.getByTestId('comment-input').fill('您好，工程师明天上午上门')
    await page.getByTestId('comment-public').click()
    await page.getByTestId('ticket-timeline').getByText('您好，工程师明天上午上门').waitFor()
    await page.getByTestId('comment-input').fill('客户要求带 E1 备件')
    await page.getByTestId('comment-internal').click()
    await page.getByTestId('ticket-timeline').getByText('客户要求带 E1 备件').waitFor()
    expect(await page.getByTestId('ticket-timeline').getByTestId('comment-public').count()).toBe(1)
    expect(await page.getByTestId('ticket-timeline').getByTestId('comment-internal').count()).toBe(1)

    // The flow's task: fill the field the step may edit and complete it; the flow ends, the ticket resolves.
    const task = page.getByTestId('task-form')
    await task.getByText('当前任务：上门维修').waitFor()
    await task.getByLabel('处理结果').fill('更换电容，试机正常')
    await page.getByTestId('task-complete').click()
    await page.locator('[data-testid=ticket-status][data-status=resolved]').waitFor()
    await page.getByTestId('ticket-timeline').getByText('处理中 → 已解决').waitFor()
    expect(await page.getByTestId('field-resolution').textContent()).toBe('更换电容，试机正常')
    await page.getByTestId('ticket-timeline').getByText('修改了 处理结果').waitFor()
    await page.getByText('流程中没有待办任务').waitFor()
    await b.screenshot('workbench-02-detail')

    // Back on the list, the resolved ticket has left "mine".
    await page.getByText('返回列表').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="queue-mine"]')?.getAttribute('data-count') === '0')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('on a phone (390×844) the list is cards and the detail stacks with a bottom action bar', async () => {
    const b = await open({ width: 390, height: 844 }, 'workbench-phone')
    const { page } = b
    await signIn(page, server.url, seed.agent.username, seed.agent.password)
    await page.getByTestId('queue-team').click()
    await page.getByTestId('ticket-cards').waitFor()
    expect(await page.getByTestId('ticket-table').count()).toBe(0)
    // Nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await b.screenshot('workbench-03-phone-list')

    await page.locator(`[data-testid=ticket-row][data-number="${seed.unassigned.number}"]`).click()
    await page.locator('[data-testid=ticket-detail][data-layout=phone]').waitFor()
    await page.getByTestId('bottom-bar').waitFor()
    await page.getByTestId('open-comment').click()
    await page.getByTestId('comment-input').fill('已电话联系客户')
    await page.getByTestId('comment-internal').click()
    await page.getByTestId('ticket-timeline').getByText('已电话联系客户').waitFor()
    await page.keyboard.press('Escape')
    // Someone else changes the ticket meanwhile: the agent's stale status change is a 409, said
    // plainly, and the screen reloads to what the server has (now urgent).
    const admin = await apiLogin(server.url, 'admin', server.adminPassword)
    const now = await api<{ version: number }>(server.url, admin, 'GET', `/tickets/${seed.unassigned.id}`)
    await api(server.url, admin, 'PATCH', `/tickets/${seed.unassigned.id}`, { expectedVersion: now.version, priority: 'urgent' })
    await page.getByTestId('open-actions').click()
    await page.getByTestId('transfer-form').waitFor()
    await page.getByTestId('status-select').click()
    await pickOption(page, '处理中')
    await page.getByTestId('status-submit').click()
    await page.getByText('工单已被他人修改').waitFor()
    await page.getByTestId('ticket-header').getByText('紧急').waitFor()
    await page.getByTestId('status-select').click()
    await pickOption(page, '处理中')
    await page.getByTestId('status-submit').click()
    await page.locator('[data-testid=ticket-status][data-status=open]').waitFor()
    b.forgetErrors(e => e.text.includes('409'))
    await page.waitForTimeout(500) // let the drawer and the messages settle before the picture
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await b.screenshot('workbench-04-phone-detail')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('the approver approves an approval task from the ticket; the flow ends and the ticket resolves', async () => {
    const b = await open({ width: 1280, height: 800 }, 'workbench-approval')
    const { page } = b
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.goto(`${server.url}/workbench/tickets/${seed.approval.id}`)
    const task = page.locator('[data-testid=task-form][data-task-kind=approval]')
    await task.getByText('当前任务：退款审批 · 主管').waitFor()
    expect(await page.getByTestId('field-quote').textContent()).toBe('¥50.00')
    await task.getByTestId('task-comment').fill('同意退款')
    await page.getByTestId('task-approve').click()
    await page.locator('[data-testid=ticket-status][data-status=resolved]').waitFor()
    await page.getByText('流程中没有待办任务').waitFor()
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('renders in English when the UI language is switched', async () => {
    const b = await open({ width: 1280, height: 800 }, 'workbench-en')
    const { page } = b
    await signIn(page, server.url, seed.agent.username, seed.agent.password)
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click()
    await page.getByText('Agent workbench').waitFor()
    const queues = { mine: 'Mine', team: 'My team', unassigned: 'Unassigned', at_risk: 'At risk', breached: 'Overdue' }
    await queueCount(page, 'mine')
    for (const [q, label] of Object.entries(queues)) expect(await page.getByTestId(`queue-${q}`).textContent()).toContain(label)
    await page.getByTestId('queue-team').click()
    await page.getByRole('link', { name: seed.unassigned.title }).click()
    await page.getByTestId('ticket-detail').waitFor()
    for (const text of ['Ticket details', 'Timeline', 'Actions', 'Customer', 'Reply to customer (public)', 'Internal note', 'Transfer', 'Change status']) await page.getByText(text, { exact: true }).first().waitFor()
    expect(await page.getByTestId('field-problemType').textContent()).toBe('Noisy')
    expect(await page.getByTestId('ticket-detail').textContent()).not.toMatch(/工单信息|处理记录|回复客户/)

    // Transfer with the user picker; the timeline says to whom and why.
    await page.getByTestId('transfer-user').click()
    await pickOption(page, '管理员')
    await page.getByTestId('transfer-form').getByPlaceholder('Reason for the transfer').fill('VIP customer')
    await page.getByTestId('transfer-submit').click()
    await page.getByTestId('ticket-timeline').getByText('assigned to 管理员').waitFor()
    await page.getByTestId('ticket-timeline').getByText('Reason: VIP customer').waitFor()

    // A routing decision shows why: the strategy and the candidates with their scores.
    const routed = await routedTicket(server.url, server.adminPassword, seed.team.key)
    expect(routed.decision).toMatchObject({ outcome: 'assigned', assigneeId: seed.agent.id })
    await page.goto(`${server.url}/workbench/tickets/${routed.id}`)
    const why = page.getByTestId('routing-reason')
    await why.getByText('Strategy: least-load').waitFor()
    expect(await why.textContent()).toMatch(/Candidates: 王芳: \d/)
    await page.getByTestId('ticket-timeline').getByText('routed to 王芳').waitFor()
    await b.screenshot('workbench-05-english')
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 120_000)

  it('the SLA state is a coloured tag: an urgent ticket turns orange (at risk), then red (overdue)', async () => {
    const b = await open({ width: 1280, height: 800 }, 'workbench-sla')
    const { page } = b
    await quickUrgentSla(server.url, server.adminPassword)
    const admin = await apiLogin(server.url, 'admin', server.adminPassword)
    const urgent = await createTicket(server.url, admin, { typeKey: 'consult', title: '展厅空调停机', priority: 'urgent', customer: { name: '赵六', phone: '13600136000' }, fields: { problemType: 'noise', contactPhone: '13600136000' } })
    await signIn(page, server.url, seed.agent.username, seed.agent.password)
    await page.getByTestId('queue-at_risk').click()
    await waitForSlaRow(page, urgent.number, 'at_risk')
    const tag = page.locator(`[data-testid=ticket-row][data-number="${urgent.number}"] [data-testid=sla-tag]`)
    expect(await tag.getAttribute('class')).toContain('orange')
    expect(await queueCount(page, 'at_risk')).toBeGreaterThanOrEqual(1)
    await page.getByTestId('queue-breached').click()
    await waitForSlaRow(page, urgent.number, 'breached')
    expect(await tag.getAttribute('class')).toContain('red')
    await b.screenshot('workbench-06-sla-overdue')
    // The detail's timeline has the SLA moments.
    await page.getByRole('link', { name: urgent.title }).click()
    await page.getByTestId('ticket-timeline').getByText('SLA 解决超时').waitFor()
    expect(b.errors, formatErrors(b.errors)).toEqual([])
  }, 180_000)
})
