/**
 * Partner webhooks (issue 17, item 4) against a real HTTP receiver the test starts: the changes of
 * a partner's event arrive as signed POSTs in order, verified with the documented recipe
 * (verify-example.ts, which docs/webhooks.md shows); a failing receiver is retried, then dead with
 * its attempts in the log, and replayed once it recovers; a receiver holding its request never
 * holds the work order; a lapsed claim is claimed again; two instances deliver each message once.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type TestContext, test } from 'node:test'
import { deliverDue, startOutboxDelivery } from '../../src/modules/notifications/delivery.ts'
import { claimDue } from '../../src/modules/notifications/queries.ts'
import { verifyXiaolanWebhook } from '../../src/modules/notifications/verify-example.ts'
import { applyAction, build, type Client, secondInstance, type TestApp, XINGFULI } from '../helper.ts'

const ENV = {
  WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
  WEBHOOK_BACKOFF_BASE_MS: '1000',
  WEBHOOK_BACKOFF_CAP_MS: '1000',
  WEBHOOK_MAX_ATTEMPTS: '3',
}

interface Received {
  headers: IncomingMessage['headers']
  body: string
  json: any
}

/**
 * A partner's endpoint on a port of its own: records every POST and answers with `respond` (a
 * status, or a function that answers when it likes). Closed, with its connections, when the test ends.
 */
