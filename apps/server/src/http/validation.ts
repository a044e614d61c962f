import Ajv, { type ErrorObject } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'

/**
 * Bodies are validated strictly (wrong type → 400, unknown property → 400: nothing is silently
 * dropped or coerced); query strings and params are text on the wire, so those coerce.
 */
export function installValidators(app: FastifyInstance): void {
  const common = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const
  const strict = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }))
  const coercing = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }))
  for (const a of [strict, coercing]) a.addKeyword({ keyword: 'x-public' })
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema))
}

export function describeValidation(errors: FastifySchemaValidationError[] | ErrorObject[], context?: string) {
  return errors.map((e) => {
    const err = e as ErrorObject
    const path = err.instancePath || ''
    const field = err.keyword === 'additionalProperties'
      ? `${path}/${(err.params as { additionalProperty: string }).additionalProperty}`
      : err.keyword === 'required'
        ? `${path}/${(err.params as { missingProperty: string }).missingProperty}`
        : path
    return { in: context, field: field || '/', message: err.message, keyword: err.keyword, params: err.params }
  })
}
