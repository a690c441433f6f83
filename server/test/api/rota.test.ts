/**
 * Departments stationed at the center in rotation (issue 19 item 5): the city center plans the week,
 * every edit is kept with who, when and what; a dispatch to a department on a day it is stationed is
 * to be signed by the end of that working day and listed at the center's hall, one to a department
 * not stationed keeps the rule's deadline; a district center's 政法 units are stationed every working
 * day; the screen's duty strip names today's.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { applyAction, build, type Client, registerCall, type TestApp } from '../helper.ts'

const MONDAY = '2026-11-30' // the helper's clock: Monday 10:00 in Lanzhou
const FRIDAY = '2026-12-04'

function cityDepartment(h: TestApp, n: number) {
  return h.app.ctx.orgs.byCode(`620100D0${n}`)!.id
}

/** The desk, 安宁区's center and the city center, signed in once (logins are rate limited). */
async function chain(h: TestApp) {
  return { operator: await h.as('operator1'), district: await h.as('c-620105'), city: await h.as('c-620100') }
}

/** A call about a road (not community-resolvable: held by 安宁区's center), escalated to the city center. */
async function eventAtCity({ operator, district, city }: Awaited<ReturnType<typeof chain>>) {
  let event = await registerCall(operator, '建兰路上有个井盖丢了，晚上很危险', { category: 'municipal' })
  event = (await district.get(`/api/v1/events/${event.id}`)).body
  assert.equal(event.currentUnit.code, '620105')
  event = await applyAction(district, event, { type: 'escalate', note: '涉及市管道路' })
  return { event: (await city.get(`/api/v1/events/${event.id}`)).body }
}

async function putWeek(client: Client, body: Record<string, unknown>, week = MONDAY) {
  return client.request('PUT', `/api/v1/rota/weeks/${week}`, body)
}

test('the city center plans the week; every edit is kept; only the city center and admins edit it', async (t) => {
  const h = await build(t)
  const city = await h.as('c-620100')
  const [d1, d3] = [cityDepartment(h, 1), cityDepartment(h, 3)]

  const empty = (await city.get(`/api/v1/rota/week?week=2026-12-02`)).body
  assert.equal(empty.week, MONDAY, 'any day names its week')
  assert.equal(empty.version, 0)
  assert.equal(empty.editable, true)
  assert.ok(empty.candidates.some((u: { id: number }) => u.id === d1))
  assert.deepEqual(
    empty.days.map((d: { working: boolean }) => d.working),
    [true, true, true, true, true, false, false],
  )

  const saved = await putWeek(city, {
    version: 0,
    days: [
      { date: MONDAY, unitIds: [d1] },
      { date: FRIDAY, unitIds: [d1, d3] },
    ],
  })
  assert.equal(saved.status, 200, JSON.stringify(saved.body))
  assert.equal(saved.body.version, 1)
  assert.deepEqual(
    saved.body.days[4].units.map((u: { id: number }) => u.id),
    [d1, d3],
  )

  const stale = await putWeek(city, { version: 0, days: [] })
  assert.equal(stale.status, 409)

  const admin = await h.as('admin')
  h.clock.now = new Date(h.clock.now.getTime() + 3_600_000)
  const edited = await putWeek(admin, {
    version: 1,
    days: [
      { date: MONDAY, unitIds: [d1] },
      { date: FRIDAY, unitIds: [d1] },
    ],
    reason: '住建局周五有会',
  })
  assert.equal(edited.status, 200, JSON.stringify(edited.body))
  assert.equal(edited.body.version, 2)

  const history = (await city.get(`/api/v1/rota/weeks/${MONDAY}/history`)).body.items
  assert.equal(history.length, 2)
  assert.equal(history[0].username, 'admin')
  assert.equal(history[0].reason, '住建局周五有会')
  assert.deepEqual(history[0].days, [{ date: FRIDAY, added: [], removed: [h.app.ctx.orgs.ref(d3)] }])
  assert.equal(history[1].username, 'c-620100')
  assert.equal(history[1].at, '2026-11-30T02:00:00.000Z')
  assert.deepEqual(
    history[1].days.map((d: { date: string; added: Array<{ id: number }> }) => [d.date, d.added.map((u) => u.id)]),
    [
      [MONDAY, [d1]],
      [FRIDAY, [d1, d3]],
    ],
  )

  for (const username of ['c-620105', 'leader', 'supervisor', 'd-620100D01']) {
    const other = await h.as(username)
    const res = await putWeek(other, { version: 2, days: [] })
    assert.equal(res.status, 403, username)
    assert.equal((await other.get(`/api/v1/rota/week?week=${MONDAY}`)).body.editable, false)
  }
  assert.equal((await city.get(`/api/v1/rota/week?week=${MONDAY}`)).body.version, 2, 'the refusals wrote nothing')

  const saturday = await putWeek(city, { version: 2, days: [{ date: '2026-12-05', unitIds: [d1] }] })
  assert.equal(saturday.status, 400)
  assert.equal(saturday.body.error.details.field, 'days.0.date')
  const notMonday = await putWeek(city, { version: 2, days: [] }, '2026-12-01')
  assert.equal(notMonday.status, 400)
  const district = h.app.ctx.orgs.byCode('620105D01')!.id
  const notCity = await putWeek(city, { version: 2, days: [{ date: MONDAY, unitIds: [district] }] })
  assert.equal(notCity.status, 400)
  assert.equal(notCity.body.error.details.field, 'days.0.unitIds.0')
})

