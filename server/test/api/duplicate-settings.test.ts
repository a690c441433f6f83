/**
 * The duplicate finder's settings (intelligence_settings) for the admin: read with the defaults
 * before any save, changed with a reason (change_log, before and after), bounded (400 naming the
 * field), admin only, and what the next look-up uses.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, registerCall, XINGFULI } from '../helper.ts'

const M = 1 / 111_320 // degrees of latitude per metre

test('admins change the duplicate settings with a reason; the finder follows them; bounds are 400s; others 403', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const defaults = await admin.get('/api/v1/admin/duplicate-settings')
  assert.equal(defaults.status, 200, JSON.stringify(defaults.body))
  assert.deepEqual(defaults.body, { radiusM: 1000, days: 14, minScore: 0.15, updatedAt: null })

  // a look-alike 400 m away is offered to the desk under the default 1 km
  const operator = await h.as('operator2')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const words = '幸福里小区北门垃圾桶满了好几天没人清运'
  const away = await registerCall(operator, '北门垃圾桶满了，好几天没人清运', { lat: seat.lat + 400 * M, lng: seat.lng })
  const look = async () =>
    (
      await operator.post('/api/v1/hotline/duplicates', { text: words, category: 'sanitation.garbage', lat: seat.lat, lng: seat.lng })
    ).body.items.map((e: { number: string }) => e.number)
  assert.ok((await look()).includes(away.number), 'offered within the default radius')

  const put = (body: Record<string, unknown>, as = admin) =>
    as.request('PUT', '/api/v1/admin/duplicate-settings', {
      radiusM: 300,
      days: 7,
      minScore: 0.2,
      reason: '老城区街巷密集，缩小范围',
      ...body,
    })
  const saved = await put({})
  assert.equal(saved.status, 200, JSON.stringify(saved.body))
  assert.equal(saved.body.radiusM, 300)
  assert.equal(saved.body.days, 7)
  assert.equal(saved.body.minScore, 0.2)
  assert.ok(saved.body.updatedAt)
  assert.deepEqual((await admin.get('/api/v1/admin/duplicate-settings')).body, saved.body)
  assert.ok(!(await look()).includes(away.number), 'beyond the new 300 m radius')

  // bounds: radius 50–5000 m, days 1–90, score 0–1, a reason
  for (const [body, field] of [
    [{ radiusM: 49 }, 'radiusM'],
    [{ radiusM: 5001 }, 'radiusM'],
    [{ days: 0 }, 'days'],
    [{ days: 91 }, 'days'],
    [{ minScore: -0.1 }, 'minScore'],
    [{ minScore: 1.5 }, 'minScore'],
    [{ reason: '  ' }, 'reason'],
  ] as const) {
    const res = await put(body)
    assert.equal(res.status, 400, JSON.stringify(body))
    assert.equal(res.body.error.details.field, field)
  }
  // a second save: both are in the change log with who, why, before and after
  assert.equal((await put({ radiusM: 2000, reason: '恢复较大范围' })).status, 200)
  const log = await h.database.db.selectFrom('change_log').selectAll().where('subject', '=', 'duplicate_settings').orderBy('id').execute()
  assert.equal(log.length, 2)
  assert.equal(log[0].reason, '老城区街巷密集，缩小范围')
  assert.equal(log[0].actor_user_id, admin.me.id)
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
  assert.deepEqual(json(log[0].before), { radiusM: 1000, days: 14, minScore: 0.15 })
  assert.deepEqual(json(log[0].after), { radiusM: 300, days: 7, minScore: 0.2 })
  assert.deepEqual(json(log[1].before), { radiusM: 300, days: 7, minScore: 0.2 })
  assert.ok((await look()).includes(away.number), 'offered again within 2 km')

  // not an admin: 403, and nothing changes
  for (const username of ['c-620105', 'operator1', 'supervisor']) {
    const other = await h.as(username)
    assert.equal((await other.get('/api/v1/admin/duplicate-settings')).status, 403)
    assert.equal((await put({ radiusM: 100 }, other)).status, 403)
  }
  assert.equal((await admin.get('/api/v1/admin/duplicate-settings')).body.radiusM, 2000)
})
