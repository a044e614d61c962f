import { describe, expect, it } from 'vitest'
import { definePlugin, type PluginDefinition } from './define-plugin.js'
import { PluginError } from './errors.js'
import { Kernel } from './kernel.js'

const plugin = (name: string, dependsOn: string[] = [], extra: Partial<PluginDefinition> = {}) =>
  definePlugin({ name, version: '1.0.0', dependsOn, setup() {}, ...extra })

const notifier = (id: string) => ({ id, label: { 'zh-CN': id, 'en-US': id }, send: async () => {} })

describe('kernel load order', () => {
  it('sets up every plugin after the plugins it depends on, whatever order they are given in', async () => {
    const seen: string[] = []
    const track = (name: string, deps: string[] = []) => plugin(name, deps, { setup: () => { seen.push(name) } })
    await new Kernel().load([track('sla', ['routing', 'tickets']), track('routing', ['core']), track('tickets', ['core']), track('core')])
    expect(seen.indexOf('core')).toBe(0)
    expect(seen.indexOf('routing')).toBeLessThan(seen.indexOf('sla'))
    expect(seen.indexOf('tickets')).toBeLessThan(seen.indexOf('sla'))
    expect(seen).toHaveLength(4)
  })

  it('stops on a cycle and names the plugins in it', async () => {
    const err = await new Kernel().load([plugin('core'), plugin('a', ['b']), plugin('b', ['c']), plugin('c', ['a'])]).catch(e => e)
    expect(err).toBeInstanceOf(PluginError)
    expect(err.message).toMatch(/cycle: a → b → c → a/)
    expect(err.plugins.sort()).toEqual(['a', 'b', 'c'])
  })

  it('stops on a missing dependency and names both plugins', async () => {
    const err = await new Kernel().load([plugin('core'), plugin('wecom', ['core', 'tickets'])]).catch(e => e)
    expect(err).toBeInstanceOf(PluginError)
    expect(err.message).toBe('plugin "wecom" depends on missing plugin "tickets"')
    expect(err.plugins).toEqual(['wecom', 'tickets'])
  })

  it('names a plugin that throws in setup and keeps none of its contributions', async () => {
    const kernel = new Kernel()
    const err = await kernel.load([plugin('core'), plugin('broken', ['core'], {
      setup({ notifiers }) {
        notifiers.register(notifier('half'))
        throw new Error('no API key')
      },
    })]).catch(e => e)
    expect(err).toBeInstanceOf(PluginError)
    expect(err.message).toBe('plugin "broken" failed in setup: no API key')
    expect(err.plugins).toEqual(['broken'])
    expect(kernel.registries.notifiers.entries()).toEqual([])
  })

  it('refuses two plugins registering the same id and names both', async () => {
    const reg = (name: string) => plugin(name, [], { setup({ notifiers }) { notifiers.register(notifier('sms')) } })
    const err = await new Kernel().load([reg('sms-a'), reg('sms-b')]).catch(e => e)
    expect(err.message).toMatch(/"sms" is registered by both plugin "sms-a" and plugin "sms-b"/)
  })

  it('rejects a default export that is not a plugin', async () => {
    await expect(new Kernel().load([{ name: 'x' } as PluginDefinition])).rejects.toThrow(/has no version|no setup/)
  })
})

describe('per-tenant enablement', () => {
  async function kernelWithChannel() {
    const kernel = new Kernel()
    await kernel.load([
      plugin('core', [], { required: true, setup({ notifiers }) { notifiers.register(notifier('log')) } }),
      plugin('wecom', ['core'], { setup({ channels }) { channels.register({ id: 'wecom', label: { 'zh-CN': '企业微信', 'en-US': 'WeCom' } }) } }),
      plugin('wecom-ai', ['wecom'], { setup({ notifiers }) { notifiers.register(notifier('wecom-bot')) } }),
      plugin('retail-pack', ['core'], { enabledByDefault: false, setup({ industryTemplates }) { industryTemplates.register({ id: 'retail', industry: 'retail', label: { 'zh-CN': '零售', 'en-US': 'Retail' }, bundle: {} }) } }),
    ])
    return kernel
  }

  it('a disabled plugin\'s contributions are invisible to that tenant only, at once', async () => {
    const kernel = await kernelWithChannel()
    expect(kernel.registries.channels.list('t1').map(c => c.id)).toEqual(['wecom'])
    kernel.setEnabled('t1', 'wecom', false)
    expect(kernel.registries.channels.list('t1')).toEqual([])
    expect(kernel.registries.channels.get('t1', 'wecom')).toBeUndefined()
    expect(kernel.registries.channels.list('t2').map(c => c.id)).toEqual(['wecom'])
    kernel.setEnabled('t1', 'wecom', true)
    expect(kernel.registries.channels.get('t1', 'wecom')?.id).toBe('wecom')
  })

  it('disabling a plugin hides the plugins that depend on it', async () => {
    const kernel = await kernelWithChannel()
    kernel.setEnabled('t1', 'wecom', false)
    expect(kernel.isEnabled('t1', 'wecom-ai')).toBe(false)
    expect(kernel.registries.notifiers.list('t1').map(n => n.id)).toEqual(['log'])
  })

  it('opt-in plugins are hidden until a tenant enables them; required ones cannot be disabled', async () => {
    const kernel = await kernelWithChannel()
    expect(kernel.registries.industryTemplates.list('t1')).toEqual([])
    kernel.setEnabled('t1', 'retail-pack', true)
    expect(kernel.registries.industryTemplates.list('t1').map(t => t.id)).toEqual(['retail'])
    expect(() => kernel.setEnabled('t1', 'core', false)).toThrow(/required/)
  })

  it('loads choices from storage rows', async () => {
    const kernel = await kernelWithChannel()
    kernel.loadEnablement([{ tenantId: 't9', plugin: 'wecom', enabled: false }])
    expect(kernel.isEnabled('t9', 'wecom')).toBe(false)
    expect(kernel.isEnabled('t1', 'wecom')).toBe(true)
  })
})

describe('runtime install and services', () => {
  it('loads a plugin after start-up against already loaded dependencies and unloads it again', async () => {
    const kernel = new Kernel()
    await kernel.load([plugin('core')])
    await kernel.load([plugin('late', ['core'], { setup({ notifiers }) { notifiers.register(notifier('late')) } })])
    expect(kernel.registries.notifiers.list('t').map(n => n.id)).toEqual(['late'])
    kernel.unload('late')
    expect(kernel.registries.notifiers.list('t')).toEqual([])
    expect(kernel.plugin('late')).toBeUndefined()
  })

  it('will not unload a plugin others depend on', async () => {
    const kernel = new Kernel()
    await kernel.load([plugin('core'), plugin('a', ['core'])])
    expect(() => kernel.unload('core')).toThrow(/needed by "a"/)
  })

  it('shares services only along declared dependencies', async () => {
    const kernel = new Kernel()
    let got: unknown
    await kernel.load([
      plugin('customers', [], { setup({ services }) { services.provide('customers', { hello: 'world' }) } }),
      plugin('tickets', ['customers'], { setup({ services }) { got = services.get('customers') } }),
    ])
    expect(got).toEqual({ hello: 'world' })
    const err = await kernel.load([plugin('sneaky', [], { setup({ services }) { services.get('customers') } })]).catch(e => e)
    expect(err.message).toMatch(/does not declare it in dependsOn/)
  })
})
