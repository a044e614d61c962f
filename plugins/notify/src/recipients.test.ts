import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fromText } from './recipients.js'
import { notifyWorld, type NotifyWorld } from './service.test-helper.js'

describeDatabases('recipients typed as text (the flow notify node)', (kind) => {
  let w: NotifyWorld
  beforeAll(async () => { w = await notifyWorld(kind) })
  afterAll(() => w?.close())

  it('reads users, e-mail, CN mobiles, channel keys and other addresses in that order', async () => {
    const read = (text: string) => fromText(w.scope, text, 'wecom')
    expect(await read(w.users.zhang)).toEqual({ userId: w.users.zhang })
    expect(await read(`user: ${w.users.alice}`)).toEqual({ userId: w.users.alice })
    expect(await read(' Li@Example.cn ')).toEqual({ email: 'Li@Example.cn' })
    expect(await read('＋８６ １３８ ００１３ ８０００')).toEqual({ phone: '13800138000' })
    expect(await read('erp')).toEqual({ channel: 'erp' })
    // A landline cannot take an SMS: it is an address for the node's notifier like any other text.
    expect(await read('010-1234 5678')).toEqual({ notifier: 'wecom', address: '010-1234 5678' })
    expect(await read('zhangsan')).toEqual({ notifier: 'wecom', address: 'zhangsan' })
  })

  it('text that cannot be delivered is a failed delivery in the log, never an error', async () => {
    const out = await w.service.dispatch(w.scope, {
      event: 'flow.notify', subject: 's', body: 'b', key: 'text:bad',
      recipients: [{ text: 'user:not-a-uuid', notifier: 'email' }, { text: 'somebody', notifier: 'pigeon' }],
    }, { now: w.clock.now() })
    expect(out.map(d => [d.status, d.lastError])).toEqual([
      ['failed', 'user not found or inactive'],
      ['failed', 'notifier "pigeon" is not available'],
    ])
  })
})
