/** Headers as mailparser gives them: lower-case names, values as strings or structured. */
export type HeaderLookup = (name: string) => unknown

const text = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : v == null ? '' : String(v)).trim().toLowerCase()

/**
 * Mail no person wrote: vacation and out-of-office replies, bounces, list traffic. Answering or
 * making tickets of these starts mail loops (our acknowledgement → their auto-reply → …).
 * RFC 3834 (`Auto-Submitted`), the older `Precedence`, the X-Autoreply / X-Autorespond
 * markers, and delivery reports from mailer daemons. Returns why, or undefined for a person's mail.
 */
export function autoReplyReason(header: HeaderLookup, from: string): string | undefined {
  const submitted = text(header('auto-submitted'))
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`
  const precedence = text(header('precedence'))
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`
  // Not X-Auto-Response-Suppress: Outlook puts it on mail people write, too.
  for (const name of ['x-autoreply', 'x-autorespond']) {
    const v = text(header(name))
    if (v) return `${name}: ${v}`
  }
  const local = from.toLowerCase().split('@')[0] ?? ''
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$/.test(local)) return `sender ${from}`
  const type = text(header('content-type'))
  if (type.startsWith('multipart/report')) return 'delivery report'
  return undefined
}
