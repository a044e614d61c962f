import { getPath, type NodeResult } from '@scrm/runtime'
import { coreNode } from './define.js'

/** `{{ticket.title}}` placeholders from the flow data; unknown paths render empty. */
export function render(template: string, data: unknown): string {
  return template.replace(/\{\{\s*([\w.$-]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown
    try { value = getPath(data, path) }
    catch { value = undefined }
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  })
}

/** Each target path gets the value of its JSON Logic expression (or the literal). */
export const setFieldsNode = coreNode('setFields', { 'zh-CN': '设置字段', 'en-US': 'Set fields' }, 'automation', {
  async run(ctx) {
    for (const [path, expr] of Object.entries(ctx.config.set ?? {})) await ctx.assign(path, await ctx.evaluate(expr))
    return {}
  },
})

/** Notifications leave through the outbox: sent after commit, retried, de-duplicated by key. */
export const notifyNode = coreNode('notify', { 'zh-CN': '通知', 'en-US': 'Notify' }, 'automation', {
  async run(ctx) {
    const data = await ctx.data()
    const c = ctx.config
    const key = ctx.enqueue('notify', {
      notifier: c.notifier,
      to: (c.to ?? []).map(t => render(t, data)).filter(Boolean),
      subject: render(c.subject ?? '', data),
      body: render(c.body ?? '', data),
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
