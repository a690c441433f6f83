/**
 * In-app notices (issue 18 item 4): a resident hears in the app that their matter moved, a unit of its
 * new assignments and warnings; unread counts, mark read, the resident's choices, live on their
 * streams, and once however many instances serve.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { wantsNotice } from '../../src/modules/notifications/notices.ts'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { applyAction, build, type Client, reportAtSeat, secondInstance, type TestApp, XINGFULI } from '../helper.ts'
import { login, openStream, residentOverHttp } from '../sse-client.ts'

const REAL_NAME = { name: '王小兰', idNumber: '11010519491231002X' }

async function notices(client: Client) {
  const res = await client.get('/api/v1/notices')
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body as {
    items: Array<{ id: number; template: string; params: Record<string, string>; eventId: number; read: boolean }>
    unread: number
  }
}

/** The community signs the resident's report and escalates it to 刘家堡街道. */
async function escalate(h: TestApp, event: { id: number; version: number }) {
  const community = await h.as(`c-${XINGFULI}`)
  const signed = await applyAction(community, event, { type: 'sign' })
  return applyAction(community, signed, { type: 'escalate', note: '需要街道协调环卫车辆' })
}

test('a resident sees a notice when their event is dispatched, with the unread count; mark read and mark all read', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000301', REAL_NAME)
  const event = await reportAtSeat(h, resident, XINGFULI, '小区门口垃圾三天没人清运')
  assert.deepEqual((await notices(resident)).items, [], 'the intake’s own routing is no news to the reporter')
  const community = await h.as(`c-${XINGFULI}`)
  const assigned = (await notices(community)).items.find((n) => n.eventId === event.id)
  assert.equal(assigned?.template, 'assigned', 'the community hears of its new assignment')
  assert.equal(assigned?.params.number, event.number)

  const escalated = await escalate(h, event)
  const street = await h.as('c-620105007')
  const d01 = (await h.anonymous.get('/api/v1/orgs?code=620105D01')).body.items[0]
  await applyAction(street, escalated, { type: 'dispatch', unitId: d01.id, note: '请区城管局安排清运' })

  const mine = await notices(resident)
  assert.deepEqual(
    mine.items.map((n) => [n.template, n.params.unit, n.eventId, n.read]),
    [
      ['dispatched', '安宁区城市管理局', event.id, false],
      ['dispatched', '刘家堡街道', event.id, false],
    ],
  )
  assert.equal(mine.unread, 2)
  assert.equal((await notices(await h.as('d-620105D01'))).items[0].template, 'assigned')
  // another resident sees none of them and cannot mark them
  const other = await h.resident('13900000302', REAL_NAME)
  assert.deepEqual((await notices(other)).items, [])
  assert.equal((await other.post(`/api/v1/notices/${mine.items[0].id}/read`)).status, 404)

  const read = await resident.post(`/api/v1/notices/${mine.items[1].id}/read`)
  assert.deepEqual(read.body, { unread: 1 })
  assert.equal((await notices(resident)).items[1].read, true)
  assert.deepEqual((await resident.post('/api/v1/notices/read-all')).body, { unread: 0 })
  // a unit's notices are read per user
  assert.ok((await notices(community)).unread >= 1)
  assert.deepEqual((await community.post('/api/v1/notices/read-all')).body, { unread: 0 })
  assert.equal((await notices(community)).items.find((n) => n.eventId === event.id)?.read, true)
})

