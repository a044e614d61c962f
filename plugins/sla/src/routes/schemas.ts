import { Uuid } from '@scrm/kernel'
import { Type } from 'typebox'
import { PRIORITIES, TARGET_KINDS } from '../policy.js'

/** Request objects reject unknown properties: a typo is a 400 naming it, never silently dropped. */
export const closed = { additionalProperties: false } as const
export const lit = (xs: readonly string[]) => Type.Union(xs.map(x => Type.Literal(x)))
const opt = Type.Optional

/** ISO-8601 durations; parseDuration checks them (the 400 names the field and the reason). */
const Duration = Type.String({ minLength: 2, maxLength: 40 })
const CalendarId = Type.String({ minLength: 1, maxLength: 64 })
const ChannelKey = Type.String({ minLength: 1, maxLength: 64 })
const TargetKind = lit(TARGET_KINDS)

const TargetSpec = Type.Union([Duration, Type.Object({ within: Duration, calendar: opt(Type.Union([CalendarId, Type.Null()])) }, closed)])
const PerPriority = Type.Object(Object.fromEntries(TARGET_KINDS.map(k => [k, opt(TargetSpec)])), closed)
const Targets = Type.Object(Object.fromEntries(PRIORITIES.map(p => [p, opt(PerPriority)])), closed)

const Supervisor = Type.Object({ supervisor: Type.Integer({ minimum: 1, maximum: 10 }) }, closed)
const User = Type.Object({ user: Uuid }, closed)
const Assignee = Type.Object({ assignee: Type.Literal(true) }, closed)
const Recipient = Type.Union([
  User,
  Type.Object({ role: lit(['admin', 'supervisor', 'agent']) }, closed),
  Type.Object({ channel: ChannelKey }, closed),
  Assignee,
  Supervisor,
  Type.Object({ watchers: Type.Literal(true) }, closed),
])
const Person = Type.Union([User, Supervisor, Assignee])

const Action = Type.Union([
  Type.Object({ type: Type.Literal('notify'), to: Type.Array(Recipient, { minItems: 1, maxItems: 20 }), urgent: opt(Type.Boolean()) }, closed),
  Type.Object({ type: Type.Literal('reassign'), to: opt(Type.Union([Person, Type.Object({ rules: Type.Literal(true) }, closed)])) }, closed),
  Type.Object({ type: Type.Literal('raisePriority'), to: opt(lit(PRIORITIES)) }, closed),
  Type.Object({ type: Type.Literal('addWatcher'), who: Person }, closed),
])

const Level = Type.Object({
  after: opt(Duration),
  before: opt(Duration),
  targets: opt(Type.Array(TargetKind, { minItems: 1, maxItems: 3 })),
  actions: Type.Array(Action, { minItems: 1, maxItems: 10 }),
}, closed)

const Warning = Type.Object({
  at: Type.String({ minLength: 2, maxLength: 40 }),
  targets: opt(Type.Array(TargetKind, { minItems: 1, maxItems: 3 })),
  notify: opt(Type.Array(Recipient, { minItems: 1, maxItems: 20 })),
}, closed)

export const PolicyProps = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  position: opt(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  /** JSON Logic over { ticket, customer, form }; omitted or null = the default policy. */
  condition: opt(Type.Unknown()),
  calendar: opt(Type.Union([CalendarId, Type.Null()])),
  pauseStatuses: opt(Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 50 }), Type.Null()])),
  targets: Targets,
  warning: opt(Type.Union([Warning, Type.Null()])),
  escalations: opt(Type.Array(Level, { maxItems: 10 })),
  active: opt(Type.Boolean()),
}

export const PolicyBody = Type.Object(PolicyProps, closed)
export const PolicyPut = Type.Object({ ...PolicyProps, expectedVersion: opt(Type.Integer({ minimum: 1 })) }, closed)
export const PolicyOut = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  ...PolicyProps,
  condition: Type.Unknown(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
