// Batch import in real Chromium: an admin picks a ticket type, uploads a small CSV, sees the dry
// run list the bad rows by Excel row number, runs it and watches the progress reach 100 %.
// Needs the built server and web app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, pickOption, signIn } from './designer-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const both = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const schema = {
  fields: [
    { key: 'contactPhone', type: 'phone', label: both('联系电话', 'Contact phone'), required: true },
    { key: 'product', type: 'select', label: both('产品', 'Product'), required: true, options: [{ value: 'ac', label: both('空调', 'Air conditioner') }, { value: 'fridge', label: both('冰箱', 'Fridge') }] },
  ],
}
const CSV = [
  '外部编号,标题,联系电话,产品,客户姓名',
  ...Array.from({ length: 40 }, (_, i) => `E-${i},导入工单 ${i},138${String(i).padStart(8, '0')},${i % 2 ? '冰箱' : '空调'},客户${i}`),
  'E-bad-1,,13800138000,空调,无标题',
  'E-bad-2,电话不对,12345,洗衣机,错误',
].join('\n')

describe.skipIf(!hasChromium)('e2e: batch import in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser

  beforeAll(async () => {
    server = await startServer()
    const admin = await apiLogin(server.url, 'admin', server.adminPassword)
    const tpl = await api<{ id: string }>(server.url, admin, 'POST', '/ticket-templates', { key: 'e2e-import-form', name: both('导入报修单', 'Import repair form'), schema })
    await api(server.url, admin, 'POST', '/ticket-types', { key: 'e2e-import', name: both('导入报修', 'Import repair'), templateId: tpl.id })
    browser = await launchBrowser({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  it('uploads a CSV, shows the dry-run errors, runs it to 100 % and lists it in the history', async () => {
    const { page } = browser
    reportFailure(browser, server, 'import')
    const shot = (n: string) => browser.screenshot(`import-${n}`)

    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '批量导入' }).click()
    await page.getByTestId('import-page').waitFor()
    await page.getByTestId('import-type').click()
    await pickOption(page, '导入报修')
    await page.locator('input[type=file]').setInputFiles({ name: '报修导入.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) })
    await page.getByTestId('import-mapping').waitFor()
    await page.getByTestId('import-file-info').getByText('42 行数据').waitFor()
    await shot('01-mapping')

    await page.getByTestId('import-dry-run').click()
    const summary = page.getByTestId('import-dry-summary')
    await summary.getByText('共 42 行：40 行可导入，2 行有错误').waitFor()
    const errors = page.getByTestId('import-dry-errors')
    expect(await errors.locator('tbody tr').count()).toBeGreaterThanOrEqual(3)
    const text = await errors.innerText()
    expect(text).toContain('42')
    expect(text).toContain('标题')
    expect(text).toContain('43')
    expect(text).toContain('联系电话')
    expect(text).toContain('必填')
    await shot('02-dry-run-errors')

    await page.getByTestId('import-run').click()
    await page.getByTestId('import-progress-text').getByText('已处理 42 / 42 行，新建 40，跳过重复 0，失败 2').waitFor({ timeout: 60_000 })
    // 100 % and finished: antd marks the bar as a success.
    await page.locator('[data-testid=import-progress].ant-progress-status-success').waitFor()
    await page.getByTestId('import-run-errors').waitFor()
    await page.getByTestId('import-history').getByText('报修导入.csv').waitFor()
    await page.getByTestId('import-history').getByText('导入报修').first().waitFor()
    await shot('03-done')

    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 180_000)
})
