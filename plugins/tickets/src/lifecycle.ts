import type { I18nText } from '@scrm/kernel'

/** Every status, built-in or custom, belongs to one category; the lifecycle rules speak categories. */
export const CATEGORIES = ['new', 'open', 'pending', 'resolved', 'closed'] as const
export type Category = typeof CATEGORIES[number]

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = typeof PRIORITIES[number]

export interface StatusDef {
  key: string
  name: I18nText
  category: Category
  position: number
}

/** Created for each tenant; tenants add their own (待备件 → pending, 待回访 → resolved …). */
export const DEFAULT_STATUSES: StatusDef[] = [
  { key: 'new', name: { 'zh-CN': '新建', 'en-US': 'New' }, category: 'new', position: 10 },
  { key: 'open', name: { 'zh-CN': '处理中', 'en-US': 'Open' }, category: 'open', position: 20 },
  { key: 'pending', name: { 'zh-CN': '挂起', 'en-US': 'Pending' }, category: 'pending', position: 30 },
  { key: 'resolved', name: { 'zh-CN': '已解决', 'en-US': 'Resolved' }, category: 'resolved', position: 40 },
  { key: 'closed', name: { 'zh-CN': '已关闭', 'en-US': 'Closed' }, category: 'closed', position: 50 },
  { key: 'reopened', name: { 'zh-CN': '已重开', 'en-US': 'Reopened' }, category: 'open', position: 25 },
]

/** Rows of the default statuses for one tenant (new tenants, and tenants that existed before this plugin). */
export const statusRows = (tenantId: string) => DEFAULT_STATUSES.map(s => ({ tenant_id: tenantId, key: s.key, name: JSON.stringify(s.name), category: s.category, position: s.position }))

/**
 * Allowed moves between categories. Nothing returns to `new`; a resolved ticket is closed or
 * reopened; a closed ticket can only be reopened (back to an open-category status).
 */
const MOVES: Record<Category, readonly Category[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['open', 'pending', 'resolved', 'closed'],
  pending: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'resolved', 'closed'],
  closed: ['open'],
}

export function canMove(from: Category, to: Category): boolean {
  return MOVES[from].includes(to)
}

/** Timeline kind of a status change: leaving resolved/closed for an open status is a reopen. */
export function moveKind(from: Category, to: Category): 'reopened' | 'status_changed' {
  return (from === 'resolved' || from === 'closed') && to === 'open' ? 'reopened' : 'status_changed'
}

/** The steps a customer sees on the tracking page, in order. */
export const TRACKING_STEPS: Category[] = ['new', 'open', 'resolved', 'closed']
