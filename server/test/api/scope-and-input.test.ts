/**
 * What callers may not see or do: another street's events, another resident's events, the
 * reporter's identity in public views; and what bad input gets: a 400 naming the field, a 403,
 * a 409 — with nothing written.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { sql } from 'kysely'
import { build, reportAtSeat, type TestApp, XINGFULI } from '../helper.ts'

const ID_NUMBER = '11010519491231002X'

async function reportAtXingfuli(h: TestApp, phone = '13900000001', name = '王小兰') {
  const resident = await h.resident(phone, { name, idNumber: ID_NUMBER })
  return { resident, event: await reportAtSeat(h, resident, XINGFULI, '小区门口垃圾三天没人清运') }
}

const countRows = async (h: TestApp) => {
  const [events, actions] = await Promise.all([
    h.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    h.database.db
      .selectFrom('event_actions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { events: Number(events.n), actions: Number(actions.n) }
}

test('a street center cannot read or act on another street’s event; its own chain can', async (t) => {
  const h = await build(t)
  const { event } = await reportAtXingfuli(h)

  const otherStreet = await h.as('c-620105002') // 安宁区, another street
  assert.equal((await otherStreet.get(`/api/v1/events/${event.id}`)).status, 404)
  const acted = await otherStreet.post(`/api/v1/events/${event.id}/actions`, { type: 'comment', version: event.version, note: '看看' })
  assert.equal(acted.status, 404)
  const listed = await otherStreet.get('/api/v1/events')
  assert.ok(!listed.body.items.some((e: { id: number }) => e.id === event.id))

  const otherDistrict = await h.as('c-620102') // 城关区
  assert.equal((await otherDistrict.get(`/api/v1/events/${event.id}`)).status, 404)

  for (const username of ['c-620105007', 'c-620105', 'c-620100', `c-${XINGFULI}`]) {
    const client = await h.as(username)
    assert.equal((await client.get(`/api/v1/events/${event.id}`)).status, 200, username)
    const list = await client.get('/api/v1/events')
    assert.ok(
      list.body.items.some((e: { id: number }) => e.id === event.id),
      `${username} lists it`,
    )
  }
})

test('a unit that was dispatched an event keeps seeing it, outside its area', async (t) => {
  const h = await build(t)
  const { event } = await reportAtXingfuli(h)
  const community = await h.as(`c-${XINGFULI}`)
  const signed = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })
  const escalated = await community.post(`/api/v1/events/${event.id}/actions`, {
    type: 'escalate',
    version: signed.body.version,
    note: '需协调',
  })
  const street = await h.as('c-620105007')
  const departments = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const dept = departments.find((d: { function: string }) => d.function === 'urban_management')
  const dispatched = await street.post(`/api/v1/events/${event.id}/actions`, {
    type: 'dispatch',
    version: escalated.body.version,
    unitId: dept.id,
  })
  assert.equal(dispatched.status, 200)
  const department = await h.as(`d-${dept.code}`)
  assert.equal((await department.get(`/api/v1/events/${event.id}`)).status, 200)
  const listed = await department.get('/api/v1/events?limit=1')
  assert.deepEqual(
    listed.body.items.map((e: { id: number }) => e.id),
    [event.id],
  )
  // a department of another district has never held it
  const otherDept = (await h.anonymous.get('/api/v1/orgs?parent=620102&kind=department')).body.items[0]
  const other = await h.as(`d-${otherDept.code}`)
  assert.equal((await other.get(`/api/v1/events/${event.id}`)).status, 404)
  assert.ok(!(await other.get('/api/v1/events')).body.items.some((e: { id: number }) => e.id === event.id))

  // the scope rows the writes kept are the ones migration 0012 derives from the location and the log
  const scopes = async () =>
    (
      await sql<{
        rows: string
      }>`select string_agg(unit_id || ':' || event_id, ',' order by unit_id, event_id) as rows from event_scopes`.execute(h.database.db)
    ).rows[0].rows
  const written = await scopes()
  assert.match(written, new RegExp(`(^|,)${dept.id}:${event.id}(,|$)`))
  const migration = readFileSync(new URL('../../migrations/0012_event_scopes.sql', import.meta.url), 'utf8')
  const backfill = migration.slice(migration.indexOf('insert into event_scopes'), migration.indexOf('alter table'))
  await sql`delete from event_scopes`.execute(h.database.db)
  await sql.raw(backfill).execute(h.database.db)
  assert.equal(await scopes(), written)
})

test('a resident sees only their own events, and acting is 403 for the wrong role', async (t) => {
  const h = await build(t)
  const { resident, event } = await reportAtXingfuli(h)
  const other = await h.resident('13900000002', { name: '李四', idNumber: ID_NUMBER })
  assert.equal((await other.get(`/api/v1/events/${event.id}`)).status, 404)
  assert.equal((await other.get('/api/v1/events')).body.items.length, 0)
  assert.equal((await resident.get('/api/v1/events')).body.items.length, 1)

  // the reporter may not sign their own event; staff routes are closed to residents
  const before = await countRows(h)
  const signed = await resident.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })
  assert.equal(signed.status, 403)
  assert.equal(
    (await resident.post('/api/v1/events', { channel: 'hotline', category: 'sanitation.garbage', description: '测试一下' })).status,
    403,
  )
  assert.deepEqual(await countRows(h), before)
})

test('the public tracking view has no name, phone or ID number', async (t) => {
  const h = await build(t)
  const { event } = await reportAtXingfuli(h, '13912345678', '王小兰')
  const community = await h.as(`c-${XINGFULI}`)
  await community.post(`/api/v1/events/${event.id}/actions`, { type: 'comment', version: event.version, note: '联系了王小兰 13912345678' })

  const tracked = await h.anonymous.get(`/api/v1/track/${event.number}`)
  assert.equal(tracked.status, 200)
  const text = JSON.stringify(tracked.body)
  for (const secret of ['王小兰', '13912345678', '5678', ID_NUMBER, '联系了'])
    assert.ok(!text.includes(secret), `public view leaks ${secret}`)
  assert.ok(tracked.body.timeline.length >= 2)
  assert.equal((await h.anonymous.get('/api/v1/track/LZ20261130-999999')).status, 404)
  assert.equal((await h.anonymous.get('/api/v1/track/not-a-number')).status, 400)

  // staff see the contact masked until they ask for it, and asking is audited
  const seen = (await community.get(`/api/v1/events/${event.id}`)).body
  assert.equal(seen.reporter.masked, true)
  assert.ok(!JSON.stringify(seen.reporter).includes('13912345678'))
  const revealed = await community.post(`/api/v1/events/${event.id}/contact`)
  assert.equal(revealed.status, 200)
  assert.equal(revealed.body.phone, '13912345678')
  const audit = await h.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'unmask_contact').execute()
  assert.equal(audit.length, 1)
})

test('malformed and oversized input is a 400 naming the field, and writes nothing', async (t) => {
  const h = await build(t)
  const { resident, event } = await reportAtXingfuli(h)
  const operator = await h.as('operator1')
  const before = await countRows(h)
  const cases: Array<[string, Promise<{ status: number; body: any }>, string]> = [
    ['missing description', operator.post('/api/v1/events', { channel: 'hotline', category: 'sanitation.garbage' }), 'description'],
    [
      'unknown channel',
      operator.post('/api/v1/events', { channel: 'fax', category: 'sanitation.garbage', description: '垃圾未清运' }),
      'channel',
    ],
    [
      'oversized description',
      operator.post('/api/v1/events', { channel: 'hotline', category: 'sanitation.garbage', description: '长'.repeat(4001) }),
      'description',
    ],
    [
      'latitude out of range',
      operator.post('/api/v1/events', {
        channel: 'hotline',
        category: 'sanitation.garbage',
        description: '垃圾未清运',
        lat: 95,
        lng: 103.8,
      }),
      'lat',
    ],
    [
      'unknown category',
      operator.post('/api/v1/events', { channel: 'hotline', category: 'no.such', description: '垃圾未清运', communityCode: XINGFULI }),
      'category',
    ],
    [
      'unknown community',
      operator.post('/api/v1/events', {
        channel: 'hotline',
        category: 'sanitation.garbage',
        description: '垃圾未清运',
        communityCode: '999999999999',
      }),
      'communityCode',
    ],
    [
      'unexpected field',
      operator.post('/api/v1/events', { channel: 'hotline', category: 'sanitation.garbage', description: '垃圾', admin: true }),
      'admin',
    ],
    ['action without version', operator.post(`/api/v1/events/${event.id}/actions`, { type: 'comment', note: 'x' }), 'version'],
    ['unknown action', operator.post(`/api/v1/events/${event.id}/actions`, { type: 'teleport', version: 1 }), 'type'],
    [
      'oversized note',
      operator.post(`/api/v1/events/${event.id}/actions`, { type: 'comment', version: event.version, note: 'x'.repeat(2001) }),
      'note',
    ],
    [
      'bad rating',
      resident.post(`/api/v1/events/${event.id}/actions`, { type: 'evaluate', version: event.version, rating: 'meh' }),
      'rating',
    ],
    ['bad phone', h.anonymous.post('/api/v1/resident/otp', { phone: '12345' }), 'phone'],
    ['bad cursor', operator.get('/api/v1/events?next=%%%'), 'next'],
    ['bad state filter', operator.get('/api/v1/events?state=lost'), 'state'],
    ['bad id', operator.get('/api/v1/events/abc'), 'id'],
  ]
  for (const [what, pending, field] of cases) {
    const res = await pending
    assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`)
    assert.equal(res.body.error.details?.field, field, `${what}: ${JSON.stringify(res.body)}`)
  }
  const garbage = await h.app.inject({
    method: 'POST',
    url: '/api/v1/resident/otp',
    headers: { 'content-type': 'application/json' },
    payload: '{"phone":',
  })
  assert.equal(garbage.statusCode, 400)
  const huge = await h.app.inject({
    method: 'POST',
    url: '/api/v1/resident/otp',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ phone: '1'.repeat(2 * 1024 * 1024) }),
  })
  assert.equal(huge.statusCode, 413)
  assert.deepEqual(await countRows(h), before)
})

test('a stale version is a 409 and changes nothing; a write without the CSRF token is a 403', async (t) => {
  const h = await build(t)
  const { event } = await reportAtXingfuli(h)
  const community = await h.as(`c-${XINGFULI}`)
  const signed = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })
  assert.equal(signed.status, 200)
  const before = await countRows(h)
  const stale = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'comment', version: event.version, note: '旧版本' })
  assert.equal(stale.status, 409)
  assert.equal(stale.body.error.code, 'stale_version')
  const wrongState = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: signed.body.version })
  assert.equal(wrongState.status, 409)
  assert.equal(wrongState.body.error.code, 'invalid_transition')

  const token = community.me.csrfToken
  community.me.csrfToken = 'forged'
  const forged = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'comment', version: signed.body.version, note: '跨站' })
  assert.equal(forged.status, 403)
  assert.equal(forged.body.error.code, 'csrf')
  community.me.csrfToken = token
  assert.deepEqual(await countRows(h), before)
  assert.equal((await h.anonymous.get('/api/v1/events')).status, 401)
})
