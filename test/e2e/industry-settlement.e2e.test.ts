// Administration extras in real Chromium: an admin installs an industry template from the admin
// page and removes it again; a supervisor reads the month's settlement per department, drills into
// a department's lines and downloads the CSV, whose total matches the page.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertWebBuilt, formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, signIn } from './designer-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const name = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

describe.skipIf(!hasChromium)('e2e: industry templates and settlement in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser
  let admin = ''

  beforeAll(async () => {
    assertWebBuilt()
    server = await startServer()
    admin = await apiLogin(server.url, 'admin', server.adminPassword)
    await api(server.url, admin, 'PUT', '/plugins/template-appliance-repair', { enabled: true })
    browser = await launchBrowser({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  const onFailure = (shot: string) => reportFailure(browser, server, shot)

  it('installs 家电售后 from the admin page and uninstalls it again', async () => {
    const { page } = browser
    onFailure('industry')
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.goto(`${server.url}/admin?tab=industry`)
    const card = page.getByTestId('industry-appliance-repair')
    await card.waitFor()
    await page.getByText('同时安装演示数据').click() // without demo data: no open ticket blocks the uninstall
    await card.getByRole('button', { name: '安装' }).click()
    await card.getByText('已安装', { exact: true }).waitFor()
    await browser.screenshot('industry-1-installed')
    const types = await api<Array<{ key: string }>>(server.url, admin, 'GET', '/ticket-types')
    expect(types.map(t => t.key)).toContain('appliance-repair')

    await card.getByRole('button', { name: '卸载' }).click()
    await page.getByRole('button', { name: /^(确\s?定|OK)$/ }).click()
    await card.getByRole('button', { name: '安装' }).waitFor()
    await browser.screenshot('industry-2-uninstalled')
    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 120_000)

  it('shows the month per department, its lines, and a CSV whose total matches', async () => {
    const { page } = browser
    onFailure('settlement')
    // A ticket type whose template carries the hours the labour formula reads, and a rule for it.
    const tpl = await api<{ id: string }>(server.url, admin, 'POST', '/ticket-templates', {
      key: 'visit-form', name: name('上门服务单', 'Visit form'), schema: { fields: [{ key: 'hours', type: 'number', label: name('工时', 'Hours') }] },
    })
    await api(server.url, admin, 'POST', '/ticket-types', { key: 'visit', name: name('上门维修', 'Visit'), templateId: tpl.id })
    const dept = await api<{ id: string }>(server.url, admin, 'POST', '/org/departments', { key: 'service', name: '服务部' })
    await api(server.url, admin, 'POST', '/settlement/rules', {
      name: '服务部工时', ticketTypeId: (await api<Array<{ id: string, key: string }>>(server.url, admin, 'GET', '/ticket-types')).find(t => t.key === 'visit')!.id,
      departmentId: dept.id, formulaId: 'labour.hourly', params: { rateFen: 12000 }, inputs: { hours: { field: 'hours' } },
    })
    for (const hours of [1.5, 2]) {
      const ticket = await api<{ id: string }>(server.url, admin, 'POST', '/tickets', { typeKey: 'visit', title: '空调维修', description: '上门维修', fields: { hours } })
      await api(server.url, admin, 'POST', `/tickets/${ticket.id}/status`, { status: 'resolved' })
    }

    await page.goto(`${server.url}/settlement`)
    const pageRoot = page.getByTestId('settlement-page')
    await pageRoot.getByText('服务部').waitFor()
    // 1.5 h + 2 h at ¥120/h = ¥420.00, from fen on the server.
    await expect.poll(() => pageRoot.getByText('420.00').count()).toBeGreaterThan(0)
    await pageRoot.getByText('服务部').click()
    await pageRoot.getByText('服务部 的结算明细').waitFor()
    await browser.screenshot('settlement-1-report')

    const [download] = await Promise.all([page.waitForEvent('download'), pageRoot.getByRole('button', { name: '导出 CSV' }).click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xFEFF) // Excel needs the BOM to read UTF-8
    expect(csv).toContain('服务部')
    expect(csv).toContain('420.00')
    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 120_000)
})
