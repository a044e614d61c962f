import { defineMessages, definePlugin, type IndustryTemplateDef, requireRole, type TenantScope } from '@scrm/sdk'

const messages = defineMessages({
  'zh-CN': { label: '__NAME__ 行业模板', description: '家电维修：报修、安装、退换货三类工单' },
  'en-US': { label: '__NAME__ industry template', description: 'Appliance repair: repair, installation and return tickets' },
})

// A type alias (not an interface) so it fits the contract's Record<string, unknown> bundle.
type Bundle = {
  ticketTypes: Array<{ key: string, name: { 'zh-CN': string, 'en-US': string }, defaultPriority?: 'low' | 'normal' | 'high' | 'urgent' }>
}

/** The data a tenant gets from this template. */
const template: IndustryTemplateDef<Bundle> = {
  id: '__NAME__',
  industry: 'appliance-repair',
  label: messages.text('label'),
  description: messages.text('description'),
  bundle: {
    ticketTypes: [
      { key: 'repair', name: { 'zh-CN': '报修', 'en-US': 'Repair' }, defaultPriority: 'high' },
      { key: 'install', name: { 'zh-CN': '安装', 'en-US': 'Installation' } },
      { key: 'return', name: { 'zh-CN': '退换货', 'en-US': 'Return' } },
    ],
  },
}

/** Writes the bundle into one tenant in one transaction; keys the tenant already has are kept as they are. */
async function apply(scope: TenantScope, bundle: Bundle): Promise<string[]> {
  return scope.transaction(async (s) => {
    const added: string[] = []
    for (const t of bundle.ticketTypes) {
      const rows = await s.insert('ticket_types', { key: t.key, name: JSON.stringify(t.name), default_priority: t.defaultPriority ?? 'normal' })
        .onConflict(['tenant_id', 'key']).ignore().returning('key')
      if (rows.length) added.push(t.key)
    }
    return added
  })
}

export default definePlugin({
  name: '__NAME__',
  version: '0.1.0',
  dependsOn: ['tickets'],
  label: messages.text('label'),
  description: messages.text('description'),
  setup({ industryTemplates, routes }) {
    industryTemplates.register(template)
    routes.register({
      prefix: '/__NAME__',
      plugin: async (app) => {
        // POST /api/x/__NAME__/apply — an admin installs the template's data into the tenant.
        app.post('/apply', { preHandler: requireRole('admin') }, async (request, reply) => {
          return reply.status(201).send({ added: await apply(request.scope, template.bundle) })
        })
      },
    })
  },
})
