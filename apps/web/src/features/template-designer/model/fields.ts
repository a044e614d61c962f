import { FIELD_TYPES, type FieldDef, type FieldType, type I18nText } from '@scrm/forms'

/** Palette order: the 16 field types of @scrm/forms, grouped the way people look for them. */
export const PALETTE_GROUPS: Array<{ group: 'basic' | 'choice' | 'contact' | 'reference', types: FieldType[] }> = [
  { group: 'basic', types: ['text', 'textarea', 'number', 'money', 'date', 'datetime'] },
  { group: 'choice', types: ['select', 'multiSelect', 'cascader', 'rating'] },
  { group: 'contact', types: ['phone', 'email', 'location', 'attachment'] },
  { group: 'reference', types: ['customerRef', 'assetRef'] },
]

// Every palette type must be a real field type, and every field type must be offered.
const offered = PALETTE_GROUPS.flatMap(g => g.types)
if (offered.length !== FIELD_TYPES.length || FIELD_TYPES.some(t => !offered.includes(t)))
  throw new Error('template designer palette out of sync with @scrm/forms FIELD_TYPES')

export const hasOptions = (type: FieldType) => type === 'select' || type === 'multiSelect'
export const hasLength = (type: FieldType) => type === 'text' || type === 'textarea'
/** Types whose min/max mean something (see FieldDef): value, date, item or level bounds. */
export const hasBounds = (type: FieldType) =>
  ['number', 'money', 'date', 'datetime', 'multiSelect', 'attachment', 'cascader'].includes(type)
export const boundsAreText = (type: FieldType) => type === 'date' || type === 'datetime'

/** A key not used yet in `taken`: `phone`, `phone2`, … */
export function freeKey(type: FieldType, taken: Set<string>): string {
  if (!taken.has(type)) return type
  for (let i = 2; ; i++) if (!taken.has(`${type}${i}`)) return `${type}${i}`
}

/** A new field as dropped from the palette: a unique key, the type's name as label, sample options. */
export function newField(type: FieldType, taken: Set<string>, typeLabel: I18nText, optionLabel: (n: number) => I18nText): FieldDef {
  const field: FieldDef = { key: freeKey(type, taken), type, label: { ...typeLabel } }
  if (hasOptions(type)) field.options = [1, 2].map(n => ({ value: optionLabel(n)['zh-CN'], label: optionLabel(n) }))
  return field
}

/** Move an item of a list from one index to another (the reorder of a drag). */
export function moveItem<T>(list: T[], from: number, to: number): T[] {
  const next = [...list]
  const [item] = next.splice(from, 1)
  next.splice(to > from ? to - 1 : to, 0, item)
  return next
}
