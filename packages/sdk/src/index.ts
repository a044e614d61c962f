/**
 * `@scrm/sdk` — what a 工单流 plugin imports. Everything here is re-exported from the kernel
 * (one source of truth) or is a small helper for plugin authors. The test kit is
 * `@scrm/sdk/testing`. Guide: docs/plugins.md.
 *
 * @packageDocumentation
 */

/** Declares a plugin: `export default definePlugin({ name, version, dependsOn, setup })`. */
export { definePlugin } from '@scrm/kernel'
/** The plugin definition, its setup/worker contexts and the services/host handles they carry. */
export type { PluginDefinition, PluginHost, PluginSetupContext, Registrars, Services, WorkerContext } from '@scrm/kernel'

/** Extension-point contracts: what `setup` registers into `channels`, `nodeTypes`, `notifiers` … */
export type {
  AssignmentStrategyDef,
  Candidate,
  ChannelDef,
  DroppedCandidate,
  FieldTypeDef,
  IndustryTemplateDef,
  JsonSchema,
  Labelled,
  MigrationDef,
  NodeTypeDef,
  NotificationMessage,
  NotifierDef,
  NotifierFailure,
  NotifierSendContext,
  RouteDef,
  ScoredCandidate,
  SettlementFormulaDef,
  TicketTypeDef,
} from '@scrm/kernel'

/**
 * What a node type's `run`/`resume` receive and return in the flow runtime: `ctx.config`,
 * `ctx.assign('vars.x', v)`, `ctx.createTask(...)`; return `{}` to go on, `{ wait: true }` to wait.
 */
export type { NodeContext, NodeResult, ResumeEvent, RuntimeNodeType } from '@scrm/runtime'

/** The logger handed to `setup` and workers (pino's subset), and one that drops everything. */
export { type Logger, silentLogger } from '@scrm/kernel'
/** Two-language text (`{ 'zh-CN', 'en-US' }`) every label carries, and how to pick one. */
export { type I18nText, pickText } from '@scrm/kernel'

/**
 * HTTP helpers for plugin routes: throw `badRequest(...)`/`notFound(...)` (→ `{ error, message, details }`),
 * guard with `requireRole('admin')`, document error responses with `errors(400, 404)`.
 */
export { badRequest, conflict, errors, forbidden, HttpError, notFound, requireRole, unauthorized } from '@scrm/kernel'
/** `request.auth` (tenant, user, role) as routes see it. */
export type { AuthInfo } from '@scrm/kernel'
/** `request.publicAccess` of `public: true` routes: the tenant by URL slug (404 if it switched the plugin off) and its scope. */
export type { PublicAccess, PublicTenant } from '@scrm/kernel'
/** Tenant-confined data access (`request.scope`) and knex, for routes and migrations. */
export type { Knex, TenantScope } from '@scrm/store'
/** Fastify types for route plugins (`RouteDef.plugin` is a `FastifyPluginAsync`). */
export type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'

export * from './config.js'
export * from './i18n.js'
export * from './tickets.js'