test('the rota decides who is flagged: a stationed department signs by the end of the working day, across a weekend too', async (t) => {
  const h = await build(t)
  const clients = await chain(h)
  const { city } = clients
  const [d1, d2] = [cityDepartment(h, 1), cityDepartment(h, 2)]
  const plan = await putWeek(city, {
    version: 0,
    days: [
      { date: MONDAY, unitIds: [d1] },
      { date: FRIDAY, unitIds: [d1] },
    ],
  })
  assert.equal(plan.status, 200)

  // Monday 10:00: 城管 is stationed, 生态环境 is not
  const a = await eventAtCity(clients)
  const toStationed = await applyAction(city, a.event, { type: 'dispatch', unitId: d1 })
  assert.equal(toStationed.signDeadline, '2026-11-30T09:30:00.000Z', 'Monday 17:30, the end of the working day')
  const b = await eventAtCity(clients)
  const toOther = await applyAction(city, b.event, { type: 'dispatch', unitId: d2 })
  assert.equal(toOther.signDeadline, '2026-12-01T02:00:00.000Z', 'the rule: one working day, Tuesday 10:00')

  let hall = (await city.get('/api/v1/rota/hall')).body
  assert.equal(hall.date, MONDAY)
  assert.deepEqual(
    hall.stationed.map((s: { unit: { id: number } }) => s.unit.id),
    [d1],
  )
  assert.deepEqual(
    hall.items.map((i: { number: string; state: string; signBy: string }) => [i.number, i.state, i.signBy]),
    [[a.event.number, 'pending', '2026-11-30T09:30:00.000Z']],
  )
  const dept = await h.as('d-620100D01')
  await applyAction(dept, toStationed, { type: 'sign' })
  hall = (await city.get('/api/v1/rota/hall')).body
  assert.equal(hall.items[0].state, 'signed')

  // unsigned past 17:30 it warns and is overdue like any deadline
  const c = await eventAtCity(clients)
  await applyAction(city, c.event, { type: 'dispatch', unitId: d1 })
  h.clock.now = new Date('2026-11-30T08:00:00Z') // 16:00: 4.5 of the 6 office hours from 10:00 used
  await runJob(h.app.ctx, 'deadlines')
  assert.equal((await city.get(`/api/v1/events/${c.event.id}`)).body.slaStatus, 'warning')
  h.clock.now = new Date('2026-11-30T10:00:00Z')
  assert.equal((await city.get('/api/v1/rota/hall')).body.items[0].state, 'late')

  // Friday 18:00: stationed, after office hours: by Monday 17:30
  h.clock.now = new Date('2026-12-04T10:00:00Z')
  const d = await eventAtCity(clients)
  const late = await applyAction(city, d.event, { type: 'dispatch', unitId: d1 })
  assert.equal(late.signDeadline, '2026-12-07T09:30:00.000Z')
  // Tuesday: not on the rota, so not flagged
  h.clock.now = new Date('2026-12-01T02:00:00Z')
  const e = await eventAtCity(clients)
  const tuesday = await applyAction(city, e.event, { type: 'dispatch', unitId: d1 })
  assert.equal(tuesday.signDeadline, '2026-12-02T02:00:00.000Z')
  assert.deepEqual((await city.get('/api/v1/rota/hall?date=2026-12-01')).body.items, [])
})

