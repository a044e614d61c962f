import { badRequest, errors, EXTENSION_POINTS, type ExtensionPoint, I18nTextSchema, type Kernel, notFound, PluginError, requireRole } from '@scrm/kernel'
import type { Database } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'

const PluginOut = Type.Object({
  name: Type.String(),
  version: Type.String(),
  label: Type.Optional(I18nTextSchema),
  description: Type.Optional(I18nTextSchema),
  dependsOn: Type.Array(Type.String()),
  required: Type.Boolean(),
  enabled: Type.Boolean(),
  contributions: Type.Record(Type.String(), Type.Integer()),
})

/** Fields of a contribution that are data (functions such as `run` or `send` stay on the server). */
function describe(item: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => typeof v !== 'function'))
}

export function pluginRoutes(deps: { db: Database, kernel: Kernel, visible?: (tenantId: string, name: string) => boolean }): FastifyPluginAsync {
  const { kernel } = deps
  // Runtime-installed plugins exist only for the tenants that installed them.
  const visible = deps.visible ?? (() => true)
  const pluginOut = (tenantId: string, name: string) => {
    const def = kernel.plugin(name)!.definition
    const contributions = Object.fromEntries(EXTENSION_POINTS
      .map(point => [point, kernel.registries[point].entries().filter(c => c.plugin === name).length] as const)
      .filter(([, n]) => n > 0))
    return {
      name: def.name,
      version: def.version,
      label: def.label,
      description: def.description,
      dependsOn: def.dependsOn ?? [],
      required: !!def.required,
      enabled: kernel.isEnabled(tenantId, name),
      contributions,
    }
  }

  return async (app) => {
    app.get('/plugins', {
      schema: { tags: ['plugins'], summary: 'Plugins loaded on the server and whether this tenant has them enabled', response: { 200: Type.Array(PluginOut) } },
    }, async request => kernel.plugins.filter(p => visible(request.auth.tenantId, p.definition.name)).map(p => pluginOut(request.auth.tenantId, p.definition.name)))

    app.put('/plugins/:name', {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['plugins'],
        summary: 'Enable or disable a plugin for this tenant (takes effect at once, no restart)',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 214 }) }),
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: PluginOut, ...errors(400, 403, 404) },
      },
    }, async (request) => {
      const { name } = request.params as { name: string }
      const { enabled } = request.body as { enabled: boolean }
      if (!kernel.plugin(name) || !visible(request.auth.tenantId, name)) throw notFound(`plugin "${name}"`)
      try { kernel.setEnabled(request.auth.tenantId, name, enabled) }
      catch (err) { if (err instanceof PluginError) throw badRequest(err.message, { plugins: err.plugins }); throw err }
      await request.scope.db('tenant_plugins')
        .insert({ tenant_id: request.auth.tenantId, plugin: name, enabled, updated_at: new Date() })
        .onConflict(['tenant_id', 'plugin']).merge(['enabled', 'updated_at'])
      await request.scope.insert('audit_log', { actor_id: request.auth.userId, action: enabled ? 'plugin.enable' : 'plugin.disable', target: name })
      return pluginOut(request.auth.tenantId, name)
    })

    app.get('/extensions/:point', {
      schema: {
        tags: ['plugins'],
        summary: 'Contributions to one extension point visible to this tenant (e.g. node types for the designer palette)',
        params: Type.Object({ point: Type.Union(EXTENSION_POINTS.filter(p => p !== 'routes' && p !== 'migrations').map(p => Type.Literal(p))) }),
        response: { 200: Type.Array(Type.Object({ plugin: Type.String(), item: Type.Record(Type.String(), Type.Unknown()) })), ...errors(400) },
      },
    }, async (request) => {
      const point = (request.params as { point: ExtensionPoint }).point
      return kernel.registries[point].entries()
        .filter(c => kernel.isEnabled(request.auth.tenantId, c.plugin))
        .map(c => ({ plugin: c.plugin, item: describe(c.item as object) }))
    })
  }
}
