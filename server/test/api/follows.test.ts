import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, build, type Client, registerCall, reportAtSeat, type TestApp, XINGFULI } from '../helper.ts'

const M = 1 / 111_320 // degrees of latitude per metre

const unfollow = async (client: Client, id: number) => {
  const res = await client.inject({ method: 'DELETE', url: `/api/v1/resident/events/${id}/follow` })
  return { status: res.statusCode, body: res.json() }
}

const followed = async (client: Client) => {
  const res = await client.get('/api/v1/resident/follows')
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.items as Array<{ id: number; number: string; via: string; since: string; state: string; title: string | null }>
}

const followersOf = (h: TestApp, eventId: number) =>
  h.database.db
    .selectFrom('event_followers')
    .select(['resident_id', 'via'])
    .where('event_id', '=', eventId)
    .orderBy('resident_id')
    .execute()

test('a resident follows a routed event once, sees it under 我关注的 with its public progress only, and unfollows', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const routed = await registerCall(operator, '我是王建国，电话13912345678，幸福里小区北门垃圾三天没人清运', {
    reporterName: '王建国',
    reporterPhone: '13912345678',
  })
  assert.notEqual(routed.state, 'submitted')
  const resident = await h.resident('13900004444', { name: '钱小兰', idNumber: '11010519491231002X' })

  const first = await resident.post(`/api/v1/resident/events/${routed.id}/follow`)
  assert.equal(first.status, 200, JSON.stringify(first.body))
  assert.equal(first.body.following, true)
  assert.equal(first.body.via, 'duplicate')
  h.clock.now = new Date(h.clock.now.getTime() + 60_000)
  const again = await resident.post(`/api/v1/resident/events/${routed.id}/follow`)
  assert.equal(again.status, 200)
  assert.equal(again.body.since, first.body.since, 'following twice keeps the first follow')
  assert.equal((await followersOf(h, routed.id)).length, 1)
  assert.deepEqual((await resident.get(`/api/v1/resident/events/${routed.id}/follow`)).body, first.body)

  const items = await followed(resident)
  assert.deepEqual(
    items.map((e) => [e.id, e.number, e.via, e.state]),
    [[routed.id, routed.number, 'duplicate', routed.state]],
  )
  assert.doesNotMatch(JSON.stringify(items), /王建国|13912345678/)
  // following gives no reporter's view of it
  assert.equal((await resident.get(`/api/v1/events/${routed.id}`)).status, 404)

  const off = await unfollow(resident, routed.id)
  assert.equal(off.status, 200, JSON.stringify(off.body))
  assert.deepEqual(off.body, { eventId: routed.id, following: false, since: null, via: null })
  assert.deepEqual(await unfollow(resident, routed.id), off, 'unfollowing again is the same answer')
  assert.deepEqual(await followed(resident), [])
})

test('an event held unscreened or unknown is not found; staff are refused and visitors asked to sign in', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const held = await registerCall(operator, '北门垃圾堆了好几天没人清运')
  await h.database.db.updateTable('events').set({ state: 'submitted' }).where('id', '=', held.id).execute()
  const resident = await h.resident('13900004445', { name: '钱小兰', idNumber: '11010519491231002X' })

  for (const id of [held.id, 2_147_483_647]) {
    const follow = await resident.post(`/api/v1/resident/events/${id}/follow`)
    assert.equal(follow.status, 404, JSON.stringify(follow.body))
    assert.equal(follow.body.error.code, 'not_found')
    assert.equal((await unfollow(resident, id)).status, 404)
    assert.equal((await resident.get(`/api/v1/resident/events/${id}/follow`)).status, 404)
  }
  assert.equal((await followersOf(h, held.id)).length, 0)

  const routed = await registerCall(operator, '北门路灯不亮', { category: 'municipal.streetlight' })
  assert.equal((await operator.post(`/api/v1/resident/events/${routed.id}/follow`)).status, 403)
  assert.equal((await operator.get('/api/v1/resident/follows')).status, 403)
  assert.equal((await h.anonymous.post(`/api/v1/resident/events/${routed.id}/follow`)).status, 401)
  assert.equal((await h.anonymous.get('/api/v1/resident/follows')).status, 401)
  assert.equal((await followersOf(h, routed.id)).length, 0)
})

