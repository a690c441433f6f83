/**
 * The reporter's loop for callers without an app account (issue 18 items 3–5): the SMS with its
 * evaluation link at intake and again at resolution, the link's page, press and one rating, the
 * desk's callback queue (回访) with its attempts, 未回访 at the window's end, and satisfaction over
 * real ratings only.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deliverDue } from '../../src/modules/notifications/delivery.ts'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { applyAction, build, type Client, registerCall, type TestApp, XINGFULI } from '../helper.ts'

const BASE = 'https://12345.example.cn'
const CALLER = '13912345678'
const ENV = { PUBLIC_BASE_URL: BASE, SMS_QUIET_HOURS: '21:00-08:00', CALLBACK_ATTEMPTS: '2' }
const DAY = 24 * 3600_000

/** A hotline call with the caller's number, signed and resolved by 幸福里社区; the event and its community's client. */
async function resolvedCall(h: TestApp, description = '小区门口垃圾三天没人清运') {
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)
  let event = await registerCall(operator, description, { reporterPhone: CALLER, reporterName: '王小明' })
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'resolve', note: '已清运' })
  assert.equal(event.state, 'resolved')
  return { event, operator, community }
}

async function smsOf(h: TestApp, eventId: number) {
  const admin = await h.as('admin')
  const res = await admin.get(`/api/v1/admin/outbox?event=${eventId}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.items as Array<{ to: string; text: string; state: string; sendAt: string; createdAt: string }>
}

const tokenIn = (text: string) => {
  const m = new RegExp(`${BASE.replace(/\./g, '\\.')}/e/([A-Za-z0-9_-]{32})`).exec(text)
  assert.ok(m, `an absolute link in: ${text}`)
  return m[1]
}

async function dashboardOf(client: Client) {
  return (await client.get(`/api/v1/dashboard?scope=${XINGFULI}`)).body.headline
}

test('a caller’s intake SMS carries an absolute link; resolution repeats it; the link rates once', async (t) => {
  const h = await build(t, { env: ENV })
  const { event, community } = await resolvedCall(h)
  const sms = await smsOf(h, event.id)
  // an event id past the outbox column's integer range finds nothing (it was a 500)
  const far = await (await h.as('admin')).get(`/api/v1/admin/outbox?event=${Number.MAX_SAFE_INTEGER}`)
  assert.equal(far.status, 200, JSON.stringify(far.body))
  assert.deepEqual(far.body.items, [])
  assert.equal(sms.length, 2, 'one at intake, one at resolution')
  assert.equal(sms[0].to, '139****5678', 'the phone masked')
  assert.ok(!sms.some((m) => m.text.includes(CALLER)), 'no phone in the texts')
  const token = tokenIn(sms[0].text)
  assert.equal(tokenIn(sms[1].text), token, 'the resolution repeats the intake link')
  assert.match(sms[1].text, /已办结/)

  // the page: public progress only
  const page = await h.anonymous.get(`/api/v1/evaluation/${token}`)
  assert.equal(page.status, 200, JSON.stringify(page.body))
  const body = JSON.stringify(page.body)
  assert.ok(!body.includes(CALLER) && !body.includes('5678') && !body.includes('王小明'), body)
  assert.equal(page.body.canRate, true)
  assert.equal(page.body.event.number, event.number)

  const before = await dashboardOf(community)
  const rated = await h.anonymous.post(`/api/v1/evaluation/${token}`, { rating: 'satisfied', version: page.body.version })
  assert.equal(rated.status, 200, JSON.stringify(rated.body))
  assert.equal(rated.body.event.state, 'closed')
  assert.equal(rated.body.rating, 'satisfied')
  assert.equal(rated.body.canRate, false)
  const after = await dashboardOf(community)
  assert.equal(after.evaluated, before.evaluated + 1, 'a link rating is a real rating')

  // the second rating is refused and changes nothing
  const again = await h.anonymous.post(`/api/v1/evaluation/${token}`, { rating: 'unsatisfied', version: rated.body.version })
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'already_rated')
  const view = (await community.get(`/api/v1/events/${event.id}`)).body
  assert.equal(view.state, 'closed')
  assert.equal(view.evaluation, 'satisfied')
  const evaluations = view.timeline.filter((e: { action: string }) => e.action === 'evaluate')
  assert.equal(evaluations.length, 1)
  assert.equal(evaluations[0].actorKind, 'system', 'the system rated for the link’s holder')
  assert.match(evaluations[0].note, /短信链接评价/)
})

test('a wrong token is 404, a link lapses 30 days after the close, a press keeps the once-a-day rule', async (t) => {
  const h = await build(t, { env: ENV })
  const operator = await h.as('operator1')
  const created = await registerCall(operator, '楼道灯坏了一个月', { reporterPhone: CALLER })
  const token = tokenIn((await smsOf(h, created.id))[0].text)
  assert.equal((await h.anonymous.get(`/api/v1/evaluation/${'A'.repeat(32)}`)).status, 404)
  const tampered = token.slice(0, 31) + (token.endsWith('x') ? 'y' : 'x')
  assert.equal((await h.anonymous.get(`/api/v1/evaluation/${tampered}`)).status, 404)

  const page = (await h.anonymous.get(`/api/v1/evaluation/${token}`)).body
  assert.equal(page.canPress, true)
  assert.equal(page.canRate, false, 'not resolved yet')
  const early = await h.anonymous.post(`/api/v1/evaluation/${token}`, { rating: 'satisfied', version: page.version })
  assert.equal(early.status, 409, 'no rating before the resolution')
  const pressed = await h.anonymous.post(`/api/v1/evaluation/${token}/press`, { version: page.version })
  assert.equal(pressed.status, 200, JSON.stringify(pressed.body))
  assert.equal(pressed.body.canPress, false)
  const twice = await h.anonymous.post(`/api/v1/evaluation/${token}/press`, { version: pressed.body.version })
  assert.equal(twice.status, 429)

  // resolved, closed as 未回访 at the window's end, then 30 days on the link is gone
  const community = await h.as(`c-${XINGFULI}`)
  let event = (await community.get(`/api/v1/events/${created.id}`)).body
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'resolve', note: '已更换灯泡' })
  h.clock.now = new Date(h.clock.now.getTime() + 4 * DAY)
  await runJob(h.app.ctx, 'auto_close')
  const closedAt = h.clock.now.getTime()
  h.clock.now = new Date(closedAt + 29 * DAY)
  assert.equal((await h.anonymous.get(`/api/v1/evaluation/${token}`)).status, 200)
  h.clock.now = new Date(closedAt + 30 * DAY + 1000)
  const lapsed = await h.anonymous.get(`/api/v1/evaluation/${token}`)
  assert.equal(lapsed.status, 410)
  assert.equal(lapsed.body.error.code, 'link_expired')
})

test('an operator rates only callers without an app account; the callback is logged with the operator; 不满意 reopens', async (t) => {
  const h = await build(t, { env: ENV })
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)

  // an app resident's resolved report: the operator may not rate it
  const resident = await h.resident('13900000301', { name: '孙七', idNumber: '11010519491231002X' })
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  let mine = (await resident.post('/api/v1/resident/events', { category: 'sanitation.garbage', description: '垃圾桶满了', ...seat })).body
  mine = await applyAction(community, mine, { type: 'sign' })
  mine = await applyAction(community, mine, { type: 'resolve', note: '已清运' })
  const refused = await operator.post(`/api/v1/events/${mine.id}/actions`, { type: 'evaluate', rating: 'satisfied', version: mine.version })
  assert.equal(refused.status, 403)
  assert.equal((await community.get(`/api/v1/events/${mine.id}`)).body.state, 'resolved', 'nothing changed')

  // a caller's: in the queue, with its deadline; the operator's 不满意 reopens it at the last handler
  const { event } = await resolvedCall(h)
  const queue = (await operator.get('/api/v1/hotline/callbacks')).body
  const item = queue.items.find((i: { id: number }) => i.id === event.id)
  assert.ok(item, 'the resolved call waits for its callback')
  assert.equal(item.callerPhone, '139****5678')
  assert.equal(item.deadline, new Date(Date.parse(event.updatedAt) + 3 * DAY).toISOString(), 'the three-day window')
  const reopened = await applyAction(operator, item, { type: 'evaluate', rating: 'unsatisfied', note: '回访：仍有垃圾' })
  assert.equal(reopened.state, 'assigned')
  assert.equal(reopened.reopenCount, 1)
  assert.equal(reopened.currentUnit.code, XINGFULI)
  const [entry] = await h.database.db
    .selectFrom('event_actions')
    .select(['actor_kind', 'actor_user_id', 'data'])
    .where('event_id', '=', event.id)
    .where('action', '=', 'evaluate')
    .execute()
  assert.equal(entry.actor_kind, 'staff')
  assert.equal(entry.actor_user_id, operator.me.id, 'the callback names its operator')
  assert.ok(!(await operator.get('/api/v1/hotline/callbacks')).body.items.some((i: { id: number }) => i.id === event.id))
})

test('a caller not reached after N tries leaves the queue and closes as 未回访, never counted satisfied', async (t) => {
  const h = await build(t, { env: ENV })
  const { event, operator, community } = await resolvedCall(h)
  const before = await dashboardOf(community)
  const grid = await h.as('c-620105007')
  assert.equal((await grid.post(`/api/v1/hotline/callbacks/${event.id}/attempts`, {})).status, 403, 'operators only')
  const first = await operator.post(`/api/v1/hotline/callbacks/${event.id}/attempts`, { note: '无人接听' })
  assert.equal(first.status, 201, JSON.stringify(first.body))
  assert.deepEqual(first.body, { attempts: 1, maxAttempts: 2 })
  const listed = (await operator.get('/api/v1/hotline/callbacks')).body.items.find((i: { id: number }) => i.id === event.id)
  assert.equal(listed.attempts, 1)
  assert.equal((await operator.post(`/api/v1/hotline/callbacks/${event.id}/attempts`, {})).body.attempts, 2)
  assert.ok(!(await operator.get('/api/v1/hotline/callbacks')).body.items.some((i: { id: number }) => i.id === event.id), 'given up')
  assert.equal((await operator.post(`/api/v1/hotline/callbacks/${event.id}/attempts`, {})).status, 409)

  h.clock.now = new Date(h.clock.now.getTime() + 3 * DAY + 60_000)
  await runJob(h.app.ctx, 'auto_close')
  const closed = (await community.get(`/api/v1/events/${event.id}`)).body
  assert.equal(closed.state, 'closed')
  assert.equal(closed.evaluation, 'not_reached')
  assert.match(closed.timeline.at(-1).note, /未回访/)

  const after = await dashboardOf(community)
  assert.equal(after.evaluated, before.evaluated, 'not a rating')
  assert.equal(after.notReached, before.notReached + 1)
  assert.equal(after.defaultClosed, before.defaultClosed)
  const from = new Date(h.clock.now.getTime() - 10 * DAY).toISOString()
  const to = new Date(h.clock.now.getTime() + DAY).toISOString()
  const kpis = (await community.get(`/api/v1/kpis?scope=${XINGFULI}&from=${from}&to=${to}&groupBy=unit`)).body
  const row = kpis.rows.find((r: { unit: { code: string } }) => r.unit.code === XINGFULI)
  assert.equal(row.notReached, 1)
  assert.equal(row.evaluated, 0)
  assert.equal(row.satisfied, 0)
  assert.equal(row.satisfactionRate, null, 'no rating, no rate')
  assert.equal(row.callbackCoverage, 0)
})

test('an SMS written in the quiet hours waits for them to end', async (t) => {
  const h = await build(t, { env: ENV })
  h.clock.now = new Date('2026-11-30T14:30:00Z') // 22:30 in Lanzhou
  const operator = await h.as('operator1')
  const event = await registerCall(operator, '夜里工地施工噪音很大', { reporterPhone: CALLER })
  const [sms] = await smsOf(h, event.id)
  assert.equal(sms.sendAt, '2026-12-01T00:00:00.000Z', '08:00 the next morning')
  await deliverDue(h.app.ctx)
  assert.equal((await smsOf(h, event.id))[0].state, 'pending', 'held overnight')
  h.clock.now = new Date('2026-12-01T00:00:00Z')
  await deliverDue(h.app.ctx)
  assert.equal((await smsOf(h, event.id))[0].state, 'delivered')
})
