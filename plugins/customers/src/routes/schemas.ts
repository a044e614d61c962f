import { Uuid } from '@scrm/kernel'
import { Type } from 'typebox'
import { IDENTITY_KINDS } from '../normalize.js'
import { STAGE_KEYS } from '../stages.js'

/** Request and response schemas: request objects reject unknown properties so typos are 400s. */
const closed = { additionalProperties: false } as const
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Str = Type.String()
const NStr = Nullable(Type.String())

export const Kind = Type.Union([Type.Literal('person'), Type.Literal('company')])
export const IdentityKindSchema = Type.Union(IDENTITY_KINDS.map(k => Type.Literal(k)))
export const Stage = Type.Union(STAGE_KEYS.map(k => Type.Literal(k)))
export const Tier = Type.String({ minLength: 1, maxLength: 32 })
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 50, uniqueItems: true })
export const DateOnly = Type.String({ format: 'date' })
export const Fen = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

export const CustomerOut = Type.Object({
  id: Str, kind: Str, name: Str, tier: NStr, tags: Type.Array(Str), region: NStr, ownerId: NStr, mergedIntoId: NStr, createdAt: Str, updatedAt: Str,
})
export const CustomerListItem = Type.Object({
  ...CustomerOut.properties,
  /** Masked (138****8000) unless the caller is an admin. */
  phones: Type.Array(Str),
  emails: Type.Array(Str),
})
export const IdentityOut = Type.Object({ id: Str, customerId: Str, kind: Str, value: Str, display: Str, source: NStr, createdAt: Str })
export const ContactOut = Type.Object({ id: Str, customerId: Str, name: Str, title: NStr, phone: NStr, email: NStr, notes: NStr, createdAt: Str, updatedAt: Str })
export const OpportunityOut = Type.Object({
  id: Str, customerId: Str, title: Str, stage: Str, amountFen: Type.Integer(), ownerId: NStr, expectedCloseDate: NStr, stageChangedAt: Str, closedAt: NStr, createdAt: Str, updatedAt: Str,
})
export const AssetOut = Type.Object({
  id: Str, serial: Str, model: NStr, name: NStr, installDate: NStr, customerId: NStr, location: NStr, createdAt: Str, updatedAt: Str,
})
export const AssetWithOwnerOut = Type.Object({ ...AssetOut.properties, customer: Type.Union([CustomerOut, Type.Null()]) })

export const CustomerCard = Type.Object({
  customer: CustomerOut,
  identities: Type.Array(IdentityOut),
  contacts: Type.Array(ContactOut),
  opportunities: Type.Array(OpportunityOut),
  assets: Type.Array(AssetOut),
  /** Blocks other plugins contribute (tickets …), by key. */
  sections: Type.Record(Type.String(), Type.Unknown()),
})

/** Identities accepted when creating a customer, spelled like the intake service's input. */
export const IdentityFields = {
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  wecomExternalUserId: Type.Optional(Type.String({ maxLength: 128 })),
  wechatOpenId: Type.Optional(Type.String({ maxLength: 128 })),
  companyName: Type.Optional(Type.String({ maxLength: 200 })),
}

const CustomerFields = {
  kind: Kind,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  tier: Nullable(Tier),
  tags: Tags,
  region: Nullable(Type.String({ maxLength: 64 })),
  ownerId: Type.Union([Uuid, Type.Null()]),
}
export const CustomerCreate = Type.Object({
  ...CustomerFields,
  kind: Type.Optional(Kind),
  tier: Type.Optional(CustomerFields.tier),
  tags: Type.Optional(Tags),
  region: Type.Optional(CustomerFields.region),
  ownerId: Type.Optional(CustomerFields.ownerId),
  ...IdentityFields,
}, closed)
export const CustomerPatch = Type.Partial(Type.Object(CustomerFields), { ...closed, minProperties: 1 })

export const CustomerQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  tier: Type.Optional(Tier),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  kind: Type.Optional(Kind),
  includeMerged: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, closed)

export const MergeBody = Type.Object({ intoId: Uuid }, closed)
export const MergeOut = Type.Object({
  survivor: CustomerOut,
  mergedId: Str,
  alreadyMerged: Type.Boolean(),
  moved: Type.Record(Type.String(), Type.Integer()),
})

export const IdentityCreate = Type.Object({
  kind: IdentityKindSchema,
  value: Type.String({ minLength: 1, maxLength: 320 }),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, closed)

const ContactFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  title: Nullable(Type.String({ maxLength: 100 })),
  phone: Nullable(Type.String({ maxLength: 40 })),
  email: Nullable(Type.String({ maxLength: 320 })),
  notes: Nullable(Type.String({ maxLength: 2000 })),
}
export const ContactCreate = Type.Object({
  name: ContactFields.name,
  title: Type.Optional(ContactFields.title),
  phone: Type.Optional(ContactFields.phone),
  email: Type.Optional(ContactFields.email),
  notes: Type.Optional(ContactFields.notes),
}, closed)
export const ContactPatch = Type.Partial(Type.Object(ContactFields), { ...closed, minProperties: 1 })

export const ChildParams = (child: string) => Type.Object({ id: Uuid, [child]: Uuid }, closed)

export { closed, Nullable }
