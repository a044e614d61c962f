import type { SettlementFormulaDef } from '@scrm/kernel'

/**
 * The five formulas this plugin ships. Each `source` is a function body run in the sandbox with
 * the globals `inputs` (mapped from the ticket), `params` (from the rule) and `roundFen`
 * (money.ts: half-up on fen). It returns an integer amount in fen; the host rejects anything else.
 */

const fen = (description: string) => ({ type: 'integer', minimum: 0, description })

/** Hours → whole minutes (half-up), up to the next `incrementMinutes`, at least `minimumMinutes`; then × rate / 60, half-up on fen. */
export const hourlyLabour: SettlementFormulaDef = {
  id: 'labour.hourly',
  label: { 'zh-CN': '按工时计费', 'en-US': 'Hourly labour' },
  description: { 'zh-CN': '工时 × 小时单价；工时先四舍五入到分钟，再按计费单位向上取整', 'en-US': 'Hours × hourly rate; hours rounded half-up to minutes, then up to the billing increment' },
  inputs: { type: 'object', properties: { hours: { type: 'number', minimum: 0 } }, required: ['hours'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['rateFen'],
    properties: {
      rateFen: fen('price of one hour, in fen'),
      incrementMinutes: { type: 'integer', minimum: 1, maximum: 1440 },
      minimumMinutes: { type: 'integer', minimum: 0 },
    },
  },
  source: String.raw`
const inc = params.incrementMinutes || 1
let minutes = roundFen(inputs.hours * 60)
minutes = Math.ceil(minutes / inc) * inc
minutes = Math.max(minutes, params.minimumMinutes || 0)
return roundFen(minutes * params.rateFen / 60)`,
}

/** A base fee, `includedKm` free, then per-km prices by tier of the total distance (marginal, like postage). */
export const distance: SettlementFormulaDef = {
  id: 'logistics.distance',
  label: { 'zh-CN': '按距离计费', 'en-US': 'Distance' },
  description: { 'zh-CN': '起步价 + 超出免费里程部分按里程分段单价累计', 'en-US': 'Base fee plus per-km prices by distance tier beyond the included km' },
  inputs: { type: 'object', properties: { km: { type: 'number', minimum: 0 } }, required: ['km'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['tiers'],
    properties: {
      baseFen: fen('fee for any trip'),
      includedKm: { type: 'number', minimum: 0 },
      tiers: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['perKmFen'], properties: { upToKm: { type: 'number', minimum: 0 }, perKmFen: fen('price per km in this tier') } },
      },
    },
  },
  source: String.raw`
const km = inputs.km
let from = params.includedKm || 0
let sum = 0
for (const t of params.tiers) {
  const upTo = t.upToKm === undefined ? Infinity : t.upToKm
  if (km > from && upTo > from) sum += (Math.min(km, upTo) - from) * t.perKmFen
  from = Math.max(from, upTo)
}
if (km > from) throw new RangeError(km + ' km is beyond the last tier (' + from + ' km)')
return (params.baseFen || 0) + roundFen(sum)`,
}

/** A fixed fee per problem level (技术支持: L1 … L4). An unknown level is an error, never 0. */
export const problemLevel: SettlementFormulaDef = {
  id: 'support.level',
  label: { 'zh-CN': '按问题等级计费', 'en-US': 'Problem level' },
  description: { 'zh-CN': '问题等级对应固定费用', 'en-US': 'A fixed fee per problem level' },
  inputs: { type: 'object', properties: { level: { description: 'level key, e.g. 1 or "L2"' } }, required: ['level'] },
  params: { type: 'object', additionalProperties: false, required: ['fees'], properties: { fees: { type: 'object', description: 'level → fee in fen' } } },
  source: String.raw`
const key = String(inputs.level)
if (!Object.prototype.hasOwnProperty.call(params.fees, key)) throw new RangeError('no fee for problem level ' + key)
return params.fees[key]`,
}

/**
 * A base amount × the night factor when the work happened 22:00:00–07:59:59 Beijing time (UTC+8,
 * no daylight saving) × the urgent factor when urgent; one half-up rounding at the end.
 */
