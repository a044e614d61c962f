import type { Knex } from 'knex'
import type { Model, QueryBuilder, TransactionOrKnex } from 'objection'

type ModelCtor = (new () => Model) & typeof Model

/**
 * Everything a request may touch, confined to one tenant. Routes get one from the auth layer
 * (`request.scope`); background work makes one per tenant it handles.
 */
export interface TenantScope {
  tenantId: string
  /** The connection or transaction to use: inside `transaction()`, the transaction. */
  db: Knex
  /** An objection query on a tenant model, filtered by this tenant. */
  query: <T extends ModelCtor>(model: T) => QueryBuilder<InstanceType<T>, InstanceType<T>[]>
  /** A knex query on a tenant-owned table, filtered by this tenant (for code that does not use models). */
  table: (name: string) => Knex.QueryBuilder
  /** Inserts rows into a tenant-owned table with this tenant's id. */
  insert: <R extends object>(name: string, rows: R | R[]) => Knex.QueryBuilder
  /** Runs `fn` in one transaction with a scope bound to it (reuses the current one if already inside). */
  transaction: <T>(fn: (scope: TenantScope) => Promise<T>) => Promise<T>
}

export function tenantScope(tenantId: string, db: Knex): TenantScope {
  if (!tenantId) throw new Error('tenantScope needs a tenant id')
  const scope: TenantScope = {
    tenantId,
    db,
    query: model => (model as any).query(db as TransactionOrKnex).context({ tenantId }),
    table: name => db(name).where(`${name.split(/\s+as\s+|\s+/i).pop()}.tenant_id`, tenantId),
    insert: (name, rows) => db(name).insert((Array.isArray(rows) ? rows : [rows]).map(r => ({ ...r, tenant_id: tenantId }))),
    transaction: fn => (db.isTransaction ? fn(scope) : db.transaction(trx => fn(tenantScope(tenantId, trx)))),
  }
  return scope
}
