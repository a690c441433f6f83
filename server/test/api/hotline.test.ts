import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { build, DEMO_PASSWORD, registerCall, XINGFULI } from '../helper.ts'

const CALLER = '13800001234'

test('a caller’s number brings their past events, and each look-up is audited', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const created = await registerCall(operator, '幸福里小区北门垃圾三天没人清运', { reporterPhone: CALLER })
  assert.equal(created.currentUnit.code, XINGFULI)

  const history = await operator.post('/api/v1/hotline/callers/events', { phone: CALLER })
  assert.equal(history.status, 200)
  assert.deepEqual(
    history.body.items.map((e: { number: string }) => e.number),
    [created.number],
  )
  assert.equal((await operator.post('/api/v1/hotline/callers/events', { phone: '13800009999' })).body.items.length, 0)
  const audit = await h.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'caller_history').execute()
  assert.equal(audit.length, 2)
  assert.equal(audit[0].target_id, '138****1234')
})

test('the duplicates hint finds the open event with similar text at the same community, and a call links to it', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const first = await registerCall(operator, '幸福里小区北门垃圾三天没人清运，味道很大')
  await registerCall(operator, '小区门口路灯不亮', { category: 'municipal.streetlight' })
  const hint = await operator.post('/api/v1/hotline/duplicates', { communityCode: XINGFULI, text: '北门的垃圾好几天没有清运了' })
  assert.equal(hint.status, 200)
  assert.deepEqual(
    hint.body.items.map((e: { number: string }) => e.number),
    [first.number],
  )

  const linked = await operator.post('/api/v1/hotline/link', {
    eventId: first.id,
    version: first.version,
    description: '北门的垃圾好几天没有清运了',
    reporterPhone: CALLER,
  })
  assert.equal(linked.status, 200, JSON.stringify(linked.body))
  const last = linked.body.timeline.at(-1)
  assert.equal(last.action, 'comment')
  assert.match(last.note, /138\*\*\*\*1234/)
  assert.equal(linked.body.state, first.state, 'linking does not change the event')

  // past the finder's window (14 days by default) it is no longer a candidate
  h.clock.now = new Date(h.clock.now.getTime() + 15 * 86_400_000)
  const later = await operator.post('/api/v1/hotline/duplicates', { communityCode: XINGFULI, text: '北门的垃圾好几天没有清运了' })
  assert.equal(later.body.items.length, 0)
})

test('a policy question answered on the call is recorded and closed in one step', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator3')
  const res = await operator.post('/api/v1/hotline/answered', {
    category: 'consult',
    description: '失业保险金怎么领取',
    answer: '携带身份证到户籍所在地人社窗口或在甘肃人社APP申领',
    reporterPhone: CALLER,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(res.body.state, 'closed')
  assert.equal(res.body.channel, 'hotline')
  assert.deepEqual(
    res.body.timeline.map((e: { action: string }) => e.action),
    ['submit', 'answer'],
  )
  assert.match(res.body.timeline[1].note, /人社/)
})

test('the desk endpoints: 400 naming the field, 403 for other roles and for residents', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator4')
  const noAnswer = await operator.post('/api/v1/hotline/answered', { category: 'consult', description: '怎么办理居住证' })
  assert.equal(noAnswer.status, 400)
  assert.equal(noAnswer.body.error.details.field, 'answer')
  const badPhone = await operator.post('/api/v1/hotline/callers/events', { phone: 'abc' })
  assert.equal(badPhone.status, 400)
  assert.equal(badPhone.body.error.details.field, 'phone')
  const badCommunity = await operator.post('/api/v1/hotline/duplicates', { communityCode: '620105007', text: '垃圾清运' })
  assert.equal(badCommunity.status, 400)
  assert.equal(badCommunity.body.error.details.field, 'communityCode')

  const department = await h.as('d-620105D01')
  assert.equal((await department.post('/api/v1/hotline/callers/events', { phone: CALLER })).status, 403)
  const center = await h.as(`c-${XINGFULI}`)
  const notOperator = await center.post('/api/v1/hotline/answered', {
    category: 'consult',
    description: '怎么办理居住证',
    answer: '到派出所办理',
  })
  assert.equal(notOperator.status, 403)
  const resident = await h.resident('13900000005')
  assert.equal((await resident.post('/api/v1/hotline/duplicates', { communityCode: XINGFULI, text: '垃圾清运' })).status, 403)
})

test('the caller’s number and words never travel in a URL: the old GET look-ups are gone, and the POSTs need the CSRF token', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator5')
  assert.equal((await operator.get(`/api/v1/hotline/callers/${CALLER}/events`)).status, 404)
  assert.equal((await operator.get(`/api/v1/hotline/duplicates?communityCode=${XINGFULI}&text=垃圾清运`)).status, 404)
  const phoneInQuery = await operator.post(`/api/v1/hotline/callers/events?phone=${CALLER}`, {})
  assert.equal(phoneInQuery.status, 400, 'the number is read from the body only')

  // a forged cross-site POST carries the session cookie but not the token
  const cookie = (
    await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator5', password: DEMO_PASSWORD } })
  ).cookies.find((c) => c.name === 'xiaolan_session')
  assert.ok(cookie)
  const lookUps: Array<[string, Record<string, string>]> = [
    ['/api/v1/hotline/callers/events', { phone: CALLER }],
    ['/api/v1/hotline/duplicates', { communityCode: XINGFULI, text: '垃圾清运' }],
  ]
  for (const [url, payload] of lookUps) {
    const forged: LightMyRequestResponse = await h.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: `xiaolan_session=${cookie.value}` },
    })
    assert.equal(forged.statusCode, 403, url)
    assert.equal(forged.json().error.code, 'csrf')
  }
  const audit = await h.database.db.selectFrom('audit_log').select('id').where('action', '=', 'caller_history').execute()
  assert.equal(audit.length, 0, 'a refused look-up is not recorded as one')
})
