import { badRequest, type NotifierDef, requireRole } from '@scrm/kernel'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

export const staff = requireRole('admin', 'supervisor', 'agent')
export const managers = requireRole('admin', 'supervisor')
export const adminOnly = requireRole('admin')

export const closed = { additionalProperties: false } as const

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }))
const compiled = new WeakMap<object, ValidateFunction>()

/** Checks a channel's full config (public + secret fields) against its notifier's schema; 400 naming each field. */
export function checkConfig(def: NotifierDef, config: Record<string, unknown>): void {
  if (!def.configSchema) return
  let validate = compiled.get(def.configSchema)
  if (!validate) {
    validate = ajv.compile(def.configSchema)
    compiled.set(def.configSchema, validate)
  }
  if (validate(config)) return
  const details = (validate.errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : ''
    return { in: 'body', field: `/config${e.instancePath}${missing}`, message: e.message ?? 'invalid' }
  })
  throw badRequest(`invalid ${def.id} config: ${details.map(d => `${d.field} ${d.message}`).join('; ')}`, details)
}
