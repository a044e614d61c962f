import type { PluginHost } from '@scrm/kernel'
import type { NotifyPluginService } from '@scrm/plugin-notify'
import type { TenantScope } from '@scrm/store'
import type { TicketFacts } from './facts.js'

export interface QueueNotice {
  assignmentId: string
  ticket: TicketFacts & { number?: string }
  team: string | null
  recipients: string[]
  urgent: boolean
}

/**
 * Tells supervisors about a ticket nobody could take, through the notify plugin (templates,
 * preferences, quiet hours, outbox) when the tenant has it. Without it the decision and the
 * timeline still name who should have been told, so the ticket is never silently lost.
 * Returns the users a notification was queued for.
 */
export async function notifyQueued(host: PluginHost, scope: TenantScope, n: QueueNotice): Promise<string[]> {
  if (!n.recipients.length || !host.hasService('notify') || !host.registries.routes.get(scope.tenantId, '/notify')) return []
  const notify = host.service<NotifyPluginService>('notify')
  await notify.dispatch(scope, {
    event: 'routing.queued',
    // Placeholders, not interpolation: a title is user text and must not be read as a template.
    subject: { 'zh-CN': '工单待分配：{{ticket.number}} {{ticket.title}}', 'en-US': 'Ticket waiting in queue: {{ticket.number}} {{ticket.title}}' },
    body: {
      'zh-CN': `工单「{{ticket.title}}」无可分配的处理人（团队：{{team}}），已进入团队队列，请尽快处理。`,
      'en-US': 'Nobody could take ticket "{{ticket.title}}" (team: {{team}}): it is waiting in the team queue.',
    },
    variables: { ticket: { id: n.ticket.id, number: n.ticket.number ?? '', title: n.ticket.title, priority: n.ticket.priority }, team: n.team ?? '-' },
    recipients: n.recipients.map(userId => ({ userId })),
    urgent: n.urgent,
    key: `routing:${n.assignmentId}:queued`,
  })
  return n.recipients
}
