import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Role } from '@scrm/store'

export interface TokenClaims {
  /** tenant id */
  t: string
  /** user id */
  u: string
  r: Role
  /** expiry, seconds since epoch */
  exp: number
}

const b64 = (s: Buffer | string) => Buffer.from(s).toString('base64url')

/**
 * Stateless signed tokens (HMAC-SHA256): checking one costs no database round trip, which keeps
 * every authenticated request cheap. Role changes apply at the next login (tokens last 12 h).
 */
export function signToken(claims: Omit<TokenClaims, 'exp'>, secret: string, ttlSeconds = 12 * 3600): string {
  const payload = b64(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSeconds }))
  return `${payload}.${b64(createHmac('sha256', secret).update(payload).digest())}`
}

export function verifyToken(token: string, secret: string): TokenClaims | undefined {
  const [payload, sig] = token.split('.')
  if (!payload || !sig) return undefined
  const expected = createHmac('sha256', secret).update(payload).digest()
  const given = Buffer.from(sig, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as TokenClaims
    return claims.exp * 1000 > Date.now() ? claims : undefined
  }
  catch { return undefined }
}
