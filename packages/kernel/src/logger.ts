/** The subset of pino's API the kernel hands to plugins, so plugins do not depend on pino. */
export interface Logger {
  info: (obj: unknown, msg?: string) => void
  warn: (obj: unknown, msg?: string) => void
  error: (obj: unknown, msg?: string) => void
  debug: (obj: unknown, msg?: string) => void
  child: (bindings: Record<string, unknown>) => Logger
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() { return silentLogger },
}
