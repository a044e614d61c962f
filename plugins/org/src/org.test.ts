import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startOrgPlatform } from './test-platform.test-helper.js'

describeDatabases('org API', (kind) => {
  let p: Awaited<ReturnType<typeof startOrgPlatform>>
  let a: TestTenant
  let agent: TestUser
  let sup: TestUser
  let manager: TestUser

  beforeAll(async () => {
    p = await startOrgPlatform(kind)
    a = await p.tenant()
    agent = await a.user('agent')
    sup = await a.user('supervisor')
    manager = await a.user('supervisor')
  })
  afterAll(() => p?.close())

  const ok = async (res: Promise<{ status: number, body: any }>, status = 200) => {
    const r = await res
    expect(r.status, JSON.stringify(r.body)).toBe(status)
    return r.body
  }

  it('keeps a region tree and moves subtrees', async () => {
    const east = await ok(a.api('POST', '/api/org/regions', { code: 'east', name: '华东' }), 201)
    const sh = await ok(a.api('POST', '/api/org/regions', { code: 'sh', name: '上海', level: 'province', parentId: east.id }), 201)
    const pd = await ok(a.api('POST', '/api/org/regions', { code: 'pd', name: '浦东', level: 'district', parentId: sh.id }), 201)
    expect(pd.path).toEqual([east.id, sh.id, pd.id])
    const south = await ok(a.api('POST', '/api/org/regions', { code: 'south', name: '华南' }), 201)
    await ok(a.api('PATCH', `/api/org/regions/${sh.id}`, { parentId: south.id }))
    expect((await ok(a.api('GET', `/api/org/regions/${pd.id}`))).path).toEqual([south.id, sh.id, pd.id])
    const loop = await a.api('PATCH', `/api/org/regions/${south.id}`, { parentId: pd.id })
    expect(loop.status).toBe(400)
    expect(loop.body.details[0].field).toBe('/parentId')
    expect((await a.api('DELETE', `/api/org/regions/${sh.id}`)).status).toBe(409)
    expect((await a.api('POST', '/api/org/regions', { code: 'east', name: 'x' })).status).toBe(409)
  })

  it('profiles: teams, skills, regions, shifts; bad input names the field', async () => {
    await ok(a.api('POST', '/api/org/teams', { key: 'ac-repair', name: '空调维修', supervisorId: sup.id }), 201)
    const profile = await ok(a.api('PATCH', `/api/org/users/${agent.id}`, {
      teams: ['ac-repair'], skills: [{ skill: '空调', level: 4 }], capacity: 5, location: { lat: 31.2, lng: 121.5 },
      shifts: [{ weekday: 1, start: '09:00', end: '18:00' }],
    }))
    expect(profile).toMatchObject({ teams: ['ac-repair'], skills: [{ skill: '空调', level: 4 }], capacity: 5, shifts: [{ weekday: 1, start: '09:00', end: '18:00' }] })
    for (const [body, field] of [
      [{ teams: ['nope'] }, '/teams/0'], [{ skills: [{ skill: 'x', level: 6 }] }, '/skills/0/level'], [{ supervisorId: agent.id }, '/supervisorId'],
      [{ timezone: 'Mars/Base' }, '/timezone'], [{ shifts: [{ weekday: 1, start: '09:00', end: '09:00' }] }, '/shifts/0/end'], [{ capcity: 3 }, '/capcity'],
    ] as const) {
      const res = await a.api('PATCH', `/api/org/users/${agent.id}`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(JSON.stringify(res.body.details), JSON.stringify(body)).toContain(field)
    }
  })

  it('supervisor chain: profile supervisor, then explicit links, cycles refused', async () => {
    await ok(a.api('PATCH', `/api/org/users/${sup.id}`, { supervisorId: manager.id }))
    await ok(a.api('PATCH', `/api/org/users/${manager.id}`, { supervisorId: a.id }))
    const chain = await ok(a.api('GET', `/api/org/users/${agent.id}/supervisors`))
    expect(chain.map((c: any) => [c.userId, c.via])).toEqual([[sup.id, 'team'], [manager.id, 'supervisor'], [a.id, 'supervisor']])
    const loop = await a.api('PATCH', `/api/org/users/${a.id}`, { supervisorId: sup.id })
    expect(loop.status).toBe(400)
    expect(loop.body.details[0].field).toBe('/supervisorId')
  })

  it('duty follows the rota in Asia/Shanghai and day overrides', async () => {
    // 2025-06-02 is a Monday: 10:00 in Shanghai is 02:00Z.
    const duty = (at: string) => ok(a.api('GET', `/api/org/users/${agent.id}/duty?at=${at}`))
    expect(await duty('2025-06-02T02:00:00Z')).toMatchObject({ onDuty: true, localTime: '10:00', weekday: 1 })
    expect((await duty('2025-06-02T11:00:00Z')).onDuty).toBe(false)
    expect((await duty('2025-06-03T02:00:00Z')).onDuty).toBe(false)
    await ok(a.api('PUT', `/api/org/users/${agent.id}/overrides/2099-06-01`, { onDuty: true, start: '08:00', end: '12:00' }))
    expect((await ok(a.api('GET', `/api/org/users/${agent.id}/overrides`)))[0]).toMatchObject({ date: '2099-06-01', start: '08:00' })
    expect(await p.org.isOnDuty(p.scope(a.tenantId), agent.id, new Date('2099-06-01T01:00:00Z'))).toBe(true)
    expect(await p.org.isOnDuty(p.scope(a.tenantId), agent.id, new Date('2099-06-01T05:00:00Z'))).toBe(false)
  })

  it('candidates by team and skill level; agents cannot write', async () => {
    const found = await ok(a.api('GET', `/api/org/candidates?team=ac-repair&skills=${encodeURIComponent('空调:4')}`))
    expect(found.map((c: any) => c.userId)).toEqual([agent.id])
    expect(await ok(a.api('GET', `/api/org/candidates?team=ac-repair&skills=${encodeURIComponent('空调:5')}`))).toEqual([])
    expect((await a.api('GET', '/api/org/candidates?skills=x:9')).body.details[0].field).toBe('/skills')
    expect((await agent.api('POST', '/api/org/teams', { key: 'x', name: 'x' })).status).toBe(403)
  })

  it('another tenant\'s ids are 404 on every route', async () => {
    const b = await p.tenant()
    const dep = await ok(a.api('POST', '/api/org/departments', { key: 'svc', name: '服务部' }), 201)
    const team = (await ok(a.api('GET', '/api/org/teams')))[0]
    const region = (await ok(a.api('GET', '/api/org/regions')))[0]
    for (const [m, url, body] of [
      ['GET', `/api/org/departments/${dep.id}`], ['PATCH', `/api/org/departments/${dep.id}`, { name: 'x' }], ['DELETE', `/api/org/departments/${dep.id}`],
      ['GET', `/api/org/teams/${team.id}`], ['PATCH', `/api/org/teams/${team.id}`, { name: 'x' }], ['DELETE', `/api/org/teams/${team.id}`],
      ['GET', `/api/org/teams/${team.id}/members`], ['PUT', `/api/org/teams/${team.id}/members`, { userIds: [] }],
      ['GET', `/api/org/regions/${region.id}`], ['PATCH', `/api/org/regions/${region.id}`, { name: 'x' }], ['DELETE', `/api/org/regions/${region.id}`],
      ['GET', `/api/org/users/${agent.id}`], ['PATCH', `/api/org/users/${agent.id}`, { capacity: 1 }], ['GET', `/api/org/users/${agent.id}/overrides`],
      ['PUT', `/api/org/users/${agent.id}/overrides/2099-01-01`, { onDuty: false }], ['DELETE', `/api/org/users/${agent.id}/overrides/2099-06-01`],
      ['GET', `/api/org/users/${agent.id}/supervisors`], ['GET', `/api/org/users/${agent.id}/duty`],
    ] as Array<[string, string, unknown?]>) expect((await b.api(m, url, body)).status, `${m} ${url}`).toBe(404)
    const cross = await b.api('POST', '/api/org/teams', { key: 'x', name: 'x', departmentId: dep.id })
    expect(cross.status).toBe(400)
    expect(cross.body.details[0].field).toBe('/departmentId')
    expect(await ok(b.api('GET', '/api/org/candidates'))).toEqual([expect.objectContaining({ userId: b.id })])
  })
})
