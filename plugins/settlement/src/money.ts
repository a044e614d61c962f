/**
 * Money is integer fen everywhere. The one rounding rule is here: half-up on fen (x.5 fen → x+1),
 * applied once to a formula's exact result. `roundFen` is also injected into every formula run
 * in the sandbox (its own source text, see formulas/run.ts), so host and formulas round alike.
 */

/**
 * Half-up to a whole fen. `toPrecision(15)` first drops binary noise of decimal inputs
 * (1.15 × 100 = 114.99999999999999 must round as 115, and 0.5 × 3 as 1.5 → 2).
 * Must stay self-contained: its source text runs in the sandbox.
 */
export function roundFen(x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError('roundFen: not a finite number: ' + String(x))
  if (Math.abs(x) > Number.MAX_SAFE_INTEGER) throw new RangeError('roundFen: beyond the safe integer range: ' + String(x))
  if (Number.isInteger(x)) return x
  const clean = Number(x.toPrecision(15))
  return clean < 0 ? -Math.floor(-clean + 0.5) : Math.floor(clean + 0.5)
}

/** Why a value is not an amount of fen (a safe integer ≥ 0), or undefined when it is one. */
export function fenProblem(value: unknown): string | undefined {
  // NaN and ±Infinity leave the sandbox as JSON null.
  if (value === null) return 'must be a number of fen, got null (NaN or Infinity?)'
  if (typeof value !== 'number') return `must be a number of fen, got ${typeof value}`
  if (Number.isNaN(value)) return 'must be a number of fen, got NaN'
  if (!Number.isInteger(value)) return `must be a whole number of fen, got ${value}`
  if (!Number.isSafeInteger(value)) return `must be at most ${Number.MAX_SAFE_INTEGER} fen, got ${value}`
  if (value < 0) return `must not be negative, got ${value}`
  return undefined
}

/** Yuan with two decimals by integer arithmetic (12345 → "123.45"); BigInt so sums never round. */
export function fenToYuan(fen: number | bigint): string {
  const f = BigInt(fen)
  const neg = f < 0n
  const abs = neg ? -f : f
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`
}

/** Sums of fen without ever leaving integers; throws past the safe range rather than rounding. */
export function sumFen(values: Iterable<number | string | bigint>): number {
  let total = 0n
  for (const v of values) total += BigInt(v)
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`total ${total} fen is beyond the safe integer range`)
  return Number(total)
}
