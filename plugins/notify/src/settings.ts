import type { I18nText, Locale } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { DEFAULT_QUIET_HOURS, type QuietHours } from './quiet-hours.js'
import { BUILT_IN_TEMPLATES, type MessageTemplate } from './templates.js'

export interface NotifySettings {
  timeZone: string
  locale: Locale
  quietHours: QuietHours
  /** Notifiers for people with no preference for an event. */
  defaultChannels: string[]
}

export const DEFAULT_SETTINGS: NotifySettings = {
  timeZone: 'Asia/Shanghai',
  locale: 'zh-CN',
  quietHours: DEFAULT_QUIET_HOURS,
  defaultChannels: ['email'],
}

export async function getSettings(scope: TenantScope): Promise<NotifySettings> {
  const row = await scope.table('notify_settings').first()
  if (!row) return DEFAULT_SETTINGS
  return { timeZone: row.time_zone, locale: row.locale, quietHours: row.quiet_hours, defaultChannels: row.default_channels }
}

export async function putSettings(scope: TenantScope, s: NotifySettings): Promise<NotifySettings> {
  const row = {
    tenant_id: scope.tenantId,
    time_zone: s.timeZone,
    locale: s.locale,
    quiet_hours: JSON.stringify(s.quietHours),
    default_channels: JSON.stringify(s.defaultChannels),
    updated_at: scope.db.fn.now(),
  }
  await scope.db('notify_settings').insert(row).onConflict('tenant_id').merge()
  return s
}

/** A user's notifiers per event kind; `*` applies to events without their own entry. */
export type Preferences = Record<string, string[]>

export async function getPreferences(scope: TenantScope, userId: string): Promise<Preferences> {
  const rows: Array<{ event: string, channels: string[] }> = await scope.table('notify_preferences').where({ user_id: userId }).orderBy('event')
  return Object.fromEntries(rows.map(r => [r.event, r.channels]))
}

/** Replaces a user's preferences as a whole (the settings page saves the full table). */
export async function putPreferences(scope: TenantScope, userId: string, prefs: Preferences): Promise<Preferences> {
  await scope.transaction(async (s) => {
    await s.table('notify_preferences').where({ user_id: userId }).del()
    const rows = Object.entries(prefs).map(([event, list]) => ({ user_id: userId, event, channels: JSON.stringify([...new Set(list)]) }))
    if (rows.length) await s.insert('notify_preferences', rows)
  })
  return getPreferences(scope, userId)
}

/** Exact event, else `*`, else the tenant's defaults. An empty list is a real choice: nothing. */
export function channelsFor(prefs: Preferences, event: string, settings: NotifySettings): string[] {
  return prefs[event] ?? prefs['*'] ?? settings.defaultChannels
}

export async function getTemplate(scope: TenantScope, key: string): Promise<MessageTemplate | undefined> {
  const row = await scope.table('notify_templates').where({ key }).first()
  if (row) return { subject: row.subject, body: row.body, label: BUILT_IN_TEMPLATES[key]?.label }
  return BUILT_IN_TEMPLATES[key]
}

export async function listTemplates(scope: TenantScope): Promise<Array<MessageTemplate & { key: string, custom: boolean }>> {
  const rows: Array<{ key: string, subject: I18nText, body: I18nText }> = await scope.table('notify_templates')
  const custom = new Map(rows.map(r => [r.key, r]))
  const keys = [...new Set([...Object.keys(BUILT_IN_TEMPLATES), ...custom.keys()])].sort()
  return keys.map((key) => {
    const row = custom.get(key)
    const builtIn = BUILT_IN_TEMPLATES[key]
    return { key, custom: !!row, label: builtIn?.label, subject: row?.subject ?? builtIn.subject, body: row?.body ?? builtIn.body }
  })
}

export async function putTemplate(scope: TenantScope, key: string, t: { subject: I18nText, body: I18nText }): Promise<void> {
  await scope.db('notify_templates')
    .insert({ tenant_id: scope.tenantId, key, subject: JSON.stringify(t.subject), body: JSON.stringify(t.body), updated_at: scope.db.fn.now() })
    .onConflict(['tenant_id', 'key']).merge()
}

/** Back to the built-in text (or gone, for a tenant's own key). */
export async function deleteTemplate(scope: TenantScope, key: string): Promise<number> {
  return scope.table('notify_templates').where({ key }).del()
}
