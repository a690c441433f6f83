/**
 * Each instance keeps the sessions it has just seen for a few seconds (accounts/sessions.ts
 * SessionCache) instead of reading the table on every request. What ends or changes a session
 * must still take effect at once: 退出 and an administrator's edit on this instance, and a change
 * made elsewhere (another instance) as soon as its notice arrives.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { build, DEMO_PASSWORD, eventually } from '../helper.ts'

test('退出 and an administrator’s edit end a session at once, however recently it was seen', async (t) => {
  const h = await build(t)
  const login = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'operator1', password: DEMO_PASSWORD },
  })
  const cookie = `xiaolan_session=${login.cookies.find((c) => c.name === 'xiaolan_session')?.value}`
  const inbox = () => h.app.inject({ method: 'GET', url: '/api/v1/events/inbox', headers: { cookie } })
  assert.equal((await inbox()).statusCode, 200, 'seen, so cached')
  const logout = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: { cookie, 'x-csrf-token': login.json().csrfToken },
  })
  assert.equal(logout.statusCode, 200)
  assert.equal((await inbox()).statusCode, 401)

  const admin = await h.as('admin')
  const operator = await h.as('operator2')
  assert.equal((await operator.get('/api/v1/events/inbox')).status, 200, 'seen, so cached')
  const users = await admin.get('/api/v1/admin/users?q=operator2')
  const target = users.body.items.find((u: { username: string }) => u.username === 'operator2')
  const disabled = await admin.request('PATCH', `/api/v1/admin/users/${target.id}`, { disabled: true })
  assert.equal(disabled.status, 200, JSON.stringify(disabled.body))
  assert.equal((await operator.get('/api/v1/events/inbox')).status, 401)
})

test('a session ended by another instance is refused here once its notice arrives', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  assert.equal((await operator.get('/api/v1/events/inbox')).status, 200, 'seen, so cached')
  // what another instance's 退出 does: delete the row and notify, in one transaction
  await h.database.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ id: string }>`
      delete from sessions where user_id = (select id from users where username = 'operator1') returning id`.execute(tx)
    for (const { id } of rows) await sql`select pg_notify('xiaolan_sessions', ${JSON.stringify({ sessionId: id })})`.execute(tx)
  })
  await eventually(async () => (await operator.get('/api/v1/events/inbox')).status === 401, 'the ended session refused')
})
