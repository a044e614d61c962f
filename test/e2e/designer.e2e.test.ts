// Flow designer in real Chromium: a business user draws a flow with the mouse, fixes what the
// live validation reports, sets a condition with the builder and publishes; then a 500-node flow
// opens and is dragged while the page measures its frames. Needs the built server and web app.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureArtifactsDir, formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { largeFlowFile } from './designer-large-flow'
import { api, apiLogin, createFlow, drawVipFlow, expectMissingDefault, measureDrag, nameAndAssign, publishFlow, selectNode, setBranchCondition, setDefaultBranch, signIn, waitForFlowRendered, zoomInAt } from './designer-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const USER = { username: 'liuyang', displayName: '刘洋', role: 'supervisor', password: 'Designer-pass-1' }

describe.skipIf(!hasChromium)('e2e: flow designer in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser
  let flowId = ''

  beforeAll(async () => {
    server = await startServer()
    const admin = await apiLogin(server.url, 'admin', server.adminPassword)
    await api(server.url, admin, 'POST', '/users', USER)
    browser = await launchBrowser({ locale: 'zh-CN', viewport: { width: 1920, height: 1080 } })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  const onFailure = (name: string) => reportFailure(browser, server, name)

  it('a business user draws start → task → VIP? → two tasks → end with the mouse, fixes the errors and publishes', async () => {
    const { page } = browser
    onFailure('designer')
    const shot = (n: string) => browser.screenshot(`designer-${n}`)
    const problems = page.getByTestId('problems-summary')

    await signIn(page, server.url, USER.username, USER.password)
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '流程设计' }).click()
    await page.getByTestId('flow-list').waitFor()
    await shot('01-flow-list')

    flowId = await createFlow(page, 'VIP 分流')
    await shot('02-empty-designer')

    // Draw with the mouse: palette → canvas, then handle → handle.
    const { start, triage, vip, vipTask, normal } = await drawVipFlow(page)
    await shot('03-drawn')

    // Live validation: the gateway has no default branch (red badge and in the list).
    const noDefault = await expectMissingDefault(page, vip)
    await shot('04-missing-default')

    // Clicking the problem selects the gateway; name it.
    await noDefault.click()
    await page.getByTestId('node-panel').waitFor()
    expect(await page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe(vip)
    await page.getByTestId('node-name').fill('VIP?')

    // Name the tasks and say who does them (assignment editor), one with an SLA.
    for (const [id, name, team] of [[triage, '分诊', 'service-desk'], [vipTask, '专属客服处理', 'vip-desk'], [normal, '普通处理', 'agents']])
      await nameAndAssign(page, id, name, '按团队', team)
    await page.getByTestId('sla-switch').click()
    await page.getByTestId('sla-target').getByRole('button', { name: '2 小时' }).click()
    await page.getByTestId('sla-target').locator('.ant-btn-primary', { hasText: '2 小时' }).waitFor()
    await shot('05-assignment-and-sla')

    // Fix: the normal branch becomes the default, and the VIP branch gets a condition built visually.
    await setDefaultBranch(page, vip, '普通处理')
    const vipEdge = await setBranchCondition(page, '专属客服处理', { field: 'customer.tier', pick: '客户等级 (customer.tier)', value: 'VIP', label: 'VIP 客户' })
    await problems.getByText('校验通过').waitFor()
    await shot('06-condition-builder')

    // Publish (the button is enabled once there are no errors).
    await publishFlow(page)
    await shot('07-published')

    const token = await apiLogin(server.url, USER.username, USER.password)
    const v1 = await api<{ ir: { nodes: Array<{ id: string, name?: string, config?: Record<string, unknown> }>, edges: Array<{ id: string, when?: unknown }> } }>(server.url, token, 'GET', `/flows/${flowId}/versions/1`)
    expect(v1.ir.nodes.find(n => n.id === vip)).toMatchObject({ type: 'exclusive', name: 'VIP?', config: { default: expect.any(String) } })
    expect(v1.ir.edges.find(e => e.id === vipEdge)?.when).toEqual({ '==': [{ var: 'customer.tier' }, 'VIP'] })
    expect(v1.ir.nodes.find(n => n.id === normal)?.config).toEqual({ assign: { team: 'agents' }, sla: { target: 'PT2H', warnAt: '80%' } })

    // Copy/paste and undo: paste adds a node, undo takes it away again.
    await selectNode(page, normal)
    await page.locator(`.react-flow__node[data-id="${normal}"]`).press('Control+c')
    await page.keyboard.press('Control+v')
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 7)
    await page.getByTestId('undo').click()
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 6)

    // Change a task, then compare the draft with v1: the changed node is highlighted.
    await selectNode(page, normal)
    await page.getByTestId('node-name').fill('普通客户处理')
    // Auto-layout (elkjs) moves the nodes; wait for it before saving.
    const startAt = await page.locator(`.react-flow__node[data-id="${start}"]`).evaluate(el => el.style.transform)
    await page.getByTestId('auto-layout').click()
    await page.waitForFunction(([id, t]) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style.transform !== t, [start, startAt])
    await page.getByTestId('save').click()
    await page.getByText('草稿已保存').waitFor()
    await page.getByTestId('versions').click()
    await page.getByTestId('version-item').first().waitFor()
    await page.getByTestId('diff-compare').click()
    await page.getByTestId(`diff-node-${normal}`).waitFor()
    expect(await page.getByTestId(`diff-node-${normal}`).getAttribute('data-status')).toBe('changed')
    await page.getByTestId('diff-change').getByText('普通客户处理').waitFor()
    await page.waitForTimeout(500) // let the dialog finish its opening animation
    await shot('08-version-diff')

    // The same screen in English.
    await page.keyboard.press('Escape')
    await page.locator('.ant-drawer-close').click()
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click()
    await page.getByTestId('publish').getByText('Publish').waitFor()
    await page.getByTestId('palette-userTask').getByText('User task').waitFor()
    await page.getByTestId('problems-summary').getByText('No problems').waitFor()
    await shot('09-english')
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click()

    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 240_000)

  it('opens a 500-node flow in under a second and keeps dragging smooth', async () => {
    const { page } = browser
    onFailure('designer-500')
    await page.keyboard.press('Escape')
    await page.goto(`${server.url}/flows`)
    await page.getByTestId('flow-list').waitFor()

    // Import the generated flow through the UI.
    const file = largeFlowFile(500)
    const chooser = page.waitForEvent('filechooser')
    await page.getByTestId('import-flow').click()
    await (await chooser).setFiles({ name: 'large-500.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) })
    const link = page.getByRole('link', { name: '500 节点流程' })
    await link.waitFor()

    // Open it three times (back to the list in between): the machine may be busy with other work,
    // so the fastest open is the designer's own cost; all three are recorded.
    const opens: Array<{ openMs: number, fetchedMs: number }> = []
    for (let i = 0; i < 3; i++) {
      if (i > 0) {
        await page.getByTestId('back').click()
        await link.waitFor()
      }
      const rendered = waitForFlowRendered(page, 500, file.ir.edges.length)
      await link.click()
      const { start, end } = await rendered
      // How much of it was the API call: the designer marks when the flow arrived.
      const fetched = await page.evaluate(() => performance.getEntriesByName('flow-designer:fetched').at(-1)?.startTime ?? 0)
      opens.push({ openMs: Math.round(end - start), fetchedMs: Math.round(fetched - start) })
    }
    const openMs = Math.min(...opens.map(o => o.openMs))
    await page.getByTestId('problems-summary').getByText('校验通过').waitFor()
    expect(await page.locator('.react-flow__node').count()).toBe(500)
    await browser.screenshot('designer-10-500-nodes')

    // Drag with the whole flow in view (every node rendered), then at an editing zoom.
    const dragFit = await measureDrag(page, 'a10')
    await browser.screenshot('designer-11-500-nodes-dragged')
    const zoom = await zoomInAt(page, 'a20', 0.9)
    const dragZoomed = await measureDrag(page, 'a20')
    await browser.screenshot('designer-12-500-nodes-zoomed')
    const result = { nodes: 500, edges: file.ir.edges.length, openMs, opens, dragFit, dragZoomed: { ...dragZoomed, zoom }, userAgent: await page.evaluate(() => navigator.userAgent) }
    writeFileSync(join(ensureArtifactsDir(), 'designer-perf.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log(`[e2e] designer 500 nodes: ${JSON.stringify(result)}`)

    // The goals (open < 1 s, a frame within 100 ms while dragging) are measured here and recorded in
    // docs/performance.md. On a shared, loaded CI box a timed assertion at the goal only measures the
    // neighbours, so the default bounds catch a real regression (5×) and E2E_PERF_STRICT=1 asserts the goals.
    const strict = process.env.E2E_PERF_STRICT === '1'
    expect(openMs).toBeLessThan(strict ? 1000 : 5000)
    expect(dragFit.movedPx).toBeGreaterThan(0)
    expect(dragZoomed.movedPx).toBeGreaterThan(0)
    expect(dragZoomed.p95Ms).toBeLessThan(strict ? 100 : 500)
    expect(dragFit.p95Ms).toBeLessThan(strict ? 100 : 500)
    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 180_000)
})
