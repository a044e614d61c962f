import { defineConfig, defineMessages, definePlugin, type TicketsIntake, Type } from '@scrm/sdk'

const messages = defineMessages({
  'zh-CN': { label: '__NAME__ 渠道', description: '通过 __NAME__ 接口受理工单' },
  'en-US': { label: '__NAME__ channel', description: 'Tickets received through the __NAME__ intake API' },
})

/** Operator settings (SCRM_PLUGIN_CONFIG: { "__NAME__": { "typeKey": "…" } }). */
const config = defineConfig(Type.Object({
  /** Ticket type of the tickets this channel creates. */
  typeKey: Type.String({ minLength: 1, default: 'general' }),
}))

const IntakeBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false })

/** An intake channel: POST /api/x/__NAME__/tickets creates a ticket through the tickets plugin. */
export default definePlugin({
  name: '__NAME__',
  version: '0.1.0',
  dependsOn: ['tickets'],
  label: messages.text('label'),
  description: messages.text('description'),
  setup({ channels, routes, services, config: raw }) {
    const { typeKey } = config.parse(raw)
    channels.register({ id: '__NAME__', label: messages.text('label'), configSchema: config.schema })
    const intake = services.get<TicketsIntake>('tickets.intake')
    routes.register({
      prefix: '/__NAME__',
      plugin: async (app) => {
        app.post('/tickets', { schema: { body: IntakeBody } }, async (request, reply) => {
          const body = request.body as { title: string, description?: string, phone?: string }
          const { ticket } = await intake.create(request.scope, {
            typeKey,
            title: body.title,
            description: body.description,
            ...(body.phone ? { customer: { phone: body.phone } } : {}),
          }, { channel: '__NAME__', actor: { kind: 'user', id: request.auth.userId } })
          return reply.status(201).send({ id: ticket.id, number: ticket.number, status: ticket.status })
        })
      },
    })
  },
})
