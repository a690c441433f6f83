import type { TFunction } from 'i18next'
import { ApiError } from './api.ts'

/** A plain-language message for an error, from the dictionaries; the field is named when known. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `common:error.${error.code}`
    const text = t(key, { defaultValue: '' }) || t('common:error.internal')
    return error.field ? `${text}（${error.field}）` : text
  }
  return t('common:error.internal')
}
