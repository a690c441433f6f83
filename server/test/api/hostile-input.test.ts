/**
 * Each class of hostile value issue 12 found reaching the database or the code: now a 400 that
 * names the field, with nothing written. (The fuzz test throws every class at every route; these
 * are the reported cases, readable one by one.)
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { encodeCursor } from '../../src/keyset.ts'
import { build, registerCall, type TestApp } from '../helper.ts'

const fingerprint = async (h: TestApp) => {
  const { rows } = await sql`
    select (select count(*) from events) as events, (select coalesce(sum(version), 0) from events) as versions,
           (select count(*) from event_actions) as actions, (select count(*) from audit_log) as audit,
           (select count(*) from change_log) as changes, (select md5(string_agg(password_hash, ',' order by id)) from users) as passwords,
           (select count(*) from calendar_overrides) as overrides`.execute(h.database.db)
  return JSON.stringify(rows[0])
}

test('hostile values are refused with the field named and nothing written', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const admin = await h.as('admin')
  const created = await registerCall(operator, '小区门口垃圾三天没人清运')
  const { id, version } = created
  const before = await fingerprint(h)

  const cases: Array<[string, Promise<{ status: number; body: any }>, string]> = [
    ['NUL in the login username', h.anonymous.post('/api/v1/auth/login', { username: 'admin\u0000', password: 'x' }), 'username'],
    ['NUL in a list filter', operator.get('/api/v1/events?text=%00abc'), 'text'],
    ['a lone surrogate in a note', operator.post(`/api/v1/events/${id}/actions`, { type: 'comment', version, note: 'a\uD800b' }), 'note'],
    [
      'an id beyond 2^63 in attachmentIds',
      operator.post(`/api/v1/events/${id}/actions`, { type: 'comment', version, note: 'x', attachmentIds: [2 ** 64] }),
      'attachmentIds.0',
    ],
    [
      'an id beyond 2^63 in intoEventId',
      operator.post(`/api/v1/events/${id}/actions`, { type: 'merge', version, intoEventId: 1e20 }),
      'intoEventId',
    ],
    [
      'an id beyond int4 in unitId',
      operator.post(`/api/v1/events/${id}/actions`, { type: 'dispatch', version, unitId: 2 ** 31 }),
      'unitId',
    ],
    [
      'a string version',
      operator.post(`/api/v1/events/${id}/actions`, { type: 'comment', version: String(version), note: 'x' }),
      'version',
    ],
    [
      'eventId beyond 2^53 in a hotline link',
      operator.post('/api/v1/hotline/link', { eventId: 2 ** 60, version: 1, description: '又打来了' }),
      'eventId',
    ],
    ['Infinity as a limit', operator.get('/api/v1/events?limit=Infinity'), 'limit'],
    ['1e3 as a limit', operator.get('/api/v1/events?limit=1e3'), 'limit'],
    ['Infinity as days', operator.get('/api/v1/dashboard?days=Infinity'), 'days'],
    ['Infinity as a year', admin.get('/api/v1/admin/sla/calendar?year=Infinity'), 'year'],
    ['a year 0000 timestamp in public KPIs', h.anonymous.get('/api/v1/public/kpis?from=0000-01-01T00:00:00Z'), 'from'],
    [
      'a date that does not exist',
      admin.post('/api/v1/admin/sla/calendar', { date: '2024-13-45', kind: 'holiday', reason: '测试一下' }),
      'date',
    ],
    ['February 30th', admin.post('/api/v1/admin/sla/calendar', { date: '2026-02-30', kind: 'holiday', reason: '测试一下' }), 'date'],
    ['a path id with a space', admin.post('/api/v1/admin/users/%201/password', { password: 'a-new-password' }), 'id'],
    ['a path id in exponent form', operator.get('/api/v1/events/1e3'), 'id'],
    ['a path id in hex', operator.get('/api/v1/events/0x10'), 'id'],
    ['a path id with a leading zero', operator.get(`/api/v1/events/0${id}`), 'id'],
    ['a path id beyond 2^53', operator.get('/api/v1/events/9007199254740993'), 'id'],
    ['a cursor beyond int4 in the users list', admin.get(`/api/v1/admin/users?next=${encodeCursor([2 ** 31])}`), 'next'],
    ['a cursor beyond 2^53 in the audit log', admin.get(`/api/v1/admin/audit?next=${encodeCursor([2 ** 53])}`), 'next'],
    ['a cursor of two keys where one is kept', operator.get(`/api/v1/events?next=${encodeCursor([5, 1])}`), 'next'],
    ['a cursor of a string key', h.anonymous.get(`/api/v1/public/events?next=${encodeCursor(['5'])}`), 'next'],
    ['a cursor in the old format (a bare id)', admin.get(`/api/v1/admin/users?next=${Buffer.from('5').toString('base64url')}`), 'next'],
  ]
  for (const [what, response, field] of cases) {
    const res = await response
    assert.equal(res.status, 400, `${what}: ${res.status} ${JSON.stringify(res.body)}`)
    assert.equal(res.body.error.code, 'invalid_input', what)
    assert.equal(res.body.error.details?.field, field, `${what}: ${JSON.stringify(res.body)}`)
  }
  assert.equal(await fingerprint(h), before, 'nothing was written')
})

test('raw JSON that parses to a non-finite number or a poisoned prototype is refused', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  // the client adds the session cookie and the CSRF token
  const send = (payload: string) =>
    operator.inject({ method: 'POST', url: '/api/v1/events/1/actions', payload, headers: { 'content-type': 'application/json' } })
  for (const payload of [
    '{"type":"comment","version":1e400,"note":"x"}',
    '{"type":"comment","version":1,"note":"x","__proto__":{"admin":true}}',
    '{"type":"comment","version":1,"note":"x","constructor":{"prototype":{"admin":true}}}',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  ]) {
    const res = await send(payload)
    assert.equal(res.statusCode, 400, `${payload.slice(0, 60)}: ${res.statusCode} ${res.body.slice(0, 200)}`)
  }
})

test('a caller who may not use a route is refused before its input is judged', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  for (const [url, body] of [
    ['/api/v1/admin/sla/calendar', { date: '2024-13-45' }],
    ['/api/v1/admin/sla/rules', { category: 1 }],
    ['/api/v1/admin/users', { username: '\u0000' }],
  ] as const) {
    const res = await operator.post(url, body)
    assert.equal(res.status, 403, `${url}: ${JSON.stringify(res.body)}`)
  }
})
