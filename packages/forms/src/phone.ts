/**
 * Chinese phone numbers in any common spelling → E.164, so the value a form stores is the value
 * identity matching compares (same rules as the customers plugin: `+8613800138000`,
 * `+861012345678`). Only CN numbers: a form field for customers in China.
 */

export type CnPhone = { e164: string, kind: 'mobile' | 'landline' }

const MOBILE = /^1[3-9]\d{9}$/
// Beijing (10) and the 2X group have two-digit area codes and 8-digit numbers; the rest have
// three-digit area codes and 7- or 8-digit numbers.
const LANDLINE_2 = /^0(10|2\d)([1-9]\d{7})$/
const LANDLINE_3 = /^0([3-9]\d{2})([1-9]\d{6,7})$/
// 400 / 800 service numbers are dialled without an area code.
const SERVICE = /^([48]00\d{7})$/

function national(digits: string): CnPhone | undefined {
  if (MOBILE.test(digits)) return { e164: `+86${digits}`, kind: 'mobile' }
  const m = LANDLINE_2.exec(digits) ?? LANDLINE_3.exec(digits) ?? SERVICE.exec(digits)
  if (m) return { e164: `+86${m.slice(1).join('')}`, kind: 'landline' }
  return undefined
}

export function parseCnPhone(input: unknown): CnPhone | undefined {
  if (typeof input !== 'string') return undefined
  // NFKC turns full-width digits and brackets typed with a Chinese IME into ASCII.
  const s = input.normalize('NFKC').trim()
  if (!/^\+?[\d\s\-().]+$/.test(s)) return undefined
  let digits = s.replace(/\D/g, '')
  if (s.startsWith('+')) {
    if (!digits.startsWith('86')) return undefined
    digits = digits.slice(2)
  }
  else if (digits.startsWith('0086')) {
    digits = digits.slice(4)
  }
  else if (digits.startsWith('86') && digits.length > 11) {
    digits = digits.slice(2)
  }
  else {
    return national(digits)
  }
  // After the country code the trunk 0 is dropped (+86 10 1234 5678), but people keep it too.
  if (MOBILE.test(digits) || SERVICE.test(digits)) return national(digits)
  return national(digits.startsWith('0') ? digits : `0${digits}`)
}
