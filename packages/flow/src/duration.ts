/**
 * ISO-8601 durations ↔ milliseconds. Strict on purpose: a published flow with a timer that
 * silently means something else (or nothing) is worse than a rejected draft.
 *
 * Accepted: `P[nW][nD][T[nH][nM][nS]]`, fraction (`.` or `,`) only on the last component.
 * Rejected: years and months (`P1Y`, `P2M`) because they have no fixed length in milliseconds
 * (calendars belong to the SLA/business-time layer), negative durations, empty `P` / `PT`.
 */

import type { IsoDuration } from './ir.js'

export class DurationError extends Error {
  /** The reason in Chinese, for diagnostics shown to zh-CN users. */
  readonly reasonZh: string

  constructor(readonly input: unknown, readonly reason: string, reasonZh = reason) {
    super(`Invalid ISO-8601 duration ${JSON.stringify(input)}: ${reason}`)
    this.name = 'DurationError'
    this.reasonZh = reasonZh
  }
}

const MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const

// Date part allows Y/M only so that we can give a precise error instead of "malformed".
const PATTERN =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/

/** Parse an ISO-8601 duration into milliseconds (rounded to a whole ms). Throws DurationError. */
export function parseDuration(input: IsoDuration): number {
  if (typeof input !== 'string') throw new DurationError(input, 'not a string', '不是字符串')
  const m = PATTERN.exec(input)
  if (!m) throw new DurationError(input, 'expected a form like PT2H, P1DT30M, PT0.5S', '格式应类似 PT2H、P1DT30M、PT0.5S')
  const [, y, mo, w, d, h, mi, s] = m
  if (y !== undefined) throw new DurationError(input, 'years have no fixed length; use days (P365D)', '年的长度不固定，请改用天数（P365D）')
  if (mo !== undefined) throw new DurationError(input, 'months have no fixed length; use days (P30D)', '月的长度不固定，请改用天数（P30D）')
  if (input.endsWith('T')) throw new DurationError(input, '"T" must be followed by hours, minutes or seconds', '“T”后面必须跟小时、分钟或秒')
  const parts: Array<[string | undefined, number]> = [[w, MS.W], [d, MS.D], [h, MS.H], [mi, MS.M], [s, MS.S]]
  const present = parts.filter(([v]) => v !== undefined)
  if (present.length === 0) throw new DurationError(input, 'no components', '没有任何时长分量')
  // ISO-8601: only the smallest (last) component may carry a fraction.
  if (present.slice(0, -1).some(([v]) => /[.,]/.test(v!))) {
    throw new DurationError(input, 'only the last component may have a fraction', '只有最后一个分量可以带小数')
  }
  const ms = present.reduce((sum, [v, unit]) => sum + Number(v!.replace(',', '.')) * unit, 0)
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) throw new DurationError(input, 'too large', '时长过大')
  return Math.round(ms)
}

/** True when `parseDuration` would accept the input. */
export function isDuration(input: unknown): input is IsoDuration {
  try {
    parseDuration(input as string)
    return true
  } catch {
    return false
  }
}

/**
 * Milliseconds → canonical ISO-8601 (`P1DT2H30M`, `PT0.5S`, zero is `PT0S`). Days are the
 * largest unit so that `formatDuration(parseDuration(x))` is stable.
 */
export function formatDuration(ms: number): IsoDuration {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new DurationError(ms, 'milliseconds must be a finite number ≥ 0', '毫秒数必须是 ≥ 0 的有限数')
  }
  let rest = Math.round(ms)
  const days = Math.floor(rest / MS.D)
  rest -= days * MS.D
  const hours = Math.floor(rest / MS.H)
  rest -= hours * MS.H
  const minutes = Math.floor(rest / MS.M)
  rest -= minutes * MS.M
  const seconds = rest / 1000 // may be fractional: 500 ms → 0.5
  let time = ''
  if (hours) time += `${hours}H`
  if (minutes) time += `${minutes}M`
  if (seconds) time += `${seconds}S`
  if (!days && !time) return 'PT0S'
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

/**
 * When an SLA warning is due, in ms after the task started. `warnAt` is `80%` of the target or
 * a duration before the breach (`PT30M` → target − 30 min). Throws DurationError when malformed.
 */
export function warnOffset(warnAt: string, targetMs: number): number {
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(warnAt)
  if (pct) {
    const p = Number(pct[1])
    if (p <= 0 || p >= 100) throw new DurationError(warnAt, 'percentage must be between 0% and 100%', '百分比必须在 0% 到 100% 之间')
    return Math.round((targetMs * p) / 100)
  }
  const before = parseDuration(warnAt)
  if (before >= targetMs) throw new DurationError(warnAt, 'warning must come before the target', '预警点必须早于目标时长')
  return targetMs - before
}
