/**
 * 吹哨 from an alert (issue 16 item 5, "act on it"): the district center makes one consolidated work
 * order from a hotspot and whistles it at once to two departments with a lead; the alert records
 * the act with the order and stays open; a bad lead, a unit the center may not summon or a blank
 * note is a 400 naming the field, a role that does not whistle a 403, an alert outside the caller's
 * subtree a 404, a stale or closed alert a 409 — and none of these writes anything.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runScan } from '../../src/modules/alerts/scan.ts'
import { build, registerCall, type TestApp, XINGFULI } from '../helper.ts'

/** Five garbage calls around 幸福里's seat, scanned into one hotspot alert; the alert and the calls' numbers. */
async function hotspot(h: TestApp) {
  const operator = await h.as('operator1')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const numbers: string[] = []
  for (let i = 0; i < 5; i++) {
    const e = await registerCall(operator, `幸福里小区${i + 1}号楼旁垃圾堆了好几天没人清运`, {
      lat: seat.lat + i * 0.0002,
      lng: seat.lng - i * 0.0002,
      communityCode: undefined,
    })
    numbers.push(e.number)
  }
  assert.equal((await runScan(h.app.ctx)).raised, 1)
  const center = await h.as('c-620105')
  const [alert] = (await center.get('/api/v1/alerts?kind=hotspot')).body.items
  assert.ok(alert, 'a hotspot alert')
  return { alert, numbers, center }
}

/** Rows that a whistle writes: events, their log, the alerts' transitions. */
async function written(h: TestApp) {
  const db = h.database.db
  const count = async (table: 'events' | 'event_actions' | 'alert_transitions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { events: await count('events'), actions: await count('event_actions'), transitions: await count('alert_transitions') }
}

const unitId = (h: TestApp, code: string) => h.app.ctx.orgs.byCode(code)?.id as number

test('the district center whistles two departments from a hotspot: one order, led by one, recorded on the alert', async (t) => {
  const h = await build(t)
  const { alert, numbers, center } = await hotspot(h)
  // the alert names where it is: the community its cluster lies in, with its street and district
  assert.deepEqual(alert.areaNames, ['安宁区', '刘家堡街道', '幸福里社区'])
  const lead = unitId(h, '620105D01')
  const other = unitId(h, '620105D02')
  const targets = (await center.get('/api/v1/workbench/dispatch-targets')).body.items.map((u: { id: number }) => u.id)
  assert.ok(targets.includes(lead) && targets.includes(other), 'both are the center’s dispatch targets')

  const res = await center.post(`/api/v1/alerts/${alert.id}/whistle`, {
    version: alert.version,
    units: [lead, other],
    leadUnitId: lead,
    note: '请城管、环卫联合清运并查明原因',
  })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const { order, detail } = res.body
  assert.match(order.number, /^LZ\d{8}-\d{6}$/)

  // the order: the alert's category and point, in Chinese from the alert, whistled to both with the lead holding it
  const event = (await center.get(`/api/v1/events/${order.id}`)).body
  assert.equal(event.number, order.number)
  assert.equal(event.channel, 'alert')
  assert.equal(event.category, 'sanitation')
  assert.equal(event.lat, alert.lat)
  assert.equal(event.community.name, '幸福里社区')
  assert.equal(event.state, 'assigned')
  assert.equal(event.currentUnit.id, lead)
  assert.deepEqual(
    event.summoned.map((s: { unitId: number; lead: boolean; checkedInAt: string | null }) => [s.unitId, s.lead, s.checkedInAt]),
    [
      [lead, true, null],
      [other, false, null],
    ],
  )
  assert.match(event.title, /幸福里社区/)
  assert.match(event.title, /热点聚集/)
  assert.match(event.description, /安宁区刘家堡街道幸福里社区/)
  for (const n of numbers) assert.ok(event.description.includes(n), `the description names ${n}`)
  assert.match(event.description, /吹哨说明：请城管、环卫联合清运并查明原因/)
  assert.deepEqual(
    event.timeline.map((x: { action: string }) => x.action),
    ['submit', 'accept', 'whistle'],
  )

  // the alert: an `act` naming the order, by whom, with the note; still open; its views show the order
  assert.equal(detail.alert.state, alert.state)
  assert.equal(detail.alert.version, alert.version + 1)
  assert.deepEqual(detail.alert.orders, [order])
  const act = detail.transitions.at(-1)
  assert.equal(act.action, 'act')
  assert.equal(act.username, 'c-620105')
  assert.equal(act.note, '请城管、环卫联合清运并查明原因')
  assert.deepEqual(act.order, order)
  const listed = (await center.get('/api/v1/alerts?kind=hotspot')).body.items[0]
  assert.deepEqual(listed.orders, [order])
  // the next scan does not take the order for one more report of the hotspot it answers
  await runScan(h.app.ctx)
  const rescanned = await center.get(`/api/v1/alerts/${alert.id}`)
  assert.deepEqual(rescanned.body.evidence.map((e: { number: string }) => e.number).sort(), [...numbers].sort())
  // 'alert' is the whistle's channel, not one a report can come in by
  const posed = await center.post('/api/v1/events', {
    channel: 'alert',
    category: 'sanitation',
    description: '自称预警的登记',
    communityCode: XINGFULI,
  })
  assert.equal(posed.status, 400)
  assert.equal(posed.body.error.details.field, 'channel')

  // the summoned units: the other checks in, the lead holds it to sign and resolve
  const otherStaff = await h.as('d-620105D02')
  const checkIn = await otherStaff.post(`/api/v1/events/${order.id}/actions`, {
    type: 'check_in',
    version: event.version,
    note: '已派人到场',
  })
  assert.equal(checkIn.status, 200, JSON.stringify(checkIn.body))
  const leadStaff = await h.as('d-620105D01')
  const signed = await leadStaff.post(`/api/v1/events/${order.id}/actions`, { type: 'sign', version: checkIn.body.version })
  assert.equal(signed.status, 200, JSON.stringify(signed.body))
})

test('a sensitive alert’s order is urgent and does not carry the trigger words', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  await registerCall(operator, '工地几十个农民工讨薪，有人说要跳楼讨薪')
  const center = await h.as('c-620105')
  const [alert] = (await center.get('/api/v1/alerts?kind=sensitive')).body.items
  const res = await center.post(`/api/v1/alerts/${alert.id}/whistle`, {
    version: alert.version,
    units: [unitId(h, '620105D01'), unitId(h, '620105D02')],
    leadUnitId: unitId(h, '620105D02'),
    note: '人社、住建联合到场处置',
  })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const event = (await center.get(`/api/v1/events/${res.body.order.id}`)).body
  assert.equal(event.priority, 'urgent')
  assert.equal(event.currentUnit.id, unitId(h, '620105D02'))
  assert.match(event.title, /敏感诉求/)
  assert.doesNotMatch(`${event.title} ${event.description}`, /跳楼|讨薪/)
})

