/**
 * Identity normalization: the same person typed in five channels must produce one value, so
 * matching is an equality lookup on a unique index rather than fuzzy search. Pure functions.
 */

export const IDENTITY_KINDS = ['phone', 'email', 'wecom_external_userid', 'wechat_openid', 'company_name'] as const
export type IdentityKind = typeof IDENTITY_KINDS[number]

export type Normalized = { ok: true, value: string } | { ok: false, message: string }

export type PhoneKind = 'mobile' | 'landline' | 'intl'
export type ParsedPhone = { ok: true, e164: string, kind: PhoneKind } | { ok: false, message: string }

const CN_MOBILE = /^1[3-9]\d{9}$/
// Two-digit area codes are Beijing (10) and the 2X group (Shanghai 21, Guangzhou 20 …): 8-digit
// subscriber numbers. Every other area code has three digits and 7- or 8-digit subscribers.
const CN_LANDLINE_2 = /^0(10|2\d)([1-9]\d{7})$/
const CN_LANDLINE_3 = /^0([3-9]\d{2})([1-9]\d{6,7})$/

/** Full-width forms (＋８６ １３８…, （０７５５）) as typed by Chinese IMEs become ASCII. */
function halfWidth(s: string): string {
  return s.normalize('NFKC')
}

function nationalToE164(national: string): ParsedPhone {
  if (CN_MOBILE.test(national)) return { ok: true, e164: `+86${national}`, kind: 'mobile' }
  const m = CN_LANDLINE_2.exec(national) ?? CN_LANDLINE_3.exec(national)
  if (m) return { ok: true, e164: `+86${m[1]}${m[2]}`, kind: 'landline' }
  return { ok: false, message: 'is not a valid Chinese mobile or landline number' }
}

/**
 * CN mobiles and landlines in any common spelling → E.164 (`+8613800138000`, `+861012345678`).
 * Other countries are accepted only in explicit international form (`+852 …`, `00852 …`).
 */
export function parsePhone(input: string): ParsedPhone {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' }
  const s = halfWidth(input).trim()
  if (!s) return { ok: false, message: 'is empty' }
  // Separators people type; anything else (letters, 转 for extensions) makes it invalid.
  if (!/^\+?[\d\s\-().]+$/.test(s)) return { ok: false, message: 'may contain only digits, spaces, + - ( ) .' }
  const plus = s.startsWith('+')
  let digits = s.replace(/\D/g, '')
  if (!plus && digits.startsWith('00')) return intl(digits.slice(2))
  if (plus && !digits.startsWith('86')) return intl(digits)
  if (plus || digits.startsWith('86')) {
    digits = digits.slice(2)
    // After the country code the trunk 0 is dropped (+86 10 1234 5678), but people keep it too.
    if (CN_MOBILE.test(digits)) return nationalToE164(digits)
    return nationalToE164(digits.startsWith('0') ? digits : `0${digits}`)
  }
  return nationalToE164(digits)
}

function intl(digits: string): ParsedPhone {
  if (digits.startsWith('86')) return parsePhone(`+${digits}`)
  if (!/^[1-9]\d{6,14}$/.test(digits)) return { ok: false, message: 'is not a valid international number' }
  return { ok: true, e164: `+${digits}`, kind: 'intl' }
}

export function normalizePhone(input: string): Normalized {
  const p = parsePhone(input)
  return p.ok ? { ok: true, value: p.e164 } : p
}

/** `+8613800138000` → `138****8000`; landlines keep the area code: `010****5678`. */
export function maskPhone(e164: string): string {
  if (e164.startsWith('+86')) {
    const n = e164.slice(3)
    if (CN_MOBILE.test(n)) return `${n.slice(0, 3)}****${n.slice(-4)}`
    const area = /^(10|2\d)/.test(n) ? n.slice(0, 2) : n.slice(0, 3)
    return `0${area}****${n.slice(-4)}`
  }
  return `${e164.slice(0, 3)}****${e164.slice(-4)}`
}

/** National display form: `138 0013 8000`, `010-12345678`; other countries stay E.164. */
export function formatPhone(e164: string): string {
  if (!e164.startsWith('+86')) return e164
  const n = e164.slice(3)
  if (CN_MOBILE.test(n)) return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`
  const areaLen = /^(10|2\d)/.test(n) ? 2 : 3
  return `0${n.slice(0, areaLen)}-${n.slice(areaLen)}`
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
