import { FIELD_TYPES, FIELD_VALIDATORS, type FieldDef, type FieldType } from '@scrm/forms'
import type { ChannelDef, FieldTypeDef, I18nText } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import { type Ticket, ticketQuery, toTicket } from './model.js'

const label = (zh: string, en: string): I18nText => ({ 'zh-CN': zh, 'en-US': en })

const FIELD_LABELS: Record<FieldType, I18nText> = {
  text: label('单行文本', 'Text'), textarea: label('多行文本', 'Long text'), number: label('数字', 'Number'), money: label('金额(分)', 'Money (fen)'),
  date: label('日期', 'Date'), datetime: label('日期时间', 'Date & time'), select: label('单选', 'Select'), multiSelect: label('多选', 'Multi-select'),
  cascader: label('省市区', 'Province / city / district'), phone: label('电话', 'Phone'), email: label('邮箱', 'Email'), attachment: label('图片/附件', 'Images / files'),
  customerRef: label('客户', 'Customer'), assetRef: label('设备', 'Asset'), location: label('位置', 'Location'), rating: label('评分', 'Rating'),
}

/** The template field types, listed for designers through the kernel's `fieldTypes` extension point. */
export const fieldTypeDefs: FieldTypeDef[] = FIELD_TYPES.map(id => ({
  id,
  label: FIELD_LABELS[id],
  validate: (value, settings) => {
    const c = FIELD_VALIDATORS[id](value, { key: 'value', type: id, label: FIELD_LABELS[id], ...settings } as FieldDef, settings.options as FieldDef['options'])
    return c.ok ? undefined : c.code
  },
  normalize: (value, settings) => {
    const c = FIELD_VALIDATORS[id](value, { key: 'value', type: id, label: FIELD_LABELS[id], ...settings } as FieldDef, settings.options as FieldDef['options'])
    return c.ok ? c.value : value
  },
}))

/** Intake channels this plugin serves; each records itself on the tickets it creates. */
export const channelDefs: ChannelDef[] = [
  { id: 'api', label: label('开放接口', 'REST API'), description: label('POST /api/tickets，支持 Idempotency-Key', 'POST /api/tickets with Idempotency-Key') },
  { id: 'chat', label: label('会话转工单', 'Chat to ticket'), description: label('聊天记录一键转工单', 'A chat transcript becomes a ticket') },
  { id: 'portal', label: label('自助门户', 'Customer portal'), description: label('客户自助报修、扫码报修与进度查询', 'Self-service form, QR intake and tracking link') },
]

/**
 * Tickets on the customer 360 card (all channels), and tickets follow a customer merge. Both
 * run in the customers plugin's request scope or merge transaction.
 */
export function connectCustomers(customers: CustomersService): void {
  customers.cardSections.register({
    key: 'tickets',
    load: async (scope, customer) => {
      const rows = await ticketQuery(scope).where('tickets.customer_id', customer.id).orderBy('tickets.created_at', 'desc').limit(100)
      return rows.map(toTicket).map((t: Ticket) => ({ id: t.id, number: t.number, title: t.title, typeKey: t.typeKey, status: t.status, statusCategory: t.statusCategory, priority: t.priority, channel: t.channel, createdAt: t.createdAt }))
    },
  })
  customers.onMerge(async (scope, fromId, toId) => {
    await scope.table('tickets').where({ customer_id: fromId }).update({ customer_id: toId, updated_at: new Date() })
  })
}
