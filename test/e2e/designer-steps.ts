// Steps the flow-designer browser tests share: API set-up, mouse drawing, and timing probes.
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

export async function apiLogin(url: string, username: string, password: string, tenant = 'demo'): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, username, password }) })
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

export async function api<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** Sign in through the login form (Chinese UI). */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`)
  await page.getByLabel('租户', { exact: true }).fill('demo')
  await page.getByLabel('用户名', { exact: true }).fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL('**/workbench')
}

const center = (b: { x: number, y: number, width: number, height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 })

/** Drag a node type from the palette to (x, y) inside the canvas; returns the new node's id. */
export async function dropNode(page: Page, type: string, x: number, y: number): Promise<string> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!
  const before = await page.locator('.react-flow__node').count()
  const item = center((await page.getByTestId(`palette-${type}`).boundingBox())!)
  await page.mouse.move(item.x, item.y)
  await page.mouse.down()
  await page.mouse.move(item.x + 40, item.y + 10, { steps: 4 })
  await page.mouse.move(canvas.x + x, canvas.y + y, { steps: 12 })
  await page.mouse.up()
  await page.waitForFunction(n => document.querySelectorAll('.react-flow__node').length === n, before + 1)
  // The dropped node is the one selected.
  return (await page.locator('.react-flow__node.selected').getAttribute('data-id'))!
}

/** Draw an edge with the mouse from a node's source handle to another node's input handle. */
export async function connect(page: Page, from: string, to: string, handle = 'next'): Promise<void> {
  const edges = await page.locator('.react-flow__edge').count()
  const s = center((await page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source[data-handleid="${handle}"]`).boundingBox())!)
  const t = center((await page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`).boundingBox())!)
  await page.mouse.move(s.x, s.y)
  await page.mouse.down()
  await page.mouse.move(s.x + 30, s.y + 5, { steps: 4 })
  await page.mouse.move(t.x, t.y, { steps: 12 })
  await page.mouse.up()
  await page.waitForFunction(n => document.querySelectorAll('.react-flow__edge').length === n, edges + 1)
}

/** Click a node on the canvas and wait for its properties. */
export async function selectNode(page: Page, id: string): Promise<void> {
  // On a loaded machine a click can land while React Flow is still settling a drag or fit and
  // select nothing; a person clicks again, so does the test (a few times, then it fails).
  for (let attempt = 1; ; attempt++) {
    await page.locator(`.react-flow__node[data-id="${id}"]`).click()
    try {
      await page.getByTestId('node-panel').waitFor({ timeout: 8_000 })
      return
    }
    catch (e) { if (attempt === 3) throw e }
  }
}

/** Pick an option of an open antd select dropdown by its text. */
export async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible').getByText(text, { exact: true }).click()
}

/** From the flow list: a new blank flow named `name`; returns its id once the designer shows it. */
export async function createFlow(page: Page, name: string): Promise<string> {
  await page.getByTestId('new-flow').click()
  await page.getByLabel('流程名称').fill(name)
  // The dialog suggests a key once it has opened; creating before that fails on the empty key.
  await expect.poll(() => page.getByLabel('流程标识').inputValue()).not.toBe('')
  await page.getByRole('button', { name: '创建' }).click()
  // The designer's chunk (React Flow, elk) is the biggest the app loads: allow a busy machine time.
  await page.getByTestId('flow-designer').waitFor({ timeout: 60_000 })
  await page.getByTestId('palette-userTask').waitFor()
  return new URL(page.url()).pathname.split('/').pop()!
}

export interface VipFlowNodes { start: string, triage: string, vip: string, vipTask: string, normal: string, end: string }

/** Draw start → task → exclusive → two tasks → end with the mouse (positions fit a 1920×1080 page). */
export async function drawVipFlow(page: Page): Promise<VipFlowNodes> {
  const start = await dropNode(page, 'start', 120, 300)
  const triage = await dropNode(page, 'userTask', 340, 300)
  const vip = await dropNode(page, 'exclusive', 560, 300)
  const vipTask = await dropNode(page, 'userTask', 780, 170)
  const normal = await dropNode(page, 'userTask', 780, 430)
  const end = await dropNode(page, 'end', 1000, 300)
  for (const [a, b] of [[start, triage], [triage, vip], [vip, vipTask], [vip, normal], [vipTask, end], [normal, end]])
    await connect(page, a, b)
  return { start, triage, vip, vipTask, normal, end }
}

/**
 * The live validation flags the gateway without a default branch: in the problems list, as the
 * node's red badge, and publishing is off. Returns the problem's entry.
 */
export async function expectMissingDefault(page: Page, gateway: string): Promise<Locator> {
  await page.getByTestId('problems-tab').click()
  const noDefault = page.locator('[data-testid=problem][data-code=exclusive_no_default]')
  await noDefault.getByText('没有默认分支').waitFor()
  expect(await page.locator(`.react-flow__node[data-id="${gateway}"] [data-severity]`).getAttribute('data-severity')).toBe('error')
  await page.getByTestId(`badge-${gateway}`).waitFor()
  expect(await page.getByTestId('publish').isDisabled()).toBe(true)
  return noDefault
}

/** Name a task and say who does it with the assignment editor (`mode` as the menu reads). */
export async function nameAndAssign(page: Page, id: string, name: string, mode: '按团队' | '按策略自动分配', team: string): Promise<void> {
  await selectNode(page, id)
  await page.getByTestId('node-name').fill(name)
  await page.getByTestId('assign-mode').click()
  await pickOption(page, mode)
  await page.getByTestId('assign-team').locator('input').fill(team)
}

/** Make the gateway's branch to the task named `task` its default; the missing-default problem goes away. */
export async function setDefaultBranch(page: Page, gateway: string, task: string): Promise<void> {
  await selectNode(page, gateway)
  await page.getByTestId('gateway-branches').getByText(task).click()
  await page.locator('[data-testid=problem][data-code=exclusive_no_default]').waitFor({ state: 'detached' })
}

/**
 * Give the gateway's branch to `task` the condition `field == value` with the condition builder:
 * `field` is picked from the menu by its label (`pick`) or typed as a data path. Returns the edge id.
 */
export async function setBranchCondition(page: Page, task: string, c: { field: string, pick?: string, value: string, label: string }): Promise<string> {
  const edge = (await page.getByTestId('gateway-branches').locator('label', { hasText: task }).locator('input').getAttribute('value'))!
  await page.getByTestId(`edit-branch-${edge}`).click()
  await page.getByTestId('edge-panel').waitFor()
  if (c.pick) {
    await page.getByTestId('cond-field').locator('input').click()
    await pickOption(page, c.pick)
  }
  else await page.getByTestId('cond-field').locator('input').fill(c.field)
  await page.getByTestId('cond-value').fill(c.value)
  await page.getByTestId('edge-label-input').fill(c.label)
  expect(JSON.parse(await page.getByTestId('condition-json').innerText())).toEqual({ '==': [{ var: c.field }, c.value] })
  return edge
}

/** Publish a flow without errors; resolves once the toolbar shows version `version`. */
export async function publishFlow(page: Page, version = 1): Promise<void> {
  await page.getByTestId('problems-summary').getByText('校验通过').waitFor()
  await page.getByTestId('publish').click()
  await page.getByText(`已发布版本 v${version}`).waitFor()
  await page.getByTestId('flow-status').getByText(`已发布 v${version}`).waitFor()
}

/**
 * Resolves when `nodes` canvas nodes are shown (React Flow hides a node until it knows its size)
 * and `edges` edges are drawn, with the page's clock at the start and at that moment. Start it,
 * then trigger the navigation.
 */
export function waitForFlowRendered(page: Page, nodes: number, edges: number): Promise<{ start: number, end: number }> {
  return page.evaluate(([n, e]) => new Promise<{ start: number, end: number }>((resolve) => {
    const start = performance.now()
    const check = () => {
      const shown = document.querySelectorAll<HTMLElement>('.react-flow__node')
      const done = shown.length >= n && document.querySelectorAll('.react-flow__edge').length >= e
        && Array.from(shown).every(el => el.style.visibility !== 'hidden')
      if (done) resolve({ start, end: performance.now() })
      else requestAnimationFrame(check)
    }
    check()
  }), [nodes, edges] as const)
}

export interface DragTiming { frames: number, meanMs: number, p95Ms: number, maxMs: number, movedPx: number }

/**
 * Drag a node with the mouse while the page records every animation frame; frame-to-frame times
 * show whether the canvas keeps up (16.7 ms = 60 fps).
 */
export async function measureDrag(page: Page, nodeId: string, steps = 60): Promise<DragTiming> {
  const node = page.locator(`.react-flow__node[data-id="${nodeId}"]`)
  const before = await node.evaluate(el => el.style.transform)
  const at = center((await node.boundingBox())!)
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[], __recording: boolean }
    w.__frames = []
    w.__recording = true
    const tick = (t: number) => { w.__frames.push(t); if (w.__recording) requestAnimationFrame(tick) }
    requestAnimationFrame(tick)
  })
  await page.mouse.move(at.x, at.y)
  await page.mouse.down()
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(at.x + i * 4, at.y + i * 2)
    // One pointer move per frame, as a hand would produce.
    await page.evaluate(() => new Promise(r => requestAnimationFrame(r)))
  }
  await page.mouse.up()
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[], __recording: boolean }
    w.__recording = false
    return w.__frames
  })
  const after = await node.evaluate(el => el.style.transform)
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b)
  const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length
  const moved = parseTranslate(after).x - parseTranslate(before).x
  return { frames: gaps.length, meanMs: mean, p95Ms: gaps[Math.floor(gaps.length * 0.95)], maxMs: gaps.at(-1)!, movedPx: moved }
}

/** Zoom in with the mouse wheel over a node until the canvas zoom reaches `zoom`; returns the zoom. */
export async function zoomInAt(page: Page, nodeId: string, zoom: number): Promise<number> {
  const current = () => page.evaluate(() => {
    const m = /scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform)
    return m ? Number(m[1]) : 1
  })
  for (let i = 0; i < 20 && await current() < zoom; i++) {
    const at = center((await page.locator(`.react-flow__node[data-id="${nodeId}"]`).boundingBox())!)
    await page.mouse.move(at.x, at.y)
    await page.mouse.wheel(0, -200)
    await page.waitForTimeout(100)
  }
  return current()
}

function parseTranslate(transform: string): { x: number, y: number } {
  const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(transform)
  return m ? { x: Number(m[1]), y: Number(m[2]) } : { x: 0, y: 0 }
}
