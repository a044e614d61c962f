import { badRequest, errors } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { boardFilters, ticketsByState, throughput, timePerNode, type BoardFilter } from '../board.js'
import { staffOnly } from './common.js'
import { closed, Key } from './schemas.js'

const RANGES = { '24h': { hours: 24, bucket: 'hour' }, '7d': { hours: 24 * 7, bucket: 'day' }, '30d': { hours: 24 * 30, bucket: 'day' } } as const

const Query = Type.Object({
  type: Type.Optional(Key),
  team: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  range: Type.Optional(Type.Union(Object.keys(RANGES).map(k => Type.Literal(k)))),
  tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, closed)

function checkTimeZone(tz: string): string {
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return tz }
  catch { throw badRequest(`invalid querystring: /tz ${tz} is not a time zone`, [{ in: 'querystring', field: '/tz', message: 'is not an IANA time zone (e.g. Asia/Shanghai)' }]) }
}

/** `GET /api/ticket-board`: tickets by state with SLA colours, time per flow node, throughput. */
export function boardRoutes(now: () => Date): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)
    app.get('/', {
      schema: {
        tags: ['tickets'],
        summary: 'Live board: tickets per status by SLA state, time per flow node (avg/median), created vs resolved per hour/day; filter by type and team',
        querystring: Query,
        response: { 200: Type.Unknown(), ...errors(400) },
      },
    }, async (request) => {
      const q = request.query as { type?: string, team?: string, range?: keyof typeof RANGES, tz?: string }
      const range = RANGES[q.range ?? '24h']
      const at = now()
      const filter: BoardFilter = {
        type: q.type, team: q.team, now: at, since: new Date(at.getTime() - range.hours * 3_600_000),
        timeZone: checkTimeZone(q.tz ?? 'Asia/Shanghai'), bucket: range.bucket,
      }
      const [states, nodes, points, filters] = await Promise.all([
        ticketsByState(request.scope, filter), timePerNode(request.scope, filter), throughput(request.scope, filter), boardFilters(request.scope),
      ])
      return { generatedAt: at.toISOString(), range: q.range ?? '24h', bucket: range.bucket, states, nodes, throughput: points, filters }
    })
  }
}
