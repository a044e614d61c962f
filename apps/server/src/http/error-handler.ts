import type { FastifyError, FastifyInstance } from 'fastify'
import { describeValidation } from './validation.js'
import { errorBody, errorSchema, HttpError } from '@scrm/kernel'

/** Every failure leaves as JSON `{ error, message, details }`; only real server faults are 5xx. */
export function installErrorHandling(app: FastifyInstance): void {
  app.addSchema(errorSchema)

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      const details = describeValidation(err.validation, err.validationContext)
      const first = details[0]
      return reply.status(400).send(errorBody(400, `invalid ${err.validationContext ?? 'input'}: ${first?.field} ${first?.message}`, details))
    }
    if (err instanceof HttpError)
      return reply.status(err.statusCode).send(errorBody(err.statusCode, err.message, err.details))
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
    if (status >= 500) {
      request.log.error({ err }, 'request failed')
      return reply.status(status).send(errorBody(status, 'internal error'))
    }
    // fastify's own client errors: malformed JSON, body too large, bad content type …
    return reply.status(status).send(errorBody(status, err.message, err.code ? { code: err.code } : undefined))
  })

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(404, `route ${request.method} ${request.url.split('?')[0]} not found`))
  })
}
