import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, files, multipart, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

describeDatabases('merge and links', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  const create = async (title: string) => (await a.api('POST', '/api/tickets', afterSalesTicket({ title }))).body
  const link = (id: string, kind: string, ticketId: string) => a.api('POST', `/api/tickets/${id}/links`, { kind, ticketId })
  const links = async (id: string) => (await a.api('GET', `/api/tickets/${id}/links`)).body.map((l: { kind: string, ticket: { id: string } }) => [l.kind, l.ticket.id])

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
  })
  afterAll(() => p?.close())

  it('links parent/child, related and duplicate, seen from both sides; no loops, no self-links', async () => {
    const [parent, child, other, dup] = [await create('整栋楼停水'), await create('3楼停水'), await create('水压低'), await create('3楼没水')]
    expect((await link(child.id, 'parent', parent.id)).status).toBe(201)
    expect((await link(child.id, 'related', other.id)).status).toBe(201)
    expect((await link(dup.id, 'duplicate', child.id)).status).toBe(201)
    expect(await links(parent.id)).toEqual([['child', child.id]])
    expect(await links(child.id)).toEqual([['parent', parent.id], ['related', other.id], ['duplicated_by', dup.id]])
    expect(await links(other.id)).toEqual([['related', child.id]])
    expect((await link(other.id, 'related', child.id)).status).toBe(409) // the same related link from the other side
    expect((await link(parent.id, 'parent', child.id)).status).toBe(409) // would make a loop
    expect((await link(parent.id, 'related', parent.id)).status).toBe(400)
    expect((await link(parent.id, 'sibling', child.id)).body.details[0].field).toBe('/kind')
    expect((await link(parent.id, 'related', '00000000-0000-4000-8000-000000000000')).body.details[0].field).toBe('/ticketId')
    const [first] = (await a.api('GET', `/api/tickets/${parent.id}/links`)).body
    expect((await a.api('DELETE', `/api/tickets/${parent.id}/links/${first.id}`)).status).toBe(204)
    expect(await links(child.id)).toEqual([['related', other.id], ['duplicated_by', dup.id]])
  })

  it('merge moves comments, attachments and links to the survivor; the merged ticket closes and points at it', async () => {
    const survivor = await create('热水器不加热')
    const merged = await create('热水器没有热水')
    const related = await create('燃气表读数异常')
    await a.api('POST', `/api/tickets/${merged.id}/comments`, { body: '客户第二次来电', visibility: 'internal' })
    const m = multipart([{ name: 'file', filename: '铭牌.png', content: files.png() }])
    await a.api('POST', `/api/tickets/${merged.id}/attachments`, m.payload, { headers: { ...m.headers, authorization: `Bearer ${a.token}` } })
    await link(merged.id, 'related', related.id)
    await link(merged.id, 'duplicate', survivor.id) // becomes a self-link on the survivor: dropped

    const res = await a.api('POST', `/api/tickets/${merged.id}/merge`, { intoId: survivor.id, expectedVersion: 1 })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.merged).toMatchObject({ mergedIntoId: survivor.id, statusCategory: 'closed', version: 2 })
    expect(res.body.survivor.version).toBe(2)
    const comments = (await a.api('GET', `/api/tickets/${survivor.id}/comments`)).body
    expect(comments.map((c: { body: string }) => c.body)).toEqual(['客户第二次来电'])
    expect((await a.api('GET', `/api/tickets/${survivor.id}/attachments`)).body.map((f: { filename: string }) => f.filename)).toEqual(['铭牌.png'])
    expect((await a.api('GET', `/api/tickets/${merged.id}/comments`)).body).toEqual([])
    expect(await links(survivor.id)).toEqual([['related', related.id]])
    expect(await links(merged.id)).toEqual([])
    const survivorEvents = (await a.api('GET', `/api/tickets/${survivor.id}/timeline`)).body.events
    expect(survivorEvents.at(-1)).toMatchObject({ kind: 'merged_from', data: { ticketId: merged.id, moved: { comments: 1, attachments: 1, links: 1 } } })

    // The merged ticket is read-only from now on; merging again or into it is refused.
    expect((await a.api('PATCH', `/api/tickets/${merged.id}`, { expectedVersion: 2, priority: 'high' })).status).toBe(409)
    expect((await a.api('POST', `/api/tickets/${merged.id}/merge`, { intoId: related.id })).status).toBe(409)
    expect((await a.api('POST', `/api/tickets/${related.id}/merge`, { intoId: merged.id })).status).toBe(409)
    expect((await a.api('POST', `/api/tickets/${related.id}/merge`, { intoId: related.id })).body.details[0].field).toBe('/intoId')
  })

  it('a merged ticket\'s tracking link shows the survivor', async () => {
    const sub = await p.inject({ method: 'POST', url: `/api/portal/${a.slug}/tickets`, payload: { typeKey: 'after-sales', fields: { problemType: '物流咨询', contactPhone: '13500000000' }, contact: { phone: '13500000000' } } })
    const mergedId = (await a.api('GET', `/api/tickets?q=${sub.body.number}`)).body.items[0].id
    const survivor = await create('物流查询汇总')
    await a.api('POST', `/api/tickets/${survivor.id}/status`, { status: 'open' })
    await a.api('POST', `/api/tickets/${mergedId}/merge`, { intoId: survivor.id })
    const track = await p.inject({ method: 'GET', url: `/api/portal/track/${sub.body.trackingToken}` })
    expect(track.body).toMatchObject({ number: survivor.number, mergedFrom: sub.body.number, status: { key: 'open' } })
  })
})
