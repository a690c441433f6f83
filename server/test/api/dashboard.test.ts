import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { sql } from 'kysely'
import { foldRollups } from '../../src/modules/analytics/fold.ts'
import { build, type Client, registerCall, reportAtSeat, XINGFULI } from '../helper.ts'

const LIUJIAPU = '620105007'
const ANNING = '620105'
const CHENGGUAN = '620102'

const report = (operator: Client, fields: Record<string, unknown> = {}): Promise<{ id: number; number: string; version: number }> =>
  registerCall(operator, '楼下垃圾桶满了没人清运，联系电话13912345678', fields)

async function act(client: Client, id: number, body: Record<string, unknown>) {
  const event = (await client.get(`/api/v1/events/${id}`)).body
  const res = await client.post(`/api/v1/events/${id}/actions`, { version: event.version, ...body })
  assert.equal(res.status, 200, `${body.type}: ${JSON.stringify(res.body)}`)
  return res.body
}

test('a new event shows on the city, district, street and community screens, masked in the latest list', async (t) => {
  const h = await build(t)
  const leader = await h.as('leader')
  const before = (await leader.get('/api/v1/dashboard?days=7')).body
  assert.equal(before.scope.level, 1)
  assert.equal(before.dayList.length, 7)

  const operator = await h.as('operator1')
  const created = await report(operator)

  const after = (await leader.get('/api/v1/dashboard?days=7')).body
  assert.equal(after.headline.todayNew, before.headline.todayNew + 1)
  assert.equal(after.headline.inProgress, before.headline.inProgress + 1, 'routed to the community: assigned')
  const hotline = after.trend.find((s: { channel: string }) => s.channel === 'hotline')
  assert.equal(hotline.counts[6], 1 + (before.trend.find((s: { channel: string }) => s.channel === 'hotline').counts[6] as number))
  assert.equal(after.categories.find((c: { category: string }) => c.category === 'sanitation')?.count, 1)
  const anning = after.units.find((u: { unit: { code: string } }) => u.unit.code === ANNING)
  assert.deepEqual([anning.created, anning.open], [1, 1])
  assert.equal(after.units[0].unit.code, ANNING, 'the ranking puts the district with events first')
  const newest = after.latest[0]
  assert.equal(newest.number, created.number)
  assert.equal(newest.district, '安宁区')
  assert.doesNotMatch(JSON.stringify(after.latest), /13912345678/, 'no phone numbers on the screen')

  for (const [scope, child] of [
    [ANNING, LIUJIAPU],
    [LIUJIAPU, XINGFULI],
  ]) {
    const board = (await leader.get(`/api/v1/dashboard?scope=${scope}`)).body
    assert.equal(board.scope.code, scope)
    assert.equal(board.headline.todayNew, 1)
    assert.equal(board.latest[0].number, created.number)
    assert.equal(board.units.find((u: { unit: { code: string } }) => u.unit.code === child).created, 1)
  }
  const community = (await leader.get(`/api/v1/dashboard?scope=${XINGFULI}`)).body
  assert.equal(community.headline.todayNew, 1)
  assert.equal(community.latest[0].number, created.number)
  const otherDistrict = (await leader.get(`/api/v1/dashboard?scope=${CHENGGUAN}`)).body
  assert.equal(otherDistrict.headline.todayNew, 0)
  assert.equal(otherDistrict.latest.length, 0)
})

test('resolutions, evaluations and deadlines feed resolved today, the on-time and satisfaction rates and overdue', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)
  const district = await h.as(`c-${ANNING}`)

  const late = await report(operator)
  const onTime = await report(operator, { description: '小区路灯不亮' })
  await act(community, onTime.id, { type: 'sign' })
  await act(community, onTime.id, { type: 'resolve', note: '已修复' })

  let board = (await district.get('/api/v1/dashboard')).body
  assert.equal(board.scope.code, ANNING, 'the default scope is the caller’s unit')
  assert.equal(board.headline.resolvedToday, 1)
  assert.equal(board.headline.onTimeRate, 1)
  assert.equal(board.headline.satisfactionRate, null, 'no evaluations yet')
  assert.equal(board.headline.overdue, 0)

  h.clock.now = new Date(h.clock.now.getTime() + 30 * 86_400_000) // past every deadline of `late`
  board = (await district.get('/api/v1/dashboard?days=31')).body
  assert.equal(board.headline.overdue, 1, `${late.number} is overdue`)
  assert.equal(board.units.find((u: { unit: { code: string } }) => u.unit.code === LIUJIAPU).overdue, 1)
  await act(community, late.id, { type: 'sign' })
  await act(community, late.id, { type: 'resolve', note: '已清运' })
  board = (await district.get('/api/v1/dashboard?days=31')).body
  assert.equal(board.headline.overdue, 0, 'a resolved event is no longer overdue')
  assert.equal(board.headline.onTimeRate, 0.5, 'one of the two resolutions was late')
})

