import { STATUS_CODES } from 'node:http'

/**
 * An error meant for the client: becomes `{ error, message, details }` with its status.
 * Throw these from routes; anything else is a 500 whose details are logged, not sent.
 */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly details?: unknown) {
    super(message)
    this.name = STATUS_CODES[statusCode] ?? 'Error'
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, message, details)
export const unauthorized = (message = 'login required') => new HttpError(401, message)
export const forbidden = (message = 'not allowed') => new HttpError(403, message)
export const notFound = (what = 'resource') => new HttpError(404, `${what} not found`)
export const conflict = (message: string, details?: unknown) => new HttpError(409, message, details)

export interface ErrorBody {
  error: string
  message: string
  details?: unknown
}

export function errorBody(statusCode: number, message: string, details?: unknown): ErrorBody {
  return { error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details === undefined ? {} : { details }) }
}

/** The shared schema of every error response, referenced by routes for OpenAPI. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    details: {},
  },
  required: ['error', 'message'],
} as const
