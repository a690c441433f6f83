/**
 * Bulk import of historical events (issue 17, item 7): a file with bad rows is reported whole — every
 * bad row by line and field — and writes nothing, in a dry run and in a real one; a good file writes
 * events marked imported whose rows are the replay of their logs, whose rollups equal a recount at
 * the events' own dates, and which /track finds by number.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { sql } from 'kysely'
import { chinaDateOf } from '../../src/china-time.ts'
import { replay } from '../../src/modules/events/lifecycle.ts'
import { logEntryOf, toState } from '../../src/modules/events/queries.ts'
import { build, type Client, registerCall, type TestApp, XINGFULI } from '../helper.ts'

const HEADER =
  'external_id,category,title,description,channel,created_at,community_code,lat,lng,address,state,resolved_at,closed_at,evaluation,handler_unit_code'

async function upload(admin: Client, csv: string, dryRun: boolean) {
  const boundary = '----xiaolan-import'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="history.csv"\r\ncontent-type: text/csv\r\n\r\n`),
    Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await admin.inject({
    method: 'POST',
    url: `/api/v1/admin/imports?dryRun=${dryRun}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  return { status: res.statusCode, body: res.json() }
}

const countEvents = async (h: TestApp) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from events`.execute(h.database.db)).rows[0].n)

/** `n` good rows over the 65 days before the test's clock, most closed, every final state among them. */
function goodRows(h: TestApp, n: number): string[] {
  const now = h.app.ctx.now().getTime()
  const DAY = 86_400_000
  const states = ['closed', 'closed', 'closed', 'closed', 'resolved', 'in_progress', 'assigned', 'submitted', 'rejected', 'closed']
  const categories = ['sanitation', 'municipal', 'property', 'consult']
  const channels = ['hotline', 'app', 'grid', 'netizen']
  return Array.from({ length: n }, (_, i) => {
    const created = new Date(now - (65 - (i % 60)) * DAY + (i % 7) * 3_600_000)
    const resolved = new Date(created.getTime() + 2 * DAY)
    const closed = new Date(created.getTime() + 4 * DAY)
    const state = states[i % states.length]
    const chinaMinute = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
    // half the times as China wall clock, half as ISO 8601 with an offset
    const time = (d: Date) => (i % 2 ? chinaMinute(d) : d.toISOString())
    const evaluation = state === 'closed' ? ['satisfied', 'basically_satisfied', '', 'default_satisfied'][i % 4] : ''
    return [
      i % 3 ? `H-${i}` : '',
      categories[i % categories.length],
      '',
      `"历史工单${i}，居民反映问题, 已记录"`,
      channels[i % channels.length],
      time(created),
      XINGFULI,
      '',
      '',
      '幸福里小区',
      state,
      state === 'closed' || state === 'resolved' ? time(resolved) : '',
      state === 'closed' || state === 'rejected' ? time(closed) : '',
      evaluation,
      '',
    ].join(',')
  })
}

test('a file with bad rows reports every one by line and field and writes nothing, dry run or not', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const [good] = goodRows(h, 1)
  const rows = [
    good, // line 2
    'X1,no.such,,描述足够长,hotline,2026-11-01 10:00,620105007010,,,,closed,2026-11-02 10:00,2026-11-03 10:00,,', // 3: category
    'X2,sanitation,,描述足够长,fax,2026-11-01 10:00,620105007010,,,,closed,2026-11-02 10:00,2026-11-03 10:00,,', // 4: channel
    'X3,sanitation,,描述足够长,hotline,2026-02-30 10:00,620105007010,,,,submitted,,,,', // 5: no such date
    'X4,sanitation,,描述足够长,hotline,2026-11-05 10:00,620105007010,,,,closed,2026-11-04 10:00,2026-11-03 10:00,,', // 6: out of order
    'X5,sanitation,,描述足够长,hotline,2026-11-01 10:00,,10.0,10.0,,assigned,,,,', // 7: outside the city
    'X6,sanitation,,描述足够长,hotline,2026-11-01 10:00,620105007010,,,,closed,2026-11-02 10:00,2026-11-03 10:00,,999999', // 8: unit
    'X7,sanitation,,描述足够长,hotline,2026-11-01 10:00,620105007010,,,,in_progress,,,satisfied,', // 9: evaluation
    'X8,sanitation,,描述足够长,hotline,2026-11-01 10:00,,,,,flying,,,,', // 10: place and state
  ]
  const csv = [HEADER, ...rows].join('\n')
  const before = await countEvents(h)
  for (const dryRun of [true, false]) {
    const res = await upload(admin, csv, dryRun)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.imported, 0)
    assert.equal(res.body.rows, 9)
    const seen = res.body.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)
    for (const expected of [
      '3:category',
      '4:channel',
      '5:created_at',
      '6:resolved_at',
      '6:closed_at',
      '7:lat',
      '8:handler_unit_code',
      '9:evaluation',
      '10:community_code',
      '10:state',
    ]) {
      assert.ok(seen.includes(expected), `${expected} reported (dry run ${dryRun}): ${seen.join(' ')}`)
    }
    assert.ok(!seen.some((s: string) => s.startsWith('2:')), 'the good row has no problem')
    assert.equal(res.body.badRows, 8)
    assert.equal(await countEvents(h), before, `nothing written (dry run ${dryRun})`)
  }
})

