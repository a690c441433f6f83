import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { applyAction, build, registerCall, residentReport, secondInstance, XINGFULI } from '../helper.ts'
import { login, type Message, openStream, residentOverHttp } from '../sse-client.ts'

const CHENGGUAN_COMMUNITY_PARENT = '620102' // 城关区

const isChange = (number: string) => (m: Message) => m.event === 'change' && JSON.parse(m.data).number === number

test('a change reaches an open stream of its area, not of another area, and a reconnect replays what it missed', async (t) => {
  const h = await build(t)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const cookie = await login(base, 'leader')
  const city = await openStream(base, cookie)
  t.after(() => city.close())
  const ready = await city.next((m) => m.event === 'ready')
  const other = await openStream(base, cookie, { scope: CHENGGUAN_COMMUNITY_PARENT })
  t.after(() => other.close())
  await other.next((m) => m.event === 'ready')

  const operator = await h.as('operator1')
  const created = await registerCall(operator, '垃圾没人清运')
  const routed = await city.next((m) => isChange(created.number)(m) && JSON.parse(m.data).action === 'route')
  const data = JSON.parse(routed.data)
  assert.equal(data.eventId, created.id)
  assert.equal(data.state, 'assigned')
  assert.equal(data.category, 'sanitation.garbage')
  assert.equal(data.channel, 'hotline')
  assert.equal(typeof data.districtId, 'number')
  assert.ok(Number(routed.id) > Number(ready.id))

  const chengguan = await registerCall(operator, '城关区的垃圾', {
    channel: 'app',
    communityCode: h.app.ctx.orgs.all().find((u) => u.level === 4 && u.path.includes(`.${CHENGGUAN_COMMUNITY_PARENT}.`))?.code,
  })
  const first = await other.next((m) => m.event === 'change')
  assert.equal(JSON.parse(first.data).number, chengguan.number, 'the 安宁区 event never reached the 城关区 stream')

  // a client that saw only `ready` comes back: it gets both changes of both events from the log
  const resumed = await openStream(base, cookie, { lastEventId: ready.id })
  t.after(() => resumed.close())
  await resumed.next(isChange(created.number))
  await resumed.next(isChange(chengguan.number))
})

const LIUJIABAO = '620105007' // 刘家堡街道, the street of 幸福里

test('a workbench stream hears the changes that touch its unit’s tabs, saying which; not the others of its area; the screen hears them all; a replay filters alike', async (t) => {
  const h = await build(t)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const orgs = h.app.ctx.orgs
  const street = orgs.byCode(LIUJIABAO)
  const community = orgs.byCode(XINGFULI)
  const sibling = orgs.all().find((u) => u.parentId === street?.id && u.kind === 'center' && u.code !== XINGFULI)
  assert.ok(street && community && sibling)
  const streetCookie = await login(base, `c-${LIUJIABAO}`)
  const open = async (cookie: string, options: Parameters<typeof openStream>[2]) => {
    const stream = await openStream(base, cookie, options)
    t.after(() => stream.close())
    // a fresh stream starts with `ready`; a resumed one with what it missed
    return { stream, ready: options?.lastEventId === undefined ? await stream.next((m) => m.event === 'ready') : null }
  }
  const mine = await open(await login(base, `c-${XINGFULI}`), { view: 'workbench' })
  const streetBench = await open(streetCookie, { view: 'workbench' })
  const streetAll = await open(streetCookie, { view: 'workbench', tab: 'all' })
  const screen = await open(await login(base, 'leader'), { scope: LIUJIABAO })

  const operator = await h.as('operator1')
  const a = await registerCall(operator, '幸福里的垃圾')
  const b = await registerCall(operator, '隔壁社区的垃圾', { communityCode: sibling.code })
  const ours = (m: Message) => m.event === 'change' && [a.number, b.number].includes(JSON.parse(m.data).number)
  const data = (m: Message) => JSON.parse(m.data)

  // the community holds A now: its 待签收 (and 即将超期) list and count moved
  const routed = data(await mine.stream.next((m) => ours(m) && data(m).action === 'route'))
  assert.equal(routed.number, a.number)
  assert.deepEqual(routed.tabs, ['pending_sign', 'due_soon'])
  assert.deepEqual(routed.counts, ['pending_sign', 'due_soon'])
  // the screen of the street hears both, plainly; the street's 全部 hears both, as its scope's
  const heard = [data(await screen.stream.next(ours)), data(await screen.stream.next(ours)), data(await screen.stream.next(ours))]
  assert.ok(heard.some((c) => c.number === b.number))
  assert.equal(heard[0].tabs, undefined, 'the screen is told no tabs')
  const inScope = data(await streetAll.stream.next((m) => ours(m) && data(m).action === 'route'))
  assert.deepEqual([inScope.tabs, inScope.counts], [['all'], []])

  // the community escalates A to the street: it leaves the community's 待签收 for its 已上报, and
  // arrives in the street's 待签收 — the first change of A or B the street's workbench hears
  const escalated = await applyAction(await h.as(`c-${XINGFULI}`), a, { type: 'escalate', note: '需要街道协调' })
  const gaveAway = data(await mine.stream.next((m) => ours(m) && data(m).action === 'escalate'))
  assert.deepEqual(gaveAway.counts, ['pending_sign', 'escalated', 'due_soon'])
  const arrived = await streetBench.stream.next(ours)
  assert.deepEqual(
    [data(arrived).number, data(arrived).action, data(arrived).counts],
    [a.number, 'escalate', ['pending_sign', 'due_soon']],
    'the street never heard A’s route nor B’s: they touched no tab of the street',
  )
  // the street sends it down to the other community: it leaves the street's tabs
  await applyAction(await h.as(`c-${LIUJIABAO}`), escalated, { type: 'dispatch', unitId: sibling.id })
  const dispatched = await streetBench.stream.next(ours)
  assert.deepEqual(
    [data(dispatched).action, data(dispatched).tabs, data(dispatched).counts],
    ['dispatch', ['pending_sign', 'due_soon'], ['pending_sign', 'due_soon']],
  )

  // a reconnect from `ready` replays exactly what the live stream carried (A's escalate and dispatch)
  const replay = await open(streetCookie, { view: 'workbench', lastEventId: streetBench.ready?.id })
  assert.deepEqual((await replay.stream.next(ours)).data, arrived.data)
  assert.deepEqual((await replay.stream.next(ours)).data, dispatched.data)
  // …and the 全部 stream's replay has all of A and B in the street's area
  const replayAll = await open(streetCookie, { view: 'workbench', tab: 'all', lastEventId: streetAll.ready?.id })
  const all: string[] = []
  for (let last = ''; last !== `${a.number} dispatch`; ) {
    const change = data(await replayAll.stream.next(ours))
    assert.ok(change.tabs.includes('all'))
    last = `${change.number} ${change.action}`
    all.push(last)
  }
  for (const step of [`${a.number} route`, `${b.number} route`, `${a.number} escalate`]) assert.ok(all.includes(step), step)
})

