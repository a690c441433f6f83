/**
 * Partner ingestion (issue 17, item 3): a partner's batch creates its good items and names the bad
 * ones by field; an external id makes one event however often and however concurrently it is sent;
 * the partner follows its event by external id through the public timeline (no phone, no name); the
 * key is checked, rate-limited and audited on every request.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, type TestApp, XINGFULI } from '../helper.ts'

async function partner(h: TestApp, body: Record<string, unknown>) {
  const admin = await h.as('admin')
  const created = await admin.post('/api/v1/admin/api-clients', body)
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const key: string = created.body.key
  const send = async (method: 'GET' | 'POST', url: string, payload?: unknown, withKey = key) => {
    const res = await h.app.inject({ method, url, payload: payload as object, headers: withKey ? { 'x-api-key': withKey } : {} })
    return { status: res.statusCode, body: res.json() }
  }
  return {
    admin,
    id: created.body.id as number,
    key,
    send,
    post: (payload: unknown, withKey?: string) => send('POST', '/api/v1/ingest/events', payload, withKey),
  }
}

const eventCount = async (h: TestApp, clientId: number) =>
  Number(
    (
      await h.database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source_client_id', '=', clientId)
        .executeTakeFirstOrThrow()
    ).n,
  )

test('a batch creates its good items and answers each bad one, in order, with the field at fault', async (t) => {
  const h = await build(t)
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const p = await partner(h, { name: '三维平台', channels: ['platform_3d'], scopeUnitCode: '620105' })
  const res = await p.post({
    items: [
      { externalId: 'A-1', category: 'sanitation.garbage', description: '小区门口垃圾堆积三天', communityCode: XINGFULI },
      { externalId: 'A-2', description: '小区门口垃圾桶满了好几天没人清运', lat: seat.lat, lng: seat.lng },
      { externalId: 'A-3', category: 'sanitation.garbage', description: '楼下垃圾没人清', address: '幸福里小区3号楼' },
      { externalId: 'B-1', category: 'sanitation.garbage', description: '一' },
      { externalId: 'B-2', category: 'sanitation.garbage', description: '小区门口垃圾', lat: seat.lat },
      { externalId: 'B-3', category: 'no.such', description: '小区门口垃圾', communityCode: XINGFULI },
      { externalId: 'B-4', category: 'sanitation.garbage', description: '小区门口垃圾' },
      { externalId: 'B-5', category: 'sanitation.garbage', description: '小区门口垃圾', address: '火星基地十八号' },
      // 城关区's community: outside this client's 安宁区
      { externalId: 'B-6', category: 'sanitation.garbage', description: '楼下垃圾桶满了', communityCode: '620102001001' },
      { externalId: 'B-7', category: 'sanitation.garbage', description: '小区门口垃圾', communityCode: XINGFULI, channel: 'linkage' },
      { description: '没有编号的事件', communityCode: XINGFULI },
      { externalId: 'B-9', description: '小区门口垃圾', communityCode: XINGFULI, reporterPhone: 'call me' },
      'not an object',
      { externalId: 'A-1', category: 'sanitation.garbage', description: '同一批里重复的编号', communityCode: XINGFULI },
    ],
  })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const answers = res.body.items.map((r: { externalId: string | null; status: string; error?: { field: string } }) => [
    r.externalId,
    r.status,
    r.error?.field,
  ])
  assert.deepEqual(answers, [
    ['A-1', 'created', undefined],
    ['A-2', 'created', undefined],
    ['A-3', 'created', undefined],
    ['B-1', 'error', 'description'],
    ['B-2', 'error', 'lng'],
    ['B-3', 'error', 'category'],
    ['B-4', 'error', 'lat'],
    ['B-5', 'error', 'address'],
    ['B-6', 'error', 'communityCode'],
    ['B-7', 'error', 'channel'],
    [null, 'error', 'externalId'],
    ['B-9', 'error', 'reporterPhone'],
    [null, 'error', 'item'],
    ['A-1', 'duplicate', undefined],
  ])
  assert.equal(res.body.items[13].id, res.body.items[0].id, 'the duplicate names the event made')
  assert.equal(await eventCount(h, p.id), 3, 'the good ones only')

  const rows = await h.database.db
    .selectFrom('events')
    .select(['external_id', 'channel', 'community_id', 'category_code'])
    .where('source_client_id', '=', p.id)
    .orderBy('external_id')
    .execute()
  const xingfuli = h.app.ctx.orgs.byCode(XINGFULI)?.id
  assert.deepEqual(
    rows.map((r) => [r.external_id, r.channel, r.community_id]),
    [
      ['A-1', 'platform_3d', xingfuli],
      ['A-2', 'platform_3d', xingfuli],
      ['A-3', 'platform_3d', xingfuli],
    ],
    'each in its client’s channel, located from the point and matched from the address',
  )
  assert.ok(rows[1].category_code.startsWith('sanitation'), `classified: ${rows[1].category_code}`)
})

test('hostile and oversized input: each bad item is its own error, a batch over 1,000 a 400 naming items, never a 5xx', async (t) => {
  const h = await build(t)
  const p = await partner(h, { name: '三维平台', channels: ['platform_3d'] })
  const good = { externalId: 'G-1', category: 'sanitation.garbage', description: '小区门口垃圾堆积', communityCode: XINGFULI }
  const hostile: unknown[] = [
    null,
    7,
    [good],
    { ...good, externalId: 'x'.repeat(101) },
    { ...good, externalId: 'has space' },
    { ...good, externalId: 'H-1', description: 5 },
    { ...good, externalId: 'H-2', lat: 'north', lng: 103.7 },
    { ...good, externalId: 'H-3', lat: 91, lng: 103.7 },
    { ...good, externalId: 'H-4', communityCode: '12345' },
    { ...good, externalId: 'H-5', occurredAt: '2026-02-30T08:00:00+08:00' },
    { ...good, externalId: 'H-6', channel: 'app' },
    { ...good, externalId: 'H-7', extra: { nested: [1, 2, 3] } },
    { ...good, externalId: 'H-8', lat: 0, lng: 0 },
    { ...good, externalId: 'H-9', address: '幸福里小区', communityCode: undefined },
  ]
  const res = await p.post({ items: [...hostile, good] })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const statuses = res.body.items.map(
    (r: { status: string; error?: { field: string } }) => `${r.status}${r.error ? ` ${r.error.field}` : ''}`,
  )
  assert.deepEqual(statuses, [
    'error item',
    'error item',
    'error item',
    'error externalId',
    'error externalId',
    'error description',
    'error lat',
    'error lat',
    'error communityCode',
    'error occurredAt',
    'error channel',
    'error extra',
    'error lat',
    'created',
    'created',
  ])
  assert.equal(await eventCount(h, p.id), 2)
  for (const body of [{ items: [] }, { items: Array.from({ length: 1001 }, () => good) }, { items: 'many' }]) {
    const refused = await p.post(body)
    assert.equal(refused.status, 400, JSON.stringify(refused.body).slice(0, 200))
    assert.equal(refused.body.error.details.field, 'items')
  }
  assert.equal(await eventCount(h, p.id), 2, 'a refused batch wrote nothing')
})

test('20 concurrent sends of one external id make exactly one event; all answer with it', async (t) => {
  const h = await build(t)
  const p = await partner(h, { name: '平安甘肃', channels: ['platform_safety'] })
  const item = { externalId: 'PA-20261130-7', category: 'sanitation.garbage', description: '小区门口垃圾堆积三天', communityCode: XINGFULI }
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => p.post(i % 2 ? { items: [item] } : item)))
  for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body))
  const results = answers.map((a) => a.body.items[0])
  assert.equal(results.filter((r) => r.status === 'created').length, 1, JSON.stringify(results))
  assert.equal(results.filter((r) => r.status === 'duplicate').length, 19)
  assert.equal(new Set(results.map((r) => r.id)).size, 1, 'every answer names the one event')
  assert.equal(await eventCount(h, p.id), 1)
})

test('the partner follows its event by external id: state and public timeline, no name or phone; another client sees nothing', async (t) => {
  const h = await build(t)
  const p = await partner(h, { name: '联动平台', channels: ['linkage', 'netizen'] })
  const phone = '13912345678'
  const sent = await p.post({
    externalId: 'LD/2026/001',
    channel: 'netizen',
    category: 'sanitation.garbage',
    description: `小区门口垃圾堆积，王小明，电话${phone}`,
    reporterName: '王小明',
    reporterPhone: phone,
    communityCode: XINGFULI,
    occurredAt: '2026-11-29T08:30:00+08:00',
  })
  assert.equal(sent.body.items[0].status, 'created', JSON.stringify(sent.body))
  const row = await h.database.db
    .selectFrom('events')
    .select(['channel', 'occurred_at', 'reporter_phone'])
    .where('id', '=', sent.body.items[0].id)
    .executeTakeFirstOrThrow()
  assert.equal(row.channel, 'netizen', 'the item’s channel among the client’s')
  // a client of two channels names each item's: without it the item is refused, naming the field
  const unnamed = await p.post({
    externalId: 'LD/2026/002',
    category: 'sanitation.garbage',
    description: '垃圾堆积',
    communityCode: XINGFULI,
  })
  assert.equal(unnamed.body.items[0].status, 'error')
  assert.equal(unnamed.body.items[0].error.field, 'channel')
  assert.equal(new Date(row.occurred_at as Date).toISOString(), '2026-11-29T00:30:00.000Z')
  assert.equal(row.reporter_phone, phone, 'kept for the staff who need it')

  const seen = await p.send('GET', `/api/v1/ingest/events/${encodeURIComponent('LD/2026/001')}`)
  assert.equal(seen.status, 200, JSON.stringify(seen.body))
  assert.equal(seen.body.externalId, 'LD/2026/001')
  assert.equal(seen.body.number, sent.body.items[0].number)
  assert.equal(seen.body.state, 'assigned')
  assert.deepEqual(
    seen.body.timeline.map((e: { action: string }) => e.action),
    ['submit', 'route'],
  )
  const text = JSON.stringify(seen.body)
  assert.ok(!text.includes(phone) && !text.includes('5678') && !text.includes('王小明'), text)

  assert.equal((await p.send('GET', '/api/v1/ingest/events/LD-404')).status, 404)
  const other = await partner(h, { name: '网民留言', channels: ['netizen'] })
  assert.equal((await other.send('GET', `/api/v1/ingest/events/${encodeURIComponent('LD/2026/001')}`)).status, 404, 'not its event')
})

test('no, a wrong, a disabled or a rotated-away key is 401; over the limit 429; each accepted request is audited once', async (t) => {
  const h = await build(t, { env: { RATE_LIMIT_CLIENT_PER_MINUTE: '4' } })
  const p = await partner(h, { name: '三维平台', channels: ['platform_3d'] })
  const item = { externalId: 'K-1', category: 'sanitation.garbage', description: '小区门口垃圾堆积', communityCode: XINGFULI }
  assert.equal((await p.post(item, '')).status, 401)
  assert.equal((await p.post(item, `xlk_${'A'.repeat(43)}`)).status, 401)
  assert.equal((await p.post({ nonsense: true }, '')).status, 401, 'the key before the shape')
  await p.admin.request('PATCH', `/api/v1/admin/api-clients/${p.id}`, { enabled: false })
  assert.equal((await p.post(item)).status, 401, 'disabled')
  await p.admin.request('PATCH', `/api/v1/admin/api-clients/${p.id}`, { enabled: true })
  const rotated = (await p.admin.post(`/api/v1/admin/api-clients/${p.id}/rotate`)).body.key
  assert.equal((await p.post(item)).status, 401, 'rotated away')
  assert.equal((await p.post(item, rotated)).status, 200)
  assert.equal((await p.post(item, rotated)).status, 200)
  assert.equal((await p.send('GET', '/api/v1/ingest/events/K-1', undefined, rotated)).status, 200)
  assert.equal((await p.post({ items: [item, item] }, rotated)).status, 200)
  const over = await p.post(item, rotated)
  assert.equal(over.status, 429)
  assert.equal(over.body.error.code, 'rate_limited')
  assert.equal(await eventCount(h, p.id), 1)
  const uses = await h.database.db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'api_client_use')
    .where('target_id', '=', String(p.id))
    .execute()
  assert.equal(uses.length, 4, 'one row per accepted request, a batch included')
})
