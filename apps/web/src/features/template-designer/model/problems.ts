import { checkTemplate, type I18nText, type TemplateSchema } from '@scrm/forms'
import { ApiError } from '../../../api/client'
import type { EditScope } from './store'

/** A problem tied to one place of the editor: a field's property, a rule, or the template as a whole. */
export interface EditorProblem {
  scope: EditScope
  /** Field index in its scope, for field problems. */
  fieldIndex?: number
  /** The FieldDef property (key, options, pattern …). */
  prop?: string
  ruleIndex?: number
  message: string
}

/**
 * Places a schema path — `fields[2].key` from checkTemplate, `/schema/fields/2/key` from the
 * server's request validation — in the editor. Both name the same spots, so live problems and a
 * server 400 show up next to the same field.
 */
export function placeProblem(path: string, message: string): EditorProblem {
  const parts = path.replace(/^\/?schema\/?/, '').replace(/\[(\d+)\]/g, '/$1').split(/[./]/).filter(Boolean)
  let scope: EditScope = 'base'
  if (parts[0] === 'variants' && parts.length > 1) { scope = parts[1]; parts.splice(0, 2) }
  const index = Number(parts[1])
  if (parts[0] === 'fields' && Number.isInteger(index)) return { scope, fieldIndex: index, prop: parts[2] ?? 'key', message }
  if (parts[0] === 'rules' && Number.isInteger(index)) return { scope, ruleIndex: index, message }
  return { scope, message }
}

const text = (m: I18nText | string, locale: keyof I18nText) => (typeof m === 'string' ? m : m[locale] ?? m['en-US'])

/** What @scrm/forms finds wrong with the schema, as the server would on publish. */
export function liveProblems(schema: TemplateSchema, locale: keyof I18nText): EditorProblem[] {
  return checkTemplate(schema).map(p => placeProblem(p.path, text(p.message, locale)))
}

/** The field-level problems of a failed publish (400 details), or [] for other failures. */
export function serverProblems(e: unknown, locale: keyof I18nText): EditorProblem[] {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return []
  return (e.details as Array<{ field?: string, message?: I18nText | string }>)
    .filter(d => typeof d.field === 'string' && d.field.startsWith('/schema'))
    .map(d => placeProblem(d.field!, text(d.message ?? '', locale)))
}
