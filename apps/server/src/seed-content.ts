import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { signToken } from './auth/token.js'

/**
 * First start only: fills the demo tenant with an industry template and its demo data (ticket
 * types, forms, a published flow, SLA, customers, a ticket), so the first look at the product is
 * not an empty screen. It goes through the public API as the seeded admin — the same path an admin
 * takes — and a failure is logged, never fatal: the tenant and its login exist either way.
 */
export async function seedDemoContent(
  app: FastifyInstance,
  secret: string,
  target: { tenantId: string, adminId: string, template: string },
  log: Logger,
): Promise<void> {
  const token = signToken({ t: target.tenantId, u: target.adminId, r: 'admin' }, secret, 600)
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })
  try {
    const list = await call('GET', '/api/industry-templates')
    if (list.statusCode === 404) return // the industry plugin is not installed on this server
    const entry = (list.json() as Array<{ id: string, plugin: string }>).find(t => t.id === target.template)
    if (!entry) {
      log.warn({ template: target.template }, 'demo content: no such industry template (SCRM_DEMO_TEMPLATE)')
      return
    }
    const on = await call('PUT', `/api/plugins/${encodeURIComponent(entry.plugin)}`, { enabled: true })
    if (on.statusCode >= 300) throw new Error(`enabling ${entry.plugin}: HTTP ${on.statusCode} ${on.body}`)
    const installed = await call('POST', `/api/industry-templates/${encodeURIComponent(entry.id)}/install`, { demo: true })
    if (installed.statusCode !== 201) throw new Error(`installing ${entry.id}: HTTP ${installed.statusCode} ${installed.body}`)
    log.info({ template: entry.id }, 'demo tenant: industry template installed with demo data')
  }
  catch (err) {
    log.warn({ err }, 'demo content could not be installed; the demo tenant starts empty')
  }
}
