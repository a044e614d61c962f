/**
 * Errors the runtime raises for callers (API routes map `status` onto HTTP). Anything else
 * thrown from a step is a bug or an infrastructure failure and rolls the step back.
 */
export class RuntimeError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409, readonly code: string, message: string, readonly details?: unknown) {
    super(message)
    this.name = 'RuntimeError'
  }
}

export const notFoundError = (what: string) => new RuntimeError(404, 'not_found', `${what} not found`)
export const conflictError = (message: string, details?: unknown) => new RuntimeError(409, 'conflict', message, details)
export const forbiddenError = (message: string) => new RuntimeError(403, 'forbidden', message)
export const invalidError = (message: string, details?: unknown) => new RuntimeError(400, 'invalid', message, details)
