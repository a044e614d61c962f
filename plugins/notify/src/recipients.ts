import { parsePhone } from '@scrm/forms'
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
  /** An address through the tenant's default channel of that notifier. */
  | { notifier: string, address: string }
  /** Free text as typed in the flow designer's notify node: see `fromText` for how it is read. */
  | { text: string, notifier: string }

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/
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
  // Not a uuid cannot be a user (and must not reach a uuid column: PostgreSQL would throw).
  const user = UUID.test(userId) ? await env.scope.table('users').where({ id: userId }).first() : undefined
  if (!user || !user.active) return [{ notifier: '-', userIds: UUID.test(userId) ? [userId] : [], recipient: userId, locale: env.settings.locale, mentions: [], error: 'user not found or inactive' }]
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
 * One recipient typed as text, tried in this order: a user id or `user:<id>` → that user (their
 * preferences choose the notifiers); an e-mail address → email; a Chinese mobile number → SMS;
 * the key of a configured channel → that channel; anything else → an address sent through the
 * tenant's default channel of `notifier` (a robot's @mention, a webhook's `to`).
 */
export async function fromText(scope: TenantScope, text: string, notifier: string): Promise<Exclude<Recipient, { text: string }>> {
  const s = text.normalize('NFKC').trim()
  const user = /^user:\s*(.*)$/i.exec(s)?.[1] ?? (UUID.test(s) ? s : undefined)
  if (user !== undefined) return { userId: user }
  if (EMAIL.test(s)) return { email: s }
  const phone = parsePhone(s)
  if (phone.ok && phone.kind === 'mobile') return { phone: phone.e164.slice(3) }
  const channel = await channels.byKey(scope, s)
  if (channel) return { channel: s }
  return { notifier, address: s }
}

async function targetsOf(env: Env, r: Exclude<Recipient, { text: string }>): Promise<Target[]> {
  if ('userId' in r) return forUser(env, r.userId)
  if ('notifier' in r) return [await forAddress(env, r.notifier, r.address, undefined, undefined)]
  if ('channel' in r) return [await forChannel(env, r.channel, r.address, r.locale)]
  if ('email' in r) return [await forAddress(env, 'email', r.email, r.name, r.locale)]
  return [await forAddress(env, 'sms', r.phone, r.name, r.locale)]
}

/**
 * Expands recipients into targets. Several people who reach the same group robot become one
 * message that @mentions them all (an all-hands alert posts once, not once per person).
 */
export async function resolveTargets(env: Env, recipients: Recipient[]): Promise<Target[]> {
  const all: Target[] = []
  for (const r of recipients) all.push(...await targetsOf(env, 'text' in r ? await fromText(env.scope, r.text, r.notifier) : r))
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
