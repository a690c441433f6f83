/**
 * 来电弹屏 (issue 18 item 2): the hall's CTI posts a call's steps with a `cti` client's key; the desk of
 * the operator whose agent number answered hears it alone, live; the event made during the call keeps
 * the call's id, duration and recording reference, for staff only.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, type Client, registerCall, type TestApp } from '../helper.ts'
import { login, openStream } from '../sse-client.ts'

const CALLER = '13912345678'

async function userId(admin: Client, username: string): Promise<number> {
  const res = await admin.get(`/api/v1/admin/users?q=${username}`)
  const user = res.body.items.find((u: { username: string }) => u.username === username)
  assert.ok(user, username)
  return user.id
}

/** operator1 as agent 8001, operator2 as 8002, and a CTI client's key. */
async function hall(h: TestApp) {
  const admin = await h.as('admin')
  for (const [username, agentNumber] of [
    ['operator1', '8001'],
    ['operator2', '8002'],
  ]) {
    const set = await admin.request('PATCH', `/api/v1/admin/users/${await userId(admin, username)}`, { agentNumber })
    assert.equal(set.status, 200, JSON.stringify(set.body))
    assert.equal(set.body.agentNumber, agentNumber)
  }
  const client = await admin.post('/api/v1/admin/api-clients', { name: '呼叫中心', channels: ['cti'] })
  assert.equal(client.status, 201, JSON.stringify(client.body))
  const key: string = client.body.key
  const post = (body: Record<string, unknown>, apiKey = key) =>
    h.app
      .inject({ method: 'POST', url: '/api/v1/hotline/calls', headers: apiKey ? { 'x-api-key': apiKey } : {}, payload: body })
      .then((r) => ({ status: r.statusCode, body: r.json() }))
  return { admin, key, post }
}

test('an agent number is unique and only for the desk’s roles', async (t) => {
  const h = await build(t)
  const { admin } = await hall(h)
  const taken = await admin.request('PATCH', `/api/v1/admin/users/${await userId(admin, 'operator3')}`, { agentNumber: '8001' })
  assert.equal(taken.status, 409)
  assert.equal(taken.body.error.code, 'agent_number_taken')
  const leader = await admin.request('PATCH', `/api/v1/admin/users/${await userId(admin, 'leader')}`, { agentNumber: '8100' })
  assert.equal(leader.status, 400)
  assert.equal(leader.body.error.details.field, 'agentNumber')
  const cleared = await admin.request('PATCH', `/api/v1/admin/users/${await userId(admin, 'operator2')}`, { agentNumber: null })
  assert.equal(cleared.status, 200)
  assert.equal(cleared.body.agentNumber, null)
})

test('the CTI needs a cti client’s key; an unknown agent or a missing field is a 400 naming it', async (t) => {
  const h = await build(t)
  const { admin, post } = await hall(h)
  const ringing = { callId: 'C-1', state: 'ringing', callerNumber: CALLER, agent: '8001' }
  assert.equal((await post(ringing, '')).status, 401)
  assert.equal((await post(ringing, 'xlk_not-a-real-key-at-all-xxxxxxxxxxxxxxxxxxxxxxxxx')).status, 401)
  const partner = await admin.post('/api/v1/admin/api-clients', { name: '网民留言板', channels: ['netizen'] })
  const refused = await post(ringing, partner.body.key)
  assert.equal(refused.status, 403, 'a partner platform’s key posts no calls')

  const wrongAgent = await post({ callId: 'C-2', state: 'answered', callerNumber: CALLER, agent: '9999' })
  assert.equal(wrongAgent.status, 400)
  assert.equal(wrongAgent.body.error.details.field, 'agent')
  const noAgent = await post({ callId: 'C-2', state: 'answered', callerNumber: CALLER })
  assert.equal(noAgent.body.error.details.field, 'agent')
  const noNumber = await post({ callId: 'C-3', state: 'ringing' })
  assert.equal(noNumber.status, 400)
  assert.equal(noNumber.body.error.details.field, 'callerNumber')
  const noDuration = await post({ callId: 'C-1', state: 'ended', callerNumber: CALLER })
  assert.equal(noDuration.body.error.details.field, 'durationSeconds')
  const written = await h.app.ctx.database.db.selectFrom('hotline_calls').select('call_id').execute()
  assert.deepEqual(written, [], 'a refused step writes nothing')
  // a netizen client given cti as well may post calls, and still ingests by its own channel only
  const both = await admin.post('/api/v1/admin/api-clients', { name: '融合平台', channels: ['netizen', 'cti'] })
  assert.equal((await post(ringing, both.body.key)).status, 200)
})

