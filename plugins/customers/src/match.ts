import { badRequest } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { type Customer, q, resolveCustomer, toCustomer } from './model.js'
import { type IdentityKind, maskPhone, normalizeCompanyName, normalizeIdentity } from './normalize.js'

/** What an intake channel knows about the person behind a ticket. Every field is optional. */
export interface IntakeIdentity {
  name?: string
  phone?: string
  email?: string
  wecomExternalUserId?: string
  wechatOpenId?: string
  companyName?: string
  tier?: string
  /** The channel, recorded on identities learned here (portal, wecom, api …). */
  source?: string
}

export interface MatchResult {
  customer: Customer
  created: boolean
  /** The identity kind that found an existing customer. */
  matchedBy?: IdentityKind
}

export interface WantedIdentity { kind: IdentityKind, value: string }

/** Strongest first: platform ids are unique per person; a company name is shared by many people. */
export const INTAKE_FIELDS: Array<[keyof IntakeIdentity, IdentityKind]> = [
  ['wecomExternalUserId', 'wecom_external_userid'],
  ['wechatOpenId', 'wechat_openid'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['companyName', 'company_name'],
]
const PRIORITY = new Map(INTAKE_FIELDS.map(([, kind], i) => [kind, i]))

/** Normalizes every identity given; an invalid one is a 400 naming the input field. */
export function identitiesFromInput(input: IntakeIdentity): WantedIdentity[] {
  const out: WantedIdentity[] = []
  const bad: Array<{ field: string, message: string }> = []
  for (const [field, kind] of INTAKE_FIELDS) {
    const raw = input[field]
    if (raw === undefined || raw === null || raw === '') continue
    const n = normalizeIdentity(kind, String(raw))
    if (n.ok) out.push({ kind, value: n.value })
    else bad.push({ field, message: `${field} ${n.message}` })
  }
  if (bad.length) throw badRequest(`invalid ${bad.map(b => b.field).join(', ')}: ${bad[0].message}`, bad)
  return out
}

/** Adds identities to a customer, skipping those another customer already holds. Returns how many were new. */
export async function addIdentities(scope: TenantScope, customerId: string, ids: WantedIdentity[], source?: string): Promise<number> {
  if (!ids.length) return 0
  const rows = await scope.insert('identities', ids.map(i => ({ customer_id: customerId, kind: i.kind, value: i.value, source: source ?? null })))
    .onConflict(['tenant_id', 'kind', 'value']).ignore().returning('id')
  return rows.length
}

function fallbackName(input: IntakeIdentity, ids: WantedIdentity[]): string {
  const phone = ids.find(i => i.kind === 'phone')
  // Names show in lists seen by agents, so a phone-derived name is masked like the phone itself.
  if (phone) return `客户 ${maskPhone(phone.value)}`
  if (input.email) return input.email.trim()
  if (input.wechatOpenId) return '微信用户'
  if (input.wecomExternalUserId) return '企业微信客户'
  return '未命名客户'
}

const PLACEHOLDERS = new Set(['微信用户', '企业微信客户', '未命名客户'])
/** Names made up by `fallbackName`: a later intake that knows the real name replaces them. */
function isPlaceholderName(name: string): boolean {
  return PLACEHOLDERS.has(name) || /^客户 \S*\*{4}/.test(name) || name.includes('@')
}

async function create(scope: TenantScope, input: IntakeIdentity, ids: WantedIdentity[]): Promise<Customer> {
  const company = input.companyName ? normalizeCompanyName(input.companyName) : undefined
  const personName = input.name?.trim()
  const [row] = await scope.insert('customers', {
    kind: company?.ok ? 'company' : 'person',
    name: (company?.ok ? company.value : personName || fallbackName(input, ids)).slice(0, 200),
    tier: input.tier?.trim().slice(0, 32) || null,
  }).returning('*')
  // For a company, the person who contacted us becomes its first contact.
  if (company?.ok && personName) {
    const phone = ids.find(i => i.kind === 'phone')?.value ?? null
    const email = ids.find(i => i.kind === 'email')?.value ?? null
    await scope.insert('contacts', { customer_id: row.id, name: personName.slice(0, 100), phone, email })
  }
  return toCustomer(row)
}

/**
 * Auto-match on intake: any known identity → its customer (following merges), which also learns
 * the identities it did not have yet; otherwise a new customer with all of them. Runs in the
 * caller's transaction when `scope` is bound to one.
 */
export async function matchOrCreate(scope: TenantScope, input: IntakeIdentity): Promise<MatchResult> {
  const ids = identitiesFromInput(input)
  if (!ids.length && !input.name?.trim()) throw badRequest('a customer needs a name or at least one identity (phone, email, WeCom, WeChat, company)', [{ field: 'name', message: 'name or an identity is required' }])
  return scope.transaction(async (s) => {
    for (let attempt = 0; ; attempt++) {
      // One round trip: the identities with their customers (merges move identities, so the
      // customer is normally the survivor already).
      const found = ids.length
        ? await q.identities(s)
          .join('customers as c', j => j.on('c.tenant_id', 'identities.tenant_id').andOn('c.id', 'identities.customer_id'))
          .whereIn(['identities.kind', 'identities.value'], ids.map(i => [i.kind, i.value]))
          .select('identities.kind as identity_kind', 'identities.value as identity_value', 'c.*')
        : []
      if (found.length) {
        found.sort((a, b) => PRIORITY.get(a.identity_kind)! - PRIORITY.get(b.identity_kind)!)
        const best = found[0]
        const matchedBy = best.identity_kind as IdentityKind
        let customer = best.merged_into_id ? (await resolveCustomer(s, best.id))! : toCustomer(best)
        const known = new Set(found.map(f => `${f.identity_kind}\0${f.identity_value}`))
        await addIdentities(s, customer.id, ids.filter(i => !known.has(`${i.kind}\0${i.value}`)), input.source)
        const patch: Record<string, unknown> = {}
        if (input.tier?.trim() && !customer.tier) patch.tier = input.tier.trim().slice(0, 32)
        if (input.name?.trim() && customer.kind === 'person' && isPlaceholderName(customer.name)) patch.name = input.name.trim().slice(0, 200)
        if (Object.keys(patch).length) {
          const [row] = await q.customers(s).where({ id: customer.id }).update({ ...patch, updated_at: new Date() }).returning('*')
          customer = toCustomer(row)
        }
        return { customer, created: false, matchedBy }
      }
      const customer = await create(s, input, ids)
      const added = await addIdentities(s, customer.id, ids, input.source)
      if (added === ids.length || attempt >= 2) return { customer, created: true }
      // A concurrent intake created one of these identities between our lookup and insert (the
      // insert waited for it to commit): undo our customer and match theirs instead of forking.
      await q.contacts(s).where({ customer_id: customer.id }).del()
      await q.identities(s).where({ customer_id: customer.id }).del()
      await q.customers(s).where({ id: customer.id }).del()
    }
  })
}
