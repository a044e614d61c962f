import { randomBytes } from 'node:crypto'
import { type Knex, SYSTEM_TENANT } from '@scrm/store'

/**
 * The token-signing secret: SCRM_SECRET if given, else one generated on first start and kept in
 * the database so every server process on the same database accepts the same tokens.
 */
export async function loadSecret(knex: Knex, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv
  const key = 'auth.secret'
  await knex('system_settings')
    .insert({ tenant_id: SYSTEM_TENANT, key, value: JSON.stringify(randomBytes(32).toString('base64url')) })
    .onConflict(['tenant_id', 'key']).ignore()
  const row = await knex('system_settings').where({ tenant_id: SYSTEM_TENANT, key }).first()
  return row.value as string
}
