/**
 * Group commit (issue 15, commands/group-commit.ts): intakes and actions that arrive while another
 * write is in flight are written together in one transaction. Each request still gets its own
 * answer: a bad one (someone else's photo) fails alone with its own error and leaves nothing behind,
 * a stale one is its caller's 409 while the rest of its group is written, and every row stays the
 * replay of its log. Transactions are seen by the rows' xmin: events written together share one.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { replay } from '../../src/modules/events/lifecycle.ts'
import { readLog, toState } from '../../src/modules/events/queries.ts'
import { build, DEMO_PASSWORD, registerCall, secondInstance, type TestApp, uploadPhoto, XINGFULI } from '../helper.ts'
import { smallPng } from '../photo.ts'

const N = 24
/**
 * PGlite answers a query without leaving the event loop, so one request's write is done before the
 * next request is read: nothing is ever in flight to join. Only PostgreSQL's overlap forms groups.
 */
const ON_POSTGRES = process.env.XIAOLAN_TEST_DB === 'postgres'

async function replays(h: TestApp, ids: number[]) {
  for (const id of ids) {
    const row = await h.database.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    assert.deepEqual(toState(row), replay(await readLog(h.database.db, id)), `event ${id}`)
  }
}

/** How many transactions wrote the rows of `ids` (their current versions). */
async function transactions(h: TestApp, ids: number[]): Promise<number> {
  const { rows } = await sql<{
    n: number
  }>`select count(distinct xmin::text)::int as n from events where id = any(${ids}::bigint[])`.execute(h.database.db)
  return rows[0].n
}

test('concurrent intakes are written together; one with someone else’s photo fails alone and leaves nothing', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const other = await h.as('operator2')
  const photo = await uploadPhoto(other, smallPng())
  assert.equal(photo.status, 201, JSON.stringify(photo.body))
  const before = (await sql<{ n: number }>`select count(*)::int as n from events`.execute(h.database.db)).rows[0].n
  const body = (i: number) => ({
    channel: 'hotline',
    category: 'sanitation.garbage',
    description: `来电${i}：垃圾未清运`,
    communityCode: XINGFULI,
  })
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      operator.post('/api/v1/events', i === N / 2 ? { ...body(i), attachmentIds: [photo.body.id] } : body(i)),
    ),
  )
  const bad = results[N / 2]
  assert.ok(bad.status >= 400 && bad.status < 500, `${bad.status} ${JSON.stringify(bad.body)}`)
  const good = results.filter((_, i) => i !== N / 2)
  for (const res of good) assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(new Set(good.map((r) => r.body.number)).size, good.length)
  const after = (await sql<{ n: number }>`select count(*)::int as n from events`.execute(h.database.db)).rows[0].n
  assert.equal(after - before, good.length, 'the refused intake wrote no event')
  const attached = await h.database.db
    .selectFrom('attachments')
    .select('event_id')
    .where('id', '=', photo.body.id)
    .executeTakeFirstOrThrow()
  assert.equal(attached.event_id, null)
  const ids = good.map((r) => r.body.id as number)
  await replays(h, ids)
  // the group that held it was written again one by one; the next are grouped (each row as its intake wrote it)
  const more = await Promise.all(Array.from({ length: N }, (_, i) => operator.post('/api/v1/events', body(N + i))))
  for (const res of more) assert.equal(res.status, 201, JSON.stringify(res.body))
  const n = await transactions(
    h,
    more.map((r) => r.body.id),
  )
  t.diagnostic(`${N} intakes in ${n} transactions`)
  if (ON_POSTGRES) assert.ok(n < N, `${N} intakes in ${n} transactions`)
  await replays(
    h,
    more.map((r) => r.body.id),
  )
})

