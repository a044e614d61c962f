import type { NotifierDef } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'

export interface ChannelRow {
  id: string
  tenant_id: string
  key: string
  name: string
  notifier: string
  is_default: boolean
  enabled: boolean
  config: Record<string, unknown>
  secrets: Record<string, unknown>
  created_at: Date
  updated_at: Date
}

/** A channel as the API shows it: secrets replaced by the names of those that are set. */
export interface ChannelView {
  id: string
  key: string
  name: string
  notifier: string
  isDefault: boolean
  enabled: boolean
  config: Record<string, unknown>
  secretsSet: string[]
  createdAt: Date
  updatedAt: Date
}

export function channelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    notifier: row.notifier,
    isDefault: row.is_default,
    enabled: row.enabled,
    config: row.config,
    secretsSet: Object.keys(row.secrets ?? {}).filter(k => row.secrets[k] !== undefined && row.secrets[k] !== null && row.secrets[k] !== ''),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Splits a submitted config into what may be shown and what must not (by the notifier's `secretFields`). */
export function splitSecrets(def: Pick<NotifierDef, 'secretFields'>, config: Record<string, unknown>): { config: Record<string, unknown>, secrets: Record<string, unknown> } {
  const secretKeys = new Set(def.secretFields ?? [])
  const pub: Record<string, unknown> = {}
  const secrets: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(config)) (secretKeys.has(k) ? secrets : pub)[k] = v
  return { config: pub, secrets }
}

/** What a notifier's `send` gets: public and secret fields together. */
export function fullConfig(row: Pick<ChannelRow, 'config' | 'secrets'>): Record<string, unknown> {
  return { ...row.config, ...row.secrets }
}

export const channels = {
  list: (scope: TenantScope): Promise<ChannelRow[]> => scope.table('notify_channels').orderBy([{ column: 'notifier' }, { column: 'key' }]),

  byId: (scope: TenantScope, id: string): Promise<ChannelRow | undefined> => scope.table('notify_channels').where({ id }).first(),

  byKey: (scope: TenantScope, key: string): Promise<ChannelRow | undefined> => scope.table('notify_channels').where({ key }).first(),

  /** The channel used for people who chose this notifier: the default one, else the only enabled one. */
  async forNotifier(scope: TenantScope, notifier: string): Promise<ChannelRow | undefined> {
    const rows: ChannelRow[] = await scope.table('notify_channels').where({ notifier, enabled: true }).orderBy('is_default', 'desc').limit(2)
    if (rows[0]?.is_default || rows.length === 1) return rows[0]
    return undefined
  },

  async create(scope: TenantScope, input: { key: string, name: string, notifier: string, isDefault?: boolean, enabled?: boolean, config: Record<string, unknown>, secrets: Record<string, unknown> }): Promise<ChannelRow> {
    return scope.transaction(async (s) => {
      if (input.isDefault) await s.table('notify_channels').where({ notifier: input.notifier }).update({ is_default: false })
      const [row] = await s.insert('notify_channels', {
        key: input.key,
        name: input.name,
        notifier: input.notifier,
        is_default: !!input.isDefault,
        enabled: input.enabled ?? true,
        config: JSON.stringify(input.config),
        secrets: JSON.stringify(input.secrets),
      }).returning('*')
      return row as ChannelRow
    })
  },

  /** Secrets: a given value replaces, `null` removes, an absent key keeps the stored one. */
  async update(scope: TenantScope, row: ChannelRow, patch: { name?: string, isDefault?: boolean, enabled?: boolean, config?: Record<string, unknown>, secrets?: Record<string, unknown> }): Promise<ChannelRow> {
    return scope.transaction(async (s) => {
      if (patch.isDefault) await s.table('notify_channels').where({ notifier: row.notifier }).whereNot({ id: row.id }).update({ is_default: false })
      const secrets = { ...row.secrets }
      for (const [k, v] of Object.entries(patch.secrets ?? {})) {
        if (v === null) delete secrets[k]
        else secrets[k] = v
      }
      const [updated] = await s.table('notify_channels').where({ id: row.id }).update({
        name: patch.name ?? row.name,
        is_default: patch.isDefault ?? row.is_default,
        enabled: patch.enabled ?? row.enabled,
        config: JSON.stringify(patch.config ?? row.config),
        secrets: JSON.stringify(secrets),
        updated_at: s.db.fn.now(),
      }).returning('*')
      return updated as ChannelRow
    })
  },

  remove: (scope: TenantScope, id: string): Promise<number> => scope.table('notify_channels').where({ id }).del(),
}
