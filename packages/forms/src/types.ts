/** Text shown to people, in both UI languages (same shape as the kernel's I18nText). */
export interface I18nText {
  'zh-CN': string
  'en-US': string
}

export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'money', 'date', 'datetime', 'select', 'multiSelect', 'cascader',
  'phone', 'email', 'attachment', 'customerRef', 'assetRef', 'location', 'rating',
] as const
export type FieldType = typeof FIELD_TYPES[number]

export interface FieldOption {
  value: string
  label: I18nText
}

/**
 * One field of a template. The bounds mean what fits the type: `min`/`max` are the value for
 * number, money (fen) and rating, an ISO date/datetime for date and datetime, the item count for
 * multiSelect and attachment, and the number of levels for cascader.
 */
export interface FieldDef {
  key: string
  type: FieldType
  label: I18nText
  description?: I18nText
  required?: boolean
  /** Starts hidden; a rule shows it (产品咨询 → 产品型号). */
  hidden?: boolean
  min?: number | string
  max?: number | string
  minLength?: number
  maxLength?: number
  /** A JavaScript regular expression (unicode mode) the whole text must match. */
  pattern?: string
  options?: FieldOption[]
  defaultValue?: unknown
  /** phone only: which numbers are accepted. Default 'any'. */
  phoneKind?: 'mobile' | 'landline' | 'any'
  /** A block heading the UI groups fields under (冷链跟踪); no effect on validation. */
  group?: string
}

export type RuleAction =
  | { action: 'show' | 'hide' | 'require' | 'optional', field: string }
  /** Restricts a select / multiSelect to these option values (a subset of the field's options). */
  | { action: 'setOptions', field: string, options: string[] }
  | { action: 'setValue', field: string, value: unknown }

/**
 * A dynamic rule (Zammad core-workflow style): when the JSON Logic condition over the form's
 * values holds, the actions apply. Every evaluation starts from the field definitions, so a rule
 * needs no "else": when its condition stops holding, the field goes back to its definition.
 */
export interface Rule {
  id?: string
  when: unknown
  then: RuleAction[]
}

/** Extra fields and rules for one region (华东: cold-chain block), edited by that region's manager. */
export interface RegionVariant {
  label?: I18nText
  fields?: FieldDef[]
  rules?: Rule[]
}

export interface TemplateSchema {
  fields: FieldDef[]
  rules?: Rule[]
  /** Keyed by region code (e.g. '华东'); variant field keys never repeat base field keys. */
  variants?: Record<string, RegionVariant>
}

/** A template with its region variant applied: what a form actually shows. */
export interface ResolvedForm {
  fields: FieldDef[]
  rules: Rule[]
}

export interface FieldState {
  visible: boolean
  required: boolean
  /** select / multiSelect: the options currently offered. */
  options?: FieldOption[]
}

export interface FormState {
  fields: Record<string, FieldState>
  /** Values after defaults and setValue rules, without hidden fields. */
  values: Record<string, unknown>
}

export interface ValidationError {
  /** The field key (or a path below it: `location.lat`, `cascader[1]`). */
  field: string
  code: string
  message: I18nText
}

export interface ValidationResult {
  ok: boolean
  /** Normalized values of visible fields only: what gets stored. */
  values: Record<string, unknown>
  errors: ValidationError[]
}
