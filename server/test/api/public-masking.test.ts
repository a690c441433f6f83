/**
 * Masking at the source, through the API (issue 12, deliverables 3 and 4): events reported in the
 * resident app and taken on the 12345 hotline carry personal data in many spellings — in the
 * title, the description, the address and the staff's notes (resolve, reply, messages to the
 * reporter) — and no public response shows any of it; and the public timeline names each step's
 * actor in public terms.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { applyAction, build, registerCall, reportAtSeat, residentReport, type TestApp, XINGFULI } from '../helper.ts'
import { idNumber, mobile, nameWithSpelling, normalised, spelled, spelling, withSpelling } from '../pii.ts'

const LIFTED = {
  RATE_LIMIT_AUTH_PER_MINUTE: '10000',
  RATE_LIMIT_TRACK_PER_MINUTE: '10000',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '10000',
  OTP_CLIENT_PER_HOUR: '10000',
  OTP_CLIENT_PER_DAY: '10000',
}

/** Every public response that concerns these events: their rows of the public list, their tracking pages, the public KPIs. */
async function publicResponses(h: TestApp, numbers: string[]) {
  const out: string[] = []
  let next: string | null = null
  do {
    const page = await h.anonymous.get(`/api/v1/public/events?limit=50${next ? `&next=${next}` : ''}`)
    assert.equal(page.status, 200)
    out.push(...page.body.items.filter((r: { number: string }) => numbers.includes(r.number)).map((r: unknown) => JSON.stringify(r)))
    next = out.length < numbers.length ? page.body.next : null
  } while (next)
  assert.equal(out.length, numbers.length, 'every event is in the public list')
  for (const n of numbers) {
    const tracked = await h.anonymous.get(`/api/v1/track/${n}`)
    assert.equal(tracked.status, 200)
    out.push(JSON.stringify(tracked.body))
  }
  const kpis = await h.anonymous.get('/api/v1/public/kpis')
  assert.equal(kpis.status, 200)
  out.push(JSON.stringify(kpis.body))
  return out
}

test('no phone, ID number, name or room survives into a public response, in any spelling, from the app or the hotline', async (t) => {
  const h = await build(t, { env: LIFTED })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const staff = await h.as(`c-${XINGFULI}`)
  const supervisor = await h.as('supervisor')
  const operator = await h.as('operator1')
  // each run signs in a new resident: their phone comes from a counter (a shrunk run must not reuse
  // one, the OTP caps hold per phone), written in a generated spelling
  let residents = 0
  const pii = fc.record({
    phoneSpelling: spelling(11),
    id: withSpelling(idNumber),
    name: nameWithSpelling,
    callerPhone: mobile.chain((p) => fc.tuple(fc.constant(p), spelled(p, { asciiOnly: true }), spelled(p))),
    caller: nameWithSpelling,
    otherPhone: withSpelling(mobile),
  })
  await fc.assert(
    fc.asyncProperty(pii, async ({ phoneSpelling, id, name, callerPhone, caller, otherPhone }) => {
      const own = `1370000${String(++residents).padStart(4, '0')}`
      const phone = [own, phoneSpelling(own)]
      const resident = await h.resident(phone[0], { name: name[0], idNumber: id[0].toUpperCase() })
      const place = { lat: community.seat.lat, lng: community.seat.lng }
      const house = '幸福里小区3号楼2单元502室'
      // a title of its own with a phone in it, and a derived one cut in the middle of the numbers
      const titled = await residentReport(resident, {
        category: 'sanitation.garbage',
        title: `${name[1]} 反映 ${phone[1]}`,
        description: `我是${name[1]}，身份证${id[1]}，电话${phone[1]}，住${house}，楼下垃圾没人清`,
        address: `${house}（${name[1]} ${phone[1]}）`,
        ...place,
      })
      const derived = await residentReport(resident, {
        category: 'sanitation.garbage',
        description: `联系电话${phone[1]}，身份证号${id[1]}，我是${name[1]}，路灯坏了`,
        ...place,
      })
      const called = await registerCall(
        operator,
        `来电人${caller[1]}（${callerPhone[2]}）反映：${house}门口垃圾堆积，另一位居民${otherPhone[1]}也反映过`,
        { reporterName: caller[0], reporterPhone: callerPhone[1], address: house },
      )
      assert.ok(titled.number && derived.number, JSON.stringify([titled, derived]))

      let e = await applyAction(staff, titled, { type: 'sign' })
      e = await applyAction(staff, e, { type: 'comment', toReporter: true, note: `${name[1]}您好，请保持${phone[1]}畅通` })
      e = await applyAction(supervisor, e, { type: 'supervise', note: `督办：居民${name[1]}（${id[1]}）多次反映` })
      e = await applyAction(staff, e, { type: 'reply', note: `已联系 ${phone[1]} 的居民 ${name[1]}，上门到${house}` })
      e = await applyAction(staff, e, { type: 'resolve', note: `已清运，回访${name[1]} ${phone[1]}，${house}` })
      await applyAction(resident, e, { type: 'evaluate', rating: 'satisfied', note: `我${name[1]}很满意，电话${phone[1]}` })

      let c = await applyAction(staff, called, { type: 'sign' })
      c = await applyAction(staff, c, { type: 'resolve', note: `已联系来电人${caller[1]} ${callerPhone[2]}及${otherPhone[1]}` })
      await applyAction(operator, c, { type: 'evaluate', rating: 'satisfied', note: `回访${caller[1]}，${callerPhone[2]}，满意` })

      const secrets = [
        phone[0],
        phone[0].slice(3),
        id[0].toUpperCase(),
        id[0].slice(6, 14),
        name[0],
        callerPhone[0],
        callerPhone[0].slice(3),
      ]
      secrets.push(caller[0], otherPhone[0], otherPhone[0].slice(3), '2单元', '502室')
      for (const response of await publicResponses(h, [titled.number, derived.number, called.number])) {
        const seen = normalised(response).toUpperCase()
        for (const secret of secrets) assert.ok(!seen.includes(secret.toUpperCase()), `${secret} in ${response}`)
      }
      // the words are still there, masked: the title keeps its sense
      const track = (await h.anonymous.get(`/api/v1/track/${derived.number}`)).body
      assert.match(track.title, /^联系电话1\d\d\*\*\*\*\d{4}，身份证号/)
    }),
    { numRuns: 4, endOnFailure: true },
  )
})