test('a district center lists its 政法 units stationed every working day and dispatches to them; the screen names who is on duty', async (t) => {
  const h = await build(t)
  const orgs = h.app.ctx.orgs
  const anning = orgs.byCode('620105')!
  const zhengfa = orgs
    .children(anning.id)
    .filter((u) => ['court', 'procuratorate', 'public_security', 'justice'].includes(u.function ?? ''))
  assert.deepEqual(zhengfa.map((u) => u.function).sort(), ['court', 'justice', 'procuratorate', 'public_security'])
  const court = zhengfa.find((u) => u.function === 'court')!
  assert.equal(court.name, '安宁区人民法院')

  const district = await h.as('c-620105')
  const duty = (await district.get('/api/v1/rota/duty')).body
  assert.equal(duty.center.code, '620105')
  assert.deepEqual(duty.units.map((u: { unit: { id: number } }) => u.unit.id).sort(), zhengfa.map((u) => u.id).sort())
  assert.ok(duty.units.every((u: { permanent: boolean }) => u.permanent))

  const operator = await h.as('operator1')
  let event = await registerCall(operator, '邻居多次威胁要打人，想起诉', { category: 'municipal' })
  event = (await district.get(`/api/v1/events/${event.id}`)).body
  event = await applyAction(district, event, { type: 'dispatch', unitId: court.id })
  assert.equal(event.signDeadline, '2026-11-30T09:30:00.000Z')
  const hall = (await district.get('/api/v1/rota/hall')).body
  assert.equal(hall.center.code, '620105')
  assert.deepEqual(
    hall.items.map((i: { eventId: number; unit: { id: number } }) => [i.eventId, i.unit.id]),
    [[event.id, court.id]],
  )

  // the city's screen: the rota's departments today
  const city = await h.as('c-620100')
  const d1 = cityDepartment(h, 1)
  await putWeek(city, { version: 0, days: [{ date: MONDAY, unitIds: [d1] }] })
  const leader = await h.as('leader')
  const today = (await leader.get('/api/v1/rota/duty')).body
  assert.equal(today.date, MONDAY)
  assert.deepEqual(
    today.units.map((u: { unit: { id: number }; permanent: boolean }) => [u.unit.id, u.permanent]),
    [[d1, false]],
  )
  // a street's screen shows its district's units; the hall is the city's and the districts' only
  const street = await h.as('c-620105007')
  assert.equal((await street.get('/api/v1/rota/duty')).body.center.code, '620105')
  assert.equal((await street.get('/api/v1/rota/hall')).status, 403)
  assert.equal((await (await h.as('d-620105D01')).get('/api/v1/rota/duty')).status, 403)
})

test('the suggestion plans the week from the categories with the most open matters', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  // open matters of the last weeks: three about roads (城管), two about noise and fumes (生态环境)
  for (const text of ['井盖丢了', '路灯不亮', '人行道塌陷']) await registerCall(operator, text, { category: 'municipal' })
  for (const text of ['工地夜间施工噪音', '饭店油烟扰民']) await registerCall(operator, text, { category: 'environment' })
  const city = await h.as('c-620100')
  const suggestion = (await city.get(`/api/v1/rota/suggestion?week=${MONDAY}`)).body
  const urban = h.app.ctx.orgs.byCode('620100D01')!.id
  const ecology = h.app.ctx.orgs.byCode('620100D02')!.id
  assert.deepEqual(
    suggestion.reasons
      .slice(0, 2)
      .map((r: { unit: { id: number }; categories: string[] }) => [r.unit.id, r.categories.includes('municipal')]),
    [
      [urban, true],
      [ecology, false],
    ],
  )
  assert.equal(suggestion.week, MONDAY)
  assert.equal(suggestion.days.length, 5)
  assert.ok(suggestion.reasons.length > 0)
  for (let i = 1; i < suggestion.reasons.length; i++) assert.ok(suggestion.reasons[i - 1].open >= suggestion.reasons[i].open)
  // the department with the most open matters goes on Monday, and each suggested one once
  assert.equal(suggestion.days[0].units[0].id, suggestion.reasons[0].unit.id)
  const placed = suggestion.days.flatMap((d: { units: Array<{ id: number }> }) => d.units.map((u) => u.id))
  assert.deepEqual([...placed].sort(), suggestion.reasons.map((r: { unit: { id: number } }) => r.unit.id).sort())
  // accepted as it is
  const days = suggestion.days.map((d: { date: string; units: Array<{ id: number }> }) => ({
    date: d.date,
    unitIds: d.units.map((u) => u.id),
  }))
  assert.equal((await putWeek(city, { version: 0, days, reason: '按建议排班' })).status, 200)
  assert.equal((await (await h.as('leader')).get('/api/v1/rota/suggestion')).status, 403)
})
