import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { install, type IndustryPlatform, linesOf, newTicket, ok, openTasks, pendingTimers, person, SETUP_MS, startIndustryPlatform } from './platform.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: SETUP_MS })
const beijingMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)

describeDatabases('industry template 餐饮投诉 (catering-complaints)', (kind) => {
  let h: IndustryPlatform
  beforeAll(async () => { h = await startIndustryPlatform(kind) }, SETUP_MS)
  afterAll(() => h?.p.close())

  async function tenantWithStaff() {
    const t = await h.p.tenant()
    await install(t, 'catering-complaints')
    const supervisor = await person(t, 'supervisor', { teams: ['catering-supervisors'] })
    const quality = await person(t, 'agent', { teams: ['catering-quality'], supervisorId: supervisor.id })
    const manager = await person(t, 'agent', { teams: ['catering-stores'], supervisorId: supervisor.id })
    const pr = await person(t, 'agent', { teams: ['catering-pr'], supervisorId: supervisor.id })
    return { t, supervisor, quality, manager, pr }
  }

  const complaint = (fields: Record<string, unknown>) => ({
    typeKey: 'catering-complaint', title: '菜里有头发', customer: { name: '张女士', phone: '13700137000' },
    fields: { storeRegion: ['上海市', '上海市', '静安区'], store: '南京西路店', dish: '宫保鸡丁', complaintType: '异物', severity: '中', description: '菜里吃出一根头发', contactPhone: '13700137000', ...fields },
  })

  it('a food-safety complaint fans out to 品控, 门店 and 公关, joins, and charges the store the 高 fee', async () => {
    const { t, supervisor, quality, manager, pr } = await tenantWithStaff()
    // 食安 forces severity 高 (the template's rule), whatever the form said.
    const created = await newTicket(t, complaint({ complaintType: '食安', severity: '低', description: '吃完拉肚子，怀疑食材过期' }))
    expect(created.fields.severity).toBe('高')
    expect(await pendingTimers(h.p, t.tenantId, created.id)).toEqual(['sla.breach', 'sla.due', 'sla.warning'])
    const [verify] = await openTasks(t, created.id)
    expect(verify).toMatchObject({ nodeId: 'verify', assigneeId: supervisor.id })
    await ok(supervisor.api('POST', `/api/tasks/${verify.id}/complete`, { form: { severity: '高' } }))

    const parallel = await openTasks(t, created.id)
    expect(parallel.map(x => [x.nodeId, x.assigneeId]).sort()).toEqual([['pr', pr.id], ['quality', quality.id], ['store', manager.id]].sort())
    for (const [task, who] of [[parallel.find(x => x.nodeId === 'quality'), quality], [parallel.find(x => x.nodeId === 'store'), manager]] as const) {
      await ok(who.api('POST', `/api/tasks/${task!.id}/complete`, {}))
      expect((await openTasks(t, created.id)).some(x => x.nodeId === 'feedback')).toBe(false) // the join waits for 公关
    }
    await ok(pr.api('POST', `/api/tasks/${parallel.find(x => x.nodeId === 'pr')!.id}/complete`, {}))
    const [feedback] = await openTasks(t, created.id)
    expect(feedback).toMatchObject({ nodeId: 'feedback', assigneeId: supervisor.id })
    await ok(supervisor.api('POST', `/api/tasks/${feedback.id}/complete`, {}))

    expect((await ok(t.api('GET', `/api/tickets/${created.id}`))).statusCategory).toBe('resolved')
    const lines = await linesOf(t, created.id, beijingMonth())
    expect(lines.map((l: any) => [l.formulaId, l.amountFen, l.departmentName])).toEqual([['support.level', 100000, '门店运营部']])
  })

  it('a medium complaint skips 公关: the join takes the branch that went straight through', async () => {
    const { t, supervisor, quality, manager } = await tenantWithStaff()
    const created = await newTicket(t, complaint({}))
    const [verify] = await openTasks(t, created.id)
    await ok(supervisor.api('POST', `/api/tasks/${verify.id}/complete`, {}))
    const parallel = await openTasks(t, created.id)
    expect(parallel.map(x => x.nodeId).sort()).toEqual(['quality', 'store'])
    await ok(quality.api('POST', `/api/tasks/${parallel.find(x => x.nodeId === 'quality')!.id}/complete`, {}))
    await ok(manager.api('POST', `/api/tasks/${parallel.find(x => x.nodeId === 'store')!.id}/complete`, {}))
    const [feedback] = await openTasks(t, created.id)
    await ok(supervisor.api('POST', `/api/tasks/${feedback.id}/complete`, {}))
    expect((await ok(t.api('GET', `/api/tickets/${created.id}`))).statusCategory).toBe('resolved')
    expect((await linesOf(t, created.id, beijingMonth())).map((l: any) => l.amountFen)).toEqual([20000])
  })
})
