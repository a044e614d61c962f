// Customer portal and live board in real Chromium: a customer on a phone fills the public form
// (a rule reveals a required field, a photo is attached), follows the tracking link and replies;
// then a supervisor's board counts the ticket in its state with its SLA colour and shows the flow
// node it waits at as the bottleneck. Needs the built server and web app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, signIn } from './designer-steps'
import { assetQrLink, fillPortalForm, openQrLink, pickSelect, seedPortalType, submittedNumber, type PortalSeed } from './portal-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const PHONE = { width: 390, height: 844 }

describe.skipIf(!hasChromium)('e2e: customer portal and live board in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser
  let admin = ''
  let seed: PortalSeed
  let number = ''

  beforeAll(async () => {
    server = await startServer()
    admin = await apiLogin(server.url, 'admin', server.adminPassword)
    seed = await seedPortalType(server.url, admin)
    browser = await launchBrowser({ locale: 'zh-CN', viewport: PHONE })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  const onFailure = (name: string) => reportFailure(browser, server, name)

  it('a customer on a phone submits the form with a photo, opens the tracking link and replies', async () => {
    const { page } = browser
    onFailure('portal')
    const shot = (n: string) => browser.screenshot(`portal-${n}`)

    await page.goto(`${server.url}/portal/demo/${seed.typeKey}`)
    await page.getByRole('heading', { name: '家电报修' }).waitFor()
    // Mobile first: nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await shot('01-form')

    // The form validates with the server's own code: a first, incomplete submit never leaves the browser.
    const trackingUrl = await fillPortalForm(page, { phone: '13912345678', detail: '洗衣机底部一直渗水', name: '周女士' }, shot)
    expect(trackingUrl).toMatch(new RegExp(`^${server.url}/portal/track/[\\w-]{40,}$`))
    await shot('04-submitted')
    number = await submittedNumber(page)

    // The stored ticket carries the form's values as the server normalized them.
    const found = await api<{ items: Array<{ id: string, fields: Record<string, unknown>, channel: string }> }>(server.url, admin, 'GET', `/tickets?q=${encodeURIComponent(number)}`)
    const ticket = found.items[0]
    expect(ticket).toMatchObject({ channel: 'portal', fields: { problemType: 'other', otherDetail: '洗衣机底部一直渗水', contactPhone: '+8613912345678', budget: 19950, address: ['浙江省', '杭州市'] } })
    expect((ticket.fields.photos as string[]).length).toBe(1)
    const files = await api<Array<{ filename: string, contentType: string }>>(server.url, admin, 'GET', `/tickets/${ticket.id}/attachments`)
    expect(files).toEqual([expect.objectContaining({ filename: '漏水现场.png', contentType: 'image/png' })])

    await page.getByRole('button', { name: '查看进度' }).click()
    const steps = page.getByTestId('tracking-steps')
    await steps.waitFor()
    // The flow gave the visit to the engineer: the ticket is being handled.
    await page.getByTestId('tracking-status').getByText('处理中').waitFor()
    expect(await steps.locator('.ant-steps-item-finish').count()).toBe(1)
    expect(await steps.locator('.ant-steps-item-process').innerText()).toContain('处理中')
    expect(await page.getByTestId('tracking-eta').innerText()).not.toBe('暂无')
    await shot('05-tracking')

    await page.getByLabel('补充说明').fill('下午三点后家里有人')
    await page.getByRole('button', { name: '发送' }).click()
    await page.getByText('下午三点后家里有人').waitFor()
    await page.locator('.ant-tag', { hasText: '我' }).waitFor()
    await shot('06-replied')
    expect(browser.errors, formatErrors(browser.errors)).toEqual([])
  })

  it('a supervisor sees the ticket on the board in its state and SLA colour, and the node it waits at', async () => {
    const { page } = browser
    onFailure('board')
    const shot = (n: string) => browser.screenshot(`board-${n}`)
    await page.setViewportSize({ width: 1440, height: 900 })
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '看板' }).click()
    await page.waitForURL('**/boards')
    await page.getByTestId('board-page').waitFor()
    const open = page.getByTestId('board-state-open')
    await open.waitFor()
    expect(await open.getAttribute('data-total')).toBe('1')
    expect(await open.getAttribute('data-ok')).toBe('1')
    await open.locator('[data-sla=ok]', { hasText: '正常 1' }).waitFor()
    expect(await open.locator('[data-sla=ok]').evaluate(el => getComputedStyle(el).backgroundColor)).toBe('rgb(82, 196, 26)')
    expect(await page.getByTestId('board-state-new').getAttribute('data-total')).toBe('0')

    await page.getByTestId('board-node-chart').locator('canvas').waitFor()
    expect(await page.getByTestId('board-bottleneck').innerText()).toBe('瓶颈节点：上门维修')
    await page.getByTestId('board-throughput-chart').locator('canvas').waitFor()
    const first = await page.getByTestId('board-updated-at').innerText()
    await shot('01-board')

    // The board refreshes on its own (every 12 s) and says when.
    await page.waitForFunction(before => document.querySelector('[data-testid=board-updated-at]')?.textContent !== before, first, { timeout: 20_000 })

    // Filtering by the ticket's type keeps it counted.
    await page.getByTestId('board-filter-type').click()
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '家电报修' }).click()
    await page.waitForFunction(() => document.querySelector('[data-testid=board-state-open]')?.getAttribute('data-total') === '1')
    await shot('02-filtered')
    expect(number).not.toBe('')
    expect(browser.errors, formatErrors(browser.errors)).toEqual([])
  })

  it('a scanned asset QR code opens the form naming the device; the ticket is linked to the device and its owner', async () => {
    const { page } = browser
    onFailure('portal-qr')
    await page.setViewportSize(PHONE)
    const qr = await assetQrLink(server.url, admin)
    expect(qr.link).toMatch(/^\/portal\/demo\/new\?asset=/)
    await openQrLink(page, server.url, qr.link, '家电报修')
    expect(new URL(page.url()).pathname).toBe(`/portal/demo/${seed.typeKey}`)
    await page.getByText('设备：滚筒洗衣机 WD-100（序列号 SN-WM-2026）').waitFor()
    await pickSelect(page, 'problemType', '不制冷')
    await page.locator('#field-contactPhone').fill('13600009999')
    await browser.screenshot('portal-07-qr-form')
    await page.getByTestId('portal-submit').click()
    const qrNumber = await submittedNumber(page)
    const found = await api<{ items: Array<{ assetId: string, customerId: string, channel: string }> }>(server.url, admin, 'GET', `/tickets?q=${encodeURIComponent(qrNumber)}`)
    expect(found.items[0]).toMatchObject({ assetId: qr.assetId, customerId: qr.customerId, channel: 'portal' })
    expect(browser.errors, formatErrors(browser.errors)).toEqual([])
  })

  it('the portal speaks the browser\'s language: English for an en-US phone', async () => {
    const en = await launchBrowser({ locale: 'en-US', viewport: PHONE })
    try {
      await en.page.goto(`${server.url}/portal/demo/${seed.typeKey}`)
      await en.page.getByRole('heading', { name: 'Home repair' }).waitFor()
      await en.page.locator('[data-field=problemType]').getByText('Problem type').waitFor()
      await en.page.getByTestId('portal-submit').getByText('Submit').waitFor()
      await en.screenshot('portal-08-english')
      expect(en.errors, formatErrors(en.errors)).toEqual([])
    }
    finally { await en.close() }
  })
})
