import { FIELD_TYPES } from '@scrm/forms'
import { I18nTextSchema, Uuid } from '@scrm/kernel'
import { Type } from 'typebox'
import { CATEGORIES, PRIORITIES } from '../lifecycle.js'

/** Request objects reject unknown properties, so a typo is a 400 naming it, never silently dropped. */
const closed = { additionalProperties: false } as const
const lit = (xs: readonly string[]) => Type.Union(xs.map(x => Type.Literal(x)))
const Str = Type.String()
const NStr = Type.Union([Type.String(), Type.Null()])

export const Key = Type.String({ pattern: '^[a-zA-Z][\\w-]{0,63}$' })
export const Region = Type.String({ minLength: 1, maxLength: 64 })
export const Priority = lit(PRIORITIES)
export const Category = lit(CATEGORIES)
export const Label = Type.Object(I18nTextSchema.properties, closed)

const Option = Type.Object({ value: Type.String({ minLength: 1, maxLength: 100 }), label: Label }, closed)
export const FieldDefSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 64 }),
  type: lit(FIELD_TYPES),
  label: Label,
  description: Type.Optional(Label),
  required: Type.Optional(Type.Boolean()),
  hidden: Type.Optional(Type.Boolean()),
  min: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 40 })])),
  max: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 40 })])),
  minLength: Type.Optional(Type.Integer({ minimum: 0 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
  pattern: Type.Optional(Type.String({ maxLength: 500 })),
  options: Type.Optional(Type.Array(Option, { maxItems: 500 })),
  defaultValue: Type.Optional(Type.Unknown()),
  phoneKind: Type.Optional(lit(['mobile', 'landline', 'any'])),
  group: Type.Optional(Type.String({ maxLength: 100 })),
}, closed)

const FieldRef = Type.String({ minLength: 1, maxLength: 64 })
const Action = Type.Union([
  Type.Object({ action: lit(['show', 'hide', 'require', 'optional']), field: FieldRef }, closed),
  Type.Object({ action: Type.Literal('setOptions'), field: FieldRef, options: Type.Array(Type.String(), { maxItems: 500 }) }, closed),
  Type.Object({ action: Type.Literal('setValue'), field: FieldRef, value: Type.Unknown() }, closed),
])
const RuleSchema = Type.Object({ id: Type.Optional(Type.String({ maxLength: 100 })), when: Type.Unknown(), then: Type.Array(Action, { minItems: 1, maxItems: 50 }) }, closed)
const Fields = Type.Array(FieldDefSchema, { maxItems: 200 })
const Rules = Type.Array(RuleSchema, { maxItems: 200 })

export const TemplateSchemaSchema = Type.Object({
  fields: Fields,
  rules: Type.Optional(Rules),
  variants: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Object({ label: Type.Optional(Label), fields: Type.Optional(Fields), rules: Type.Optional(Rules) }, closed))),
}, closed)

export const TemplateOut = Type.Object({ id: Str, key: Str, name: Label, currentVersion: Type.Integer(), archived: Type.Boolean(), createdAt: Str, updatedAt: Str })
export const VersionOut = Type.Object({ id: Str, templateId: Str, version: Type.Integer(), schema: Type.Unknown(), note: NStr, createdBy: NStr, createdAt: Str })

export const TicketTypeOut = Type.Object({
  id: Str, key: Str, name: Label, flowKey: NStr, templateId: NStr, defaultPriority: Str, active: Type.Boolean(), createdAt: Str, updatedAt: Str,
})
export const StatusOut = Type.Object({ id: Str, key: Str, name: Label, category: Str, position: Type.Integer() })

export const TicketOut = Type.Object({
  id: Str, number: Str, title: Str, description: Str, typeId: NStr, typeKey: NStr, templateVersionId: NStr, region: NStr,
  fields: Type.Record(Type.String(), Type.Unknown()), status: Str, statusCategory: Str, priority: Str, assigneeId: NStr, team: NStr,
  channel: Str, customerId: NStr, assetId: NStr, opportunityIds: Type.Array(Str), flowInstanceId: NStr, mergedIntoId: NStr,
  version: Type.Integer(), slaState: NStr, createdBy: NStr, createdAt: Str, updatedAt: Str, resolvedAt: NStr, closedAt: NStr,
})

/** Who the ticket is about, as an intake channel knows it (matched to one customer). */
export const CustomerIdentity = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  wecomExternalUserId: Type.Optional(Type.String({ maxLength: 128 })),
  wechatOpenId: Type.Optional(Type.String({ maxLength: 128 })),
  companyName: Type.Optional(Type.String({ maxLength: 200 })),
}, closed)

export const Title = Type.String({ minLength: 1, maxLength: 200 })
export const Description = Type.String({ maxLength: 20_000 })
export const FieldValues = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 200 })
export const Team = Type.String({ minLength: 1, maxLength: 64 })

/** What every create endpoint shares; channels add their own parts. */
export const TicketInputProps = {
  typeKey: Key,
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  fields: Type.Optional(FieldValues),
  region: Type.Optional(Region),
  priority: Type.Optional(Priority),
  customer: Type.Optional(CustomerIdentity),
  customerId: Type.Optional(Uuid),
  assetId: Type.Optional(Uuid),
  attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
}

export { closed, lit, NStr, Str }
