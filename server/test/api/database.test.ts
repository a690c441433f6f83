/**
 * The database adapter's edge cases, on both kinds (PGlite and PostgreSQL): what Kysely is told about
 * affected rows and commits must not depend on how a statement is spelt, transactions roll back as on
 * PostgreSQL, LISTEN/NOTIFY is delivered at commit, and values come back as the same JavaScript types.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AbortedTransactionError, type Generated, sql } from 'kysely'
import { type Database, inlined } from '../../src/db/index.ts'
import { build } from '../helper.ts'

/** The test's own copy of the seeded database (the app around it is not used). */
const testDatabase = async (t: Parameters<typeof build>[0]) => (await build(t)).database

/** A scratch table of the test's own copy of the database (untyped: it is not in the schema). */
async function scratch(database: Database) {
  await database.exec('create table scratch (id int8 primary key, n int4 not null default 0)')
  return database.db.withTables<{ scratch: { id: number; n: Generated<number> } }>()
}

const count = async (database: Database) => (await sql<{ c: number }>`select count(*) as c from scratch`.execute(database.db)).rows[0]?.c

test('affected rows are reported for every spelling of a write, and never for a read', async (t) => {
  const database = await testDatabase(t)
  const db = await scratch(database)
  const inserted = await db
    .insertInto('scratch')
    .values([{ id: 1 }, { id: 2 }, { id: 3 }])
    .executeTakeFirst()
  assert.equal(inserted.numInsertedOrUpdatedRows, 3n)
  const returned = await db.insertInto('scratch').values({ id: 4 }).returning('id').execute()
  assert.deepEqual(returned, [{ id: 4 }])
  assert.equal((await db.updateTable('scratch').set({ n: 1 }).where('id', '<=', 2).executeTakeFirst()).numUpdatedRows, 2n)
  assert.equal((await db.deleteFrom('scratch').where('id', '=', 4).executeTakeFirst()).numDeletedRows, 1n)
  // raw SQL that starts with a comment, a block comment or WITH: the command is what the server says
  assert.equal((await sql`-- why\nupdate scratch set n = 2`.execute(db)).numAffectedRows, 3n)
  assert.equal((await sql`/* why */ delete from scratch where id = 3`.execute(db)).numAffectedRows, 1n)
  assert.equal(
    (await sql`with one as (select 1 as id) update scratch set n = 3 from one where scratch.id = one.id`.execute(db)).numAffectedRows,
    1n,
  )
  const merged =
    await sql`merge into scratch using (select 9 as id) s on scratch.id = s.id when not matched then insert (id) values (s.id)`.execute(db)
  assert.equal(merged.numAffectedRows, 1n)
  // a read — even one whose CTE writes — reports rows, not affected rows, as pg does
  const cte = await sql<{ id: number }>`with gone as (delete from scratch where id = 9 returning id) select id from gone`.execute(db)
  assert.deepEqual(cte.rows, [{ id: 9 }])
  assert.equal(cte.numAffectedRows, undefined)
  assert.equal((await sql`select 1`.execute(db)).numAffectedRows, undefined)
})

test('a script of several statements runs as one: a failure in it leaves nothing behind', async (t) => {
  const database = await testDatabase(t)
  await scratch(database)
  await database.exec('insert into scratch (id) values (1); insert into scratch (id) values (2)')
  assert.equal(await count(database), 2)
  await assert.rejects(database.exec('insert into scratch (id) values (3); insert into scratch (id) values (1)'), { code: '23505' })
  assert.equal(await count(database), 2)
  // an explicit transaction in a script that fails is rolled back, and the connection is usable
  await assert.rejects(database.exec('begin; insert into scratch (id) values (4); select 1/0; commit'), { code: '22012' })
  assert.equal(await count(database), 2)
})

test('Database.script answers with its last statement; values written in by inlined come back as they were', async (t) => {
  const database = await testDatabase(t)
  await scratch(database)
  const odd = `it's \\ a "test" $1 ; -- '' x`
  const at = new Date('2026-12-02T01:02:03.456Z')
  const rows = await database.script(inlined`
    insert into scratch (id, n) values (${1}, ${2});
    select ${odd} as text, ${at} as at, ${-3.5} as x, (select count(*) from scratch) as rows`)
  assert.deepEqual(rows, [{ text: odd, at, x: -3.5, rows: 1 }])
  await assert.rejects(database.script(inlined`insert into scratch (id) values (${2}); select 1/0`), { code: '22012' })
  assert.equal(await count(database), 1)
  assert.throws(() => inlined`select ${Number.NaN}`, /not a number/)
})

