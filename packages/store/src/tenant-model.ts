import { Model, type QueryBuilder } from 'objection'

/** Raised when a query on a tenant-owned table is built without a tenant: a bug, never a user error. */
export class UnscopedQueryError extends Error {
  constructor(table: string) {
    super(`query on "${table}" has no tenant scope: use scope.query(Model) or context({ allTenants: true }) for system jobs`)
    this.name = 'UnscopedQueryError'
  }
}

export interface TenantContext {
  tenantId?: string
  /** Explicit opt-out for system work that spans tenants (timer workers, migrations). */
  allTenants?: boolean
}

/**
 * Base of every tenant-owned model. Every query, including relation and eager queries (which
 * inherit the context), is filtered by the tenant in its context, and inserts get that tenant's
 * id. A query without a tenant throws: a route cannot forget the scope.
 */
export class TenantModel extends Model {
  tenant_id!: string

  static override query<M extends Model>(this: any, ...args: any[]): QueryBuilder<M, M[]> {
    const modelClass = this as typeof TenantModel
    const qb = (Model.query as any).apply(this, args) as QueryBuilder<M, M[]>
    return qb.onBuild((builder) => {
      const ctx = builder.context() as TenantContext
      if (ctx.allTenants) return
      if (!ctx.tenantId) throw new UnscopedQueryError(modelClass.tableName)
      if (builder.isInsert()) return
      builder.where(`${builder.tableRefFor(modelClass)}.tenant_id`, ctx.tenantId)
    })
  }

  override $beforeInsert(queryContext: any): void {
    const ctx = queryContext as TenantContext
    if (ctx.tenantId) {
      if (this.tenant_id && this.tenant_id !== ctx.tenantId) throw new Error(`row of tenant ${this.tenant_id} inserted in the scope of tenant ${ctx.tenantId}`)
      this.tenant_id = ctx.tenantId
    }
    else if (!ctx.allTenants || !this.tenant_id) {
      throw new UnscopedQueryError((this.constructor as typeof TenantModel).tableName)
    }
  }

  override $beforeUpdate(_opt: any, queryContext: any): void {
    const ctx = queryContext as TenantContext
    if (ctx.tenantId && this.tenant_id && this.tenant_id !== ctx.tenantId) throw new Error('tenant_id cannot be changed')
  }
}
