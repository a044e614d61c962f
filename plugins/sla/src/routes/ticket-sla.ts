import type { CalendarProvider } from '@scrm/calendar'
import { errors, IdParams, notFound, requireRole } from '@scrm/kernel'
import { findTicket } from '@scrm/plugin-tickets'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { schedule, targetList, usedMinutes } from '../schedule.js'
import { readSla } from '../store.js'

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)

/**
 * `GET /api/tickets/:id/sla`: the ticket's SLA as of now — policy, state, each target with its
 * due time, outcome, business minutes used and paused, the next event, watchers and the SLA log.
 */
export function ticketSlaRoutes(calendars: CalendarProvider, now: () => Date): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', requireRole('admin', 'supervisor', 'agent'))
    app.get('/', {
      schema: { tags: ['sla'], summary: 'The SLA of a ticket: targets, due times, outcomes, minutes used and paused, events', params: IdParams, response: { 200: Type.Unknown(), ...errors(404) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const ticket = await findTicket(request.scope, id)
      if (!ticket) throw notFound('ticket')
      const sla = await readSla(request.scope, ticket.id)
      const events = await request.scope.table('sla_events').where({ ticket_id: ticket.id }).orderBy([{ column: 'at' }, { column: 'recorded_at' }])
      const watchers = await request.scope.table('sla_watchers').where({ ticket_id: ticket.id }).orderBy('created_at').pluck('user_id')
      if (!sla) return { ticketId: ticket.id, policy: null, state: null, paused: false, targets: [], next: null, watchers, events: [] }
      const at = now()
      const next = schedule(calendars, sla.policy, sla.targets, !!sla.pausedAt)[0]
      return {
        ticketId: ticket.id,
        policy: { id: sla.policy.id, name: sla.policy.name, version: sla.policy.version },
        state: sla.state,
        paused: !!sla.pausedAt,
        pausedAt: iso(sla.pausedAt),
        targets: targetList(sla.targets).map(t => ({
          kind: t.kind, cycle: t.cycle, within: t.within, calendar: t.calendar ?? 'calendar time', startedAt: t.startedAt, dueAt: t.dueAt,
          status: t.status, completedAt: t.completedAt, breachedAt: t.breachedAt, fired: t.fired,
          businessMinutesUsed: usedMinutes(calendars, t, at, sla.pausedAt), pausedMinutes: Math.round(t.pausedMs / 60_000),
        })),
        next: next ? { target: next.target, event: next.key, at: next.at.toISOString() } : null,
        watchers,
        events: events.map((e: Record<string, any>) => ({
          event: e.event, target: e.target, level: e.level, dueAt: iso(e.due_at), at: iso(e.at), data: e.data,
        })),
      }
    })
  }
}
