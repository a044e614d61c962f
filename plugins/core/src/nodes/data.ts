import { getPath, type NodeResult } from '@scrm/runtime'
import { coreNode } from './define.js'

const PLACEHOLDER = /\{\{\s*([\w.$-]+)\s*(?:\|\s*\w+\s*)?\}\}/g

const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))

function valueAt(data: unknown, path: string): unknown {
  try { return getPath(data, path) }
  catch { return undefined }
}

/** `{{ticket.title}}` placeholders from the flow data; unknown paths render empty. */
export function render(template: string, data: unknown): string {
  return template.replace(PLACEHOLDER, (_, path: string) => text(valueAt(data, path)))
}

/** The same, from a flat `path → value` map (what `placeholderValues` took when the step ran). */
export function renderFlat(template: string, values: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, path: string) => text(values[path]))
}

/**
 * The value of each placeholder in the texts, taken when the step runs: a queued message keeps
 * what the data said then, and the notify plugin renders it per channel (escaped for markdown and
 * HTML, dates in the reader's language) instead of receiving finished text.
 */
export function placeholderValues(texts: string[], data: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const t of texts) {
    for (const m of t.matchAll(PLACEHOLDER)) values[m[1]] ??= valueAt(data, m[1]) ?? null
  }
  return values
}

/** Each target path gets the value of its JSON Logic expression (or the literal). */
export const setFieldsNode = coreNode('setFields', { 'zh-CN': '设置字段', 'en-US': 'Set fields' }, 'automation', {
  async run(ctx) {
    for (const [path, expr] of Object.entries(ctx.config.set ?? {})) await ctx.assign(path, await ctx.evaluate(expr))
    return {}
  },
})

/**
 * Notifications leave through the outbox: sent after commit, retried, de-duplicated by key. The
 * core `notify` handler (flow-notify.ts) hands them to the notify plugin when the tenant has it.
 */
export const notifyNode = coreNode('notify', { 'zh-CN': '通知', 'en-US': 'Notify' }, 'automation', {
  async run(ctx) {
    const data = await ctx.data()
    const c = ctx.config
    const key = ctx.enqueue('notify', {
      notifier: c.notifier,
      to: (c.to ?? []).map(t => render(t, data)).filter(Boolean),
      subject: c.subject ?? '',
      body: c.body ?? '',
      variables: placeholderValues([c.subject ?? '', c.body ?? ''], data),
      urgent: !!c.urgent,
      meta: { instanceId: ctx.instance.id, nodeId: ctx.node.id, ticketId: ctx.instance.ticket_id },
    })
    ctx.record('notify.queued', { notifier: c.notifier, key })
    return {}
  },
})

/** User code in the sandbox; a failure is an incident the flow can route by an 'error' edge. */
export const scriptNode = coreNode('script', { 'zh-CN': '脚本', 'en-US': 'Script' }, 'automation', {
  async run(ctx): Promise<NodeResult> {
    const runner = ctx.script()
    if (!runner) return { fail: { code: 'sandbox_unavailable', message: 'no script sandbox is available on this server' } }
    const { ticket, customer, form, vars } = await ctx.data()
    const res = await runner.run(ctx.config.source, { ticket, customer, form, vars }, ctx.config.timeoutMs ? { timeoutMs: ctx.config.timeoutMs } : undefined)
    if (!res.ok) return { fail: { code: `script_${res.error.code}`, message: `script failed (${res.error.code}): ${res.error.message}` } }
    if (ctx.config.output) await ctx.assign(ctx.config.output, res.value)
    return {}
  },
})
