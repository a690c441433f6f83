/**
 * The seven channels (issue 17 item 1): the demo's week reaches the data pool through each
 * channel's real path, and the screen's trend and the KPI page's 按渠道 split it by channel — checked
 * against a recount of the events themselves. Each channel has its adapter in the one registry.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { INTAKE_CHANNELS } from '@xiaolan/contracts'
import { CHANNEL_ADAPTERS } from '../../src/modules/channels/adapters/index.ts'
import { replay } from '../../src/modules/events/lifecycle.ts'
import { readLogs, toState } from '../../src/modules/events/queries.ts'
import { seedDemoChannels } from '../../src/seed/demo/channels.ts'
import { seedDemoHandling } from '../../src/seed/demo/handling.ts'
import { build } from '../helper.ts'

test('every intake channel has its adapter, and only the feed maps records', () => {
  assert.deepEqual(Object.keys(CHANNEL_ADAPTERS).sort(), [...INTAKE_CHANNELS].sort())
  for (const [channel, adapter] of Object.entries(CHANNEL_ADAPTERS)) assert.equal(adapter.channel, channel)
  assert.deepEqual(
    Object.values(CHANNEL_ADAPTERS)
      .filter((a) => a.toEvent)
      .map((a) => a.channel),
    ['netizen'],
  )
})

test('the demo week shows all seven channels on the screen’s trend and in the KPIs by channel, as the events recount them', async (t) => {
  const h = await build(t)
  const seeded = await seedDemoChannels(h.app.ctx)
  for (const channel of INTAKE_CHANNELS) assert.ok((seeded[channel] ?? 0) > 0, `${channel} seeded: ${JSON.stringify(seeded)}`)

  const netizen = (await (await h.as('admin')).get('/api/v1/admin/netizen')).body
  assert.deepEqual(
    netizen.boards.map((b: { name: string }) => b.name),
    ['兰州市网民留言板'],
  )
  assert.equal(netizen.imports.length, 7, 'a day’s upload each')
  assert.equal(
    netizen.imports.reduce((n: number, i: { created: number }) => n + i.created, 0),
    seeded.netizen,
  )

  const leader = await h.as('leader')
  const screen = await leader.get('/api/v1/dashboard')
  assert.equal(screen.status, 200)
  const trend = new Map(screen.body.trend.map((s: { channel: string; counts: number[] }) => [s.channel, s.counts]))
  for (const channel of INTAKE_CHANNELS) {
    const counts = trend.get(channel) as number[]
    assert.ok(counts.filter((n) => n > 0).length >= 5, `${channel} on most of the seven days: ${counts}`)
  }

  const week = { from: '2026-11-23T16:00:00Z', to: '2026-11-30T16:00:00Z' }
  const split = await leader.get(`/api/v1/kpis/channels?from=${week.from}&to=${week.to}`)
  assert.equal(split.status, 200, JSON.stringify(split.body))
  const recount = await h.database.db
    .selectFrom('events')
    .select(['channel', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', new Date(week.from))
    .where('created_at', '<', new Date(week.to))
    .groupBy(['channel', 'state'])
    .execute()
  const expected = (channel: string, states?: string[]) =>
    recount.filter((r) => r.channel === channel && (!states || states.includes(r.state))).reduce((n, r) => n + Number(r.n), 0)
  assert.deepEqual(
    split.body.items.map((r: { channel: string }) => r.channel),
    [...INTAKE_CHANNELS],
  )
  for (const row of split.body.items) {
    assert.equal(row.received, expected(row.channel), `${row.channel} received`)
    assert.equal(row.open, expected(row.channel, ['submitted', 'assigned', 'in_progress', 'reviewing']), `${row.channel} open`)
    assert.equal(row.received, row.open + row.done + row.rejected + row.merged)
  }

  const district = await h.as('c-620105')
  const own = await district.get(`/api/v1/kpis/channels?from=${week.from}&to=${week.to}`)
  assert.equal(own.status, 200)
  assert.equal(own.body.scope.code, '620105')
  assert.equal((await district.get('/api/v1/kpis/channels?scope=620102')).status, 403, 'another district')
  const dept = await leader.get(`/api/v1/kpis/channels?scope=${h.app.ctx.orgs.all().find((u) => u.kind === 'department')?.code}`)
  assert.equal(dept.status, 400)
  assert.equal(dept.body.error.details.field, 'scope')
})

test('the demo week is handled through the lifecycle: signed, escalated, resolved and called back, as the log tells', async (t) => {
  const h = await build(t)
  await seedDemoChannels(h.app.ctx)
  const done = await seedDemoHandling(h.app.ctx)
  for (const step of ['signed', 'escalated', 'resolved', 'rated'] as const) assert.ok(done[step] > 0, `${step}: ${JSON.stringify(done)}`)

  // each event is as its log says, and the week holds every stage of the loop
  const rows = await h.database.db.selectFrom('events').selectAll().execute()
  const logs = await readLogs(
    h.database.db,
    rows.map((r) => r.id),
  )
  for (const row of rows) assert.deepEqual(toState(row), replay(logs.get(row.id) ?? []), `event ${row.number}`)
  const states = new Set(rows.map((r) => r.state))
  for (const state of ['assigned', 'in_progress', 'resolved', 'closed'])
    assert.ok(states.has(state as never), `some ${state}: ${[...states]}`)
  const rated = rows.filter((r) => r.evaluation !== null)
  assert.equal(rated.length, done.rated)
  assert.ok(
    rated.every((r) => r.channel === 'hotline'),
    'the desk calls back hotline callers only',
  )

  // the screen has a week of work to show, not dashes
  const { headline } = (await (await h.as('leader')).get('/api/v1/dashboard')).body
  assert.ok(headline.satisfactionRate > 0 && headline.onTimeRate > 0, JSON.stringify(headline))
  // …and not a perfect one: some matters wait past their deadlines, a caller was not satisfied (the matter went back)
  assert.ok(headline.overdue > 0, JSON.stringify(headline))
  assert.ok(
    rated.some((r) => r.evaluation === 'unsatisfied' && r.state === 'assigned'),
    'an unsatisfied caller’s matter is back with its handler',
  )
})
