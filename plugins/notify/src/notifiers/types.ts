import type { NotificationMessage, NotifierDef } from '@scrm/kernel'
import type { RetryPolicy } from '../http.js'
import type { TextFormat } from '../template.js'

/** Test seams and operator settings shared by the HTTP notifiers. */
export interface NotifierOptions {
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  retry?: Partial<RetryPolicy>
  timeoutMs?: number
  /** Epoch ms, for signatures' timestamps. */
  now?: () => number
}

/**
 * The notify plugin's notifiers also say how they show text, so the dispatcher renders each
 * delivery in the right format (markdown for robots, html + text for email).
 */
export interface FormattedNotifier<Config = any> extends NotifierDef<Config> {
  format: (config: Config, message: Pick<NotificationMessage, 'mentions'>) => TextFormat | 'html+text'
}

/** Cuts UTF-8 text to a byte budget (robot APIs count bytes; a Chinese character is three). */
export function truncateBytes(text: string, max: number): string {
  const buf = Buffer.from(text, 'utf8')
  if (buf.length <= max) return text
  let cut = buf.subarray(0, max - 3).toString('utf8')
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1)
  return `${cut}…`
}
