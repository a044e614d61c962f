export { createSandbox } from './sandbox.js'
export { DEFAULT_LIMITS } from './types.js'
export type {
  Sandbox,
  SandboxError,
  SandboxErrorCode,
  SandboxInput,
  SandboxIsolation,
  SandboxLimits,
  SandboxOptions,
  SandboxResult,
  SandboxStats,
  SourceMode,
} from './types.js'
