import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, registerCall, XINGFULI } from '../helper.ts'

const M = 1 / 111_320 // degrees of latitude per metre

test('a rephrased report of the same problem 50 m away ranks first; the same words 5 km away do not qualify; closed events are not offered', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const at = (metres: number) => ({ lat: seat.lat + metres * M, lng: seat.lng })
  const words = '幸福里小区北门垃圾桶满了好几天没人清运，臭味很大'

  const rephrased = await registerCall(operator, '北门那边的垃圾三天都没有清运了，味道太难闻', at(50))
  // distractors: the same category farther, other words right here, the same words 5 km away, a closed one here
  const farther = await registerCall(operator, '垃圾没人清运，堆在路边', at(800))
  const near = await registerCall(operator, '幸福里小区北门路灯晚上不亮，走路看不见', { ...at(20), category: 'municipal.streetlight' })
  const far = await registerCall(operator, words, at(5000))
  // a closed one at 10 m (its state set directly: the lifecycle's way to closed is not under test here)
  const closed = await registerCall(operator, words, at(10))
  await h.database.db.updateTable('events').set({ state: 'closed' }).where('id', '=', closed.id).execute()

  const hint = await operator.post('/api/v1/hotline/duplicates', { text: words, category: 'sanitation.garbage', ...at(0) })
  assert.equal(hint.status, 200, JSON.stringify(hint.body))
  const numbers = hint.body.items.map((e: { number: string }) => e.number)
  assert.equal(numbers[0], rephrased.number, JSON.stringify(hint.body.items))
  assert.ok(!numbers.includes(far.number), 'the same words 5 km away do not qualify')
  assert.ok(!numbers.includes(near.number), 'other words at the same spot are not a duplicate')
  if (numbers.includes(farther.number)) assert.ok(numbers.indexOf(farther.number) > 0)
  const first = hint.body.items[0]
  assert.ok(first.distanceM >= 40 && first.distanceM <= 60, `distance ${first.distanceM}`)
  assert.ok(first.ageDays >= 0 && first.ageDays < 1)

  assert.ok(!numbers.includes(closed.number), 'closed events are not offered')
})

test('a resident is offered the open event nearby before reporting it again, with nothing about its reporter', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  // the caller named themselves in the words: the resident must not see it
  const open = await registerCall(operator, '我是王建国，电话13912345678，幸福里小区北门垃圾三天没人清运，臭得很', {
    lat: seat.lat + 30 * M,
    lng: seat.lng,
    reporterName: '王建国',
    reporterPhone: '13912345678',
  })
  const hidden = await registerCall(operator, '北门垃圾堆了好几天没人清运', { lat: seat.lat, lng: seat.lng, anonymous: true })
  // 400 m away: beyond the public radius (250 m), though staff would be offered it
  const beyond = await registerCall(operator, '北门垃圾好几天没人清运了', { lat: seat.lat + 400 * M, lng: seat.lng })

  const resident = await h.resident('13900003333', { name: '钱小兰', idNumber: '11010519491231002X' })
  const res = await resident.post('/api/v1/resident/duplicates', { text: '北门的垃圾好几天都没人来收了', communityCode: XINGFULI })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const byNumber = new Map(res.body.items.map((e: { number: string }) => [e.number, e]))
  const offered = byNumber.get(open.number) as { title: string; distanceM: number; state: string } | undefined
  assert.ok(offered, JSON.stringify(res.body.items))
  assert.ok(offered.distanceM >= 20 && offered.distanceM <= 40)
  assert.doesNotMatch(JSON.stringify(res.body), /王建国|13912345678|reporter/)
  assert.equal((byNumber.get(hidden.number) as { title: string | null } | undefined)?.title, null, 'a hide-my-name report shows no words')
  assert.ok(!byNumber.has(beyond.number), 'beyond the public radius')
  // an event not yet screened (held for its district center) is not offered to the public
  const held = await registerCall(operator, '北门垃圾堆了好几天没人清运', { lat: seat.lat, lng: seat.lng, communityCode: undefined })
  await h.database.db.updateTable('events').set({ state: 'submitted' }).where('id', '=', held.id).execute()
  const again = await resident.post('/api/v1/resident/duplicates', { text: '北门的垃圾好几天都没人来收了', communityCode: XINGFULI })
  assert.ok(!again.body.items.some((e: { number: string }) => e.number === held.number), 'submitted events stay unseen')

  // the same by point; bad input names its field; staff and visitors are refused
  const byPoint = await resident.post('/api/v1/resident/duplicates', { text: '北门的垃圾好几天都没人来收了', lat: seat.lat, lng: seat.lng })
  assert.ok(byPoint.body.items.some((e: { number: string }) => e.number === open.number))
  const lonely = await resident.post('/api/v1/resident/duplicates', { text: '北门垃圾', lat: seat.lat })
  assert.equal(lonely.status, 400)
  assert.equal(lonely.body.error.details.field, 'lng')
  const nowhere = await resident.post('/api/v1/resident/duplicates', { text: '北门垃圾', communityCode: '999999999999' })
  assert.equal(nowhere.body.error.details.field, 'communityCode')
  assert.equal((await operator.post('/api/v1/resident/duplicates', { text: '北门垃圾', communityCode: XINGFULI })).status, 403)
  assert.equal((await h.anonymous.post('/api/v1/resident/duplicates', { text: '北门垃圾', communityCode: XINGFULI })).status, 401)
})
