import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { TenantScope } from '@scrm/store'
import { type Asset, type Customer, findCustomer, isUuid, q, toAsset } from './model.js'

export interface AssetWithOwner {
  asset: Asset
  /** The current owner (after merges), or null for an unassigned device. */
  customer: Customer | null
}

/** The tenant's signing key, created on first use (tenants created before this plugin have none). */
async function tenantKey(scope: TenantScope): Promise<Buffer> {
  let row = await scope.table('customer_secrets').first('asset_token_key')
  if (!row) {
    await scope.insert('customer_secrets', { asset_token_key: randomBytes(32).toString('base64url') }).onConflict('tenant_id').ignore()
    row = await scope.table('customer_secrets').first('asset_token_key')
  }
  return Buffer.from(row.asset_token_key, 'base64url')
}

// 128 bits of HMAC-SHA256 is far beyond guessing over HTTP and keeps the QR code small.
function mac(key: Buffer, tenantId: string, assetId: string, qrVersion: number): Buffer {
  return createHmac('sha256', key).update(`asset:${tenantId}:${assetId}:${qrVersion}`).digest().subarray(0, 16)
}

export async function signAssetToken(scope: TenantScope, assetId: string, qrVersion: number): Promise<string> {
  return mac(await tenantKey(scope), scope.tenantId, assetId, qrVersion).toString('base64url')
}

export async function assetWithOwner(scope: TenantScope, assetId: string): Promise<(AssetWithOwner & { qrVersion: number }) | undefined> {
  if (!isUuid(assetId)) return undefined
  const row = await q.assets(scope).where({ id: assetId }).first()
  if (!row) return undefined
  let customer = row.customer_id ? await findCustomer(scope, row.customer_id) : undefined
  for (let hops = 0; customer?.mergedIntoId && hops < 32; hops++) customer = await findCustomer(scope, customer.mergedIntoId)
  return { asset: toAsset(row), customer: customer ?? null, qrVersion: row.qr_version }
}

/**
 * For the portal: is `token` the one printed on this asset's QR code (current version)? Then the
 * asset and its owner can be trusted to pre-fill a ticket. Constant-time comparison.
 */
export async function verifyAssetToken(scope: TenantScope, assetId: string, token: string): Promise<AssetWithOwner | undefined> {
  if (typeof token !== 'string' || !/^[\w-]{22}$/.test(token)) return undefined
  const found = await assetWithOwner(scope, assetId)
  if (!found) return undefined
  // Compare the text, not decoded bytes: the last base64url character has spare bits, so
  // several spellings decode to the same MAC and only the canonical one was ever issued.
  const expected = Buffer.from(mac(await tenantKey(scope), scope.tenantId, assetId, found.qrVersion).toString('base64url'))
  if (!timingSafeEqual(Buffer.from(token), expected)) return undefined
  return { asset: found.asset, customer: found.customer }
}

/** `${publicBaseUrl}/portal/${tenantSlug}/new?asset=…&t=…`: what the asset's QR code encodes. */
export async function assetPortalUrl(scope: TenantScope, publicBaseUrl: string, assetId: string): Promise<string | undefined> {
  const found = await assetWithOwner(scope, assetId)
  if (!found) return undefined
  const tenant = await scope.table('tenants').first('slug')
  const token = await signAssetToken(scope, assetId, found.qrVersion)
  const base = publicBaseUrl.replace(/\/+$/, '')
  return `${base}/portal/${encodeURIComponent(tenant.slug)}/new?asset=${assetId}&t=${token}`
}