async function receiver(t: TestContext) {
  const got: Received[] = []
  const waiting: Array<{ n: number; resolve: () => void }> = []
  let respond: number | ((res: ServerResponse, r: Received) => void) = 200
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const r = { headers: req.headers, body, json: JSON.parse(body) }
      got.push(r)
      for (const w of waiting.filter((w) => got.length >= w.n)) w.resolve()
      if (typeof respond === 'number') res.writeHead(respond).end(respond === 200 ? 'ok' : 'receiver failed')
      else respond(res, r)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/xiaolan`,
    got,
    answer(with_: typeof respond) {
      respond = with_
    },
    /** resolves once `n` requests have arrived */
    received: (n: number) => new Promise<void>((resolve) => (got.length >= n ? resolve() : waiting.push({ n, resolve }))),
  }
}

/** An API client with a webhook to `url`; `ingest` pushes one event for it. */
async function partner(h: TestApp, url: string) {
  const admin = await h.as('admin')
  const client = await admin.post('/api/v1/admin/api-clients', { name: '三维平台', channels: ['platform_3d'] })
  assert.equal(client.status, 201, JSON.stringify(client.body))
  const key: string = client.body.key
  return {
    admin,
    clientId: client.body.id as number,
    async subscribe() {
      const res = await admin.post(`/api/v1/admin/api-clients/${client.body.id}/webhooks`, { url })
      assert.equal(res.status, 201, JSON.stringify(res.body))
      return res.body as { id: number; secret: string; url: string }
    },
    async ingest(externalId: string) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/ingest/events',
        headers: { 'x-api-key': key },
        payload: { externalId, category: 'sanitation.garbage', description: '小区门口垃圾堆积三天没人清运', communityCode: XINGFULI },
      })
      const item = res.json().items[0]
      assert.equal(item.status, 'created', res.body)
      return item as { id: number; number: string }
    },
  }
}

const current = async (staff: Client, id: number) => (await staff.get(`/api/v1/events/${id}`)).body

/** Delivery passes, the clock moved past any backoff between them, until nothing is due. */
async function deliverAll(h: TestApp) {
  const outcomes: string[] = []
  for (let i = 0; i < 20; i++) {
    const done = await deliverDue(h.app.ctx)
    if (done.length === 0) return outcomes
    outcomes.push(...done)
    h.clock.now = new Date(h.clock.now.getTime() + 2000)
  }
  assert.fail(`still delivering after 20 passes: ${outcomes}`)
}

test('each change of a partner’s event reaches its webhook once, signed, in order, the last with the evaluation', async (t) => {
  const h = await build(t, { env: ENV })
  const r = await receiver(t)
  const p = await partner(h, r.url)
  const hook = await p.subscribe()
  assert.match(hook.secret, /^whsec_/)
  const listed = await p.admin.get(`/api/v1/admin/api-clients/${p.clientId}/webhooks`)
  assert.deepEqual(
    listed.body.items.map((w: Record<string, unknown>) => [w.url, w.enabled, 'secret' in w]),
    [[r.url, true, false]],
    'the secret is shown once, never listed',
  )

  const sent = await p.ingest('3D-2026-0001')
  const community = await h.as('c-620105007010')
  const operator = await h.as('operator1')
  let event = await applyAction(community, await current(community, sent.id), { type: 'sign' })
  event = await applyAction(community, event, { type: 'comment', note: '已联系物业，今天清运', toReporter: true })
  event = await applyAction(community, event, { type: 'comment', note: '内部备注：物业电话13912345678' })
  event = await applyAction(community, event, { type: 'resolve', note: '已清运，联系人王小明 13912345678' })
  event = await applyAction(operator, event, { type: 'evaluate', rating: 'satisfied' })

  assert.deepEqual(await deliverAll(h), ['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered'])
  const actions = r.got.map((m) => m.json.event.action)
  assert.deepEqual(actions, ['submit', 'route', 'sign', 'comment', 'resolve', 'evaluate'], 'the internal note is not a partner’s')
  for (const m of r.got) {
    assert.equal(m.headers['content-type'], 'application/json')
    assert.ok(verifyXiaolanWebhook(m.headers, m.body, hook.secret), 'the documented recipe verifies it')
    assert.ok(!verifyXiaolanWebhook(m.headers, m.body, `${hook.secret}x`), 'another secret does not')
    assert.ok(!verifyXiaolanWebhook(m.headers, m.body.replace('"type"', '"tYpe"'), hook.secret), 'a changed body does not')
    const old = Number(m.headers['x-xiaolan-timestamp']) + 301
    assert.ok(!verifyXiaolanWebhook(m.headers, m.body, hook.secret, old), 'nor a capture replayed after 5 minutes')
    assert.equal(m.headers['x-xiaolan-delivery'], String(m.json.id))
    assert.equal(m.json.type, 'event.changed')
    assert.equal(m.json.event.externalId, '3D-2026-0001')
    assert.equal(m.json.event.number, sent.number)
  }
  const sequences = r.got.map((m) => m.json.sequence)
  assert.deepEqual(
    sequences,
    [...sequences].sort((a, b) => a - b),
  )
  assert.equal(new Set(r.got.map((m) => m.json.id)).size, 6, 'one message per change')
  const last = r.got[5].json.event
  assert.equal(last.evaluation, 'satisfied')
  assert.equal(last.state, event.state)
  assert.equal(r.got[5].json.sequence, event.version)
  const resolved = r.got[4].json.event
  assert.equal(resolved.state, 'resolved')
  assert.ok(!resolved.note.includes('13912345678') && !resolved.note.includes('王小明'), `masked: ${resolved.note}`)
  assert.equal(r.got[1].json.event.unit, '幸福里社区', 'routed to the community, by its public name')
  assert.equal(await deliverDue(h.app.ctx).then((d) => d.length), 0, 'nothing is sent twice')

  const log = await p.admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)
  assert.equal(log.status, 200)
  assert.deepEqual(
    log.body.items.map((d: any) => [d.action, d.state, d.attempts, d.log.length, d.log[0].status]),
    [...actions].reverse().map((a) => [a, 'delivered', 1, 1, 200]),
    'newest first, each with its attempt',
  )

  // off, the partner's next changes write nothing for it
  const off = await p.admin.request('PATCH', `/api/v1/admin/webhooks/${hook.id}`, { enabled: false })
  assert.equal(off.body.enabled, false)
  await p.ingest('3D-2026-0002')
  assert.deepEqual(await deliverDue(h.app.ctx), [])
})

test('a failing receiver is retried with backoff, then dead with its attempts logged; replay delivers it once it recovers', async (t) => {
  const h = await build(t, { env: ENV })
  const r = await receiver(t)
  r.answer(500)
  const p = await partner(h, r.url)
  const sent = await p.ingest('3D-2026-0100')
  const hook = await p.subscribe()
  const community = await h.as('c-620105007010')
  await applyAction(community, await current(community, sent.id), { type: 'sign' })

  assert.deepEqual(await deliverDue(h.app.ctx), ['retry'])
  assert.deepEqual(await deliverDue(h.app.ctx), [], 'not before its backoff')
  h.clock.now = new Date(h.clock.now.getTime() + 1000)
  assert.deepEqual(await deliverDue(h.app.ctx), ['retry'], 'the backoff stays under its cap')
  h.clock.now = new Date(h.clock.now.getTime() + 1000)
  assert.deepEqual(await deliverDue(h.app.ctx), ['dead'], 'dead after WEBHOOK_MAX_ATTEMPTS')
  h.clock.now = new Date(h.clock.now.getTime() + 3_600_000)
  assert.deepEqual(await deliverDue(h.app.ctx), [], 'a dead message is not tried again')
  assert.equal(r.got.length, 3)
  assert.equal(new Set(r.got.map((m) => m.json.id)).size, 1, 'the same message each time')

  const log = (await p.admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.items
  assert.equal(log.length, 1)
  assert.equal(log[0].state, 'dead')
  assert.equal(log[0].attempts, 3)
  assert.deepEqual(
    log[0].log.map((a: any) => a.status),
    [500, 500, 500],
  )
  assert.match(log[0].lastError, /HTTP 500: receiver failed/)

  const early = await p.admin.post(`/api/v1/admin/outbox/${log[0].id}/replay`)
  assert.equal(early.status, 200, JSON.stringify(early.body))
  const again = await p.admin.post(`/api/v1/admin/outbox/${log[0].id}/replay`)
  assert.equal(again.status, 409, 'a message already waiting is not replayed twice')
  assert.equal(again.body.error.code, 'not_replayable')
  r.answer(200)
  assert.deepEqual(await deliverDue(h.app.ctx), ['delivered'])
  assert.equal(r.got.length, 4)
  assert.equal(r.got[3].json.id, log[0].id)
  const after = (await p.admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.items[0]
  assert.equal(after.state, 'delivered')
  assert.deepEqual(
    after.log.map((a: any) => a.status),
    [500, 500, 500, 200],
  )
  const audit = await h.database.db.selectFrom('audit_log').select('action').where('action', '=', 'outbox_replay').execute()
  assert.equal(audit.length, 1, 'the replay is audited (the refused one is not)')
})

test('a receiver holding its request open does not hold the work order', async (t) => {
  const h = await build(t, { env: ENV })
  const r = await receiver(t)
  const held: ServerResponse[] = []
  r.answer((res) => held.push(res))
  const p = await partner(h, r.url)
  await p.subscribe()
  const sent = await p.ingest('3D-2026-0200')
  const delivering = deliverDue(h.app.ctx)
  await Promise.race([r.received(1), delivering.then((d) => assert.fail(`the pass ended without a request: ${d}`))])
  // the receiver holds the submit's POST: the unit signs meanwhile, and its answer comes
  const community = await h.as('c-620105007010')
  const signed = await applyAction(community, await current(community, sent.id), { type: 'sign' })
  assert.equal(signed.state, 'in_progress')
  assert.equal(r.got.length, 1, 'the receiver still holds the first request')
  assert.equal(held.length, 1)
  for (const res of held) res.writeHead(200).end()
  r.answer(200)
  assert.deepEqual(await delivering, ['delivered', 'delivered'], 'the pass goes on once answered')
  assert.deepEqual(await deliverDue(h.app.ctx), ['delivered'], 'the sign, written meanwhile')
})

test('a slow receiver times out and is retried; a claim whose instance died is claimed again when its lease lapses', async (t) => {
  const h = await build(t, { env: { ...ENV, WEBHOOK_TIMEOUT_MS: '200' } })
  const r = await receiver(t)
  r.answer(() => {}) // never answers
  const p = await partner(h, r.url)
  const sent = await p.ingest('3D-2026-0300')
  await p.subscribe()
  const community = await h.as('c-620105007010')
  await applyAction(community, await current(community, sent.id), { type: 'sign' })
  assert.deepEqual(await deliverDue(h.app.ctx), ['retry'])
  const [row] = await h.database.db.selectFrom('outbox').select(['last_error', 'attempts']).execute()
  assert.match(row.last_error ?? '', /timed out after 200 ms/)

  // an instance claims it and dies before posting
  r.answer(200)
  h.clock.now = new Date(h.clock.now.getTime() + 1000)
  const lease = new Date(h.clock.now.getTime() + 60_000)
  const claimed = await claimDue(h.database.db, { now: h.clock.now, leaseUntil: lease, token: 'died', limit: 10 })
  assert.equal(claimed.length, 1)
  assert.deepEqual(await deliverDue(h.app.ctx), [], 'not while the lease holds')
  h.clock.now = new Date(lease.getTime() + 1)
  assert.deepEqual(await deliverDue(h.app.ctx), ['delivered'], 'claimed again after it')
})

test('stopping the worker aborts the POST in flight and gives its message back, uncounted', async (t) => {
  const h = await build(t, { env: { ...ENV, OUTBOX_INTERVAL_MS: '10' } })
  const r = await receiver(t)
  r.answer(() => {}) // holds every request
  const p = await partner(h, r.url)
  await p.subscribe()
  await p.ingest('3D-2026-0400')
  const stop = startOutboxDelivery(h.app.ctx)
  await r.received(1)
  await stop() // returns although the receiver never answers
  const rows = await h.database.db.selectFrom('outbox').select(['id', 'state', 'attempts', 'lease_token']).orderBy('id').execute()
  assert.deepEqual(
    rows.map((m) => [m.state, m.attempts, m.lease_token]),
    [
      ['pending', 0, null],
      ['pending', 0, null],
    ],
  )
  const log = await h.database.db.selectFrom('outbox_attempts').select(['outbox_id', 'error']).execute()
  assert.deepEqual(log, [{ outbox_id: rows[0].id, error: 'aborted: stopping' }])
  r.answer(200)
  assert.deepEqual(await deliverDue(h.app.ctx), ['delivered', 'delivered'], 'the next start sends them')
})

test('docs/webhooks.md shows the verification recipe the tests run, as it is', async () => {
  const example = await readFile(new URL('../../src/modules/notifications/verify-example.ts', import.meta.url), 'utf8')
  const doc = await readFile(new URL('../../../docs/webhooks.md', import.meta.url), 'utf8')
  const code = example.slice(example.indexOf('import {'))
  assert.ok(doc.includes(`\`\`\`ts\n${code}\`\`\``), 'copy verify-example.ts from its import on into docs/webhooks.md')
})

