import { conflict, errors, notFound, requireRole } from '@scrm/kernel'
import { emptyBody, type FlowRuntime } from '@scrm/plugin-core'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { contents, isInstallable } from './bundle.js'
import type { InstallRecord } from './install.js'
import { findInstall, installTemplate, recordOut } from './install.js'
import type { InstallDeps } from './steps.js'
import { uninstallTemplate } from './uninstall.js'

const tags = ['industry templates']
const Json = Type.Object({}, { additionalProperties: true })
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false })
const InstallBody = Type.Object({ demo: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
const ForceQuery = Type.Object({ force: Type.Optional(Type.Boolean()) }, { additionalProperties: false })

export interface RouteDeps extends InstallDeps {
  runtime: FlowRuntime
  /** After a commit: caches of other plugins that read what was written (ticket types, routing rules). */
  afterWrite: (tenantId: string) => void
}

/**
 * `/api/industry-templates` (admins): the catalogue of every template the server has, and per
 * tenant install / uninstall. A template's plugin must be on for the tenant to install it.
 */
export function industryRoutes(deps: RouteDeps): FastifyPluginAsync {
  const { host } = deps
  const lookup = (id: string) => host.registries.industryTemplates.entries().find(c => c.item.id === id)

  return async (app) => {
    app.addHook('preHandler', requireRole('admin'))

    app.get('/', {
      schema: { tags, summary: 'Industry templates: what each ships, whether its plugin is on and whether it is installed', response: { 200: Type.Array(Json) } },
    }, async (request) => {
      const tenantId = request.auth.tenantId
      const installed = new Map<string, InstallRecord>((await request.scope.table('industry_installs')).map((r: Record<string, any>) => [r.template_id, recordOut(r)]))
      return host.registries.industryTemplates.entries().filter(c => isInstallable(c.item)).map(({ plugin, item: t }) => {
        const record = installed.get(t.id)
        return {
          id: t.id, industry: t.industry, name: t.label, description: t.description ?? null, plugin,
          enabled: host.isEnabled(tenantId, plugin), installed: !!record, installedAt: record?.installedAt ?? null, ships: isInstallable(t) ? contents(t.bundle) : null,
        }
      })
    })

    app.get('/:id', {
      schema: { tags, summary: 'One installation: what it created', params: Params, response: { 200: Json, ...errors(404) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const row = await findInstall(request.scope, id)
      if (!row) throw notFound(`installation of industry template ${id}`)
      return recordOut(row)
    })

    app.post('/:id/install', {
      preValidation: emptyBody,
      schema: {
        tags, summary: 'Install a template into this tenant in one transaction (all or nothing; a second install is 409)',
        params: Params, body: InstallBody, response: { 201: Json, ...errors(400, 403, 404, 409, 500) },
      },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      const contribution = lookup(id)
      if (!contribution || !isInstallable(contribution.item)) throw notFound(`industry template ${id}`)
      if (!host.isEnabled(request.auth.tenantId, contribution.plugin))
        throw conflict(`switch plugin ${contribution.plugin} on first (PUT /api/plugins/${contribution.plugin})`, { step: 'plugin', plugin: contribution.plugin })
      const body = (request.body ?? {}) as { demo?: boolean }
      try {
        const record = await installTemplate(deps, request.scope, contribution.item, contribution.plugin,
          { userId: request.auth.userId, role: request.auth.role }, { demo: body.demo ?? false })
        return reply.status(201).send(record)
      }
      finally {
        // Also after a rollback: a step may have filled a cache with rows that are gone now.
        deps.afterWrite(request.auth.tenantId)
      }
    })

    app.delete('/:id', {
      schema: {
        tags, summary: 'Remove what the template installed; open tickets of its types are a 409 unless force=true (which closes them)',
        params: Params, querystring: ForceQuery, response: { 200: Json, ...errors(403, 404, 409) },
      },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const { force } = request.query as { force?: boolean }
      const result = await uninstallTemplate(deps.runtime, request.scope, id, { userId: request.auth.userId }, force ?? false)
      deps.afterWrite(request.auth.tenantId)
      return result
    })
  }
}
