import type { Logger, PluginHost } from '@scrm/kernel'
import type { Sandbox, SandboxLimits } from '@scrm/sandbox'
import type { TenantScope } from '@scrm/store'

/** Operator settings under `settlement` in SCRM_PLUGIN_CONFIG. */
export interface SettlementConfig {
  /** Limits of one formula run when the tenant set none (default 250 ms, 32 MB). */
  limits?: SandboxLimits
  /** Ceiling of what a tenant may set in `tenants.settings.sandbox` (default 2000 ms, 64 MB). */
  maxLimits?: SandboxLimits
}

export interface SettlementDeps {
  host: PluginHost
  /** The flow runtime's sandbox (core): one pool of isolates and child processes for scripts and formulas. */
  sandbox: () => Promise<Sandbox>
  config: SettlementConfig
  logger: Logger
}

const DEFAULTS: Required<SandboxLimits> = { timeoutMs: 250, memoryMb: 32 }
const CEILING: Required<SandboxLimits> = { timeoutMs: 2000, memoryMb: 64 }

const clamp = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, min), max) : undefined)

/**
 * Formula limits of this tenant: its sandbox settings (`tenants.settings.sandbox`, the same
 * place script limits of a plan live), within the operator's ceiling, else the plugin defaults.
 */
export async function tenantLimits(deps: SettlementDeps, scope: TenantScope): Promise<Required<SandboxLimits>> {
  const row = await scope.db('tenants').where({ id: scope.tenantId }).first('settings')
  const own = ((row?.settings ?? {}) as { sandbox?: SandboxLimits }).sandbox ?? {}
  const base = { ...DEFAULTS, ...deps.config.limits }
  const max = { ...CEILING, ...deps.config.maxLimits }
  return {
    timeoutMs: clamp(own.timeoutMs, 1, max.timeoutMs) ?? base.timeoutMs,
    memoryMb: clamp(own.memoryMb, 8, max.memoryMb) ?? base.memoryMb,
  }
}
