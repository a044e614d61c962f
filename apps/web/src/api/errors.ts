import type { TFunction } from '../i18n'
import { ApiError, NetworkError } from './client'

/** A user-facing, translated message for anything an API call may throw. */
export function errorMessage(e: unknown, t: TFunction): string {
  if (e instanceof NetworkError) return t('error.network')
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return e.message
  return t('error.unknown')
}