test('only an administrator imports', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const res = await upload(operator, [HEADER, ...goodRows(h, 1)].join('\n'), false)
  assert.equal(res.status, 403)
})

test('a good file imports marked events whose rows replay their logs and whose rollups equal a recount at their dates', async (t) => {
  const h = await build(t)
  const db = h.database.db
  const admin = await h.as('admin')
  const N = 300
  const csv = [HEADER, ...goodRows(h, N)].join('\n')
  const dry = await upload(admin, csv, true)
  assert.equal(dry.status, 200, JSON.stringify(dry.body))
  assert.deepEqual(dry.body, { dryRun: true, rows: N, badRows: 0, imported: 0, problems: [] })
  assert.equal(
    Number((await sql<{ n: number }>`select count(*)::int as n from events where imported_at is not null`.execute(db)).rows[0].n),
    0,
  )

  const res = await upload(admin, csv, false)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.equal(res.body.imported, N)
  // audited with the write: who imported which file, how many rows (the dry run left no row)
  const audit = await db.selectFrom('audit_log').select(['action', 'target_id', 'detail']).where('action', '=', 'import_events').execute()
  assert.deepEqual(
    audit.map((r) => [r.target_id, (r.detail as { rows: number }).rows]),
    [['history.csv', N]],
  )
  const imported = await db.selectFrom('events').selectAll().where('imported_at', 'is not', null).orderBy('id').execute()
  assert.equal(imported.length, N)
  assert.equal(new Set(imported.map((e) => e.number)).size, N, 'numbers are unique')

  // each row is its log's replay; each number is of its own creation day; each entry is marked
  const actions = await db
    .selectFrom('event_actions')
    .selectAll()
    .where(
      'event_id',
      'in',
      imported.map((e) => e.id),
    )
    .orderBy('seq')
    .execute()
  const logOf = new Map<number, typeof actions>()
  for (const a of actions) logOf.set(a.event_id, [...(logOf.get(a.event_id) ?? []), a])
  const finals: Record<string, number> = {}
  for (const e of imported) {
    const log = logOf.get(e.id) ?? []
    assert.ok(
      log.every((a) => (a.data as { imported?: boolean }).imported === true),
      `${e.number}'s entries are marked imported`,
    )
    assert.deepEqual(replay(log.map(logEntryOf)), toState(e), `${e.number} is the replay of its log`)
    assert.equal(e.number.slice(2, 10), chinaDateOf(e.created_at).replaceAll('-', ''), `${e.number} is of its creation day`)
    finals[e.state] = (finals[e.state] ?? 0) + 1
  }
  assert.deepEqual(Object.keys(finals).sort(), ['assigned', 'closed', 'in_progress', 'rejected', 'resolved', 'submitted'])

  // the rollups the dashboard and KPIs read (folded + pending) equal a recount of the events at their own dates
  const root = h.app.ctx.orgs.root().id
  const asMap = (rows: Array<{ k: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]))
  const rolledStates = await sql<{ k: string; n: number }>`
    select state as k, n from rollup_unit_state_exact where unit_id = ${root} and n <> 0`.execute(db)
  const countedStates = await sql<{ k: string; n: number }>`select state as k, count(*)::int as n from events group by state`.execute(db)
  assert.deepEqual(asMap(rolledStates.rows), asMap(countedStates.rows), 'states')
  const rolledCreated = await sql<{ k: string; n: number }>`
    select day::text || '|' || category || '|' || channel as k, n from rollup_created_exact where unit_id = ${root} and n <> 0`.execute(db)
  const countedCreated = await sql<{ k: string; n: number }>`
    select (created_at at time zone 'Asia/Shanghai')::date::text || '|' || split_part(category_code, '.', 1) || '|' || channel as k,
      count(*)::int as n from events group by 1`.execute(db)
  assert.deepEqual(asMap(rolledCreated.rows), asMap(countedCreated.rows), 'created per day, category and channel')
  const oldest = chinaDateOf(imported[0].created_at)
  assert.ok(
    Object.keys(asMap(rolledCreated.rows)).some((k) => k.startsWith(oldest)),
    'the history counts at its own dates',
  )

  // the dashboard counts every imported event's state
  const leader = await h.as('leader')
  const dashboard = await leader.get('/api/v1/dashboard?days=31')
  assert.equal(dashboard.status, 200, JSON.stringify(dashboard.body))
  assert.deepEqual(dashboard.body.states, asMap(countedStates.rows))

  // the KPIs of the imported period count its resolutions and evaluations at their own times
  const from = new Date(h.app.ctx.now().getTime() - 70 * 86_400_000).toISOString()
  const to = h.app.ctx.now().toISOString()
  const kpis = await leader.get(`/api/v1/kpis?from=${from}&to=${to}`)
  assert.equal(kpis.status, 200, JSON.stringify(kpis.body))
  // only ratings are evaluations; an imported close without one is a caller's 未回访 (no account to rate with)
  const { rows: counted } = await sql<{ resolved: number; evaluated: number; satisfied: number; notReached: number }>`
    select count(*) filter (where action = 'resolve')::int as resolved,
      count(*) filter (where action = 'evaluate')::int as evaluated,
      count(*) filter (where action = 'evaluate' and to_state = 'closed')::int as satisfied,
      count(*) filter (where action = 'close')::int as "notReached"
    from event_actions where at >= ${from} and at < ${to}`.execute(db)
  const { resolved, evaluated, satisfied, notReached } = kpis.body.total
  assert.deepEqual({ resolved, evaluated, satisfied, notReached }, counted[0], 'KPIs equal a recount of the log')
  assert.ok(counted[0].resolved >= (finals.closed ?? 0) + (finals.resolved ?? 0), 'the imported resolutions are among them')

  // the public tracking finds an imported event by its number
  const closed = imported.find((e) => e.state === 'closed') as (typeof imported)[number]
  const tracked = await h.anonymous.get(`/api/v1/track/${closed.number}`)
  assert.equal(tracked.status, 200, JSON.stringify(tracked.body))
  assert.equal(tracked.body.state, 'closed')
})

