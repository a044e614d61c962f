import { Type } from 'typebox'

export const closed = { additionalProperties: false } as const
const Str = Type.String()
const NStr = Type.Union([Type.String(), Type.Null()])
const Short = (max: number) => Type.String({ minLength: 1, maxLength: max })
export const Priority = Type.Union(['low', 'normal', 'high', 'urgent'].map(p => Type.Literal(p)))

export const PoolIn = Type.Object({
  team: Type.Optional(Type.Union([Short(64), Type.Null()])),
  role: Type.Optional(Type.Union([Short(64), Type.Null()])),
  skills: Type.Optional(Type.Array(Short(70), { maxItems: 20 })),
  /** A region id, code or name, or `$ticket` for the ticket's own region. */
  region: Type.Optional(Type.Union([Short(64), Type.Null()])),
}, closed)

const RuleProps = {
  name: Short(100),
  enabled: Type.Boolean(),
  position: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  when: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Boolean(), Type.Null()]),
  keywords: Type.Array(Short(100), { maxItems: 200 }),
  pool: PoolIn,
  strategy: Short(64),
  config: Type.Object({}, { additionalProperties: true }),
  raisePriority: Type.Union([Priority, Type.Null()]),
  tags: Type.Array(Short(100), { maxItems: 20, uniqueItems: true }),
}
export const RuleCreate = Type.Object({
  name: RuleProps.name, pool: RuleProps.pool, strategy: RuleProps.strategy,
  enabled: Type.Optional(RuleProps.enabled), position: Type.Optional(RuleProps.position), when: Type.Optional(RuleProps.when),
  keywords: Type.Optional(RuleProps.keywords), config: Type.Optional(RuleProps.config), raisePriority: Type.Optional(RuleProps.raisePriority), tags: Type.Optional(RuleProps.tags),
}, closed)
export const RulePatch = Type.Partial(Type.Object(RuleProps), { ...closed, minProperties: 1 })
export const RuleOut = Type.Object({
  id: Str, name: Str, position: Type.Integer(), enabled: Type.Boolean(), when: Type.Unknown(), keywords: Type.Array(Str), pool: Type.Unknown(),
  strategy: Str, config: Type.Unknown(), raisePriority: NStr, tags: Type.Array(Str), createdAt: Str, updatedAt: Str,
})

const Entry = Type.Object({ term: Short(100), tag: Type.Optional(Short(100)) }, closed)
const DictProps = {
  key: Type.String({ pattern: '^[a-zA-Z][\\w-]{0,63}$' }),
  name: Short(100),
  match: Type.Union([Type.Literal('token'), Type.Literal('substring')]),
  tagPrefix: Type.String({ maxLength: 32 }),
  entries: Type.Array(Entry, { maxItems: 5000 }),
  enabled: Type.Boolean(),
}
export const DictCreate = Type.Object({
  key: DictProps.key, name: DictProps.name, entries: DictProps.entries,
  match: Type.Optional(DictProps.match), tagPrefix: Type.Optional(DictProps.tagPrefix), enabled: Type.Optional(DictProps.enabled),
}, closed)
export const DictPatch = Type.Partial(Type.Object(DictProps), { ...closed, minProperties: 1 })
export const DictOut = Type.Object({ id: Str, key: Str, name: Str, match: Str, tagPrefix: Str, entries: Type.Array(Type.Object({ term: Str, tag: Type.Optional(Str) })), enabled: Type.Boolean(), createdAt: Str, updatedAt: Str })

export const SettingsIn = Type.Object({
  routeOnIntake: Type.Optional(Type.Boolean()),
  notifyOnQueue: Type.Optional(Type.Boolean()),
  fallback: Type.Optional(Type.Union([Type.Object({ pool: PoolIn, strategy: Short(64) }, closed), Type.Null()])),
}, { ...closed, minProperties: 1 })
export const SettingsOut = Type.Object({ routeOnIntake: Type.Boolean(), notifyOnQueue: Type.Boolean(), fallback: Type.Unknown() })

export const FactsIn = Type.Object({
  type: Type.Optional(Type.Union([Short(64), Type.Null()])),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  priority: Type.Optional(Priority),
  region: Type.Optional(Type.Union([Short(64), Type.Null()])),
  channel: Type.Optional(Type.Union([Short(32), Type.Null()])),
  fields: Type.Optional(Type.Object({}, { additionalProperties: true })),
  tags: Type.Optional(Type.Array(Short(100), { maxItems: 50 })),
  customer: Type.Optional(Type.Object({ tier: Type.Optional(Type.Union([Short(32), Type.Null()])), tags: Type.Optional(Type.Array(Short(32), { maxItems: 50 })), region: Type.Optional(Type.Union([Short(64), Type.Null()])) }, closed)),
  location: Type.Optional(Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, closed)),
}, closed)
export const DirectIn = Type.Object({ pool: PoolIn, strategy: Short(64), config: Type.Optional(Type.Object({}, { additionalProperties: true })) }, closed)
export const Decision = Type.Object({}, { additionalProperties: true })
