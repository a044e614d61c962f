/**
 * Phone numbers in any common spelling → E.164, so the value a form stores is the value the
 * customers plugin's identity matching compares (`+8613800138000`, `+861012345678`). The one
 * parser of the platform: forms, customers and notify all use it. Pure, isomorphic.
 */

/** `service`: 400 / 800 hotlines, dialled without an area code — a company, not a person. */
export type PhoneKind = 'mobile' | 'landline' | 'service' | 'intl'
export type ParsedPhone = { ok: true, e164: string, kind: PhoneKind } | { ok: false, message: string }

/** A number a form field for customers in China accepts (service numbers count as landlines). */
export type CnPhone = { e164: string, kind: 'mobile' | 'landline' }

const MOBILE = /^1[3-9]\d{9}$/
// Beijing (10) and the 2X group have two-digit area codes and 8-digit numbers; the rest have
// three-digit area codes and 7- or 8-digit numbers.
const LANDLINE_2 = /^0(10|2\d)([1-9]\d{7})$/
const LANDLINE_3 = /^0([3-9]\d{2})([1-9]\d{6,7})$/
const SERVICE = /^[48]00\d{7}$/
const TWO_DIGIT_AREA = /^(10|2\d)/

function national(digits: string): ParsedPhone {
  if (MOBILE.test(digits)) return { ok: true, e164: `+86${digits}`, kind: 'mobile' }
  if (SERVICE.test(digits)) return { ok: true, e164: `+86${digits}`, kind: 'service' }
  const m = LANDLINE_2.exec(digits) ?? LANDLINE_3.exec(digits)
  if (m) return { ok: true, e164: `+86${m[1]}${m[2]}`, kind: 'landline' }
  return { ok: false, message: 'is not a valid Chinese mobile or landline number' }
}

/** After the country code the trunk 0 is dropped (+86 10 1234 5678), but people keep it too. */
function afterCountryCode(digits: string): ParsedPhone {
  if (MOBILE.test(digits) || SERVICE.test(digits)) return national(digits)
  return national(digits.startsWith('0') ? digits : `0${digits}`)
}

function intl(digits: string): ParsedPhone {
  if (digits.startsWith('86')) return afterCountryCode(digits.slice(2))
  if (!/^[1-9]\d{6,14}$/.test(digits)) return { ok: false, message: 'is not a valid international number' }
  return { ok: true, e164: `+${digits}`, kind: 'intl' }
}

/**
 * CN mobiles, landlines and 400/800 numbers in any common spelling; other countries only in
 * explicit international form (`+852 …`, `00852 …`).
 */
export function parsePhone(input: unknown): ParsedPhone {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' }
  // NFKC turns full-width digits and brackets typed with a Chinese IME into ASCII.
  const s = input.normalize('NFKC').trim()
  if (!s) return { ok: false, message: 'is empty' }
  // Separators people type; anything else (letters, 转 for extensions) makes it invalid.
  if (!/^\+?[\d\s\-().]+$/.test(s)) return { ok: false, message: 'may contain only digits, spaces, + - ( ) .' }
  const digits = s.replace(/\D/g, '')
  if (s.startsWith('+')) return intl(digits)
  if (digits.startsWith('00')) return intl(digits.slice(2))
  if (digits.startsWith('86') && digits.length > 11) return afterCountryCode(digits.slice(2))
  return national(digits)
}

/** Chinese numbers only: what a phone field of a ticket form accepts. */
export function parseCnPhone(input: unknown): CnPhone | undefined {
  const p = parsePhone(input)
  if (!p.ok || p.kind === 'intl') return undefined
  return { e164: p.e164, kind: p.kind === 'mobile' ? 'mobile' : 'landline' }
}

/** `+8613800138000` → `138****8000`; landlines keep the area code: `010****5678`. */
export function maskPhone(e164: string): string {
  if (e164.startsWith('+86')) {
    const n = e164.slice(3)
    if (MOBILE.test(n) || SERVICE.test(n)) return `${n.slice(0, 3)}****${n.slice(-4)}`
    const area = TWO_DIGIT_AREA.test(n) ? n.slice(0, 2) : n.slice(0, 3)
    return `0${area}****${n.slice(-4)}`
  }
  return `${e164.slice(0, 3)}****${e164.slice(-4)}`
}

/** National display form: `138 0013 8000`, `010-12345678`, `400-800-1234`; other countries stay E.164. */
export function formatPhone(e164: string): string {
  if (!e164.startsWith('+86')) return e164
  const n = e164.slice(3)
  if (MOBILE.test(n)) return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`
  if (SERVICE.test(n)) return `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`
  const areaLen = TWO_DIGIT_AREA.test(n) ? 2 : 3
  return `0${n.slice(0, areaLen)}-${n.slice(areaLen)}`
}
