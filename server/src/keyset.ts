/**
 * Keyset pagination, one way for every list: a page is read past the sort key of the previous
 * page's last row, never by offset, so page 1,000 costs what page 1 does and rows written meanwhile
 * neither repeat nor vanish. The cursor is opaque to clients: base64url of the JSON array of that
 * sort key (`[123]`), checked part by part against what its column can hold, so a forged or
 * truncated cursor is a 400 naming the field and never reaches SQL (a 2^31 compared with an int4
 * column would be a 500).
 */
import { BIGINT_ID_MAX, INT4_MAX } from '@xiaolan/contracts'
import { invalid } from './errors.ts'

/** What one part of a sort key may be: an id of an int4 or of a bigint column. */
const PARTS = {
  int4: (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= INT4_MAX,
  bigint: (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= BIGINT_ID_MAX,
}
type Part = keyof typeof PARTS
type KeyOf<P extends readonly Part[]> = { [K in keyof P]: number }

export function encodeCursor(key: readonly (number | string)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** The sort key a cursor carries, or undefined without one; a 400 on `field` when it is not one of `parts`. */
export function readCursor<const P extends readonly Part[]>(cursor: string | undefined, parts: P, field = 'next'): KeyOf<P> | undefined {
  if (cursor === undefined) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString())
  } catch {
    key = null
  }
  const ok = Array.isArray(key) && key.length === parts.length && parts.every((p, i) => PARTS[p](key[i]))
  // base64url decoding skips stray characters: only the cursor we would have written is accepted
  if (!ok || encodeCursor(key as number[]) !== cursor) throw invalid(field, 'Malformed cursor: pass back the next of the previous page')
  return key as KeyOf<P>
}

/**
 * A page of rows read newest first with `limit + 1` (the extra row only says there is more):
 * the page and the cursor to the next one, or null at the end.
 */
export function pageOf<R>(rows: readonly R[], limit: number, keyOf: (row: R) => readonly (number | string)[]) {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return { page, next: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