test('a step the resident turned off notifies nothing in the app; the others still do', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000303', REAL_NAME)
  const off = await resident.request('PUT', '/api/v1/resident/notice-preferences', {
    items: [{ step: 'dispatched', channel: 'inapp', enabled: false }],
  })
  assert.equal(off.status, 200, JSON.stringify(off.body))
  assert.deepEqual(
    off.body.items.find((p: { step: string }) => p.step === 'dispatched'),
    { step: 'dispatched', inapp: false, sms: true },
  )
  const bad = await resident.request('PUT', '/api/v1/resident/notice-preferences', {
    items: [{ step: 'everything', channel: 'inapp', enabled: false }],
  })
  assert.equal(bad.status, 400)
  // the same step and channel twice in one request contradict each other: 400 naming the second, nothing saved
  const twice = await resident.request('PUT', '/api/v1/resident/notice-preferences', {
    items: [
      { step: 'resolved', channel: 'inapp', enabled: false },
      { step: 'resolved', channel: 'inapp', enabled: true },
    ],
  })
  assert.equal(twice.status, 400, JSON.stringify(twice.body))
  assert.equal(twice.body.error.details.field, 'items/1')
  const kept = await resident.get('/api/v1/resident/notice-preferences')
  assert.deepEqual(
    kept.body.items.find((p: { step: string }) => p.step === 'resolved'),
    { step: 'resolved', inapp: true, sms: true },
  )
  const event = await reportAtSeat(h, resident, XINGFULI, '楼道里电动车充电很危险')
  const escalated = await escalate(h, event)
  assert.deepEqual((await notices(resident)).items, [], 'dispatched is off')
  await applyAction(await h.as('c-620105007'), escalated, { type: 'comment', note: '已安排人员核查，请保持电话畅通', toReporter: true })
  assert.deepEqual(
    (await notices(resident)).items.map((n) => n.template),
    ['reply'],
  )
  const db = h.app.ctx.database.db
  const { id } = await db.selectFrom('residents').select('id').where('phone', '=', '13900000303').executeTakeFirstOrThrow()
  assert.equal(await wantsNotice(db, id, 'dispatched', 'inapp'), false)
  assert.equal(await wantsNotice(db, id, 'dispatched', 'sms'), true)
  assert.equal(await wantsNotice(db, id, 'resolved', 'inapp'), true)
})

test('a notice reaches the resident’s and the unit’s open streams live, and is written once with two instances', async (t) => {
  const h = await build(t)
  const second = h.database.kind === 'postgres' ? (await secondInstance(t, h)).app : h.app
  const one = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const two = second === h.app ? one : await second.listen({ port: 0, host: '127.0.0.1' })
  const resident = await residentOverHttp(one, '13900000304')
  const reported = await resident.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '垃圾桶满了没人清理',
    communityCode: XINGFULI,
  })
  assert.equal(reported.status, 201, JSON.stringify(reported.body))
  const event = reported.body
  // the resident listens on the other instance; the community's staff on their personal stream
  const stream = await openStream(two, resident.cookie, { path: '/api/v1/resident/stream' })
  const desk = await openStream(two, await login(two, 'c-620105007'), { view: 'me' })
  t.after(() => {
    stream.close()
    desk.close()
  })
  await stream.next((m) => m.event === 'ready')
  await desk.next((m) => m.event === 'ready')

  await escalate(h, event)
  await stream.next((m) => m.event === 'notice')
  await desk.next((m) => m.event === 'notice')
  const db = h.app.ctx.database.db
  const written = await db.selectFrom('notices').select(['template', 'resident_id', 'unit_id']).where('event_id', '=', event.id).execute()
  assert.equal(written.filter((n) => n.resident_id !== null).length, 1, 'one notice for the reporter')
  assert.equal(written.filter((n) => n.template === 'assigned').length, 2, 'the community’s and the street’s, once each')

  // a warning, as the deadline scan finds it on both instances at once: one notice
  const street = await h.as('c-620105007')
  const view = (await street.get(`/api/v1/events/${event.id}`)).body
  h.clock.now = new Date(new Date(view.signDeadline).getTime() - 60_000)
  await Promise.all([runJob(h.app.ctx, 'deadlines', 'one'), runJob(second.ctx, 'deadlines', 'two')])
  await runJob(h.app.ctx, 'deadlines', 'one')
  const warnings = (await notices(street)).items.filter((n) => n.template === 'warning' && n.eventId === event.id)
  assert.equal(warnings.length, 1)
  assert.equal(warnings[0].params.unit, '刘家堡街道')
  await desk.next((m) => m.event === 'notice')
})
