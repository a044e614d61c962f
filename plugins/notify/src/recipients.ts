import type { Locale, NotifierDef } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { type ChannelRow, channels } from './channels.js'
import { channelsFor, getPreferences, type NotifySettings } from './settings.js'

/** Who a notification is for. */
export type Recipient =
  /** A user of the tenant: their preferences pick the notifiers, their locale the language. */
  | { userId: string }
  /** A configured channel by key: a WeCom / DingTalk group, a webhook; or an address through that exact channel. */
  | { channel: string, address?: string, locale?: Locale }
  /** An outside address (a customer). */
  | { email: string, name?: string, locale?: Locale }
  | { phone: string, name?: string, locale?: Locale }

/** One message to send: a notifier, where, to whom, in which language — or why it cannot be sent. */
export interface Target {
  notifier: string
  channel?: ChannelRow
  address?: string
  userIds: string[]
  recipient: string
  locale: Locale
  mentions: string[]
  error?: string
}

const LOCALES = new Set(['zh-CN', 'en-US'])
const asLocale = (v: unknown, fallback: Locale): Locale => (LOCALES.has(v as string) ? v as Locale : fallback)

interface Env {
  scope: TenantScope
  event: string
  settings: NotifySettings
  notifier: (id: string) => NotifierDef | undefined
}

/** The channel a notifier uses for people and bare addresses; notifiers without settings need none. */
async function channelFor(env: Env, def: NotifierDef): Promise<{ channel?: ChannelRow, error?: string }> {
  const channel = await channels.forNotifier(env.scope, def.id)
  if (channel || !def.configSchema) return { channel }
  return { error: `no enabled default "${def.id}" channel is configured` }
}

async function forUser(env: Env, userId: string): Promise<Target[]> {
  const user = await env.scope.table('users').where({ id: userId }).first()
  if (!user || !user.active) return [{ notifier: '-', userIds: [userId], recipient: userId, locale: env.settings.locale, mentions: [], error: 'user not found or inactive' }]
  const base = { userIds: [userId], recipient: user.display_name as string, locale: asLocale(user.locale, env.settings.locale), mentions: [] as string[] }
  const chosen = channelsFor(await getPreferences(env.scope, userId), env.event, env.settings)
  const out: Target[] = []
  for (const id of chosen) {
    const def = env.notifier(id)
    if (!def) {
      out.push({ ...base, notifier: id, error: `notifier "${id}" is not available` })
      continue
    }
    const { channel, error } = await channelFor(env, def)
    if (def.addresses === 'email' || def.addresses === 'phone') {
      const address = def.addresses === 'email' ? user.email : user.phone
      out.push({ ...base, notifier: id, channel, address: address ?? undefined, error: error ?? (address ? undefined : `user has no ${def.addresses === 'email' ? 'email address' : 'phone number'}`) })
    }
    else {
      // Group robots reach a person by @mentioning their phone in the team's group.
      out.push({ ...base, notifier: id, channel, mentions: user.phone ? [user.phone] : [], error })
    }
  }
  return out
}

async function forAddress(env: Env, notifierId: string, address: string, name: string | undefined, locale: Locale | undefined): Promise<Target> {
  const base = { notifier: notifierId, address, userIds: [], recipient: name ? `${name} <${address}>` : address, locale: locale ?? env.settings.locale, mentions: [] }
  const def = env.notifier(notifierId)
  if (!def) return { ...base, error: `notifier "${notifierId}" is not available` }
  return { ...base, ...await channelFor(env, def) }
}

async function forChannel(env: Env, key: string, address: string | undefined, locale: Locale | undefined): Promise<Target> {
  const channel = await channels.byKey(env.scope, key)
  const base = { userIds: [], recipient: address ?? channel?.name ?? key, address, mentions: [], locale: asLocale(locale ?? channel?.config.locale, env.settings.locale) }
  if (!channel || !channel.enabled) return { ...base, notifier: channel?.notifier ?? '-', error: `channel "${key}" does not exist or is disabled` }
  if (!env.notifier(channel.notifier)) return { ...base, notifier: channel.notifier, channel, error: `notifier "${channel.notifier}" is not available` }
  return { ...base, notifier: channel.notifier, channel }
}

/**
 * Expands recipients into targets. Several people who reach the same group robot become one
 * message that @mentions them all (an all-hands alert posts once, not once per person).
 */
export async function resolveTargets(env: Env, recipients: Recipient[]): Promise<Target[]> {
  const all: Target[] = []
  for (const r of recipients) {
    if ('userId' in r) all.push(...await forUser(env, r.userId))
    else if ('channel' in r) all.push(await forChannel(env, r.channel, r.address, r.locale))
    else if ('email' in r) all.push(await forAddress(env, 'email', r.email, r.name, r.locale))
    else all.push(await forAddress(env, 'sms', r.phone, r.name, r.locale))
  }
  const merged: Target[] = []
  const groups = new Map<string, Target>()
  for (const t of all) {
    const key = !t.error && t.address === undefined && t.channel ? `${t.channel.id}|${t.locale}` : undefined
    const same = key ? groups.get(key) : merged.find(m => !m.error && !t.error && m.notifier === t.notifier && m.address === t.address && m.address !== undefined && m.channel?.id === t.channel?.id)
    if (!same) {
      merged.push(t)
      if (key) groups.set(key, t)
      continue
    }
    same.userIds = [...new Set([...same.userIds, ...t.userIds])]
    same.mentions = [...new Set([...same.mentions, ...t.mentions])]
    if (!same.recipient.split(', ').includes(t.recipient)) same.recipient = `${same.recipient}, ${t.recipient}`
  }
  return merged
}
