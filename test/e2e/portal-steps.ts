// Steps the portal / board browser tests share (and the full-journey test reuses): a ticket type
// whose template has a rule-driven field and a photo field, a published flow, an SLA policy —
// set up through the public API as an admin would — and the customer's walk through the portal.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { api } from './designer-steps'
import { createStaff, type Person } from './workbench-steps'

const zh = (zhCN: string, enUS: string) => ({ 'zh-CN': zhCN, 'en-US': enUS })

/** 家电报修: 其他 reveals and requires 问题说明; up to three photos; budget in yuan. */
export const portalTemplate = {
  fields: [
    { key: 'problemType', type: 'select', label: zh('问题类型', 'Problem type'), required: true, options: [{ value: 'noCooling', label: zh('不制冷', 'Not cooling') }, { value: 'leak', label: zh('漏水', 'Leaking') }, { value: 'other', label: zh('其他', 'Other') }] },
    { key: 'otherDetail', type: 'textarea', label: zh('问题说明', 'Details'), hidden: true, minLength: 4 },
    { key: 'contactPhone', type: 'phone', label: zh('联系电话', 'Phone'), required: true, phoneKind: 'mobile' },
    { key: 'address', type: 'cascader', label: zh('所在地区', 'Region') },
    { key: 'photos', type: 'attachment', label: zh('现场照片', 'Photos'), max: 3 },
    { key: 'budget', type: 'money', label: zh('预算', 'Budget'), min: 0 },
  ],
  rules: [
    { id: 'other-needs-detail', when: { '==': [{ var: 'problemType' }, 'other'] }, then: [{ action: 'show', field: 'otherDetail' }, { action: 'require', field: 'otherDetail' }] },
  ],
}

export interface PortalSeed { typeKey: string, engineer: Person }

/** The type `home-repair` (template above, flow start → 上门维修 by the engineer → end) and an 8 h resolution SLA. */
export async function seedPortalType(url: string, admin: string): Promise<PortalSeed> {
  const engineer = await createStaff(url, admin, { username: 'zhaolei', displayName: '赵磊', password: 'Engineer-pass-1' })
  const tpl = await api<{ id: string }>(url, admin, 'POST', '/ticket-templates', { key: 'home-repair-form', name: zh('家电报修单', 'Home repair'), schema: portalTemplate })
  const graph = {
    key: 'home-repair-flow', version: 1,
    nodes: [
      { id: 'start', type: 'start', name: '开始' },
      { id: 'visit', type: 'userTask', name: '上门维修', config: { title: '上门维修', assign: { users: [engineer.id] } } },
      { id: 'end', type: 'end', name: '结束' },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'visit' }, { id: 'e2', from: 'visit', to: 'end' }],
  }
  const flow = await api<{ id: string }>(url, admin, 'POST', '/flows', { key: 'home-repair-flow', name: '家电报修流程', graph })
  await api(url, admin, 'POST', `/flows/${flow.id}/publish`)
  await api(url, admin, 'POST', '/ticket-types', { key: 'home-repair', name: zh('家电报修', 'Home repair'), templateId: tpl.id, flowKey: 'home-repair-flow' })
  await api(url, admin, 'POST', '/sla/policies', { name: '标准时效', calendar: null, targets: { normal: { resolution: 'PT8H' } } })
  return { typeKey: 'home-repair', engineer }
}

/** A 1×1 PNG: the server sniffs the bytes, so it must be a real image. */
export const tinyPng = () => Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

const field = (page: Page, key: string) => page.locator(`[data-field="${key}"]`)

/** Picks an option of an antd Select inside the form field `key`. */
export async function pickSelect(page: Page, key: string, label: string): Promise<void> {
  await field(page, key).locator('.ant-select').click()
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).click()
}

/** The message antd shows under a form field, or '' when there is none. */
export async function fieldError(page: Page, key: string): Promise<string> {
  const help = field(page, key).locator('.ant-form-item-explain-error')
  return (await help.count()) ? (await help.first().innerText()).trim() : ''
}

