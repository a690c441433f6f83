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
  return field && i18next.exists(field) ? t('common:withField', { text, field: t(field) }) : text
}
