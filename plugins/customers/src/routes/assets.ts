import { conflict, errors, HttpError, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import QRCode from 'qrcode'
import { Type } from 'typebox'
import { assetWithOwner } from '../asset-token.js'
import { isUniqueViolation, q, resolveCustomer, toAsset } from '../model.js'
import type { CustomersService } from '../service.js'
import { audit, escapeLike, managers } from './common.js'
import { AssetOut, AssetWithOwnerOut, closed, DateOnly, Nullable } from './schemas.js'

const tags = ['assets']

const AssetFields = {
  serial: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  model: Nullable(Type.String({ maxLength: 100 })),
  name: Nullable(Type.String({ maxLength: 200 })),
  installDate: Nullable(DateOnly),
  customerId: Type.Union([Uuid, Type.Null()]),
  location: Nullable(Type.String({ maxLength: 500 })),
}
const AssetCreate = Type.Object({
  serial: AssetFields.serial,
  model: Type.Optional(AssetFields.model),
  name: Type.Optional(AssetFields.name),
  installDate: Type.Optional(AssetFields.installDate),
  customerId: Type.Optional(AssetFields.customerId),
  location: Type.Optional(AssetFields.location),
}, closed)
const AssetPatch = Type.Partial(Type.Object(AssetFields), { ...closed, minProperties: 1 })
const AssetQuery = Type.Object({
  customerId: Type.Optional(Uuid),
  serial: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, closed)

const COLUMNS = { serial: 'serial', model: 'model', name: 'name', installDate: 'install_date', customerId: 'customer_id', location: 'location' } as const

/** Body → columns; the owner must be a customer of this tenant (a merged one is followed). */
async function toRow(scope: TenantScope, b: Record<string, any>) {
  const row: Record<string, unknown> = {}
  for (const [k, col] of Object.entries(COLUMNS)) if (b[k] !== undefined) row[col] = typeof b[k] === 'string' ? b[k].trim() : b[k]
  if (b.customerId) {
    const owner = await resolveCustomer(scope, b.customerId)
    if (!owner) throw new HttpError(404, 'customer not found', [{ in: 'body', field: '/customerId', message: 'no such customer' }])
    row.customer_id = owner.id
  }
  return row
}

const serialTaken = (serial: string) => conflict(`an asset with serial "${serial}" exists`, [{ in: 'body', field: '/serial', message: 'is already used by another asset' }])

async function withOwner(scope: TenantScope, id: string) {
  const found = await assetWithOwner(scope, id)
  if (!found) throw notFound('asset')
  return { ...found.asset, customer: found.customer }
}

/** Devices under `/api/assets`, and the QR code that opens the portal pre-filled with one. */
export function assetRoutes(service: CustomersService): FastifyPluginAsync {
  return async (app) => {
    app.get('/', {
      schema: { tags, summary: 'List assets by owner, serial or text', querystring: AssetQuery, response: { 200: Type.Object({ items: Type.Array(AssetOut), total: Type.Integer() }), ...errors(400) } },
    }, async (request) => {
      const f = request.query as { customerId?: string, serial?: string, q?: string, limit?: number, offset?: number }
      const qb = q.assets(request.scope)
      if (f.customerId) qb.where({ customer_id: f.customerId })
      if (f.serial) qb.where({ serial: f.serial.trim() })
      if (f.q) {
        const like = `%${escapeLike(f.q.trim())}%`
        qb.where(b => b.where('serial', 'ilike', like).orWhere('model', 'ilike', like).orWhere('name', 'ilike', like))
      }
      const [{ n }] = await qb.clone().clearSelect().count({ n: '*' })
      const rows = await qb.orderBy('serial').limit(f.limit ?? 50).offset(f.offset ?? 0)
      return { items: rows.map(toAsset), total: Number(n) }
    })

    app.post('/', {
      schema: { tags, summary: 'Register an asset (device)', body: AssetCreate, response: { 201: AssetWithOwnerOut, ...errors(400, 404, 409) } },
    }, async (request, reply) => {
      const b = request.body as Record<string, any>
      const out = await request.scope.transaction(async (s) => {
        const row = await toRow(s, b)
        if (await s.table('assets').where({ serial: row.serial }).first()) throw serialTaken(String(row.serial))
        const [created] = await s.insert('assets', row).returning('id')
          .catch((err) => { throw isUniqueViolation(err) ? serialTaken(String(row.serial)) : err })
        await audit(request, s, 'asset.create', `asset:${created.id}`, { serial: row.serial })
        return withOwner(s, created.id)
      })
      return reply.status(201).send(out)
    })

    app.get('/:id', {
      schema: { tags, summary: 'One asset with its owner', params: IdParams, response: { 200: AssetWithOwnerOut, ...errors(404) } },
    }, async request => withOwner(request.scope, (request.params as { id: string }).id))

    app.patch('/:id', {
      schema: { tags, summary: 'Change an asset (owner, location …)', params: IdParams, body: AssetPatch, response: { 200: AssetWithOwnerOut, ...errors(400, 404, 409) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      return request.scope.transaction(async (s) => {
        if (!await s.table('assets').where({ id }).first('id')) throw notFound('asset')
        const row = await toRow(s, request.body as Record<string, any>)
        if (row.serial && await s.table('assets').where({ serial: row.serial }).whereNot({ id }).first('id')) throw serialTaken(String(row.serial))
        await s.table('assets').where({ id }).update({ ...row, updated_at: new Date() })
        await audit(request, s, 'asset.update', `asset:${id}`, { fields: Object.keys(request.body as object) })
        return withOwner(s, id)
      })
    })

    app.delete('/:id', {
      preHandler: managers,
      schema: { tags, summary: 'Delete an asset (admin, supervisor)', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      await request.scope.transaction(async (s) => {
        if (!await s.table('assets').where({ id }).del()) throw notFound('asset')
        await audit(request, s, 'asset.delete', `asset:${id}`)
      })
      return reply.status(204).send()
    })

    app.get('/:id/qr', {
      schema: { tags, summary: 'The portal URL the asset\'s QR code encodes', params: IdParams, response: { 200: Type.Object({ url: Type.String() }), ...errors(404) } },
    }, async (request) => {
      const url = await service.assetPortalUrl(request.scope, (request.params as { id: string }).id)
      if (!url) throw notFound('asset')
      return { url }
    })

    app.get('/:id/qr.png', {
      schema: { tags, summary: 'QR code (PNG) opening the portal pre-filled with this asset and its owner', params: IdParams, response: errors(404) },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      const url = await service.assetPortalUrl(request.scope, id)
      if (!url) throw notFound('asset')
      // Level M survives a scuffed sticker; scale 8 prints sharply at a few centimetres.
      const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 })
      return reply
        .header('content-type', 'image/png')
        .header('content-disposition', `inline; filename="asset-${id}.png"`)
        // The image carries a signed token: keep it out of shared caches.
        .header('cache-control', 'private, no-store')
        .send(png)
    })

    app.post('/:id/qr/reissue', {
      preHandler: managers,
      schema: { tags, summary: 'Invalidate the printed QR code and issue a new one (lost or moved device)', params: IdParams, response: { 200: Type.Object({ url: Type.String() }), ...errors(403, 404) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const url = await request.scope.transaction(async (s) => {
        if (!await s.table('assets').where({ id }).increment('qr_version', 1)) throw notFound('asset')
        await audit(request, s, 'asset.qr.reissue', `asset:${id}`)
        return service.assetPortalUrl(s, id)
      })
      return { url: url! }
    })
  }
}
