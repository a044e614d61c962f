// Browser smoke test: the real server + the built web app in headless Chromium.
// Needs `npm run build` first (npm test does it) and Debian's /usr/bin/chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assertWebBuilt,
  formatErrors,
  hasChromium,
  launchBrowser,
  skipReason,
  startServer,
  reportFailure,
  type RunningServer,
  type TestBrowser,
} from './helpers'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

const ZH_MENU = ['工作台', '流程设计', '模板设计', '看板', '管理']
const EN_MENU = ['Workbench', 'Flow designer', 'Template designer', 'Boards', 'Administration']

describe.skipIf(!hasChromium)('e2e: login and app shell in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser

  beforeAll(async () => {
    assertWebBuilt()
    server = await startServer()
    browser = await launchBrowser({ locale: 'zh-CN' })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  it('logs in as demo/admin in Chinese, then switches to English', async () => {
    const { page } = browser
    reportFailure(browser, server, 'login')
    const menuItem = (name: string) => page.getByTestId('main-menu').getByRole('menuitem', { name })
    // Click the submit button by test id: its accessible name gains "loading" while busy.
    const submit = page.getByTestId('login-submit')

    // 1. `/` without a session lands on the Chinese login page.
    await page.goto(`${server.url}/`)
    await page.waitForURL('**/login')
    await page.getByRole('heading', { name: '工单流' }).waitFor()
    await page.getByRole('button', { name: '登录', exact: true }).waitFor()
    for (const label of ['租户', '用户名', '密码'])
      await page.getByLabel(label, { exact: true }).waitFor()
    expect(await page.title()).toBe('工单流')
    await browser.screenshot('01-login-zh')

    // 2. A wrong password shows an error and keeps us on the login page.
    await page.getByLabel('租户', { exact: true }).fill('demo')
    await page.getByLabel('用户名', { exact: true }).fill('admin')
    await page.getByLabel('密码', { exact: true }).fill(`${server.adminPassword}-wrong`)
    await submit.click()
    await page.getByTestId('login-error').getByText('租户、用户名或密码错误').waitFor()
    expect(new URL(page.url()).pathname).toBe('/login')
    // Chromium logs the expected 401 of the login call as a console error.
    browser.forgetErrors(e => e.kind === 'console' && /\b401\b/.test(e.text) && (!e.url || e.url.includes('/api/auth/login')))

    // 3. The right password opens the shell.
    await page.getByLabel('密码', { exact: true }).fill(server.adminPassword)
    await submit.click()
    await page.waitForURL('**/workbench')
    for (const name of ZH_MENU) await menuItem(name).waitFor()
    const user = page.getByTestId('current-user')
    await user.waitFor()
    expect((await user.innerText()).trim()).not.toBe('')
    await page.getByRole('button', { name: '退出登录' }).waitFor()
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('scrm.auth') ?? 'null')?.token)
    expect(typeof token).toBe('string')
    await browser.screenshot('02-shell-zh')

    // 4. Menu navigation works (checked on the menu and URL only: screens land over time).
    await menuItem('管理').click()
    await page.waitForURL('**/admin')
    await page.getByTestId('main-menu').locator('.ant-menu-item-selected', { hasText: '管理' }).waitFor()

    // 5. Switch to English: menu, header and page follow.
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click()
    for (const name of EN_MENU) await menuItem(name).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    await page.getByTestId('main-menu').locator('.ant-menu-item-selected', { hasText: 'Administration' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US')
    await browser.screenshot('03-shell-en')

    // 6. Language and session survive a reload.
    await page.reload()
    await menuItem('Workbench').waitFor()
    await page.getByTestId('current-user').waitFor()
    expect(new URL(page.url()).pathname).toBe('/admin')

    // 7. Logout returns to the (English) login page.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL('**/login')
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
    await browser.screenshot('04-login-en')

    // 8. Sign in again (English form, tenant remembered); a token the server rejects
    //    ends the session with a notice.
    expect(await page.getByLabel('Tenant', { exact: true }).inputValue()).toBe('demo')
    await page.getByLabel('Username', { exact: true }).fill('admin')
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword)
    const profileLoaded = page.waitForResponse(r => r.url().endsWith('/api/auth/me'))
    await submit.click()
    await page.waitForURL('**/workbench')
    // Let the shell's profile refresh finish first: it re-saves the session it holds.
    await profileLoaded
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('scrm.auth') ?? '{}')
      localStorage.setItem('scrm.auth', JSON.stringify({ ...s, token: 'not-a-valid-token' }))
    })
    await page.reload()
    await page.waitForURL('**/login')
    await page.getByTestId('session-expired').getByText('Your session has expired').waitFor()
    browser.forgetErrors(e => e.kind === 'console' && /\b401\b/.test(e.text) && (!e.url || e.url.includes('/api/auth/me')))

    expect(browser.errors, `browser console errors:\n${formatErrors(browser.errors)}`).toEqual([])
  }, 120_000)
})
