import type { TFunction } from 'i18next'
import i18next from 'i18next'
import { ApiError } from './api.ts'

/**
 * A plain-language message for an error, from the dictionaries; the field is named, in the
 * user's words, when the server names one the dictionaries know.
 */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('common:error.internal')
  const key = `common:error.${error.code}`
  const text = i18next.exists(key) ? t(key) : t('common:error.internal')
  const field = error.field && `common:field.${error.field.split('.')[0]}`
  const named = field && i18next.exists(field) ? t('common:withField', { text, field: t(field) }) : text
  const wait = error.details.retryAfter
  return typeof wait === 'number' && wait > 0 ? t('common:retryAfter', { text: named, when: inAWhile(wait) }) : named
}

/**
 * Whether asking again can help: when the network failed or the server did (5xx), yes; a refusal
 * (a number no event has, a missing right) answers the same however often it is asked.
 */
export const retryable = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500

/** "3 分钟后" / "in 3 minutes": how long a lock or a limit still holds, in the user's language. */
function inAWhile(seconds: number): string {
  const format = new Intl.RelativeTimeFormat(i18next.language, { numeric: 'always' })
  if (seconds < 60) return format.format(Math.ceil(seconds), 'second')
  if (seconds < 3600) return format.format(Math.ceil(seconds / 60), 'minute')
  return format.format(Math.ceil(seconds / 3600), 'hour')
}
