/**
 * Partner ingestion's batch write (issue 17, item 3; events/commands/batch.ts): a batch of hundreds
 * of items written together leaves each event the replay of its log, the units and scopes that see
 * it, rollups and webhook messages that equal a recount; two copies of one batch sent at once make
 * each event once.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { replay } from '../../src/modules/events/lifecycle.ts'
import { logEntryOf, toState } from '../../src/modules/events/queries.ts'
import { build, type TestApp, XINGFULI } from '../helper.ts'

async function partner(h: TestApp) {
  const admin = await h.as('admin')
  const created = await admin.post('/api/v1/admin/api-clients', { name: '三维平台', channels: ['platform_3d'] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const hook = await admin.post(`/api/v1/admin/api-clients/${created.body.id}/webhooks`, { url: 'http://127.0.0.1:9/hooks/xiaolan' })
  assert.equal(hook.status, 201, JSON.stringify(hook.body))
  const key: string = created.body.key
  return {
    id: created.body.id as number,
    post: async (payload: unknown) => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/ingest/events',
        payload: payload as object,
        headers: { 'x-api-key': key },
      })
      return { status: res.statusCode, body: res.json() }
    },
  }
}

type Answer = { externalId: string | null; status: string; id?: number; number?: string; error?: { field: string } }

test('a batch’s events replay their logs; its units, scopes, rollups and webhook messages equal a recount', async (t) => {
  const h = await build(t, { env: { WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' } })
  const db = h.database.db
  const orgs = h.app.ctx.orgs
  const p = await partner(h)
  const communities = orgs.all().filter((u) => u.kind === 'center' && u.level === 4 && u.active)
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  // subcategories of several top-level ones, and a top-level one
  const categories = [
    ...new Set(
      h.app.ctx.categories
        .all()
        .filter((c) => c.parentCode !== null)
        .map((c) => c.parentCode),
    ),
  ]
    .slice(0, 4)
    .map((top) => h.app.ctx.categories.all().find((c) => c.parentCode === top)?.code as string)
    .concat('municipal')
  const items = Array.from({ length: 240 }, (_, i) => {
    const base = { externalId: `R-${i}`, description: `第${i}件：小区门口垃圾堆积，路灯不亮` }
    if (i % 40 === 7) return { ...base, description: '一' } // bad: too short
    if (i % 40 === 9) return { ...base, category: 'no.such', communityCode: XINGFULI } // bad: unknown category
    if (i % 10 === 3) return { ...base, lat: seat.lat, lng: seat.lng } // no category: classified, located from the point
    if (i === 11) return { ...base, category: 'sanitation.garbage', description: '几十人聚集堵路集体上访', communityCode: XINGFULI }
    return { ...base, category: categories[i % categories.length], communityCode: communities[i % communities.length].code }
  })
  const res = await p.post({ items })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const answers: Answer[] = res.body.items
  const bad = answers.filter((a) => a.status === 'error')
  assert.deepEqual(
    bad.map((a) => [a.externalId, a.error?.field]),
    items.flatMap((it, i) => (i % 40 === 7 ? [[it.externalId, 'description']] : i % 40 === 9 ? [[it.externalId, 'category']] : [])),
    JSON.stringify(bad),
  )
  const made = answers.filter((a) => a.status === 'created')
  assert.equal(made.length, items.length - bad.length)

  const events = await db.selectFrom('events').selectAll().where('source_client_id', '=', p.id).orderBy('id').execute()
  assert.deepEqual(events.map((e) => e.id).sort(), made.map((a) => a.id).sort(), 'the answers name the events made')
  assert.equal(new Set(events.map((e) => e.number)).size, events.length, 'numbers are unique')
  const ids = events.map((e) => e.id)
  const actions = await db.selectFrom('event_actions').selectAll().where('event_id', 'in', ids).orderBy('seq').execute()
  const units = await db.selectFrom('event_units').selectAll().where('event_id', 'in', ids).execute()
  const scopes = await db.selectFrom('event_scopes').selectAll().where('event_id', 'in', ids).execute()
  const group = <R extends { event_id: number }>(rows: R[]) => {
    const by = new Map<number, R[]>()
    for (const r of rows) by.set(r.event_id, [...(by.get(r.event_id) ?? []), r])
    return by
  }
  const logOf = group(actions)
  const unitsOf = group(units)
  const scopesOf = group(scopes)
  const idsOn = (path: string | undefined) =>
    (path ?? '')
      .split('.')
      .map((code) => orgs.byCode(code))
      .filter((u) => u && u.parentId !== null)
      .map((u) => u?.id as number)
  for (const e of events) {
    const log = logOf.get(e.id) ?? []
    assert.deepEqual(replay(log.map(logEntryOf)), toState(e), `${e.external_id} is the replay of its log`)
    const reached = log.filter((a) => a.to_unit_id !== null && a.to_unit_id !== a.from_unit_id).map((a) => a.to_unit_id as number)
    assert.deepEqual(
      (unitsOf.get(e.id) ?? []).map((u) => u.unit_id).sort(),
      [...new Set(reached)].sort(),
      `${e.external_id}: the units its log reached`,
    )
    const expected = new Set([...idsOn(e.area_path), ...reached.flatMap((u) => idsOn(orgs.unit(u)?.path))])
    assert.deepEqual(
      (scopesOf.get(e.id) ?? []).map((s) => s.unit_id).sort(),
      [...expected].sort(),
      `${e.external_id}: every unit on its place and its units' paths sees it`,
    )
  }
  const classified = events.filter((e) => Number(e.external_id?.slice(2)) % 10 === 3)
  assert.ok(classified.length > 0 && classified.every((e) => e.community_id === orgs.byCode(XINGFULI)?.id), 'located from the point')
  const urgent = events.find((e) => e.external_id === 'R-11')
  assert.equal(urgent?.priority, 'urgent', 'sensitive words make it urgent')
  const alert = await sql<{ n: number }>`select count(*)::int as n from alert_evidence where event_id = ${urgent?.id}`.execute(db)
  assert.equal(alert.rows[0].n, 1, 'and raise their alert with the write')

  // the rollups the dashboard reads (folded + pending) equal a recount, for the city and per district
  const asMap = (rows: Array<{ k: string; n: number }>) =>
    Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.k, Number(r.n)]))
  const districtIds = [...new Set(events.map((e) => e.district_id).filter((d) => d !== null))]
  for (const unitId of [orgs.root().id, ...districtIds]) {
    const inUnit = unitId === orgs.root().id ? sql`true` : sql`district_id = ${unitId}`
    const rolled = await sql<{ k: string; n: number }>`
      select state as k, n from rollup_unit_state_exact where unit_id = ${unitId}`.execute(db)
    const counted = await sql<{ k: string; n: number }>`
      select state as k, count(*)::int as n from events where ${inUnit} group by state`.execute(db)
    assert.deepEqual(asMap(rolled.rows), asMap(counted.rows), `states of unit ${unitId}`)
  }
  const rolledCreated = await sql<{ k: string; n: number }>`
    select day::text || '|' || category || '|' || channel as k, n from rollup_created_exact where unit_id = ${orgs.root().id}`.execute(db)
  const countedCreated = await sql<{ k: string; n: number }>`
    select (created_at at time zone 'Asia/Shanghai')::date::text || '|' || split_part(category_code, '.', 1) || '|' || channel as k,
      count(*)::int as n from events group by 1`.execute(db)
  assert.deepEqual(asMap(rolledCreated.rows), asMap(countedCreated.rows), 'created per day, category and channel')

  // the partner's webhook hears every change of its events: one message per log entry, in the same write
  const messages = await sql<{ k: string; n: number }>`
    select event_id::text as k, count(*)::int as n from outbox where event_id = any(${ids}::int[]) group by event_id`.execute(db)
  assert.deepEqual(asMap(messages.rows), Object.fromEntries([...logOf].map(([id, log]) => [String(id), log.length])))
})

test('two copies of a batch sent at once make each event once, and both answer every item with it', async (t) => {
  const h = await build(t, { env: { WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' } })
  const p = await partner(h)
  const items = Array.from({ length: 120 }, (_, i) => ({
    externalId: `C-${(i * 37) % 120}`,
    category: 'sanitation.garbage',
    description: `重发的第${i}件：垃圾没人清`,
    communityCode: XINGFULI,
  }))
  // the second copy in another order: the two writes meet on the same external ids from both ends
  const [a, b] = await Promise.all([p.post({ items }), p.post({ items: [...items].reverse() })])
  assert.equal(a.status, 200, JSON.stringify(a.body))
  assert.equal(b.status, 200, JSON.stringify(b.body))
  const first: Answer[] = a.body.items
  const second: Answer[] = [...b.body.items].reverse()
  const made = Number(
    (await sql<{ n: number }>`select count(*)::int as n from events where source_client_id = ${p.id}`.execute(h.database.db)).rows[0].n,
  )
  assert.equal(made, items.length, 'one event per external id')
  first.forEach((x, i) => {
    const y = second[i]
    assert.equal(x.id, y.id, `${x.externalId}: both answers name one event`)
    assert.deepEqual([x.status, y.status].sort(), ['created', 'duplicate'], `${x.externalId}: created once`)
  })
})
