import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import knexFactory, { type Knex } from 'knex'
import ClientPgLite from 'knex-pglite'
import { Model } from 'objection'
import pg from 'pg'

export type Dialect = 'pglite' | 'postgres'

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  url?: string
  /** PGlite data folder; `memory` for a throw-away in-memory database. */
  dataDir?: string | 'memory'
  /** Pool size for PostgreSQL (PGlite always has exactly one connection). */
  poolMax?: number
}

export interface Database {
  knex: Knex
  dialect: Dialect
  close: () => Promise<void>
}

// Counts and bigint ids come back as numbers on both drivers (PGlite already does this).
pg.types.setTypeParser(20, v => Number(v))

/**
 * Opens the database: PostgreSQL when a URL is given, PGlite on disk (or in memory) otherwise.
 * Both speak the same SQL, so every migration and query runs unchanged on either.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const knex = options.url ? postgresKnex(options.url, options.poolMax ?? 10) : pgliteKnex(options.dataDir ?? resolve('data'))
  // PGlite's start-up (compiling its WASM) can outlast the 20 s connection timeout on a loaded
  // machine: wait for it here, so that timeout only ever measures waiting for the connection.
  if (!options.url) await (knex.client.config.connection as { pglite: PGlite }).pglite.waitReady
  // Objection models are bound per query (`Model.query(trx)`); this default binding serves code
  // that has no transaction of its own.
  Model.knex(knex)
  await knex.raw('select 1')
  return {
    knex,
    dialect: options.url ? 'postgres' : 'pglite',
    close: () => knex.destroy(),
  }
}

function postgresKnex(url: string, poolMax: number): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 30_000,
  })
}

/**
 * knex-pglite labels a delete's response 'DEL', which knex's postgres dialect does not know, so
 * `del()` would return the raw response instead of the row count.
 */
class PgliteClient extends (ClientPgLite as any) {
  processResponse(obj: any, runner: any) {
    if (obj?.method === 'del' && obj.response && !obj.returning && !obj.output)
      return obj.response.affectedRows ?? 0
    return super.processResponse(obj, runner)
  }
}

function pgliteKnex(dataDir: string): Knex {
  // pg_trgm backs substring search (tickets): PGlite can only load an extension given at construction.
  const extensions = { pg_trgm }
  let pglite: PGlite
  if (dataDir === 'memory') {
    pglite = new PGlite({ extensions })
  }
  else {
    const dir = resolve(dataDir, 'pgdata')
    mkdirSync(dir, { recursive: true })
    pglite = new PGlite(dir, { extensions })
  }
  return knexFactory({
    client: PgliteClient as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: { pglite } as Knex.StaticConnectionConfig,
    // One connection: a query issued outside the current transaction waits for it to finish.
    // If it is issued from *inside* the transaction it waits forever; fail loudly instead.
    acquireConnectionTimeout: 20_000,
  })
}
