import type { Role, TenantScope } from '@scrm/store'
import { assetPortalUrl, assetWithOwner, type AssetWithOwner, verifyAssetToken } from './asset-token.js'
import { type IntakeIdentity, matchOrCreate, type MatchResult } from './match.js'
import { mergeCustomers, type MergeHook, type MergeResult } from './merge.js'
import { type Customer, findCustomer, type Identity, isUuid, type Opportunity, q, resolveCustomer, toIdentity, toOpportunity } from './model.js'
import { OPEN_STAGES } from './stages.js'

/** Who is looking at a customer card: sections may hide or mask data by role. */
export interface CardViewer {
  userId?: string
  role?: Role
}

/**
 * A block another plugin adds to `GET /api/customers/:id` (tickets adds `tickets`). `load` runs
 * with the request's tenant scope; its JSON result appears under `sections[key]`.
 */
export interface CardSection {
  key: string
  load: (scope: TenantScope, customer: Customer, viewer: CardViewer) => Promise<unknown>
}

/** What the customers plugin offers other plugins: `services.get<CustomersService>('customers')`. */
export interface CustomersService {
  /** Intake auto-match: see `matchOrCreate` in match.ts. Invalid identities → HttpError 400 naming the field. */
  matchOrCreate: (scope: TenantScope, input: IntakeIdentity) => Promise<MatchResult>
  /** A customer by id; `follow: true` returns the survivor when it was merged. */
  get: (scope: TenantScope, id: string, options?: { follow?: boolean }) => Promise<Customer | undefined>
  identities: (scope: TenantScope, customerId: string) => Promise<Identity[]>
  /** Opportunities not won or lost, most recently updated first: a new ticket links to these. */
  openOpportunities: (scope: TenantScope, customerId: string) => Promise<Opportunity[]>
  assetWithOwner: (scope: TenantScope, assetId: string) => Promise<AssetWithOwner | undefined>
  /** Manual merge (also behind `POST /api/customers/:id/merge`); runs the onMerge hooks. */
  merge: (scope: TenantScope, fromId: string, intoId: string, options?: { actorId?: string | null }) => Promise<MergeResult>
  /** Runs inside every merge transaction, after the customers' own rows moved. Returns an unsubscribe. */
  onMerge: (hook: MergeHook) => () => void
  cardSections: { register: (section: CardSection) => () => void, list: () => readonly CardSection[] }
  /** For the portal: the asset and owner when `token` is the asset's current QR token, else undefined. */
  verifyAssetToken: (scope: TenantScope, assetId: string, token: string) => Promise<AssetWithOwner | undefined>
  /** The portal URL printed as the asset's QR code. */
  assetPortalUrl: (scope: TenantScope, assetId: string) => Promise<string | undefined>
}

export interface CustomersServiceOptions {
  publicBaseUrl: string
}

function registry<T>() {
  const items: T[] = []
  return {
    items: items as readonly T[],
    add(item: T) {
      items.push(item)
      return () => {
        const i = items.indexOf(item)
        if (i >= 0) items.splice(i, 1)
      }
    },
  }
}

export function createCustomersService(options: CustomersServiceOptions): CustomersService {
  const hooks = registry<MergeHook>()
  const sections = registry<CardSection>()
  return {
    matchOrCreate,
    get: (scope, id, opts) => (opts?.follow ? resolveCustomer(scope, id) : findCustomer(scope, id)),
    identities: async (scope, customerId) => !isUuid(customerId) ? [] :
      (await q.identities(scope).where({ customer_id: customerId }).orderBy(['kind', 'created_at'])).map(toIdentity),
    openOpportunities: async (scope, customerId) => !isUuid(customerId) ? [] :
      (await q.opportunities(scope).where({ customer_id: customerId }).whereIn('stage', OPEN_STAGES).orderBy('updated_at', 'desc')).map(toOpportunity),
    assetWithOwner: async (scope, assetId) => {
      const found = await assetWithOwner(scope, assetId)
      return found && { asset: found.asset, customer: found.customer }
    },
    merge: (scope, fromId, intoId, opts) => mergeCustomers(scope, fromId, intoId, { actorId: opts?.actorId, hooks: hooks.items }),
    onMerge: hook => hooks.add(hook),
    cardSections: {
      register: (section) => {
        if (sections.items.some(s => s.key === section.key)) throw new Error(`customer card section "${section.key}" is already registered`)
        return sections.add(section)
      },
      list: () => sections.items,
    },
    verifyAssetToken,
    assetPortalUrl: (scope, assetId) => assetPortalUrl(scope, options.publicBaseUrl, assetId),
  }
}