test('staff still see the reporter’s words and reveal the contact through the audited path', async (t) => {
  const h = await build(t, { env: LIFTED })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const resident = await h.resident('13912345678', { name: '王小兰', idNumber: '11010519491231002X' })
  const description = '我是王 小兰，电话 139 1234 5678，住幸福里小区3号楼2单元502室'
  const event = await residentReport(resident, {
    category: 'sanitation.garbage',
    description,
    lat: community.seat.lat,
    lng: community.seat.lng,
  })
  const staff = await h.as(`c-${XINGFULI}`)
  const seen = (await staff.get(`/api/v1/events/${event.id}`)).body
  assert.equal(seen.description, description)
  assert.deepEqual([seen.reporter.name, seen.reporter.phone, seen.reporter.masked], ['王**', '139****5678', true])
  const contact = await staff.post(`/api/v1/events/${event.id}/contact`)
  assert.deepEqual(contact.body, { name: '王小兰', phone: '13912345678' })
  // the reporter reads their own report in full
  assert.equal((await resident.get(`/api/v1/events/${event.id}`)).body.description, description)
})

test('the public timeline says who acted in public terms: reporter, 12345 hotline, system or the unit', async (t) => {
  const h = await build(t, { env: LIFTED })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const staff = await h.as(`c-${XINGFULI}`)
  const operator = await h.as('operator2')
  const steps = async (number: string) =>
    (await h.anonymous.get(`/api/v1/track/${number}`)).body.timeline.map(
      (e: { action: string; actor: string; unit: string | null; toUnit: string | null }) => [e.action, e.actor, e.unit, e.toUnit],
    )

  // a resident's report in the app, through 催办 and 评价
  const resident = await h.resident('13900000021', { name: '赵秀英', idNumber: '11010519491231002X' })
  const reported = await residentReport(resident, {
    category: 'sanitation.garbage',
    description: '垃圾没人清运',
    lat: community.seat.lat,
    lng: community.seat.lng,
  })
  let e = await applyAction(staff, reported, { type: 'sign' })
  e = await applyAction(resident, e, { type: 'press' })
  e = await applyAction(staff, e, { type: 'resolve', note: '已清运' })
  await applyAction(resident, e, { type: 'evaluate', rating: 'satisfied' })
  assert.deepEqual(await steps(reported.number), [
    ['submit', 'reporter', null, null],
    ['route', 'system', null, '幸福里社区'],
    ['sign', 'unit', '幸福里社区', null],
    ['press', 'reporter', null, null],
    ['resolve', 'unit', '幸福里社区', null],
    ['evaluate', 'reporter', null, null],
  ])

  // a 12345 call with no place yet: the operator screens it to the community, the caller rates it on the return call
  const called = (
    await operator.post('/api/v1/events', { channel: 'hotline', category: 'sanitation.garbage', description: '小区垃圾堆积' })
  ).body
  let c = await applyAction(operator, called, { type: 'accept', unitId: community.id })
  c = await applyAction(staff, c, { type: 'sign' })
  c = await applyAction(staff, c, { type: 'resolve', note: '已清运' })
  await applyAction(operator, c, { type: 'evaluate', rating: 'satisfied' })
  assert.deepEqual(await steps(called.number), [
    ['submit', 'hotline', null, null],
    ['accept', 'hotline', null, '幸福里社区'],
    ['sign', 'unit', '幸福里社区', null],
    ['resolve', 'unit', '幸福里社区', null],
    ['evaluate', 'reporter', null, null],
  ])

  // a question answered on the call
  const answered = await operator.post('/api/v1/hotline/answered', {
    category: 'consult',
    description: '怎么办理居住证',
    answer: '携带身份证到派出所办理',
  })
  assert.equal(answered.status, 201, JSON.stringify(answered.body))
  assert.deepEqual(await steps(answered.body.number), [
    ['submit', 'hotline', null, null],
    ['answer', 'hotline', null, null],
  ])
})

