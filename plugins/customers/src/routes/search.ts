import type { Knex, Role, TenantScope } from '@scrm/store'
import { q, toCustomer } from '../model.js'
import { normalizeEmail, normalizePhone } from '../normalize.js'
import { escapeLike, invalidField, phoneOut } from './common.js'

export interface CustomerSearch {
  q?: string
  name?: string
  phone?: string
  email?: string
  tag?: string
  tier?: string
  region?: string
  kind?: 'person' | 'company'
  includeMerged?: boolean
  limit?: number
  offset?: number
}

/** Subquery: an identity of this customer (same tenant) with this kind and value condition. */
function identityOf(scope: TenantScope, kind: string, value: (b: Knex.QueryBuilder) => void) {
  return function (this: Knex.QueryBuilder) {
    this.select(scope.db.raw('1')).from('identities as i')
      .whereRaw('i.tenant_id = customers.tenant_id and i.customer_id = customers.id')
      .where('i.kind', kind)
      .where(value)
  }
}

function hasIdentity(scope: TenantScope, qb: Knex.QueryBuilder, kind: string, value: (b: Knex.QueryBuilder) => void) {
  qb.whereExists(identityOf(scope, kind, value))
}

/**
 * A phone in any format matches exactly after normalization; a bare run of 4+ digits matches as
 * a fragment (agents often search by the last four digits).
 */
function phoneFilter(scope: TenantScope, qb: Knex.QueryBuilder, phone: string, field: string) {
  const n = normalizePhone(phone)
  if (n.ok) return hasIdentity(scope, qb, 'phone', b => b.where('i.value', n.value))
  const digits = phone.replace(/[\s\-().+]/g, '')
  if (!/^\d{4,}$/.test(digits)) throw invalidField(field, 'is neither a phone number nor 4 or more digits of one')
  hasIdentity(scope, qb, 'phone', b => b.where('i.value', 'like', `%${digits}%`))
}

function emailFilter(scope: TenantScope, qb: Knex.QueryBuilder, email: string) {
  const n = normalizeEmail(email)
  if (n.ok) return hasIdentity(scope, qb, 'email', b => b.where('i.value', n.value))
  hasIdentity(scope, qb, 'email', b => b.where('i.value', 'like', `%${escapeLike(email.trim().toLowerCase())}%`))
}

/** Free text: a phone, an email, or part of a name or company name. */
function freeText(scope: TenantScope, qb: Knex.QueryBuilder, text: string) {
  const t = text.trim()
  if (normalizePhone(t).ok || /^[\d\s\-().+]{4,}$/.test(t)) return phoneFilter(scope, qb, t, '/q')
  if (t.includes('@')) return emailFilter(scope, qb, t)
  const like = `%${escapeLike(t)}%`
  qb.where(b => b.where('customers.name', 'ilike', like)
    .orWhereExists(identityOf(scope, 'company_name', i => i.where('i.value', 'ilike', like))))
}

export async function searchCustomers(scope: TenantScope, s: CustomerSearch, role: Role | undefined) {
  const qb = q.customers(scope)
  if (!s.includeMerged) qb.whereNull('customers.merged_into_id')
  if (s.name) qb.where('customers.name', 'ilike', `%${escapeLike(s.name.trim())}%`)
  if (s.tier) qb.where('customers.tier', s.tier)
  if (s.region) qb.where('customers.region', s.region)
  if (s.kind) qb.where('customers.kind', s.kind)
  if (s.tag) qb.whereRaw('customers.tags @> ?::text[]', [[s.tag]])
  if (s.phone) phoneFilter(scope, qb, s.phone, '/phone')
  if (s.email) emailFilter(scope, qb, s.email)
  if (s.q) freeText(scope, qb, s.q)

  const [{ n }] = await qb.clone().clearOrder().count({ n: '*' })
  const rows = await qb.orderBy([{ column: 'customers.created_at', order: 'desc' }, { column: 'customers.id' }])
    .limit(s.limit ?? 50).offset(s.offset ?? 0)
  const ids = rows.map(r => r.id)
  const identities = ids.length
    ? await q.identities(scope).whereIn('customer_id', ids).whereIn('kind', ['phone', 'email']).orderBy('created_at')
    : []
  const items = rows.map((r) => {
    const mine = identities.filter(i => i.customer_id === r.id)
    return {
      ...toCustomer(r),
      phones: mine.filter(i => i.kind === 'phone').map(i => phoneOut(i.value, role)),
      emails: mine.filter(i => i.kind === 'email').map(i => i.value),
    }
  })
  return { items, total: Number(n) }
}
