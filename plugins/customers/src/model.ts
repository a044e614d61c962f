import type { Knex, TenantScope } from '@scrm/store'
import { formatPhone, type IdentityKind } from './normalize.js'
import type { StageKey } from './stages.js'

/** API and service shapes: camelCase, timestamps as ISO strings, dates as YYYY-MM-DD. */
export interface Customer {
  id: string
  kind: 'person' | 'company'
  name: string
  tier: string | null
  tags: string[]
  region: string | null
  ownerId: string | null
  /** Set when this customer was merged: the survivor (follow it; `get(…, { follow: true })` does). */
  mergedIntoId: string | null
  createdAt: string
  updatedAt: string
}

export interface Identity {
  id: string
  customerId: string
  kind: IdentityKind
  /** Normalized: E.164 phone, lower-case email … */
  value: string
  /** For people: `138 0013 8000`, `010-12345678`; otherwise the value. */
  display: string
  source: string | null
  createdAt: string
}

export interface Contact {
  id: string
  customerId: string
  name: string
  title: string | null
  phone: string | null
  email: string | null
  notes: string | null
  createdAt: string
  updatedAt: string
}

export interface Opportunity {
  id: string
  customerId: string
  title: string
  stage: StageKey
  amountFen: number
  ownerId: string | null
  expectedCloseDate: string | null
  stageChangedAt: string
  closedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface Asset {
  id: string
  serial: string
  model: string | null
  name: string | null
  installDate: string | null
  customerId: string | null
  location: string | null
  createdAt: string
  updatedAt: string
}

export type Row = Record<string, any>
/** A tenant-filtered query whose rows are plain records (knex leaves them untyped). */
export type RowQuery = Knex.QueryBuilder<Row, Row[]>
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v))
const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v))

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v)

export function toCustomer(r: Row): Customer {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    tier: r.tier ?? null,
    tags: r.tags ?? [],
    region: r.region ?? null,
    ownerId: r.owner_id ?? null,
    mergedIntoId: r.merged_into_id ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

export function toIdentity(r: Row): Identity {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    value: r.value,
    display: r.kind === 'phone' ? formatPhone(r.value) : r.value,
    source: r.source ?? null,
    createdAt: iso(r.created_at),
  }
}

export function toContact(r: Row): Contact {
  return {
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    title: r.title ?? null,
    phone: r.phone ?? null,
    email: r.email ?? null,
    notes: r.notes ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

export function toOpportunity(r: Row): Opportunity {
  return {
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    stage: r.stage,
    amountFen: Number(r.amount_fen),
    ownerId: r.owner_id ?? null,
    expectedCloseDate: r.expected_close_date ?? null,
    stageChangedAt: iso(r.stage_changed_at),
    closedAt: isoOrNull(r.closed_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

export function toAsset(r: Row): Asset {
  return {
    id: r.id,
    serial: r.serial,
    model: r.model ?? null,
    name: r.name ?? null,
    installDate: r.install_date ?? null,
    customerId: r.customer_id ?? null,
    location: r.location ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

// `date` columns are read as text: drivers turn them into local-midnight Dates, which shift a day
// when the server's time zone is not UTC.
const OPP_COLUMNS = ['id', 'customer_id', 'title', 'stage', 'amount_fen', 'owner_id', 'stage_changed_at', 'closed_at', 'created_at', 'updated_at']
const ASSET_COLUMNS = ['id', 'serial', 'model', 'name', 'customer_id', 'location', 'qr_version', 'created_at', 'updated_at']

/** Table queries that read every column the mappers need, tenant-filtered by the scope. */
export const q: Record<'customers' | 'identities' | 'contacts' | 'opportunities' | 'assets', (s: TenantScope) => RowQuery> = {
  customers: s => s.table('customers'),
  identities: s => s.table('identities'),
  contacts: s => s.table('contacts'),
  opportunities: s => s.table('opportunities').select(...OPP_COLUMNS, s.db.raw('expected_close_date::text as expected_close_date')),
  assets: s => s.table('assets').select(...ASSET_COLUMNS, s.db.raw('install_date::text as install_date')),
}

/** The customer row with this id, as stored (merged or not). */
export async function findCustomer(scope: TenantScope, id: string): Promise<Customer | undefined> {
  if (!isUuid(id)) return undefined
  const row = await q.customers(scope).where({ id }).first()
  return row ? toCustomer(row) : undefined
}

/** Follows `merged_into_id` to the surviving customer (merges flatten chains, so this is short). */
export async function resolveCustomer(scope: TenantScope, id: string): Promise<Customer | undefined> {
  let c = await findCustomer(scope, id)
  for (let hops = 0; c?.mergedIntoId && hops < 32; hops++) c = await findCustomer(scope, c.mergedIntoId)
  return c
}

/** Postgres error codes worth turning into 4xx answers. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505'
export const isForeignKeyViolation = (err: unknown) => (err as { code?: string })?.code === '23503'