test('a workbench stream is of the caller’s own unit: no scope with it, no tab without it', async (t) => {
  const h = await build(t)
  const district = await h.as('c-620105')
  assert.equal((await district.get('/api/v1/stream?view=workbench&scope=620105007')).status, 400)
  assert.equal((await district.get('/api/v1/stream?tab=all')).status, 400)
  assert.equal((await h.anonymous.get('/api/v1/stream?view=workbench')).status, 401)
})

const RESIDENT_STREAM = '/api/v1/resident/stream'

test('a resident’s stream carries the changes of their own events, never another resident’s nor the staff’s internal notes, also on a replay', async (t) => {
  const h = await build(t)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const a = await residentOverHttp(base, '13900000201')
  const b = await residentOverHttp(base, '13900000202')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const at = { category: 'sanitation.garbage', lat: seat.lat, lng: seat.lng }
  const eventA = await residentReport(a, { ...at, description: '楼道里的垃圾三天没人清运了' })
  const eventB = await residentReport(b, { ...at, description: '小区门口的垃圾桶满了一个星期' })
  const stream = await openStream(base, a.cookie, { path: RESIDENT_STREAM })
  t.after(() => stream.close())
  const ready = await stream.next((m) => m.event === 'ready')

  const community = await h.as(`c-${XINGFULI}`)
  // B's event changes first, then an internal note on A's: neither may reach A
  await applyAction(community, eventB, { type: 'sign' })
  const noted = await applyAction(community, eventA, { type: 'comment', note: '内部：先联系物业' })
  await applyAction(community, noted, { type: 'sign' })
  // every change A hears up to the sign is A's own (its report's submit and route may come first)
  let data: Record<string, unknown>
  do {
    data = JSON.parse((await stream.next((m) => m.event === 'change')).data)
    assert.equal(data.number, eventA.number, 'A hears only A’s events')
    assert.notEqual(data.action, 'comment', 'the internal note never reaches the reporter')
  } while (data.action !== 'sign')
  assert.equal(data.state, 'in_progress')
  assert.equal(data.eventId, eventA.id)
  assert.deepEqual(
    Object.keys(data).sort(),
    ['action', 'at', 'category', 'channel', 'communityId', 'currentUnitId', 'districtId', 'eventId', 'number', 'state'],
    'the message names only what the resident’s own event page shows',
  )

  // a reconnect from `ready` replays A's sign only
  const resumed = await openStream(base, a.cookie, { path: RESIDENT_STREAM, lastEventId: ready.id })
  t.after(() => resumed.close())
  let replayed: Record<string, unknown>
  do {
    replayed = JSON.parse((await resumed.next((m) => m.event === 'change')).data)
    assert.equal(replayed.number, eventA.number, 'the replay carries only A’s events')
    assert.notEqual(replayed.action, 'comment', 'nor the internal note')
  } while (replayed.action !== 'sign')
  // …and what comes next live is A's too: B's stream hears B's next change, A's does not
  const streamB = await openStream(base, b.cookie, { path: RESIDENT_STREAM })
  t.after(() => streamB.close())
  await streamB.next((m) => m.event === 'ready')
  const signedB = (await community.get(`/api/v1/events/${eventB.id}`)).body
  await applyAction(community, signedB, { type: 'comment', note: '已联系路灯所，明天修', toReporter: true })
  const toB = await streamB.next((m) => m.event === 'change' && JSON.parse(m.data).action === 'comment')
  assert.equal(JSON.parse(toB.data).number, eventB.number)
  const signedA = (await community.get(`/api/v1/events/${eventA.id}`)).body
  await applyAction(community, signedA, { type: 'comment', note: '物业明早清运', toReporter: true })
  for (const s of [stream, resumed]) {
    const next = await s.next((m) => m.event === 'change' && JSON.parse(m.data).action === 'comment')
    assert.equal(JSON.parse(next.data).number, eventA.number, 'B’s message to its reporter never reached A')
  }
})