test('a webhook URL is https, or http to a loopback host only where allowed', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const client = (await admin.post('/api/v1/admin/api-clients', { name: '联动平台', channels: ['linkage'] })).body
  const url = `/api/v1/admin/api-clients/${client.id}/webhooks`
  for (const bad of [
    'http://127.0.0.1:4500/hook',
    'http://partner.example.com/hook',
    'ftp://partner.example.com/',
    'https://u:p@partner.example.com/',
  ]) {
    const res = await admin.post(url, { url: bad })
    assert.equal(res.status, 400, bad)
    assert.equal(res.body.error.details.field, 'url')
  }
  assert.equal((await admin.post(url, { url: 'https://partner.example.com/hook' })).status, 201)
  assert.equal((await admin.post('/api/v1/admin/api-clients/2147483647/webhooks', { url: 'https://partner.example.com/hook' })).status, 404)
  assert.equal((await admin.post('/api/v1/admin/outbox/9007199254740991/replay')).status, 404)
  const resident = await h.resident('13900000321')
  assert.equal((await resident.post(url, { url: 'https://partner.example.com/hook' })).status, 403)
})

test('two instances on one PostgreSQL deliver each message once', { skip: process.env.XIAOLAN_TEST_DB !== 'postgres' }, async (t) => {
  const h = await build(t, { env: ENV })
  const second = await secondInstance(t, h)
  const r = await receiver(t)
  const p = await partner(h, r.url)
  await p.subscribe()
  for (let i = 0; i < 15; i++) await p.ingest(`3D-2026-1${i}`)
  const messages = Number(
    (
      await h.database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  assert.equal(messages, 30, 'submit and route of each')
  const [a, b] = await Promise.all([deliverDue(h.app.ctx), deliverDue(second.app.ctx)])
  assert.equal(a.length + b.length, 30)
  assert.equal(r.got.length, 30)
  assert.equal(new Set(r.got.map((m) => m.headers['x-xiaolan-delivery'])).size, 30, 'no message twice')
})
