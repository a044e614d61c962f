import type { NotifierFailure } from '@scrm/kernel'

/**
 * A failed send. `retryable` tells the outbox whether trying again can help: a 5xx, a timeout or a
 * refused connection can; a 4xx, a bad signature or a missing address cannot.
 */
export class DeliveryError extends Error implements NotifierFailure {
  readonly retryable: boolean
  readonly code?: string | number

  constructor(message: string, options: { retryable: boolean, code?: string | number, cause?: unknown }) {
    super(message, { cause: options.cause })
    this.name = 'DeliveryError'
    this.retryable = options.retryable
    this.code = options.code
  }
}

export const permanent = (message: string, code?: string | number) => new DeliveryError(message, { retryable: false, code })
export const transient = (message: string, code?: string | number, cause?: unknown) => new DeliveryError(message, { retryable: true, code, cause })

/** Errors of unknown origin are retried: better a duplicate the receiver can de-duplicate than a lost alert. */
export function isRetryable(err: unknown): boolean {
  return (err as NotifierFailure | undefined)?.retryable !== false
}
