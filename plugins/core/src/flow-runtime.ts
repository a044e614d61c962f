import type { Logger, PluginHost } from '@scrm/kernel'
import {
  type BusinessCalendar, type Clock, Engine, type FlowAssigner, type InstanceDataProvider, type OutboxHandler, OutboxWorker,
  type RuntimeNodeType, type ScriptRunner, systemClock, TimerWorker,
} from '@scrm/runtime'
import type { Sandbox } from '@scrm/sandbox'
import type { Knex } from '@scrm/store'
import { flowNotifyHandler } from './flow-notify.js'

/** Operator/test settings under the `core` plugin config (SCRM_PLUGIN_CONFIG or server options). */
export interface CoreRuntimeConfig {
  /** A controllable clock (tests); default the system clock. */
  clock?: Clock
  timerPollMs?: number
  outboxPollMs?: number
  /** Timer steps fired in parallel per process (default 4 on PostgreSQL, 1 on PGlite). */
  timerConcurrency?: number
  timerBatchSize?: number
  workerId?: string
}

/** What the core plugin provides as the service `flow.runtime` (routes, workers, other plugins, tests). */
export interface FlowRuntime {
  engine: Engine
  clock: Clock
  /**
   * Sandbox for script nodes and for checking scripts on validate, loaded on first use: a
   * platform where isolated-vm cannot load still serves everything but scripts.
   */
  sandbox: () => Promise<Sandbox>
  /** Workers bound to a database; `start()`ed by the plugin's start hook, driven by hand in tests. */
  workers: (db: Knex) => { timers: TimerWorker, outbox: OutboxWorker }
  /** Stops running workers and disposes the sandbox. */
  stop: () => Promise<void>
}

export function createFlowRuntime(host: PluginHost, config: CoreRuntimeConfig, logger: Logger): FlowRuntime {
  const clock = config.clock ?? systemClock
  let sandbox: Promise<Sandbox> | undefined
  let bound: { db: Knex, timers: TimerWorker, outbox: OutboxWorker } | undefined
  const getSandbox = () => (sandbox ??= import('@scrm/sandbox').then(m => m.createSandbox()))
  const scripts: ScriptRunner = {
    async run(source, input, limits) {
      let box: Sandbox
      try { box = await getSandbox() }
      catch (err) {
        sandbox = undefined
        return { ok: false, error: { code: 'unavailable', message: `script sandbox unavailable: ${(err as Error).message}` } }
      }
      return box.run(source, input, limits)
    },
  }

  const engine = new Engine({
    clock,
    nodeTypes: (tenantId, type) => host.registries.nodeTypes.get(tenantId, type) as RuntimeNodeType | undefined,
    // Late-bound: the tickets plugin (loaded after core) provides the real one.
    dataProvider: () => (host.hasService('flow.dataProvider') ? host.service<InstanceDataProvider>('flow.dataProvider') : undefined) as InstanceDataProvider,
    calendar: () => (host.hasService('flow.calendar') ? host.service<BusinessCalendar>('flow.calendar') : undefined) as BusinessCalendar,
    scripts: () => scripts,
    // Late-bound like the data provider: the routing plugin resolves strategies and rule lists.
    assigner: () => (host.hasService('flow.assigner') ? host.service<FlowAssigner>('flow.assigner') : undefined),
    onTimerScheduled: at => bound?.timers.wake(at),
    onOutboxQueued: () => bound?.outbox.wake(),
  })

  // Other plugins' outbox kinds: the notify plugin's deliveries (`notify.delivery`) for now.
  const pluginHandlers = (db: Knex): Record<string, OutboxHandler> =>
    host.hasService('notify') ? host.service<{ outboxHandlers: (db: Knex, clock?: Clock) => Record<string, OutboxHandler> }>('notify').outboxHandlers(db, clock) : {}

  const onError = (err: unknown, what: string) => logger.warn({ err, what }, 'flow worker error')

  return {
    engine,
    clock,
    sandbox: getSandbox,
    workers(db) {
      if (bound?.db === db) return bound
      const isPg = (db.client.config as { client?: unknown }).client === 'pg'
      let extra: Record<string, OutboxHandler> | undefined
      const own: Record<string, OutboxHandler> = { notify: flowNotifyHandler(host, db, clock) }
      bound = {
        db,
        timers: new TimerWorker({
          engine, db, workerId: config.workerId, pollMs: config.timerPollMs, batchSize: config.timerBatchSize,
          concurrency: config.timerConcurrency ?? (isPg ? 4 : 1), onError,
        }),
        outbox: new OutboxWorker({ db, clock, handler: kind => own[kind] ?? (extra ??= pluginHandlers(db))[kind], workerId: config.workerId, pollMs: config.outboxPollMs, concurrency: isPg ? 4 : 1, onError }),
      }
      return bound
    },
    async stop() {
      await bound?.timers.stop()
      await bound?.outbox.stop()
      const box = sandbox
      sandbox = undefined
      if (box) (await box.catch(() => undefined))?.dispose()
    },
  }
}

