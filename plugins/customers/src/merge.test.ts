import type { TestTenant } from '@scrm/server/testing'
import type { TenantScope } from '@scrm/store'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCustomersPlatform } from './test-platform.test-helper.js'

describeDatabases('customers: merge', (kind) => {
  let p: Awaited<ReturnType<typeof startCustomersPlatform>>
  let a: TestTenant
  let b: TestTenant
  let sa: TenantScope
  const hookCalls: Array<[string, string]> = []

  beforeAll(async () => {
    p = await startCustomersPlatform(kind)
    a = await p.tenant()
    b = await p.tenant()
    sa = p.scope(a.tenantId)
    // What the tickets plugin does: move its rows inside the merge transaction.
    p.service.onMerge(async (scope, fromId, toId) => {
      const from = await p.service.get(scope, fromId)
      expect(from?.mergedIntoId).toBe(toId) // the hook sees the merge's own uncommitted writes
      hookCalls.push([fromId, toId])
    })
  })
  afterAll(() => p?.close())

  const customer = async (body: object, t: TestTenant = a) => {
    const res = await t.api('POST', '/api/customers', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.customer.id as string
  }
  const merge = (from: string, intoId: string, t: TestTenant = a) => t.api('POST', `/api/customers/${from}/merge`, { intoId })

  it('moves identities, contacts, opportunities and assets; the duplicate points to the survivor', async () => {
    const dup = await customer({ name: '赵六(微信)', phone: '13700007777', wechatOpenId: 'oZhao6', tags: ['微信'], region: '华北' })
    const keep = await customer({ name: '赵六', email: 'zhao6@x.cn', tier: 'VIP', tags: ['老客户'] })
    await a.api('POST', `/api/customers/${dup}/contacts`, { name: '赵太太' })
    const opp = await a.api('POST', '/api/opportunities', { customerId: dup, title: '续保' })
    const asset = await a.api('POST', '/api/assets', { serial: 'MERGE-1', customerId: dup })

    const res = await merge(dup, keep)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({
      mergedId: dup, alreadyMerged: false,
      moved: { identities: 2, contacts: 1, opportunities: 1, assets: 1, customers: 0 },
      survivor: { id: keep, tier: 'VIP', region: '华北', tags: ['老客户', '微信'] },
    })
    expect(hookCalls).toContainEqual([dup, keep])

    const card = (await a.api('GET', `/api/customers/${keep}`)).body
    expect(card.identities.map((i: any) => i.kind).sort()).toEqual(['email', 'phone', 'wechat_openid'])
    expect(card.contacts.map((c: any) => c.name)).toEqual(['赵太太'])
    expect(card.opportunities.map((o: any) => o.id)).toEqual([opp.body.id])
    expect(card.assets.map((x: any) => x.id)).toEqual([asset.body.id])
    const old = (await a.api('GET', `/api/customers/${dup}`)).body
    expect(old).toMatchObject({ customer: { mergedIntoId: keep }, identities: [], contacts: [], opportunities: [], assets: [] })

    // Intake now finds the survivor; lists hide the duplicate unless asked.
    expect((await p.service.matchOrCreate(sa, { phone: '137-0000-7777' })).customer.id).toBe(keep)
    expect((await p.service.get(sa, dup, { follow: true }))?.id).toBe(keep)
    const ids = (q: string) => a.api('GET', `/api/customers?${q}`).then(r => r.body.items.map((i: any) => i.id))
    expect(await ids(`name=${encodeURIComponent('赵六')}`)).toEqual([keep])
    expect(await ids(`name=${encodeURIComponent('赵六')}&includeMerged=true`)).toContain(dup)
    // A merged customer is read-only.
    expect((await a.api('PATCH', `/api/customers/${dup}`, { name: 'x' })).status).toBe(409)
    expect((await a.api('POST', `/api/customers/${dup}/identities`, { kind: 'email', value: 'z@x.cn' })).status).toBe(409)

    const audit = await p.db.knex('audit_log').where({ tenant_id: a.tenantId, action: 'customer.merge', target: `customer:${dup}` })
    expect(audit).toHaveLength(1)
    expect(audit[0].details).toMatchObject({ intoId: keep })
  })

  it('is safe to repeat, follows chains, and refuses self-merges', async () => {
    const x = await customer({ name: 'X' })
    const y = await customer({ name: 'Y' })
    const z = await customer({ name: 'Z' })
    expect((await merge(x, y)).body.alreadyMerged).toBe(false)
    const calls = hookCalls.length
    const again = await merge(x, y)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ alreadyMerged: true, survivor: { id: y }, moved: { identities: 0 } })
    expect(hookCalls.length).toBe(calls)

    // Merging into a merged customer merges into its survivor.
    const res = await merge(z, x)
    expect(res.status).toBe(200)
    expect(res.body.survivor.id).toBe(y)
    expect((await p.service.get(sa, z))?.mergedIntoId).toBe(y)

    // Into itself, directly or through the chain → 400 naming intoId.
    for (const [from, into] of [[y, y], [y, x], [y, z]]) {
      const bad = await merge(from, into)
      expect(bad.status, `${from}→${into}`).toBe(400)
      expect(bad.body.details[0].field).toBe('/intoId')
    }
    // Already merged elsewhere → 409 with the real survivor.
    const w = await customer({ name: 'W' })
    const conflict = await merge(x, w)
    expect(conflict.status).toBe(409)
    expect(conflict.body.details[0].survivorId).toBe(y)
  })

  it('keeps chains one hop long when a survivor is merged again', async () => {
    const e = await customer({ name: 'E' })
    const f = await customer({ name: 'F' })
    const g = await customer({ name: 'G' })
    await merge(e, f)
    const res = await merge(f, g)
    expect(res.body.moved.customers).toBe(1)
    expect((await p.service.get(sa, e))?.mergedIntoId).toBe(g)
  })

  it('rolls everything back when a merge hook fails', async () => {
    const from = await customer({ name: 'H1', phone: '13700008888' })
    const into = await customer({ name: 'H2' })
    const off = p.service.onMerge(() => { throw new Error('tickets could not move') })
    try {
      await expect(p.service.merge(sa, from, into)).rejects.toThrow('tickets could not move')
    }
    finally { off() }
    expect((await p.service.get(sa, from))?.mergedIntoId).toBeNull()
    expect((await p.service.identities(sa, from)).map(i => i.value)).toEqual(['+8613700008888'])
    expect(await p.db.knex('audit_log').where({ tenant_id: a.tenantId, target: `customer:${from}`, action: 'customer.merge' })).toEqual([])
  })

  it('cannot merge across tenants', async () => {
    const mine = await customer({ name: 'mine' })
    const theirs = await customer({ name: 'theirs' }, b)
    const intoTheirs = await merge(mine, theirs)
    expect(intoTheirs.status).toBe(404)
    expect(intoTheirs.body.details[0].field).toBe('/intoId')
    expect((await merge(theirs, mine)).status).toBe(404) // tenant A cannot touch B's customer
    const fromB = await merge(theirs, mine, b)
    expect(fromB.status).toBe(404)
    expect(fromB.body.details[0].field).toBe('/intoId')
    expect((await p.service.get(p.scope(b.tenantId), theirs))?.mergedIntoId).toBeNull()
  })
})
