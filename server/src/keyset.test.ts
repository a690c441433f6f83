import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AppError } from './errors.ts'
import { encodeCursor, pageOf, readCursor } from './keyset.ts'

const refused = (cursor: string, parts: readonly ('int4' | 'bigint')[] = ['bigint']) =>
  assert.throws(
    () => readCursor(cursor, parts),
    (e: unknown) => e instanceof AppError && e.status === 400 && e.details?.field === 'next',
    cursor,
  )

test('a cursor is base64url of the sort key and reads back as it', () => {
  assert.equal(encodeCursor([123]), Buffer.from('[123]').toString('base64url'))
  assert.deepEqual(readCursor(encodeCursor([123]), ['bigint']), [123])
  assert.deepEqual(readCursor(encodeCursor([2 ** 31 - 1]), ['int4']), [2 ** 31 - 1])
  assert.deepEqual(readCursor(encodeCursor([2 ** 53 - 1]), ['bigint']), [2 ** 53 - 1])
  assert.deepEqual(readCursor(encodeCursor([7, 3]), ['bigint', 'int4']), [7, 3])
  assert.equal(readCursor(undefined, ['bigint']), undefined)
})

test('anything else is a 400 naming the field, before it can reach SQL', () => {
  refused(encodeCursor([2 ** 31]), ['int4'])
  refused(encodeCursor([2 ** 53]))
  for (const key of [[0], [-1], [1.5], ['1'], [null], [], [1, 2], [[1]]]) refused(encodeCursor(key as number[]))
  for (const text of ['1', '{"0":1}', '[1', '[ 1 ]', '[1.0]', '[01]', '[1e400]', '[99999999999999999999999]', '"x"', 'null', ''])
    refused(Buffer.from(text).toString('base64url'))
  // base64url decoding would skip these: the cursor must be exactly what the server wrote
  for (const junk of ['=', '.', '!', ' ', '%']) refused(`${encodeCursor([1])}${junk}`)
  refused('garbage!!')
  assert.throws(
    () => readCursor('x', ['int4'], 'after'),
    (e: unknown) => e instanceof AppError && e.details?.field === 'after',
  )
})

test('a page takes limit rows and points past the last one only when there is more', () => {
  const rows = [{ id: 9 }, { id: 7 }, { id: 4 }]
  assert.deepEqual(
    pageOf(rows, 2, (r) => [r.id]),
    { page: [{ id: 9 }, { id: 7 }], next: encodeCursor([7]) },
  )
  assert.deepEqual(
    pageOf(rows, 3, (r) => [r.id]),
    { page: rows, next: null },
  )
  assert.deepEqual(
    pageOf([], 3, (r: { id: number }) => [r.id]),
    { page: [], next: null },
  )
})