test('a third party named in a staff note, a mobile split by 、 and a room after a floor stay out of the public views', async (t) => {
  const h = await build(t, { env: LIFTED })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const staff = await h.as(`c-${XINGFULI}`)
  const resident = await h.resident('13900000031', { name: '李四光', idNumber: '11010519491231002X' })
  const place = { lat: community.seat.lat, lng: community.seat.lng }
  const split = await reportAtSeat(h, resident, XINGFULI, '电话号码138、0013、8000 小区垃圾没人清运')
  const floor = await residentReport(resident, {
    category: 'sanitation.garbage',
    description: '幸福里小区3号楼2单元5楼502号门口垃圾堆积',
    ...place,
  })
  let e = await applyAction(staff, floor, { type: 'sign', note: '已联系 138 0000 0001 的居民张三丰，上门核实' })
  e = await applyAction(staff, e, {
    type: 'resolve',
    note: '已处理，联系人 138.0000.0001 欧阳娜娜 3号楼2单元502室，幸福里社区已督促兰州和美物业管理有限公司清运',
  })

  const list = (await h.anonymous.get('/api/v1/public/events?limit=50')).body.items
  const titleOf = (n: string) => list.find((r: { number: string }) => r.number === n)?.title
  assert.equal(titleOf(split.number), '电话号码138****8000 小区垃圾没人清运')
  assert.match(titleOf(floor.number), /^幸福里小区3号楼…门口垃圾堆积/)
  const track = (await h.anonymous.get(`/api/v1/track/${floor.number}`)).body
  assert.equal(track.title, titleOf(floor.number))
  const notes = track.timeline.map((s: { note: string | null }) => s.note).filter(Boolean)
  assert.ok(notes.includes('已联系 138****0001 的居民张**，上门核实'), JSON.stringify(notes))
  assert.ok(notes.includes('已处理，联系人 138****0001 欧*** 3号楼…，幸福里社区已督促兰州和美物业管理有限公司清运'), JSON.stringify(notes))
  const seen = JSON.stringify([list, track])
  for (const secret of ['张三丰', '欧阳娜娜', '502', '0013', '5楼']) assert.ok(!seen.includes(secret), `${secret} in ${seen}`)
  // staff read their notes as written
  const log = (await staff.get(`/api/v1/events/${floor.id}`)).body
  assert.ok(JSON.stringify(log).includes('张三丰'))
})
