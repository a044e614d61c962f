import { definePlugin } from '@scrm/kernel'
import { runtimeMigrations } from '@scrm/runtime'
import { type CoreRuntimeConfig, createFlowRuntime, type FlowRuntime } from './flow-runtime.js'
import { coreNodeTypes } from './nodes/index.js'
import { logNotifier } from './notifiers/log.js'
import { flowRoutes } from './routes/flows.js'
import { instanceRoutes } from './routes/instances.js'
import { taskRoutes } from './routes/tasks.js'

export type { CoreRuntimeConfig, FlowRuntime }
export { coreNodeTypes }
/** For plugins that publish flows outside the designer (industry templates): the same checks as publish. */
export { draftToIR, validateForTenant } from './flow-validation.js'
/** preValidation for POST routes whose body is optional (a request without one is validated as `{}`). */
export { emptyBody } from './routes/shared.js'

/**
 * The built-in contributions every tenant has: the flow runtime's tables, node types, API and
 * workers, and the log notifier. Other capabilities register in their own plugins.
 */
export default definePlugin({
  name: 'core',
  version: '0.1.0',
  required: true,
  label: { 'zh-CN': '核心', 'en-US': 'Core' },
  description: { 'zh-CN': '平台内置的节点、字段、通知与渠道', 'en-US': 'Built-in nodes, fields, notifiers and channels' },
  setup({ notifiers, nodeTypes, migrations, routes, services, host, config, logger }) {
    notifiers.register(logNotifier)
    for (const m of runtimeMigrations) migrations.register(m)
    for (const n of coreNodeTypes) nodeTypes.register(n)
    // One runtime per kernel (tests start several platforms in one process).
    const runtime = createFlowRuntime(host, config as CoreRuntimeConfig, logger)
    services.provide('flow.runtime', runtime)
    routes.register({ prefix: '/flows', plugin: flowRoutes(runtime, host) })
    routes.register({ prefix: '/instances', plugin: instanceRoutes(runtime) })
    routes.register({ prefix: '/tasks', plugin: taskRoutes(runtime) })
  },
  /** Timer and outbox workers, started once the server listens and stopped before the database closes. */
  async start({ db, service }) {
    const runtime = service<FlowRuntime>('flow.runtime')
    const { timers, outbox } = runtime.workers(db)
    timers.start()
    outbox.start()
    return () => runtime.stop()
  },
})
