/**
 * Deadlines end to end: the scan marks warning and overdue (once, idempotently), the list filter and
 * the timeline show it, extensions move the deadline only when approved, the evaluation window
 * closes events as 默认满意, reminders go out once per working day, admins edit calendar and rules.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { applyAction, build, type Client, type TestApp } from '../helper.ts'

const XINGFULI = '620105007010'
const at = (china: string) => new Date(`${china.replace(' ', 'T')}:00+08:00`)

async function report(h: TestApp, resident: Client, description = '小区门口垃圾三天没人清运') {
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const res = await resident.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description,
    lat: community.seat.lat,
    lng: community.seat.lng,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body
}

async function snapshot(h: TestApp) {
  const events = await h.database.db.selectFrom('events').selectAll().orderBy('id').execute()
  const log = await h.database.db.selectFrom('event_actions').select(['event_id', 'seq', 'action']).orderBy('id').execute()
  return JSON.stringify({ events, log })
}

test('an event left unsigned past its deadline turns warning, then overdue once, in the list and its timeline', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  const event = await report(h, resident) // Monday 2026-11-30 10:00
  assert.equal(event.slaStatus, 'normal')
  assert.equal(event.signDeadline, at('2026-12-01 10:00').toISOString())
  const staff = await h.as(`c-${XINGFULI}`)

  h.clock.now = at('2026-12-01 09:00') // 6 of 7 working hours used
  assert.equal((await runJob(h.app.ctx, 'deadlines')).ran, true)
  assert.equal((await staff.get(`/api/v1/events/${event.id}`)).body.slaStatus, 'warning')
  assert.deepEqual(
    (await staff.get('/api/v1/events?sla=warning')).body.items.map((e: { id: number }) => e.id),
    [event.id],
  )

  h.clock.now = at('2026-12-01 10:30')
  const first = await runJob(h.app.ctx, 'deadlines')
  assert.ok(first.changed > 0)
  const before = await snapshot(h)
  const second = await runJob(h.app.ctx, 'deadlines')
  assert.deepEqual(second, { ran: true, changed: 0 })
  assert.equal(await snapshot(h), before, 'a second scan at the same instant changes nothing')

  const listed = (await staff.get('/api/v1/events?sla=overdue')).body.items
  assert.deepEqual(
    listed.map((e: { id: number }) => e.id),
    [event.id],
  )
  const seen = await staff.get(`/api/v1/events/${event.id}`)
  assert.equal(seen.body.slaStatus, 'overdue')
  const marks = seen.body.timeline.filter((e: { action: string }) => e.action === 'overdue')
  assert.equal(marks.length, 1)
  assert.equal(marks[0].actorKind, 'system')
  assert.equal(marks[0].toUnit.code, XINGFULI)

  // later scans keep it overdue without a second entry
  h.clock.now = at('2026-12-02 16:00')
  await runJob(h.app.ctx, 'deadlines')
  const later = (await staff.get(`/api/v1/events/${event.id}`)).body
  assert.equal(later.timeline.filter((e: { action: string }) => e.action === 'overdue').length, 1)

  // and the unit's 签收及时率 counts it as missed
  const kpis = await h.as('c-620105007')
  const report1 = await kpis.get(
    `/api/v1/kpis?scope=620105007&from=${at('2026-11-30 00:00').toISOString()}&to=${at('2026-12-03 00:00').toISOString()}`,
  )
  assert.equal(report1.status, 200, JSON.stringify(report1.body))
  const row = report1.body.rows.find((r: { unit: { code: string } }) => r.unit.code === XINGFULI)
  assert.equal(row.assigned, 1)
  assert.equal(row.signDue, 1)
  assert.equal(row.signedOnTime, 0)
  assert.equal(row.signRate, 0)
  assert.equal(row.overdue, 1)

  // signing late leaves the rate at 0 and the sign breach recorded; the resolve clock still runs
  const signed = await staff.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: later.version })
  assert.equal(signed.status, 200)
  assert.equal(signed.body.slaStatus, 'normal')
})

test('only an approved extension moves the resolve deadline; the reporter sees both answers', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000002', { name: '李四', idNumber: '11010519491231002X' })
  let event = await report(h, resident)
  const staff = await h.as(`c-${XINGFULI}`)
  const street = await h.as('c-620105007')
  const act = async (client: Client, body: Record<string, unknown>, status = 200) => {
    const res = await client.post(`/api/v1/events/${event.id}/actions`, { version: event.version, ...body })
    assert.equal(res.status, status, `${body.type}: ${JSON.stringify(res.body)}`)
    if (res.status === 200) event = res.body
    return res
  }
  const original = event.resolveDeadline
  assert.equal(original, at('2026-12-07 10:00').toISOString())
  await act(staff, { type: 'sign' })
  await act(staff, { type: 'escalate', note: '需要街道协调' })
  assert.equal(event.resolveDeadline, original, 'escalation keeps the clock')
  const departments = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const dept = departments.find((d: { function: string }) => d.function === 'urban_management')
  await act(street, { type: 'dispatch', unitId: dept.id, note: '请区城管局处理' })
  assert.equal(event.resolveDeadline, original, 'dispatch keeps the clock')
  const department = await h.as(`d-${dept.code}`)
  await act(department, { type: 'sign' })

  await act(department, { type: 'extend', days: 2, note: '等待环卫车辆' })
  assert.equal(event.resolveDeadline, original, 'asking moves nothing')
  await act(street, { type: 'refuse_extension', note: '可以按期完成' })
  assert.equal(event.resolveDeadline, original, 'a refused extension moves nothing')
  await act(department, { type: 'extend', days: 2, note: '车辆检修' })
  await act(street, { type: 'approve_extension' })
  assert.equal(event.resolveDeadline, at('2026-12-09 10:00').toISOString(), 'two working days later')

  const mine = (await resident.get(`/api/v1/events/${event.id}`)).body
  const actions = mine.timeline.map((e: { action: string }) => e.action)
  assert.ok(actions.includes('refuse_extension') && actions.includes('approve_extension'), actions.join(','))

  // past the deadline an extension can no longer be asked
  h.clock.now = at('2026-12-09 11:00')
  await act(department, { type: 'extend', days: 1, note: '还需要一天' }, 409)
})

test('不满意 reopens with fresh deadlines; an unevaluated result closes as 默认满意 after the window', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000003', { name: '赵五', idNumber: '11010519491231002X' })
  let event = await report(h, resident)
  const staff = await h.as(`c-${XINGFULI}`)
  const act = async (client: Client, body: Record<string, unknown>) => {
    event = await applyAction(client, event, body)
  }
  await act(staff, { type: 'sign' })
  await act(staff, { type: 'resolve', note: '已清运' })
  h.clock.now = at('2026-12-08 10:00')
  await act(resident, { type: 'evaluate', rating: 'unsatisfied', note: '又堆满了' })
  assert.equal(event.state, 'assigned')
  assert.equal(event.reopenCount, 1)
  assert.equal(event.resolveDeadline, at('2026-12-15 10:00').toISOString(), 'a reopen is a new round')
  await act(staff, { type: 'sign' })
  await act(staff, { type: 'resolve', note: '增加清运' })

  h.clock.now = at('2026-12-11 09:59') // the window is three days
  await runJob(h.app.ctx, 'auto_close')
  assert.equal((await resident.get(`/api/v1/events/${event.id}`)).body.state, 'resolved')
  h.clock.now = at('2026-12-11 10:01')
  assert.deepEqual(await runJob(h.app.ctx, 'auto_close'), { ran: true, changed: 1 })
  assert.deepEqual(await runJob(h.app.ctx, 'auto_close'), { ran: true, changed: 0 })
  const closed = (await resident.get(`/api/v1/events/${event.id}`)).body
  assert.equal(closed.state, 'closed')
  assert.equal(closed.evaluation, 'default_satisfied')
  const last = closed.timeline[closed.timeline.length - 1]
  assert.equal(last.action, 'close')
  assert.equal(last.actorKind, 'system')
  assert.match(last.note, /默认满意/)
})

test('reminders go to units past their deadline at most once per working day', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000004', { name: '钱六', idNumber: '11010519491231002X' })
  const event = await report(h, resident)
  const staff = await h.as(`c-${XINGFULI}`)
  const reminders = async () =>
    (await staff.get(`/api/v1/events/${event.id}`)).body.timeline.filter((e: { action: string }) => e.action === 'remind').length

  h.clock.now = at('2026-12-01 11:00')
  await runJob(h.app.ctx, 'deadlines')
  assert.equal((await runJob(h.app.ctx, 'reminders')).changed, 1)
  h.clock.now = at('2026-12-01 16:00')
  assert.equal((await runJob(h.app.ctx, 'reminders')).changed, 0, 'not twice on one day')
  assert.equal(await reminders(), 1)
  h.clock.now = at('2026-12-05 10:00') // a Saturday
  assert.equal((await runJob(h.app.ctx, 'reminders')).changed, 0, 'not on a day off')
  h.clock.now = at('2026-12-07 09:30')
  assert.equal((await runJob(h.app.ctx, 'reminders')).changed, 1)
  assert.equal(await reminders(), 2)
})

test('a whistle’s missed check-in is overdue and counts against the summoned unit', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000005', { name: '孙七', idNumber: '11010519491231002X' })
  let event = await report(h, resident)
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as('c-620105007')
  const act = async (client: Client, body: Record<string, unknown>) => {
    event = await applyAction(client, event, body)
  }
  await act(community, { type: 'sign' })
  await act(community, { type: 'escalate', note: '多部门问题' })
  const departments = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const [lead, other] = departments
  await act(street, { type: 'whistle', units: [lead.id, other.id], leadUnitId: lead.id, note: '吹哨' })
  assert.equal(event.summoned[0].checkInBy, at('2026-11-30 12:00').toISOString(), 'two working hours')
  const leadStaff = await h.as(`d-${lead.code}`)
  assert.equal((await leadStaff.get('/api/v1/events/inbox')).body.pending_sign, 1, 'held unsigned and summoned: counted once')
  await act(leadStaff, { type: 'check_in', note: '已到场' })
  // the other summoned unit is not the holder, yet it sees the matter and is asked to check in
  const summoned = await h.as(`d-${other.code}`)
  const itsView = await summoned.get(`/api/v1/events/${event.id}`)
  assert.equal(itsView.status, 200)
  assert.ok(itsView.body.allowedActions.includes('check_in'), JSON.stringify(itsView.body.allowedActions))
  assert.ok((await summoned.get('/api/v1/events')).body.items.some((e: { id: number }) => e.id === event.id))
  const toCheckIn = await summoned.get('/api/v1/events?box=pending_sign')
  assert.deepEqual(
    toCheckIn.body.items.map((e: { id: number }) => e.id),
    [event.id],
    'in its 待签收 tab until it checks in',
  )
  assert.equal((await summoned.get('/api/v1/events/inbox')).body.pending_sign, 1)

  h.clock.now = at('2026-11-30 14:00')
  await runJob(h.app.ctx, 'deadlines')
  const seen = (await street.get(`/api/v1/events/${event.id}`)).body
  assert.equal(seen.slaStatus, 'overdue')
  const mark = seen.timeline.find((e: { action: string }) => e.action === 'overdue')
  assert.match(mark.note, new RegExp(other.name))
  const district = await h.as('c-620105')
  const kpis = (
    await district.get(`/api/v1/kpis?scope=620105&from=${at('2026-11-30 00:00').toISOString()}&to=${at('2026-12-01 00:00').toISOString()}`)
  ).body
  const row = (code: string) => kpis.rows.find((r: { unit: { code: string } }) => r.unit.code === code)
  assert.equal(row(other.code).missedCheckIns, 1)
  assert.equal(row(lead.code)?.missedCheckIns ?? 0, 0)
})

test('admins enter a 2027 holiday and change a rule; deadlines follow at once and the change log says who and why', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const staff = await h.as(`c-${XINGFULI}`)
  assert.equal((await staff.post('/api/v1/admin/sla/calendar', { date: '2027-01-01', kind: 'holiday', reason: '国务院通知' })).status, 403)
  const bad = await admin.post('/api/v1/admin/sla/calendar', { date: '2027-02-30', kind: 'holiday', reason: '国务院通知' })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.details.field, 'date')
  const noReason = await admin.post('/api/v1/admin/sla/calendar', { date: '2027-01-01', kind: 'holiday' })
  assert.equal(noReason.status, 400)
  assert.equal(noReason.body.error.details.field, 'reason')

  const resident = await h.resident('13900000006', { name: '周八', idNumber: '11010519491231002X' })
  h.clock.now = at('2026-12-31 10:00')
  const before2027 = await report(h, resident, '路灯不亮已经一周了')
  assert.equal(before2027.signDeadline, at('2027-01-01 10:00').toISOString(), 'a plain Friday without the override')

  const saved = await admin.post('/api/v1/admin/sla/calendar', {
    date: '2027-01-01',
    kind: 'holiday',
    name: '元旦',
    reason: '国务院办公厅2027年放假安排',
  })
  assert.equal(saved.status, 200, JSON.stringify(saved.body))
  assert.equal(saved.body.official, false)
  assert.deepEqual(
    saved.body.overrides.map((o: { date: string; kind: string }) => `${o.date}:${o.kind}`),
    ['2027-01-01:holiday'],
  )
  const after2027 = await report(h, resident, '楼道垃圾堆放无人清理')
  assert.equal(after2027.signDeadline, at('2027-01-04 10:00').toISOString(), 'Monday after the New Year holiday')

  const rule = await admin.post('/api/v1/admin/sla/rules', {
    category: 'sanitation',
    priority: 'normal',
    signHours: 2,
    resolveDays: 2,
    natural: false,
    checkInHours: 2,
    evaluationDays: 3,
    reason: '环卫问题加快处置',
  })
  assert.equal(rule.status, 200, JSON.stringify(rule.body))
  const faster = await report(h, resident, '垃圾桶满溢没人清运')
  assert.equal(faster.signDeadline, at('2026-12-31 12:00').toISOString())
  assert.equal(faster.resolveDeadline, at('2027-01-05 10:00').toISOString())

  const history = (await admin.get('/api/v1/admin/sla/history')).body.items
  assert.deepEqual(
    history.map((c: { subject: string; key: string; actor: string; reason: string }) => [c.subject, c.key, c.actor, c.reason]),
    [
      ['sla_rule', 'sanitation/normal', 'admin', '环卫问题加快处置'],
      ['calendar_override', '2027-01-01', 'admin', '国务院办公厅2027年放假安排'],
    ],
  )
  const unknown = await admin.post('/api/v1/admin/sla/rules', { ...rule.body, category: 'nope', reason: '测试一下' })
  assert.equal(unknown.status, 400)
})

test('督办: each supervision is counted and kept with the holder’s reply', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000007', { name: '吴九', idNumber: '11010519491231002X' })
  let event = await report(h, resident)
  const staff = await h.as(`c-${XINGFULI}`)
  const supervisor = await h.as('supervisor')
  const act = async (client: Client, body: Record<string, unknown>) => {
    event = await applyAction(client, event, body)
  }
  await act(supervisor, { type: 'supervise', note: '请今天内签收' })
  await act(staff, { type: 'sign' })
  await act(staff, { type: 'reply', note: '已签收，正在处理' })
  await act(await h.as('c-620105007'), { type: 'supervise', note: '街道督办：尽快办结' })
  assert.equal(event.supervisionCount, 2)
  assert.deepEqual(
    event.supervisions.map((s: { by: { code: string }; note: string; reply: { note: string } | null }) => [
      s.by.code,
      s.note,
      s.reply?.note ?? null,
    ]),
    [
      ['620100', '请今天内签收', '已签收，正在处理'],
      ['620105007', '街道督办：尽快办结', null],
    ],
  )
  const listed = (await staff.get('/api/v1/events?text=垃圾')).body.items.find((e: { id: number }) => e.id === event.id)
  assert.equal(listed.supervisionCount, 2)
  assert.equal((await resident.get(`/api/v1/events/${event.id}`)).body.supervisions, undefined, 'staff only')
})
