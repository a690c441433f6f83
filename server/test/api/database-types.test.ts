/**
 * db/types.ts is what the migrated schema says (tables, columns, nullability, defaults, types), on
 * this database kind: regenerated from information_schema and compared with the committed file.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import { generateTypes, TYPES_FILE } from '../../src/db/generate-types.ts'
import { build } from '../helper.ts'

test('db/types.ts agrees with the migrated schema', async (t) => {
  const { database } = await build(t)
  const committed = (await readFile(TYPES_FILE, 'utf8')).split('\n')
  const schema = (await generateTypes(database.db as Kysely<unknown>)).split('\n')
  const missing = schema.filter((line) => !committed.includes(line))
  const extra = committed.filter((line) => !schema.includes(line))
  assert.deepEqual(
    { missing, extra },
    { missing: [], extra: [] },
    `db/types.ts differs from the ${database.kind} schema: run npx tsx server/src/db/generate-types.ts`,
  )
  assert.deepEqual(committed, schema) // same lines, same order
})