test('the sample file of docs/import.md passes the dry run', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const csv = await readFile(new URL('../../data/import-sample.csv', import.meta.url), 'utf8')
  const res = await upload(admin, csv, true)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.deepEqual(res.body, { dryRun: true, rows: 20, badRows: 0, imported: 0, problems: [] })
})

test('history of a day that live intakes are numbering takes numbers from its sequence: no number twice', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const operator = await h.as('operator1')
  const first = await registerCall(operator, '今天上午小区门口垃圾满了')
  // an hour before the clock, the same China day as the live intake
  const earlier = new Date(h.app.ctx.now().getTime() - 3_600_000).toISOString()
  const row = `,sanitation,,今天早些时候的历史工单,hotline,${earlier},${XINGFULI},,,,assigned,,,,`
  const res = await upload(admin, [HEADER, row, row].join('\n'), false)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.equal(res.body.imported, 2)
  const second = await registerCall(operator, '下午小区门口垃圾又满了')
  const numbers = (
    await h.database.db
      .selectFrom('events')
      .select('number')
      .where('number', 'like', `${first.number.slice(0, 11)}%`)
      .execute()
  ).map((r) => r.number)
  assert.equal(numbers.length, 4)
  assert.equal(new Set(numbers).size, 4, `distinct: ${numbers.join(' ')}`)
  assert.ok(second.number > first.number)
})
