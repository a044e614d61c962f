import { randomBytes } from 'node:crypto'
import knexFactory from 'knex'
import { describe } from 'vitest'
import { type Database, type Dialect, openDatabase } from './database.js'

export interface TestDatabaseKind {
  dialect: Dialect
  /** A fresh, empty database: PGlite in memory, or a new database on the test PostgreSQL server. */
  open: () => Promise<Database & { url?: string }>
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (as `.ci/run` does). */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ dialect: 'pglite', open: () => openDatabase({ dataDir: 'memory' }) }]
  const url = process.env.TEST_DATABASE_URL
  if (url) kinds.push({ dialect: 'postgres', open: () => openPostgresTestDatabase(url) })
  return kinds
}

/** `describe` once per database kind: `describeDatabases('tickets', (kind) => { … })`. */
export function describeDatabases(name: string, body: (kind: TestDatabaseKind) => void): void {
  for (const kind of testDatabaseKinds())
    describe(`${name} [${kind.dialect}]`, () => body(kind))
}

/** Creates a throw-away database on the server of `adminUrl`; closing the handle drops it. */
export async function openPostgresTestDatabase(adminUrl: string, options: { poolMax?: number } = {}): Promise<Database & { url: string }> {
  const name = `scrm_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } })
  await admin.raw(`create database ${name}`)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  const db = await openDatabase({ url: u.toString(), poolMax: options.poolMax })
  return {
    ...db,
    url: u.toString(),
    close: async () => {
      await db.close()
      await admin.raw(`drop database if exists ${name} with (force)`)
      await admin.destroy()
    },
  }
}
