import type { TenantScope } from '@scrm/store'
import type { CallbackKeys } from './crypto.js'

export interface WecomConfig extends CallbackKeys {
  typeKey: string
  enabled: boolean
}

export async function loadConfig(scope: TenantScope): Promise<WecomConfig | undefined> {
  const r = await scope.table('wecom_channel_configs').first()
  return r && { token: r.token, encodingAesKey: r.encoding_aes_key, corpId: r.corp_id, typeKey: r.type_key, enabled: r.enabled }
}

export async function saveConfig(scope: TenantScope, c: WecomConfig): Promise<void> {
  const row = { token: c.token, encoding_aes_key: c.encodingAesKey, corp_id: c.corpId, type_key: c.typeKey, enabled: c.enabled, updated_at: new Date() }
  await scope.insert('wecom_channel_configs', row).onConflict(['tenant_id']).merge(row)
}

/** What the API shows: the secrets only as "set". */
export const publicView = (c: WecomConfig | undefined) => c
  ? { corpId: c.corpId, typeKey: c.typeKey, enabled: c.enabled, secretsSet: ['token', 'encodingAesKey'] }
  : { corpId: null, typeKey: null, enabled: false, secretsSet: [] }