test('a merge has the folded event’s reporter and followers follow the survivor, in the merge’s transaction', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const reporter = await h.resident('13900004446', { name: '孙红梅', idNumber: '11010519491231002X' })
  const follower = await h.resident('13900004447', { name: '李建华', idNumber: '11010519491231002X' })
  const survivorReporter = await h.resident('13900004448', { name: '周小兰', idNumber: '11010519491231002X' })
  const folded = await reportAtSeat(h, reporter, XINGFULI, '幸福里小区北门垃圾桶满了没人清运')
  const survivor = await reportAtSeat(h, survivorReporter, XINGFULI, '北门垃圾好几天没人清运了')
  assert.equal((await follower.post(`/api/v1/resident/events/${folded.id}/follow`)).status, 200)
  // the survivor's reporter following the folded one too: they follow the survivor as its reporter
  assert.equal((await survivorReporter.post(`/api/v1/resident/events/${folded.id}/follow`)).status, 200)

  // a listener after ours fails: the merge is undone, and so are the follows it made
  const boom = async () => {
    throw new Error('a later listener fails')
  }
  h.app.ctx.onEventChange.push(boom)
  const current = (await operator.get(`/api/v1/events/${folded.id}`)).body
  const failed = await operator.post(`/api/v1/events/${folded.id}/actions`, {
    type: 'merge',
    version: current.version,
    intoEventId: survivor.id,
  })
  h.app.ctx.onEventChange.pop()
  assert.equal(failed.status, 500)
  assert.deepEqual(await followersOf(h, survivor.id), [])
  assert.equal((await followersOf(h, folded.id)).length, 2)
  assert.equal((await operator.get(`/api/v1/events/${folded.id}`)).body.state, current.state)

  await applyAction(operator, current, { type: 'merge', intoEventId: survivor.id })
  const ids = async (client: Client) => (await followed(client)).map((e) => [e.id, e.via])
  assert.deepEqual(await ids(reporter), [[survivor.id, 'merge']])
  assert.deepEqual(await ids(follower), [[survivor.id, 'merge']], 'the folded event is followed no more')
  assert.deepEqual(await ids(survivorReporter), [])
  assert.equal((await followersOf(h, survivor.id)).length, 2)
  assert.deepEqual(await followersOf(h, folded.id), [])
})

test('the drawer’s duplicates: open look-alikes in the caller’s scope, not the event itself nor what it is merged into', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const at = (metres: number) => ({ lat: seat.lat + metres * M, lng: seat.lng })
  const event = await registerCall(operator, '幸福里小区北门垃圾桶满了好几天没人清运，臭味很大', at(0))
  const lookalike = await registerCall(operator, '北门那边的垃圾三天都没有清运了，味道太难闻', at(50))
  const other = await registerCall(operator, '幸福里小区北门路灯晚上不亮', { ...at(10), category: 'municipal.streetlight' })

  const district = await h.as('c-620105')
  const res = await district.get(`/api/v1/events/${event.id}/duplicates`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const numbers = res.body.items.map((d: { number: string }) => d.number)
  assert.equal(numbers[0], lookalike.number, JSON.stringify(res.body.items))
  assert.ok(!numbers.includes(event.number), 'not the event itself')
  assert.ok(!numbers.includes(other.number), 'other words are no duplicate')
  const first = res.body.items[0]
  assert.ok(first.distanceM >= 40 && first.distanceM <= 60, `distance ${first.distanceM}`)
  assert.ok(first.score > 0 && first.score <= 1)
  assert.equal(first.version, lookalike.version)

  // another district's staff: the event does not exist for them; residents are refused
  const elsewhere = await h.as('c-620102')
  const hidden = await elsewhere.get(`/api/v1/events/${event.id}/duplicates`)
  assert.equal(hidden.status, 404)
  assert.deepEqual(hidden.body, (await elsewhere.get('/api/v1/events/2147483647/duplicates')).body)
  const resident = await h.resident('13900004449', { name: '钱小兰', idNumber: '11010519491231002X' })
  assert.equal((await resident.get(`/api/v1/events/${event.id}/duplicates`)).status, 403)
  assert.equal((await h.anonymous.get(`/api/v1/events/${event.id}/duplicates`)).status, 401)

  // merged into the look-alike, the event is not offered it again
  await applyAction(operator, event, { type: 'merge', intoEventId: lookalike.id })
  const after = await district.get(`/api/v1/events/${event.id}/duplicates`)
  assert.ok(!after.body.items.some((d: { id: number }) => d.id === lookalike.id), JSON.stringify(after.body.items))
})
