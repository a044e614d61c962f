import type { I18nText } from '@scrm/kernel'

/** A message in both UI languages; `**bold**` and line breaks are the only markup. */
export interface MessageTemplate {
  subject: I18nText
  body: I18nText
  /** Shown in the template editor. */
  label?: I18nText
}

/**
 * Built-in templates by event kind; tenants override them per key (`notify_templates`). Variables
 * follow the ticket's shape: ticket.number/title/priority, customer.name, assignee.name,
 * sla.dueAt (a date: shown in the reader's language and the tenant's zone), escalation.level, url.
 */
export const BUILT_IN_TEMPLATES: Record<string, MessageTemplate> = {
  'ticket.assigned': {
    label: { 'zh-CN': '工单分派', 'en-US': 'Ticket assigned' },
    subject: { 'zh-CN': '新工单 {{ticket.number}}：{{ticket.title}}', 'en-US': 'New ticket {{ticket.number}}: {{ticket.title}}' },
    body: {
      'zh-CN': '客户 **{{customer.name}}** 的工单「{{ticket.title}}」已分派给您，请在 {{sla.dueAt}} 前处理。\n{{url}}',
      'en-US': 'Ticket "{{ticket.title}}" from **{{customer.name}}** is assigned to you. Please handle it by {{sla.dueAt}}.\n{{url}}',
    },
  },
  'sla.warning': {
    label: { 'zh-CN': '即将超时提醒', 'en-US': 'SLA warning' },
    subject: { 'zh-CN': '【即将超时】工单 {{ticket.number}}：{{ticket.title}}', 'en-US': '[SLA warning] Ticket {{ticket.number}}: {{ticket.title}}' },
    body: {
      'zh-CN': '客户 **{{customer.name}}** 的工单「{{ticket.title}}」将于 **{{sla.dueAt}}** 超时，请尽快处理。\n{{url}}',
      'en-US': 'Ticket "{{ticket.title}}" from **{{customer.name}}** is due **{{sla.dueAt}}**. Please act now.\n{{url}}',
    },
  },
  'sla.breached': {
    label: { 'zh-CN': '已超时', 'en-US': 'SLA breached' },
    subject: { 'zh-CN': '【已超时】工单 {{ticket.number}}：{{ticket.title}}', 'en-US': '[SLA breached] Ticket {{ticket.number}}: {{ticket.title}}' },
    body: {
      'zh-CN': '客户 **{{customer.name}}** 的工单「{{ticket.title}}」已于 {{sla.dueAt}} 超时，负责人：{{assignee.name}}。\n{{url}}',
      'en-US': 'Ticket "{{ticket.title}}" from **{{customer.name}}** breached its SLA at {{sla.dueAt}}. Owner: {{assignee.name}}.\n{{url}}',
    },
  },
  'sla.escalated': {
    label: { 'zh-CN': '超时升级', 'en-US': 'Escalation' },
    subject: { 'zh-CN': '【升级 L{{escalation.level}}】工单 {{ticket.number}}：{{ticket.title}}', 'en-US': '[Escalation L{{escalation.level}}] Ticket {{ticket.number}}: {{ticket.title}}' },
    body: {
      'zh-CN': '工单「{{ticket.title}}」（客户 **{{customer.name}}**）超时未处理，已升级至第 {{escalation.level}} 级，负责人：{{assignee.name}}。\n{{url}}',
      'en-US': 'Ticket "{{ticket.title}}" (customer **{{customer.name}}**) is overdue and escalated to level {{escalation.level}}. Owner: {{assignee.name}}.\n{{url}}',
    },
  },
  'ticket.resolved': {
    label: { 'zh-CN': '处理完成（客户）', 'en-US': 'Resolved (customer)' },
    subject: { 'zh-CN': '您的工单 {{ticket.number}} 已处理完成', 'en-US': 'Your ticket {{ticket.number}} is resolved' },
    body: {
      'zh-CN': '{{customer.name}}，您好！您的工单「{{ticket.title}}」已处理完成，欢迎评价：{{url}}',
      'en-US': 'Hello {{customer.name}}, your ticket "{{ticket.title}}" is resolved. Tell us how we did: {{url}}',
    },
  },
}
