import type { DroppedCandidate } from '@scrm/kernel'
import type { LatLng } from '@scrm/plugin-org'
import type { RoutingCandidate, RoutingStrategy } from './types.js'
import { num, round } from './types.js'

const EARTH_KM = 6371.0088
const rad = (deg: number) => (deg * Math.PI) / 180

/** Great-circle distance in km (haversine; ample for "which technician is closest" in a city). */
export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Nearest: the shortest distance from the person's location to the ticket's. People without a
 * location are dropped; `config.maxKm` drops those farther away. A ticket without a location
 * cannot be measured: everyone scores 0 and the tie-break (load) decides, noted in `why`.
 */
export const nearest: RoutingStrategy = {
  id: 'nearest',
  label: { 'zh-CN': '就近分配', 'en-US': 'Nearest' },
  description: { 'zh-CN': '离工单位置最近者（球面距离）', 'en-US': 'Closest to the ticket\'s location (great-circle distance)' },
  configSchema: { type: 'object', properties: { maxKm: { type: 'number', minimum: 0 } }, additionalProperties: false },
  filter(candidates, ctx) {
    const kept: RoutingCandidate[] = []
    const dropped: DroppedCandidate[] = []
    const maxKm = num(ctx.config.maxKm, Number.POSITIVE_INFINITY)
    for (const c of candidates) {
      if (!c.location) dropped.push({ userId: c.userId, reason: 'no_location' })
      else if (ctx.ticket.location && haversineKm(c.location, ctx.ticket.location) > maxKm)
        dropped.push({ userId: c.userId, reason: 'too_far', detail: `> ${maxKm} km` })
      else kept.push(c)
    }
    return { kept, dropped }
  },
  rank(candidates, ctx) {
    const at = ctx.ticket.location
    return candidates.map(c => ({ userId: c.userId, score: at ? round(-haversineKm(c.location!, at), 3) : 0 }))
  },
  explain: (_c, s, ctx) => (ctx.ticket.location ? { why: `${round(-s.score, 1)} km`, details: { km: -s.score } } : { why: 'ticket has no location' }),
}
