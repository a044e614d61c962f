import type { CalendarProvider } from '@scrm/calendar'
import { HttpError, type Logger, type PluginHost } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import type { TicketsIntake } from '@scrm/plugin-tickets'
import type { Sandbox } from '@scrm/sandbox'
import type { Role, TenantScope } from '@scrm/store'
import type { IndustryBundle, InstallManifest } from './bundle.js'

export interface InstallDeps {
  host: PluginHost
  calendars: CalendarProvider
  sandbox: () => Promise<Sandbox>
  customers: CustomersService
  intake: TicketsIntake
  logger: Logger
}

export interface InstallContext extends InstallDeps {
  scope: TenantScope
  bundle: IndustryBundle
  manifest: InstallManifest
  editor: { userId: string, role: Role }
  demo: boolean
  /** Keys of this installation → the tenant's new ids, for the steps after. */
  ids: { departments: Map<string, string>, templates: Map<string, string>, ticketTypes: Map<string, string> }
}

export interface Step {
  name: string
  run: (ctx: InstallContext) => Promise<void>
}

/**
 * Runs the steps in order; a failure names its step (`details.step`) so an operator knows where a
 * template went wrong. The caller's transaction rolls everything back.
 */
export async function runSteps(steps: Step[], ctx: InstallContext): Promise<void> {
  for (const step of steps) {
    try {
      await step.run(ctx)
    }
    catch (err) {
      throw stepError(step.name, err, ctx.logger)
    }
  }
}

function stepError(step: string, err: unknown, logger: Logger): HttpError {
  if (err instanceof HttpError) {
    const details = Array.isArray(err.details) ? { step, problems: err.details } : { step, ...(err.details as object ?? {}) }
    return new HttpError(err.statusCode, `install step ${step}: ${err.message}`, details)
  }
  if ((err as { code?: string }).code === '23505')
    return new HttpError(409, `install step ${step}: the tenant already has a row with the same key`, { step })
  logger.error({ err, step }, 'industry template install step failed')
  return new HttpError(500, `install step ${step} failed; nothing was installed`, { step })
}