test('a resident’s stream carries the progress of an event they follow, not the messages to its reporter, also on a replay', async (t) => {
  const h = await build(t)
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const reporter = await residentOverHttp(base, '13900000203')
  const follower = await residentOverHttp(base, '13900000204')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const event = await residentReport(reporter, {
    category: 'sanitation.garbage',
    lat: seat.lat,
    lng: seat.lng,
    description: '楼道里的垃圾三天没人清运了',
  })
  assert.equal((await follower.post(`/api/v1/resident/events/${event.id}/follow`, {})).status, 200)
  const stream = await openStream(base, follower.cookie, { path: RESIDENT_STREAM })
  t.after(() => stream.close())
  const ready = await stream.next((m) => m.event === 'ready')

  const community = await h.as(`c-${XINGFULI}`)
  const messaged = await applyAction(community, event, { type: 'comment', note: '请问具体是几号楼？', toReporter: true })
  await applyAction(community, messaged, { type: 'sign' })
  // the report's submit and route may come first; the message to the reporter never does
  for (const s of [stream, await openStream(base, follower.cookie, { path: RESIDENT_STREAM, lastEventId: ready.id })]) {
    t.after(() => s.close())
    let heard: Record<string, unknown>
    do {
      heard = JSON.parse((await s.next((m) => m.event === 'change')).data)
      assert.equal(heard.eventId, event.id)
      assert.notEqual(heard.action, 'comment', 'the message to the reporter is not the follower’s')
    } while (heard.action !== 'sign')
  }
})

test('the resident stream is residents’ only: anonymous 401, staff 403', async (t) => {
  const h = await build(t)
  assert.equal((await h.anonymous.get(RESIDENT_STREAM)).status, 401)
  assert.equal((await (await h.as('c-620105')).get(RESIDENT_STREAM)).status, 403)
})

test('a stream outside the caller’s unit is forbidden', async (t) => {
  const h = await build(t)
  const district = await h.as('c-620105')
  assert.equal((await district.get('/api/v1/stream?scope=620102')).status, 403)
  assert.equal((await h.anonymous.get('/api/v1/stream')).status, 401)
})

test('a change made through one instance reaches a stream on another instance of the same PostgreSQL', async (t) => {
  const h = await build(t)
  if (h.database.kind !== 'postgres') return t.skip('needs PostgreSQL (TEST_DATABASE_URL)')
  const { app: second } = await secondInstance(t, h)
  const one = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const two = await second.listen({ port: 0, host: '127.0.0.1' })
  assert.notEqual(one, two)

  const stream = await openStream(two, await login(two, 'leader'))
  t.after(() => stream.close())
  await stream.next((m) => m.event === 'ready')
  const operator = await login(one, 'operator1')
  const session = await (await fetch(`${one}/api/v1/session`, { headers: { cookie: operator } })).json()
  const res = await fetch(`${one}/api/v1/events`, {
    method: 'POST',
    headers: { cookie: operator, 'content-type': 'application/json', 'x-csrf-token': session.me.csrfToken },
    body: JSON.stringify({ channel: 'hotline', category: 'sanitation.garbage', description: '两个实例', communityCode: XINGFULI }),
  })
  assert.equal(res.status, 201)
  const { number } = await res.json()
  const change = await stream.next(isChange(number))
  assert.equal(JSON.parse(change.data).number, number)
})

test('when the listening connection to PostgreSQL drops, it comes back: open streams resync, then changes flow again', async (t) => {
  const h = await build(t)
  if (h.database.kind !== 'postgres') return t.skip('needs PostgreSQL (TEST_DATABASE_URL)')
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' })
  const stream = await openStream(base, await login(base, 'leader'))
  t.after(() => stream.close())
  await stream.next((m) => m.event === 'ready')

  // as a database restart or failover would
  const { rows } = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
    where application_name = 'xiaolan-listen' and datname = current_database()`.execute(h.database.db)
  assert.equal(rows[0].n, 1, 'one listening connection per instance')
  await stream.next((m) => m.event === 'resync')

  const operator = await h.as('operator1')
  const created = await registerCall(operator, '重连之后')
  await stream.next(isChange(created.number))
})
