// Steps the template-designer / admin browser test uses: mouse drags (HTML5 drag-and-drop) and
// antd widgets driven the way a person would.
import type { Locator, Page } from 'playwright-core'

const center = (b: { x: number, y: number, width: number, height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 })

/** Press on `from`, move in small steps and release over `to` (at `dy` px from its centre). */
export async function mouseDrag(page: Page, from: Locator, to: Locator, dy = 0): Promise<void> {
  const a = center((await from.boundingBox())!)
  const bBox = (await to.boundingBox())!
  const b = center(bBox)
  await page.mouse.move(a.x, a.y)
  await page.mouse.down()
  await page.mouse.move(a.x + 10, a.y + 5, { steps: 3 })
  await page.mouse.move(b.x, b.y + dy, { steps: 15 })
  await page.mouse.move(b.x + 2, b.y + dy, { steps: 2 })
  await page.mouse.up()
}

/** Drag a palette field type into the form canvas (below what is there); returns the new field's key. */
export async function dragFieldIn(page: Page, type: string): Promise<string> {
  const cards = page.locator('[data-testid^="field-card-"]')
  const before = await cards.count()
  const canvas = page.getByTestId('form-canvas')
  const box = (await canvas.boundingBox())!
  // Aim at the lower part of the canvas, below the last card.
  await mouseDrag(page, page.getByTestId(`palette-${type}`), canvas, box.height / 2 - 30)
  await page.waitForFunction(n => document.querySelectorAll('[data-testid^="field-card-"]').length === n, before + 1)
  return (await page.locator('[data-testid="prop-key"]').inputValue())
}

/** The field keys in the order the canvas shows them. */
export async function canvasOrder(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="field-card-"]').evaluateAll(els => els.map(e => e.getAttribute('data-testid')!.slice('field-card-'.length)))
}

/** Open an antd Select (by its wrapper locator) and pick an option by its text; a multi-select's list closes by a click on the modal's title. */
export async function choose(page: Page, select: Locator, text: string, opts: { multiple?: boolean } = {}): Promise<void> {
  await select.click()
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-content', { hasText: exact }).click()
  // A multi-select stays open for more picks; Escape would close the surrounding modal too.
  if (opts.multiple) await page.locator('.ant-modal-title:visible').click()
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' })
}

/** Replace an input's text. */
export async function retype(input: Locator, text: string): Promise<void> {
  await input.fill('')
  await input.fill(text)
}

/**
 * Confirm the publish dialog. A click during the dialog's opening animation can miss the button,
 * so the step clicks until the publish request has gone out (its answer may be a success or the
 * server's refusal; the caller checks which).
 */
export async function confirmPublish(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const sent = page.waitForRequest(r => r.method() === 'POST' && /\/api\/ticket-templates\/[^/]+\/versions$/.test(new URL(r.url()).pathname), { timeout: 8_000 })
    await page.locator('#publish-confirm').click()
    try {
      await sent
      return
    }
    catch (e) { if (attempt === 3) throw e }
  }
}