test('transactions: an error rolls back, a swallowed statement error aborts the commit, savepoints work', async (t) => {
  const database = await testDatabase(t)
  const db = await scratch(database)
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('scratch').values({ id: 1 }).execute()
      throw new Error('boom')
    }),
    /boom/,
  )
  assert.equal(await count(database), 0)
  // PostgreSQL answers the COMMIT of an aborted transaction with ROLLBACK; Kysely must hear it
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('scratch').values({ id: 2 }).execute()
      await trx
        .insertInto('scratch')
        .values({ id: 2 })
        .execute()
        .catch(() => {})
    }),
    AbortedTransactionError,
  )
  assert.equal(await count(database), 0)
  const trx = await db.startTransaction().execute()
  await trx.insertInto('scratch').values({ id: 3 }).execute()
  const sp = await trx.savepoint('before_dup').execute()
  await assert.rejects(sp.insertInto('scratch').values({ id: 3 }).execute(), { code: '23505' })
  await sp.rollbackToSavepoint('before_dup').execute()
  await trx.commit().execute()
  assert.equal(await count(database), 1)
})

test('transactions started together do not see each other’s writes (PGlite lends its one connection to one at a time)', async (t) => {
  const database = await testDatabase(t)
  const db = await scratch(database)
  await db.insertInto('scratch').values({ id: 1 }).execute()
  const seen = await Promise.all(
    [1, 2, 3].map((k) =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable('scratch').set({ n: k }).where('id', '=', 1).execute()
        await new Promise((resolve) => setTimeout(resolve, 5))
        return (await trx.selectFrom('scratch').select('n').where('id', '=', 1).executeTakeFirstOrThrow()).n
      }),
    ),
  )
  assert.deepEqual(seen, [1, 2, 3])
})

test('NOTIFY inside a transaction is delivered at commit and never after a rollback', async (t) => {
  const database = await testDatabase(t)
  const payloads: string[] = []
  const unlisten = await database.listen('xiaolan_adapter_test', (p) => payloads.push(p))
  await assert.rejects(
    database.db.transaction().execute(async (trx) => {
      await sql`select pg_notify('xiaolan_adapter_test', 'rolled back')`.execute(trx)
      throw new Error('undo')
    }),
  )
  await database.db.transaction().execute(async (trx) => {
    await sql`select pg_notify('xiaolan_adapter_test', 'committed')`.execute(trx)
  })
  for (let i = 0; i < 100 && payloads.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  await unlisten()
  assert.deepEqual(payloads, ['committed'])
})

test('values come back as the same JavaScript types on both databases', async (t) => {
  const database = await testDatabase(t)
  const { rows } = await sql<Record<string, unknown>>`
    select 9007199254740991::int8 as int8, count(*) as count, 1.25::numeric as numeric, avg(x) as average,
      2.5::float8 as float8, '2026-12-31T16:00:00Z'::timestamptz as instant, '2026-12-31'::date as day, '{"a":[1]}'::jsonb as jsonb,
      array[1, 2]::int4[] as int4s, '\\x0102'::bytea as bytea, true as bool, '12:00'::time as clock,
      null::int4 as nothing
    from (values (1), (2)) v(x)`.execute(database.db)
  const row = rows[0] as Record<string, unknown>
  assert.deepEqual(
    { ...row, bytea: [...(row.bytea as Uint8Array)] },
    {
      int8: 9007199254740991,
      count: 2,
      numeric: 1.25,
      average: 1.5,
      float8: 2.5,
      instant: new Date('2026-12-31T16:00:00Z'),
      day: '2026-12-31',
      jsonb: { a: [1] },
      int4s: [1, 2],
      bytea: [1, 2],
      bool: true,
      clock: '12:00:00',
      nothing: null,
    },
  )
  assert.ok(row.bytea instanceof Uint8Array)
})
