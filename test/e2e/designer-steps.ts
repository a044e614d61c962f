// Steps the flow-designer browser tests share: API set-up, mouse drawing, and timing probes.
import type { Page } from 'playwright-core'

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
  await page.locator(`.react-flow__node[data-id="${id}"]`).click()
  await page.getByTestId('node-panel').waitFor()
}

/** Pick an option of an open antd select dropdown by its text. */
export async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible').getByText(text, { exact: true }).click()
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