/**
 * The customer fills the portal form (Chinese UI): 其他 reveals 问题说明 (required by a rule), a photo
 * is added, the region picked; returns once the success page shows the tracking link.
 */
export async function fillPortalForm(page: Page, o: { phone: string, detail: string, name: string }, shot?: (n: string) => Promise<unknown>): Promise<string> {
  await field(page, 'problemType').waitFor()
  expect(await field(page, 'otherDetail').count()).toBe(0)
  await pickSelect(page, 'problemType', '其他')
  // The rule shows the field and makes it required, the same way the server will check it.
  await field(page, 'otherDetail').waitFor()
  expect(await field(page, 'otherDetail').locator('.ant-form-item-required').count()).toBe(1)
  await page.getByTestId('portal-submit').click()
  await page.getByTestId('portal-error').waitFor()
  await expect.poll(() => fieldError(page, 'otherDetail')).toBe('此项为必填项')
  await expect.poll(() => fieldError(page, 'contactPhone')).toBe('此项为必填项')
  await shot?.('02-errors-per-field')

  await page.locator('#field-otherDetail').fill(o.detail)
  await page.locator('#field-contactPhone').fill('12345')
  await expect.poll(() => fieldError(page, 'contactPhone')).toBe('不是有效的手机号')
  await page.locator('#field-contactPhone').fill(o.phone)
  await expect.poll(() => fieldError(page, 'contactPhone')).toBe('')
  await field(page, 'photos').locator('input[type=file]').setInputFiles({ name: '漏水现场.png', mimeType: 'image/png', buffer: tinyPng() })
  await field(page, 'photos').locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor()
  await page.locator('#field-budget').fill('199.5')
  await field(page, 'address').locator('.ant-cascader').click()
  await page.locator('.ant-cascader-menu-item', { hasText: '浙江省' }).click()
  await page.locator('.ant-cascader-menu-item', { hasText: '杭州市' }).click()
  await page.keyboard.press('Escape')
  await field(page, 'address').locator('.ant-select-content', { hasText: '浙江省 / 杭州市' }).first().waitFor()
  await page.locator('#contact-name').fill(o.name)
  await shot?.('03-filled')
  await page.getByTestId('portal-submit').click()
  const link = page.getByTestId('tracking-url')
  await link.waitFor()
  return (await link.innerText()).trim()
}

/** The ticket number the portal's success page shows (工单号 …). */
export async function submittedNumber(page: Page): Promise<string> {
  await page.getByTestId('tracking-url').waitFor()
  return (await page.locator('.ant-result-subtitle').innerText()).replace(/^工单号\s*/, '').trim()
}

/** A customer with a device; returns the portal link its QR code encodes (path and query). */
export async function assetQrLink(url: string, admin: string): Promise<{ link: string, assetId: string, customerId: string }> {
  const owner = await api<{ customer: { id: string } }>(url, admin, 'POST', '/customers', { name: '望京火锅店', kind: 'company', phone: '010-64778899' })
  const asset = await api<{ id: string }>(url, admin, 'POST', '/assets', { serial: 'SN-WM-2026', model: '滚筒洗衣机 WD-100', customerId: owner.customer.id })
  const qr = await api<{ url: string }>(url, admin, 'GET', `/assets/${asset.id}/qr`)
  const parsed = new URL(qr.url, url)
  return { link: `${parsed.pathname}${parsed.search}`, assetId: asset.id, customerId: owner.customer.id }
}

/** Opens a QR link: with several ticket types the customer picks `typeName`; with one, the form opens directly. */
export async function openQrLink(page: Page, url: string, link: string, typeName: string): Promise<void> {
  await page.goto(`${url}${link}`)
  const picker = page.getByTestId('portal-types')
  const form = page.locator('[data-field]').first()
  await Promise.race([picker.waitFor(), form.waitFor()])
  if (await picker.isVisible()) await picker.getByRole('button', { name: typeName }).click()
  await form.waitFor()
}