test('a call rings at its operator’s desk alone, is idempotent per step, and the event made during it keeps its id, duration and recording for staff only', async (t) => {
  const h = await build(t)
  const { post } = await hall(h)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const desk1 = await openStream(base, await login(base, 'operator1'), { view: 'me' })
  const desk2 = await openStream(base, await login(base, 'operator2'), { view: 'me' })
  t.after(() => {
    desk1.close()
    desk2.close()
  })
  await desk1.next((m) => m.event === 'ready')
  await desk2.next((m) => m.event === 'ready')

  const rang = await post({ callId: 'CALL-20261130-0001', state: 'ringing', callerNumber: CALLER, agent: '8001' })
  assert.deepEqual(rang.body, { callId: 'CALL-20261130-0001', state: 'ringing', duplicate: false })
  const heard = await desk1.next((m) => m.event === 'call')
  assert.deepEqual(JSON.parse(heard.data), { callId: 'CALL-20261130-0001', state: 'ringing' })
  // operator2's desk hears only its own call, not operator1's
  await post({ callId: 'CALL-20261130-0002', state: 'ringing', callerNumber: '13900000000', agent: '8002' })
  assert.equal(JSON.parse((await desk2.next((m) => m.event === 'call')).data).callId, 'CALL-20261130-0002')

  const answered = { callId: 'CALL-20261130-0001', state: 'answered', agent: '8001' }
  assert.equal((await post(answered)).body.duplicate, false)
  assert.deepEqual((await post(answered)).body, { callId: 'CALL-20261130-0001', state: 'answered', duplicate: true }, 'the CTI’s retry')
  assert.equal(JSON.parse((await desk1.next((m) => m.event === 'call')).data).state, 'answered')

  const operator1 = await h.as('operator1')
  const current = await operator1.get('/api/v1/hotline/calls/current')
  assert.equal(current.status, 200)
  assert.equal(current.body.call.callId, 'CALL-20261130-0001')
  assert.equal(current.body.call.callerNumber, CALLER)
  assert.equal((await (await h.as('operator3')).get('/api/v1/hotline/calls/current')).body.call, null)

  // the event written during the call is bound to it; another operator cannot claim operator1's call
  const operator2 = await h.as('operator2')
  const foreign = await operator2.post('/api/v1/events', {
    channel: 'hotline',
    category: 'sanitation.garbage',
    description: '小区门口垃圾三天没人清运',
    communityCode: '620105007010',
    callId: 'CALL-20261130-0001',
  })
  assert.equal(foreign.status, 400)
  assert.equal(foreign.body.error.details.field, 'callId')
  const event = await registerCall(operator1, '小区门口垃圾三天没人清运', { reporterPhone: CALLER, callId: 'CALL-20261130-0001' })
  const again = await operator1.post('/api/v1/events', {
    channel: 'hotline',
    category: 'sanitation.garbage',
    description: '同一通电话再登记一次',
    communityCode: '620105007010',
    callId: 'CALL-20261130-0001',
  })
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'call_written_up')
  assert.equal(
    (await operator1.get('/api/v1/hotline/calls/current')).body.call,
    null,
    'a call written up is no longer the desk’s current one',
  )

  const ended = await post({ callId: 'CALL-20261130-0001', state: 'ended', durationSeconds: 187, recordingRef: 'rec/2026/11/30/0001.wav' })
  assert.equal(ended.body.state, 'ended')
  assert.equal(JSON.parse((await desk1.next((m) => m.event === 'call')).data).state, 'ended')

  const call = await operator1.get(`/api/v1/hotline/events/${event.id}/call`)
  assert.equal(call.status, 200)
  assert.deepEqual(
    { ...call.body.call, answeredAt: undefined, endedAt: undefined },
    {
      callId: 'CALL-20261130-0001',
      callerNumber: CALLER,
      agent: 'operator1',
      durationSeconds: 187,
      recordingRef: 'rec/2026/11/30/0001.wav',
      answeredAt: undefined,
      endedAt: undefined,
    },
  )
  // the handling community sees the call; a leader (no contact role) sees the number masked
  const community = await (await h.as('c-620105007010')).get(`/api/v1/hotline/events/${event.id}/call`)
  assert.equal(community.body.call.recordingRef, 'rec/2026/11/30/0001.wav')
  const leader = await (await h.as('leader')).get(`/api/v1/hotline/events/${event.id}/call`)
  assert.equal(leader.body.call.callerNumber, '139****5678')
  // out of scope: as a missing event; anonymous and residents never
  assert.equal((await (await h.as('c-620102')).get(`/api/v1/hotline/events/${event.id}/call`)).status, 404)
  assert.equal((await h.anonymous.get(`/api/v1/hotline/events/${event.id}/call`)).status, 401)
  assert.equal((await (await h.resident('13800000077')).get(`/api/v1/hotline/events/${event.id}/call`)).status, 403)

  // no public view names the call
  const track = await h.anonymous.get(`/api/v1/track/${event.number}`)
  assert.equal(track.status, 200)
  const publicList = await h.anonymous.get('/api/v1/public/events')
  for (const body of [track.body, publicList.body, (await operator1.get(`/api/v1/events/${event.id}`)).body]) {
    const text = JSON.stringify(body)
    assert.ok(!text.includes('CALL-20261130-0001') && !text.includes('rec/2026'), 'the call id and recording stay off the event’s views')
  }
})
