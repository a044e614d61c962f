// Template designer and administration in real Chromium: an admin builds a template by dragging
// fields with the mouse, adds a rule, sees the preview obey it, publishes two versions; then
// creates a user, switches a plugin off and on for the tenant and sees the menu and API follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertWebBuilt, formatErrors, hasChromium, launchBrowser, skipReason, startServer, type RunningServer, type TestBrowser, reportFailure } from './helpers'
import { api, apiLogin, signIn } from './designer-steps'
import { canvasOrder, choose, confirmPublish, dragFieldIn, mouseDrag, retype } from './templates-admin-steps'

if (!hasChromium) console.warn(`[e2e] ${skipReason}`)

interface Version { version: number, schema: { fields: Array<{ key: string, label: Record<string, string>, required?: boolean }>, rules?: unknown[], variants?: Record<string, { fields?: unknown[] }> } }

describe.skipIf(!hasChromium)('e2e: template designer and admin in Chromium', () => {
  let server: RunningServer
  let browser: TestBrowser
  let admin = ''
  let templateId = ''

  beforeAll(async () => {
    assertWebBuilt()
    server = await startServer()
    admin = await apiLogin(server.url, 'admin', server.adminPassword)
    await api(server.url, admin, 'POST', '/org/teams', { key: 'after_sales', name: '售后一组' })
    await api(server.url, admin, 'POST', '/org/regions', { code: '华东', name: '华东大区' })
    browser = await launchBrowser({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 30_000)

  const onFailure = (name: string) => reportFailure(browser, server, name)
  // Chromium reports every 4xx answer as a console error; the ones a step provokes on purpose are dropped.
  const forgetHttp = (status: number) => browser.forgetErrors(e => e.text.includes(`status of ${status}`))

  it('builds a template with the mouse, adds a rule the preview obeys, publishes version 1 and 2', async () => {
    const { page } = browser
    onFailure('templates')
    const shot = (n: string) => browser.screenshot(`templates-${n}`)
    const props = (p: string) => page.getByTestId(`prop-${p}`)

    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '模板设计' }).click()
    await page.getByTestId('template-list').waitFor()
    await page.getByTestId('new-template').click()
    await page.getByLabel('中文名称').fill('售后服务单')
    await page.getByLabel('英文名称').fill('After-sales')
    await retype(page.getByLabel('标识', { exact: true }), 'after_sales_e2e')
    await page.getByRole('button', { name: '创建' }).click()
    await page.getByTestId('template-editor').waitFor()
    templateId = new URL(page.url()).pathname.split('/').pop()!
    await page.getByText('未发布').waitFor()
    await page.getByTestId('template-editor').getByText('after_sales_e2e', { exact: true }).waitFor()
    await shot('01-empty-editor')

    // Drag four field types in with the mouse and name each one in its property panel.
    expect(await dragFieldIn(page, 'text')).toBe('text')
    await retype(props('key'), 'faultDescription')
    await retype(props('label-zh'), '故障描述')
    await retype(props('label-en'), 'Fault description')
    expect(await dragFieldIn(page, 'select')).toBe('select')
    await retype(props('key'), 'problemType')
    await retype(props('label-zh'), '问题类型')
    await retype(page.getByTestId('option-value-0'), '产品咨询')
    await retype(page.getByTestId('option-value-1'), '售后服务')
    expect(await dragFieldIn(page, 'phone')).toBe('phone')
    await retype(props('key'), 'contactPhone')
    await retype(props('label-zh'), '联系电话')
    await props('required').check()
    expect(await dragFieldIn(page, 'rating')).toBe('rating')
    await retype(props('key'), 'satisfaction')
    await retype(props('label-zh'), '满意度')
    expect(await canvasOrder(page)).toEqual(['faultDescription', 'problemType', 'contactPhone', 'satisfaction'])

    // Reorder by dragging cards: the select goes to the top, the rating above the phone.
    const card = (k: string) => page.getByTestId(`field-card-${k}`)
    await mouseDrag(page, card('problemType'), card('faultDescription'), -12)
    await page.waitForFunction(() => document.querySelector('[data-testid^="field-card-"]')?.getAttribute('data-testid') === 'field-card-problemType')
    await mouseDrag(page, card('satisfaction'), card('contactPhone'), -12)
    await expect.poll(() => canvasOrder(page)).toEqual(['problemType', 'faultDescription', 'satisfaction', 'contactPhone'])
    await shot('02-fields')

    // Rule: when 问题类型 = 售后服务 then 故障描述 is required; the JSON is what @scrm/forms evaluates.
    await page.getByTestId('tab-rules').click()
    await page.getByTestId('add-rule').click()
    await choose(page, page.getByTestId('rule-0-field'), '问题类型 (problemType)')
    await choose(page, page.getByTestId('rule-0-value'), '售后服务')
    await choose(page, page.getByTestId('rule-0-action-0'), '设为必填')
    await choose(page, page.getByTestId('rule-0-target-0'), '故障描述 (faultDescription)')
    await page.getByText('规则 JSON').click()
    const rules = JSON.parse(await page.getByTestId('rules-json').innerText()) as Array<{ when: unknown, then: unknown }>
    expect(rules.map(r => ({ when: r.when, then: r.then }))).toEqual([
      { when: { '==': [{ var: 'problemType' }, '售后服务'] }, then: [{ action: 'require', field: 'faultDescription' }] },
    ])
    await shot('03-rule')

    // Preview: the rule makes 故障描述 required only for 售后服务, and validation says so.
    await page.getByTestId('tab-preview').click()
    const preview = page.getByTestId('preview')
    const faultLabel = preview.locator('[data-field="faultDescription"] label')
    await faultLabel.waitFor()
    expect(await faultLabel.getAttribute('class')).not.toContain('ant-form-item-required')
    await choose(page, preview.locator('[data-field="problemType"] .ant-select'), '售后服务')
    await expect.poll(() => faultLabel.getAttribute('class')).toContain('ant-form-item-required')
    await preview.locator('#field-contactPhone').fill('13800138000')
    await page.getByTestId('preview-validate').click()
    await preview.locator('[data-field="faultDescription"]').getByText('此项为必填项').waitFor()
    await page.getByTestId('preview-result').getByText('有字段未通过校验').waitFor()
    await shot('04-preview-required')
    await choose(page, preview.locator('[data-field="problemType"] .ant-select'), '产品咨询')
    await expect.poll(() => faultLabel.getAttribute('class')).not.toContain('ant-form-item-required')
    await page.getByTestId('preview-validate').click()
    await page.getByTestId('preview-result').getByText('校验通过，服务器会接受这份表单').waitFor()

    // Publish version 1.
    await page.getByTestId('publish').click()
    await page.getByTestId('publish-note').fill('首个版本')
    await confirmPublish(page)
    await page.getByTestId('current-version').getByText('版本 1').waitFor()
    await page.getByTestId('version-1').waitFor()
    await shot('05-version-1')

    // A bad key shows next to the field at once; the server's 400 lands on the same field.
    await card('contactPhone').click()
    await retype(props('key'), '1phone')
    await page.getByTestId('prop-error').getByText('字段标识须以字母开头').waitFor()
    await page.getByTestId('publish').click()
    await confirmPublish(page)
    await page.getByText(/发布失败/).waitFor()
    forgetHttp(400)
    await card('1phone').getByTestId('field-problem').first().waitFor()
    await shot('06-server-400')
    await retype(props('key'), 'contactPhone')

    // Version 2: a new label; the list shows both versions, the server has both.
    await card('satisfaction').click()
    await retype(props('label-zh'), '服务满意度')
    await page.getByTestId('publish').click()
    await confirmPublish(page)
    await page.getByTestId('current-version').getByText('版本 2').waitFor()
    await page.getByTestId('version-2').waitFor()
    await page.getByTestId('version-1').waitFor()
    await shot('07-version-2')

    // Region variant: 华东 gets a required cold-chain field of its own; the preview shows it for 华东.
    await choose(page, page.getByTestId('add-variant'), '华东大区 (华东)')
    await page.getByTestId('scope-select').getByText('地区变体：华东大区 (华东)').waitFor()
    expect(await canvasOrder(page)).toEqual([])
    expect(await dragFieldIn(page, 'text')).toBe('text')
    await retype(props('key'), 'coldChainNo')
    await retype(props('label-zh'), '冷链运单号')
    await props('required').check()
    await page.getByTestId('tab-preview').click()
    await preview.getByText('地区「华东」的表单（含变体字段）').waitFor()
    await preview.locator('[data-field="coldChainNo"] label.ant-form-item-required').waitFor()
    await preview.locator('[data-field="problemType"]').waitFor()
    await page.getByTestId('publish').click()
    await confirmPublish(page)
    await page.getByTestId('current-version').getByText('版本 3').waitFor()
    await page.getByTestId('scope-select').getByText('地区变体：华东大区 (华东)').waitFor()
    await shot('08-variant')

    // A draft stays in this browser across a reload until it is discarded.
    await choose(page, page.getByTestId('scope-select'), '基础模板')
    await card('satisfaction').click()
    await retype(props('label-zh'), '满意度评分')
    await page.getByTestId('save-draft').click()
    await page.getByText('草稿已保存在本浏览器').waitFor()
    await page.reload()
    await page.getByTestId('draft-banner').waitFor()
    await card('satisfaction').getByText('满意度评分').waitFor()
    await page.getByTestId('draft-banner').getByRole('button').click()
    await card('satisfaction').getByText('服务满意度').waitFor()
    expect(await page.getByTestId('draft-banner').count()).toBe(0)

    const versions = await api<Version[]>(server.url, admin, 'GET', `/ticket-templates/${templateId}/versions`)
    expect(versions.map(v => v.version)).toEqual([3, 2, 1])
    const [v3, v2, v1] = versions
    expect(v2.schema.fields.map(f => f.key)).toEqual(['problemType', 'faultDescription', 'satisfaction', 'contactPhone'])
    expect(v2.schema.fields.find(f => f.key === 'satisfaction')?.label['zh-CN']).toBe('服务满意度')
    expect(v1.schema.fields.find(f => f.key === 'satisfaction')?.label['zh-CN']).toBe('满意度')
    expect(v2.schema.rules).toHaveLength(1)
    expect(v3.schema.fields).toEqual(v2.schema.fields)
    expect(v3.schema.variants?.华东?.fields).toEqual([{ key: 'coldChainNo', type: 'text', label: { 'zh-CN': '冷链运单号', 'en-US': 'Text' }, required: true }])

    // The server applies the same rule the preview showed.
    await api(server.url, admin, 'POST', '/ticket-types', { key: 'after_sales_e2e', name: { 'zh-CN': '售后', 'en-US': 'After-sales' }, templateId })
    const res = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ typeKey: 'after_sales_e2e', title: '空调不制冷', fields: { problemType: '售后服务', contactPhone: '13800138000' } }),
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('faultDescription')
    expect(formatErrors(browser.errors)).toBe('')
  }, 240_000)

  it('admin creates a user with team and skill, disables and enables them, switches a plugin off and on', async () => {
    const { page } = browser
    onFailure('admin')
    const shot = (n: string) => browser.screenshot(`admin-${n}`)
    const menu = page.getByTestId('main-menu')

    await menu.getByRole('menuitem', { name: '管理' }).click()
    await page.getByTestId('admin-page').waitFor()
    await page.getByTestId('new-user').click()
    const form = page.getByTestId('user-form')
    await form.getByLabel('用户名').fill('wangfang')
    await form.getByLabel('姓名').fill('王芳')
    await form.getByLabel('密码').fill('Agent-pass-1')
    await choose(page, form.getByTestId('user-teams'), '售后一组', { multiple: true })
    await form.getByRole('button', { name: '添加技能' }).click()
    await form.getByPlaceholder('技能名称').fill('空调')
    await page.locator('#user-save').click()
    const row = page.getByTestId('user-row-wangfang')
    await row.getByText('王芳').waitFor()
    await row.getByText('售后一组').waitFor()
    await row.getByText('空调 3').waitFor()
    await row.getByText('坐席').waitFor()
    await shot('01-user-created')

    // A region manager: a supervisor who may publish the 华东 variant.
    await page.getByTestId('new-user').click()
    await form.getByLabel('用户名').fill('zhaolei')
    await form.getByLabel('姓名').fill('赵磊')
    await form.getByLabel('密码').fill('Manager-pass-1')
    await choose(page, form.getByTestId('user-role'), '主管')
    await choose(page, form.getByTestId('user-regions'), '华东大区 (华东)', { multiple: true })
    await page.locator('#user-save').click()
    await page.getByTestId('user-row-zhaolei').getByText('主管').waitFor()
    const zhaolei = (await api<Array<{ id: string, username: string }>>(server.url, admin, 'GET', '/users')).find(u => u.username === 'zhaolei')!
    expect(await api(server.url, admin, 'GET', `/ticket-regions/${zhaolei.id}`)).toEqual({ userId: zhaolei.id, regions: ['华东'] })

    await page.getByTestId('disable-wangfang').click()
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定|OK/ }).click()
    await row.getByText('已停用').waitFor()
    await page.getByTestId('enable-wangfang').click()
    await row.getByText('启用', { exact: true }).waitFor()
    const users = await api<Array<{ username: string, active: boolean, role: string }>>(server.url, admin, 'GET', '/users')
    expect(users.find(u => u.username === 'wangfang')).toMatchObject({ active: true, role: 'agent' })

    // Plugin off: its screen leaves the menu and its API answers 404 at once; on again: both back.
    await page.getByRole('tab', { name: '插件' }).click()
    const ticketsSwitch = page.getByTestId('plugin-switch-tickets')
    await ticketsSwitch.waitFor()
    const templatesApiStatus = async () => (await fetch(`${server.url}/api/ticket-templates`, { headers: { authorization: `Bearer ${admin}` } })).status
    expect(await templatesApiStatus()).toBe(200)
    await ticketsSwitch.click()
    await page.getByText('已停用插件「').waitFor()
    await menu.getByRole('menuitem', { name: '模板设计' }).waitFor({ state: 'detached' })
    expect(await templatesApiStatus()).toBe(404)
    await shot('02-plugin-off')
    await ticketsSwitch.click()
    await page.getByText('已启用插件「').waitFor()
    await menu.getByRole('menuitem', { name: '模板设计' }).waitFor()
    expect(await templatesApiStatus()).toBe(200)
    expect(await page.getByTestId('plugin-switch-core').isDisabled()).toBe(true)
    await shot('03-plugin-on')

    // English once.
    await page.getByTestId('language-switch').getByText('English').click()
    await page.getByRole('heading', { name: 'Administration' }).waitFor()
    await page.getByRole('tab', { name: 'Plugins' }).waitFor()
    await page.getByRole('columnheader', { name: 'On for this tenant' }).waitFor()
    await menu.getByRole('menuitem', { name: 'Template designer' }).waitFor()
    await shot('04-english')
    await page.getByTestId('language-switch').getByText('中文').click()
    await page.getByRole('heading', { name: '管理' }).waitFor()
    expect(formatErrors(browser.errors)).toBe('')
  }, 180_000)

  it('a region manager publishes their region\'s variant but not the base template', async () => {
    const { page } = browser
    onFailure('region-manager')
    await page.getByTestId('logout').click()
    await signIn(page, server.url, 'zhaolei', 'Manager-pass-1')
    const menu = page.getByTestId('main-menu')
    expect(await menu.getByRole('menuitem', { name: '管理' }).count()).toBe(0)
    await menu.getByRole('menuitem', { name: '模板设计' }).click()
    await page.getByTestId('template-after_sales_e2e').click()
    await page.getByText('作为区域经理，你只能发布自己所管地区的变体').waitFor()

    // The base template is the admins': the server's 403 shows and nothing is published.
    await page.getByTestId('field-card-satisfaction').click()
    await retype(page.getByTestId('prop-label-zh'), '评分')
    await page.getByTestId('publish').click()
    await confirmPublish(page)
    await page.getByText(/发布失败/).waitFor()
    browser.forgetErrors(e => e.text.includes('status of 403'))
    await retype(page.getByTestId('prop-label-zh'), '服务满意度')

    // Their own region's variant publishes.
    await choose(page, page.getByTestId('scope-select'), '地区变体：华东大区 (华东)')
    await page.getByTestId('field-card-coldChainNo').click()
    await retype(page.getByTestId('prop-label-zh'), '冷链单号')
    await page.getByTestId('publish').click()
    await confirmPublish(page)
    await page.getByTestId('current-version').getByText('版本 4').waitFor()
    await browser.screenshot('templates-09-region-manager')
    const [v4] = await api<Version[]>(server.url, admin, 'GET', `/ticket-templates/${templateId}/versions`)
    expect(v4.version).toBe(4)
    expect((v4.schema.variants?.华东?.fields?.[0] as { label: Record<string, string> }).label['zh-CN']).toBe('冷链单号')
    expect(v4.schema.fields.find(f => f.key === 'satisfaction')?.label['zh-CN']).toBe('服务满意度')
    expect(formatErrors(browser.errors)).toBe('')
  }, 120_000)

  it('an agent sees neither the admin menu nor the admin screen', async () => {
    const { page } = browser
    onFailure('agent')
    await page.getByTestId('logout').click()
    await signIn(page, server.url, 'wangfang', 'Agent-pass-1')
    const menu = page.getByTestId('main-menu')
    await menu.getByRole('menuitem', { name: '工作台' }).waitFor()
    expect(await menu.getByRole('menuitem', { name: '管理' }).count()).toBe(0)
    expect(await menu.getByRole('menuitem', { name: '模板设计' }).count()).toBe(0)
    await page.goto(`${server.url}/admin`)
    await page.getByTestId('access-forbidden').getByText('只有管理员可以访问此页面').waitFor()
    await browser.screenshot('admin-05-agent-forbidden')
    expect(formatErrors(browser.errors)).toBe('')
  }, 120_000)
})