test('each child unit carries its own satisfaction rate, null where nobody has evaluated yet (the screen colours its map by it)', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000002', { name: '李兰', idNumber: '11010519491231002X' })
  const community = await h.as(`c-${XINGFULI}`)
  const district = await h.as(`c-${ANNING}`)
  const event = await reportAtSeat(h, resident, XINGFULI, '楼道里的垃圾没人清理')
  await act(community, event.id, { type: 'sign' })
  await act(community, event.id, { type: 'resolve', note: '已清理' })
  await act(resident, event.id, { type: 'evaluate', rating: 'satisfied' })

  const board = (await district.get('/api/v1/dashboard')).body
  const units: Array<{ unit: { code: string }; satisfactionRate: number | null }> = board.units
  const rates = new Map(units.map((u) => [u.unit.code, u.satisfactionRate]))
  assert.equal(rates.get(LIUJIAPU), 1)
  assert.ok(rates.size > 1)
  for (const [code, rate] of rates) if (code !== LIUJIAPU) assert.equal(rate, null, code)
})

test('the rollups equal a count of the events after a whole life cycle', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as(`c-${LIUJIAPU}`)
  const a = await report(operator)
  await report(operator, { channel: 'netizen', category: 'dispute' })
  await report(operator, { communityCode: undefined }) // no place: the city screens it
  await act(community, a.id, { type: 'sign' })
  await act(community, a.id, { type: 'escalate', note: '需要街道协调' })
  await act(street, a.id, { type: 'sign' })

  const db = h.database.db
  const counted = await sql<{
    state: string
    n: number
  }>`select state, count(*)::int as n from events group by state order by state`.execute(db)
  const rolled = await sql<{ state: string; n: number }>`
    select state, n from rollup_unit_state_exact where unit_id = (select id from org_units where parent_id is null) and n <> 0 order by state`.execute(
    db,
  )
  assert.deepEqual(rolled.rows, counted.rows)
  const countedAnning = await sql<{ n: number }>`select count(*)::int as n from events where area_path like ${'620100.620105.%'}`.execute(
    db,
  )
  const rolledAnning = await sql<{ n: number }>`
    select sum(n)::int as n from rollup_daily_exact where unit_id = (select id from org_units where code = ${ANNING})`.execute(db)
  assert.equal(rolledAnning.rows[0].n, countedAnning.rows[0].n)
  const createdAnning = await sql<{ n: number }>`
    select sum(n)::int as n from rollup_created_exact where unit_id = (select id from org_units where code = ${ANNING})`.execute(db)
  assert.equal(createdAnning.rows[0].n, countedAnning.rows[0].n)

  // the deadline hours kept by the listener and the fold are what 0008 rebuilds from the open events
  // (folded first: 0008 rebuilds the folded table alone)
  const due = sql<{ unit_id: number; due_hour: Date; n: number }>`
    select unit_id, due_hour, n from rollup_unit_due_exact where n <> 0 order by unit_id, due_hour`
  const kept = (await due.execute(db)).rows
  assert.ok(kept.length > 0)
  await foldRollups(db)
  assert.deepEqual((await due.execute(db)).rows, kept, 'the fold changes no number')
  await h.database.exec(await readFile(new URL('../../migrations/0008_analytics_overdue_like_sla.sql', import.meta.url), 'utf8'))
  assert.deepEqual((await due.execute(db)).rows, kept)
})

test('a screen outside the caller’s unit is forbidden; bad input names the field', async (t) => {
  const h = await build(t)
  const district = await h.as(`c-${ANNING}`)
  assert.equal((await district.get(`/api/v1/dashboard?scope=${CHENGGUAN}`)).status, 403)
  assert.equal((await district.get('/api/v1/dashboard?scope=620100')).status, 403, 'not even the city above it')
  assert.equal((await district.get(`/api/v1/dashboard?scope=${LIUJIAPU}`)).status, 200)
  const unknown = await district.get('/api/v1/dashboard?scope=999999')
  assert.equal(unknown.status, 400)
  assert.equal(unknown.body.error.details.field, 'scope')
  const days = await district.get('/api/v1/dashboard?days=400')
  assert.equal(days.status, 400)
  assert.equal(days.body.error.details.field, 'days')
  assert.equal((await h.anonymous.get('/api/v1/dashboard')).status, 401)
  const resident = await h.resident('13900000001')
  assert.equal((await resident.get('/api/v1/dashboard')).status, 403)
})
