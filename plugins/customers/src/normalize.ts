import { parsePhone } from '@scrm/forms'

/**
 * Identity normalization: the same person typed in five channels must produce one value, so
 * matching is an equality lookup on a unique index rather than fuzzy search. Pure functions.
 */

export const IDENTITY_KINDS = ['phone', 'email', 'wecom_external_userid', 'wechat_openid', 'company_name'] as const
export type IdentityKind = typeof IDENTITY_KINDS[number]

export type Normalized = { ok: true, value: string } | { ok: false, message: string }

// One phone parser for the platform (forms, customers, notify): it lives in @scrm/forms.
export { formatPhone, maskPhone, parsePhone, type ParsedPhone, type PhoneKind } from '@scrm/forms'

/** Customers are people: a 400/800 hotline is a company's number, not an identity. */
export function normalizePhone(input: string): Normalized {
  const p = parsePhone(input)
  if (!p.ok) return p
  if (p.kind === 'service') return { ok: false, message: 'is a 400/800 service number, not a person\'s phone' }
  return { ok: true, value: p.e164 }
}

/** Full-width forms (ｗａｎｇ＠１６３．ｃｏｍ, （深圳）) as typed by Chinese IMEs become ASCII. */
function halfWidth(s: string): string {
  return s.normalize('NFKC')
}

export function normalizeEmail(input: string): Normalized {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' }
  const s = halfWidth(input).trim().toLowerCase()
  if (s.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(s)) return { ok: false, message: 'is not a valid email address' }
  return { ok: true, value: s }
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff'
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'g')

/**
 * Display form of a company name: full-width → half-width (（深圳） → (深圳)), whitespace trimmed
 * and collapsed, spaces next to Chinese characters removed (Chinese is written without them).
 * Legal suffixes such as 有限公司 / 有限责任公司 are part of the name and are kept.
 */
export function normalizeCompanyName(input: string): Normalized {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' }
  const s = halfWidth(input).replace(/\s+/g, ' ').trim().replace(SPACE_NEXT_TO_CJK, '')
  if (!s) return { ok: false, message: 'is empty' }
  if (s.length > 200) return { ok: false, message: 'is longer than 200 characters' }
  return { ok: true, value: s }
}

/** Platform user ids (WeCom external_userid, WeChat openid) are opaque and case-sensitive. */
function normalizeOpaqueId(input: string): Normalized {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' }
  const s = input.trim()
  if (!/^[\w-]{1,128}$/.test(s)) return { ok: false, message: 'must be 1-128 letters, digits, _ or -' }
  return { ok: true, value: s }
}

/** The value stored in `identities.value`: what a unique index compares. */
export function normalizeIdentity(kind: IdentityKind, input: string): Normalized {
  switch (kind) {
    case 'phone': return normalizePhone(input)
    case 'email': return normalizeEmail(input)
    case 'company_name': {
      // Latin letters compare case-insensitively (ABC科技 = abc科技); the display name keeps case.
      const n = normalizeCompanyName(input)
      return n.ok ? { ok: true, value: n.value.toLowerCase() } : n
    }
    case 'wecom_external_userid':
    case 'wechat_openid':
      return normalizeOpaqueId(input)
  }
}
