// The flows list in real Chromium: pages and searches on the server (GET /api/flows returns
// summaries, no drafts), shows status, node count and who saved last. Needs the built server and
// web app (SCRM_WEB_DIR for another build).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, signIn } from './designer-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const graph = (key: string, extra: Array<{ id: string, type: string }> = []) => ({
  key, version: 1,
  nodes: [{ id: 's', type: 'start' }, ...extra, { id: 'e', type: 'end' }],
  edges: [{ id: 'e1', from: 's', to: 'e' }],
})

describe.skipIf(!hasChromium)('e2e: flows list in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser

  beforeAll(async () => {
    server = await startServer()
    const admin = await apiLogin(server.url, 'admin', server.adminPassword)
    for (let i = 1; i <= 22; i++) {
      const key = `list-e2e-${String(i).padStart(2, '0')}`
      const flow = await api<{ id: string }>(server.url, admin, 'POST', '/flows', { key, name: `列表流程 ${i}`, graph: graph(key) })
      if (i === 1) {
        await api(server.url, admin, 'POST', `/flows/${flow.id}/publish`)
        await api(server.url, admin, 'PATCH', `/flows/${flow.id}`, { graph: graph(key, [{ id: 'x', type: 'setFields' }]) })
      }
    }
    browser = await launchBrowser({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  it('shows one page of summaries, searches on the server and marks a published flow edited since', async () => {
    const { page } = browser
    reportFailure(browser, server, 'flow-list')
    const requests: string[] = []
    page.on('request', r => r.url().includes('/api/flows') && requests.push(new URL(r.url()).search))

    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.goto(`${server.url}/flows`)
    const list = page.getByTestId('flow-list')
    const rows = list.locator('tbody tr.ant-table-row')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(20)
    await expect.poll(() => list.locator('.ant-pagination-item').count()).toBeGreaterThan(1)
    await browser.screenshot('flow-list-01-first-page')

    await list.getByPlaceholder('搜索名称或标识').fill('list-e2e-01')
    await expect.poll(() => rows.count()).toBe(1)
    const row = rows.first()
    await row.getByText('已发布 v1，有未发布的修改').waitFor()
    expect(await row.locator('td').nth(3).textContent()).toBe('3') // start, setFields, end
    expect(await row.locator('td').nth(5).textContent()).not.toBe('—') // who saved last
    await browser.screenshot('flow-list-02-search')
    // Searching asked the server (one request for the whole word, not one per key press).
    expect(requests.filter(q => q.includes('q=list-e2e-01'))).toHaveLength(1)
    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 120_000)
})