export const nightUrgent: SettlementFormulaDef = {
  id: 'service.night-urgent',
  label: { 'zh-CN': '夜间/加急系数', 'en-US': 'Night / urgent coefficient' },
  description: { 'zh-CN': '基础金额 × 夜间系数（北京时间22:00–08:00）× 加急系数', 'en-US': 'Base × night factor (22:00–08:00 Beijing time) × urgent factor' },
  inputs: {
    type: 'object',
    required: ['baseFen', 'at'],
    properties: { baseFen: fen('amount the factors apply to'), at: { type: 'string', description: 'ISO time of the work' }, urgent: { type: 'boolean' } },
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { nightFactor: { type: 'number', minimum: 0 }, urgentFactor: { type: 'number', minimum: 0 } },
  },
  source: String.raw`
const ms = Date.parse(inputs.at)
if (Number.isNaN(ms)) throw new RangeError('not a time: ' + inputs.at)
const hour = new Date(ms + 8 * 3600000).getUTCHours()
const night = hour >= 22 || hour < 8
let factor = 1
if (night) factor *= params.nightFactor === undefined ? 1.5 : params.nightFactor
if (inputs.urgent) factor *= params.urgentFactor === undefined ? 2 : params.urgentFactor
return roundFen(inputs.baseFen * factor)`,
}

/**
 * Rebate on the cumulative purchases of a period. Tiers start at `fromFen` (inclusive: exactly
 * 10万 earns 3%). `whole` (default): the whole cumulative amount earns the rate of the highest
 * tier reached (满10万返3%). `marginal`: each slice earns its own tier's rate (like income tax).
 * This ticket's line = rebate(previous + amount) − rebate(previous), so lines add up to the
 * rebate of the period's total. Rates are basis points (300 = 3%) so the arithmetic stays exact.
 */
export const tieredRebate: SettlementFormulaDef = {
  id: 'sales.tiered-rebate',
  label: { 'zh-CN': '阶梯返利', 'en-US': 'Tiered rebate' },
  description: { 'zh-CN': '周期累计金额满10万/30万/50万元返3%/5%/8%（整额或超额累进）', 'en-US': 'Cumulative period amount from 100k/300k/500k yuan earns 3%/5%/8% (whole amount or marginal)' },
  inputs: {
    type: 'object',
    required: ['amountFen'],
    properties: { amountFen: fen('this ticket\'s amount'), previousFen: fen('amount of the period before this ticket') },
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      mode: { type: 'string', enum: ['whole', 'marginal'] },
      tiers: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['fromFen', 'rateBp'], properties: { fromFen: fen('tier starts here (inclusive)'), rateBp: { type: 'integer', minimum: 0, maximum: 10000 } } } },
    },
  },
  source: String.raw`
const tiers = (params.tiers || [{ fromFen: 10000000, rateBp: 300 }, { fromFen: 30000000, rateBp: 500 }, { fromFen: 50000000, rateBp: 800 }])
  .slice().sort((a, b) => a.fromFen - b.fromFen)
// total × bp / 10000 without leaving the safe range: split into whole 10000s and the rest.
const part = (total, bp) => Math.floor(total / 10000) * bp + (total % 10000) * bp / 10000
function rebate(total) {
  let r = 0
  if (params.mode === 'marginal') {
    tiers.forEach((t, i) => {
      const end = i + 1 < tiers.length ? Math.min(total, tiers[i + 1].fromFen) : total
      if (end > t.fromFen) r += part(end - t.fromFen, t.rateBp)
    })
  } else {
    let bp = 0
    for (const t of tiers) if (total >= t.fromFen) bp = t.rateBp
    r = part(total, bp)
  }
  return roundFen(r)
}
const previous = inputs.previousFen || 0
const total = previous + inputs.amountFen
if (!Number.isSafeInteger(total)) throw new RangeError('cumulative amount ' + total + ' fen is beyond the safe integer range')
return rebate(total) - rebate(previous)`,
}

export const builtinFormulas: SettlementFormulaDef[] = [hourlyLabour, distance, problemLevel, nightUrgent, tieredRebate]
