/**
 * API clients (issue 17, item 2): an admin creates one and sees its key once; the key check
 * (clientFromKey, which ingestion and Open311 call) refuses a wrong, disabled or rotated-away key
 * (401) and a channel the client may not use (403), counts the rate limit (429) and audits each use.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clientFromKey } from '../../src/modules/clients/auth.ts'
import { build } from '../helper.ts'

const status = async (promise: Promise<unknown>) => {
  try {
    await promise
    return 200
  } catch (e) {
    return (e as { status: number }).status
  }
}

test('an admin creates a client and gets its key once; the key works until the client is disabled or the key rotated', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const created = await admin.post('/api/v1/admin/api-clients', { name: '三维平台', channels: ['platform_3d'], scopeUnitCode: '620105' })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const { key, id } = created.body
  assert.match(key, /^xlk_[A-Za-z0-9_-]{43}$/)
  assert.equal(created.body.scope.code, '620105')
  assert.equal(created.body.createdBy, 'admin')
  assert.equal(key.slice(0, 12), created.body.keyPrefix)

  const listed = await admin.get('/api/v1/admin/api-clients')
  assert.equal(listed.status, 200)
  const row = listed.body.items.find((c: { id: number }) => c.id === id)
  assert.equal(row.name, '三维平台')
  assert.ok(!JSON.stringify(listed.body).includes(key), 'the list never shows a key')
  assert.ok(!JSON.stringify(listed.body).includes(key.slice(12)), 'nor its secret part')

  const ctx = h.app.ctx
  const client = await clientFromKey(ctx, key, 'platform_3d')
  assert.deepEqual(client, { id, name: '三维平台', channels: ['platform_3d'], scopeUnitId: ctx.orgs.byCode('620105')?.id })
  assert.equal(await status(clientFromKey(ctx, undefined)), 401)
  assert.equal(await status(clientFromKey(ctx, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)), 401, 'one character off')
  assert.equal(await status(clientFromKey(ctx, 'not-a-key')), 401)
  assert.equal(await status(clientFromKey(ctx, key, 'linkage')), 403, 'a channel it was not given')
  assert.equal(await status(clientFromKey(ctx, key, 'app')), 403, 'our own channels are never a partner’s')

  const disabled = await admin.request('PATCH', `/api/v1/admin/api-clients/${id}`, { enabled: false })
  assert.equal(disabled.status, 200, JSON.stringify(disabled.body))
  assert.equal(disabled.body.enabled, false)
  assert.equal(await status(clientFromKey(ctx, key)), 401, 'disabled')
  await admin.request('PATCH', `/api/v1/admin/api-clients/${id}`, { enabled: true, channels: ['platform_3d', 'linkage'] })
  assert.equal(await status(clientFromKey(ctx, key, 'linkage')), 200, 'enabled again, with the channel added')

  const rotated = await admin.post(`/api/v1/admin/api-clients/${id}/rotate`)
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body))
  assert.notEqual(rotated.body.key, key)
  assert.ok(rotated.body.rotatedAt)
  assert.equal(await status(clientFromKey(ctx, key)), 401, 'the old key stops at once')
  assert.equal(await status(clientFromKey(ctx, rotated.body.key, 'platform_3d')), 200)

  const audit = await admin.get('/api/v1/admin/audit?action=api_client_rotate')
  assert.equal(audit.body.items.length, 1)
  assert.ok(!JSON.stringify(audit.body).includes(rotated.body.key), 'no key in the audit log')
})

test('the admin’s client edits: bad input is a 400 naming the field, a missing client 404, others 403', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  for (const [body, field] of [
    [{ name: '三维平台', channels: ['app'] }, 'channels.0'],
    [{ name: '三维平台', channels: [] }, 'channels'],
    [{ name: ' x ', channels: ['linkage'] }, 'name'],
    [{ name: '三维平台', channels: ['linkage'], scopeUnitCode: '999999' }, 'scopeUnitCode'],
    // an area is a center's: a department's would leave every item outside it
    [{ name: '三维平台', channels: ['linkage'], scopeUnitCode: '620105D01' }, 'scopeUnitCode'],
  ] as const) {
    const res = await admin.post('/api/v1/admin/api-clients', body)
    assert.equal(res.status, 400, JSON.stringify(body))
    assert.equal(res.body.error.details.field, field)
  }
  assert.equal((await admin.request('PATCH', '/api/v1/admin/api-clients/424242', { enabled: false })).status, 404)
  assert.equal((await admin.post('/api/v1/admin/api-clients/424242/rotate')).status, 404)
  const operator = await h.as('operator1')
  assert.equal((await operator.post('/api/v1/admin/api-clients', { name: '三维平台', channels: ['linkage'] })).status, 403)
  assert.equal((await operator.get('/api/v1/admin/api-clients')).status, 403)
  assert.equal((await h.anonymous.get('/api/v1/admin/api-clients')).status, 401)
})

test('each use is audited once; over the per-minute limit a client gets 429 until the next minute', async (t) => {
  const h = await build(t, { env: { RATE_LIMIT_CLIENT_PER_MINUTE: '3' } })
  const admin = await h.as('admin')
  const { key, id } = (await admin.post('/api/v1/admin/api-clients', { name: '平安甘肃', channels: ['platform_safety'] })).body
  const other = (await admin.post('/api/v1/admin/api-clients', { name: '联动平台', channels: ['linkage'] })).body
  const ctx = h.app.ctx
  for (let i = 0; i < 3; i++) assert.equal(await status(clientFromKey(ctx, key, 'platform_safety')), 200)
  assert.equal(await status(clientFromKey(ctx, key, 'platform_safety')), 429)
  assert.equal(await status(clientFromKey(ctx, other.key, 'linkage')), 200, 'another client has its own count')
  h.clock.now = new Date(h.clock.now.getTime() + 60_000)
  assert.equal(await status(clientFromKey(ctx, key, 'platform_safety')), 200, 'a new minute')

  const uses = await h.database.db
    .selectFrom('audit_log')
    .select(['target_id', 'detail'])
    .where('action', '=', 'api_client_use')
    .where('target_id', '=', String(id))
    .execute()
  assert.equal(uses.length, 4, 'the four accepted uses, not the refused one')
  assert.ok(uses.every((u) => (u.detail as { channel: string }).channel === 'platform_safety'))
  const listed = (await admin.get('/api/v1/admin/api-clients')).body.items.find((c: { id: number }) => c.id === id)
  assert.equal(listed.lastUsedAt, h.clock.now.toISOString())
})