test('a bad lead, a unit out of reach or a blank note is a 400 naming the field, and nothing is written', async (t) => {
  const h = await build(t)
  const { alert, center } = await hotspot(h)
  const before = await written(h)
  const whistle = (body: Record<string, unknown>) =>
    center.post(`/api/v1/alerts/${alert.id}/whistle`, {
      version: alert.version,
      units: [unitId(h, '620105D01'), unitId(h, '620105D02')],
      leadUnitId: unitId(h, '620105D01'),
      note: '联合处置',
      ...body,
    })
  const badLead = await whistle({ leadUnitId: unitId(h, '620105D03') })
  assert.equal(badLead.status, 400)
  assert.equal(badLead.body.error.details.field, 'leadUnitId')
  // another district's department is not this center's to summon
  const outOfReach = await whistle({ units: [unitId(h, '620105D01'), unitId(h, '620102D01')] })
  assert.equal(outOfReach.status, 400)
  assert.equal(outOfReach.body.error.details.field, 'units')
  const one = await whistle({ units: [unitId(h, '620105D01')] })
  assert.equal(one.status, 400)
  assert.equal(one.body.error.details.field, 'units')
  const blank = await whistle({ note: '   ' })
  assert.equal(blank.status, 400)
  assert.equal(blank.body.error.details.field, 'note')
  // a stale version: 409, and the order made before the alert's row was found stale is rolled back too
  const stale = await whistle({ version: alert.version + 5 })
  assert.equal(stale.status, 409)
  assert.deepEqual(await written(h), before)
})

test('only a center that holds the alert whistles: other roles 403, other areas 404, a closed alert 409', async (t) => {
  const h = await build(t)
  const { alert, center } = await hotspot(h)
  const body = {
    version: alert.version,
    units: [unitId(h, '620105D01'), unitId(h, '620105D02')],
    leadUnitId: unitId(h, '620105D01'),
    note: '联合处置',
  }
  const before = await written(h)
  for (const username of ['supervisor', 'leader', 'admin']) {
    const res = await (await h.as(username)).post(`/api/v1/alerts/${alert.id}/whistle`, body)
    assert.equal(res.status, 403, username)
  }
  // another district's center, and the street below the district (the alert is the district's), do not see it
  for (const username of ['c-620102', 'c-620105007']) {
    const res = await (await h.as(username)).post(`/api/v1/alerts/${alert.id}/whistle`, body)
    assert.equal(res.status, 404, username)
  }
  assert.deepEqual(await written(h), before)

  const closed = await center.post(`/api/v1/alerts/${alert.id}/actions`, {
    type: 'close',
    version: alert.version,
    disposition: 'false_alarm',
  })
  assert.equal(closed.status, 200)
  const afterClose = await written(h)
  const res = await center.post(`/api/v1/alerts/${alert.id}/whistle`, { ...body, version: closed.body.alert.version })
  assert.equal(res.status, 409)
  assert.equal(res.body.error.code, 'alert_closed')
  assert.deepEqual(await written(h), afterClose)
})