test('concurrent actions on many events are written together; a stale one is its caller’s 409 alone', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)
  const events: Array<{ id: number; version: number; state: string }> = []
  for (let i = 0; i < N; i++) events.push(await registerCall(operator, `来电${i}：垃圾未清运`))
  for (const e of events) assert.equal(e.state, 'assigned')
  // every event signed at once, and the first one also commented on at the same version: one of the two is stale
  const [first] = events
  const results = await Promise.all([
    ...events.map((e) => community.post(`/api/v1/events/${e.id}/actions`, { type: 'sign', version: e.version })),
    community.post(`/api/v1/events/${first.id}/actions`, { type: 'comment', note: '已联系', version: first.version }),
  ])
  const race = [results[0], results[N]]
  assert.equal(race.filter((r) => r.status === 200).length, 1, JSON.stringify(race.map((r) => [r.status, r.body?.error?.code])))
  const lost = race.find((r) => r.status !== 200)
  assert.equal(lost?.status, 409)
  assert.equal(lost?.body.error.code, 'stale_version')
  for (const res of results.slice(1, N)) assert.equal(res.status, 200, JSON.stringify(res.body))
  const ids = events.map((e) => e.id as number)
  await replays(h, ids)
  const n = await transactions(h, ids)
  t.diagnostic(`${N} signs in ${n} transactions`)
  if (ON_POSTGRES) assert.ok(n < N, `${N} signs in ${n} transactions`)
})

test('an action with someone else’s photo fails alone, its event untouched, the rest of its group written', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)
  const stranger = await h.as('operator2')
  const photo = await uploadPhoto(stranger, smallPng())
  assert.equal(photo.status, 201, JSON.stringify(photo.body))
  const events: Array<{ id: number; version: number; state: string }> = []
  for (let i = 0; i < N; i++) events.push(await registerCall(operator, `来电${i}：垃圾未清运`))
  const signed = await Promise.all(
    events.map((e) => community.post(`/api/v1/events/${e.id}/actions`, { type: 'sign', version: e.version })),
  )
  for (const res of signed) assert.equal(res.status, 200, JSON.stringify(res.body))
  const bad = N / 2
  const results = await Promise.all(
    signed.map((res, i) =>
      community.post(`/api/v1/events/${res.body.id}/actions`, {
        type: 'resolve',
        note: '已清运',
        version: res.body.version,
        ...(i === bad ? { attachmentIds: [photo.body.id] } : {}),
      }),
    ),
  )
  assert.ok(results[bad].status >= 400 && results[bad].status < 500, `${results[bad].status} ${JSON.stringify(results[bad].body)}`)
  for (const [i, res] of results.entries()) if (i !== bad) assert.equal(res.status, 200, JSON.stringify(res.body))
  const untouched = await h.database.db.selectFrom('events').selectAll().where('id', '=', signed[bad].body.id).executeTakeFirstOrThrow()
  assert.equal(untouched.version, signed[bad].body.version)
  assert.equal(untouched.state, 'in_progress')
  await replays(
    h,
    events.map((e) => e.id),
  )
})

test('two instances acting on the same events at once: each version won exactly once, no 5xx', {
  skip: process.env.XIAOLAN_TEST_DB !== 'postgres',
}, async (t) => {
  const h = await build(t)
  const second = await secondInstance(t, h)
  const operator = await h.as('operator1')
  const events: Array<{ id: number; version: number; state: string }> = []
  for (let i = 0; i < N; i++) events.push(await registerCall(operator, `来电${i}：垃圾未清运`))
  const login = async (app: typeof h.app) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: `c-${XINGFULI}`, password: DEMO_PASSWORD },
    })
    const cookie = String(res.headers['set-cookie']).split(';')[0]
    return (url: string, payload: object) =>
      app.inject({ method: 'POST', url, payload, headers: { cookie, 'x-csrf-token': res.json().csrfToken } })
  }
  const posts = [await login(h.app), await login(second.app)]
  // each event signed by both instances at the same version, in opposite orders
  const results = await Promise.all(
    posts.flatMap((post, k) =>
      (k ? [...events].reverse() : events).map(async (e) => ({
        id: e.id,
        res: await post(`/api/v1/events/${e.id}/actions`, { type: 'sign', version: e.version }),
      })),
    ),
  )
  for (const { res } of results) assert.ok(res.statusCode === 200 || res.statusCode === 409, `${res.statusCode} ${res.body}`)
  for (const e of events) {
    const mine = results.filter((r) => r.id === e.id)
    assert.equal(mine.filter((r) => r.res.statusCode === 200).length, 1, `event ${e.id}`)
  }
  await replays(
    h,
    events.map((e) => e.id),
  )
})
