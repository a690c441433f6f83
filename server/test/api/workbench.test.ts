import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { INBOX_BOXES, INBOX_COUNT_CAP } from '@xiaolan/contracts'
import { sql } from 'kysely'
import { applyAction, build, reportAtSeat, XINGFULI } from '../helper.ts'

const LIUJIAPU = '620105007'

async function reported(h: Awaited<ReturnType<typeof build>>) {
  const resident = await h.resident('13900000002', { name: '李小兰', idNumber: '11010519491231002X' })
  return { event: await reportAtSeat(h, resident, XINGFULI, '楼下垃圾桶满了没人清'), resident }
}

test('the inbox counts and tabs follow an event from 待签收 to 处置中 to 已上报', async (t) => {
  const h = await build(t)
  const { event } = await reported(h)
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as(`c-${LIUJIAPU}`)

  let counts = (await community.get('/api/v1/events/inbox')).body
  assert.equal(counts.pending_sign, 1)
  assert.equal(counts.in_progress, 0)
  let tab = (await community.get('/api/v1/events?box=pending_sign')).body
  assert.deepEqual(
    tab.items.map((e: { number: string }) => e.number),
    [event.number],
  )

  const signed = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })
  assert.equal(signed.status, 200)
  counts = (await community.get('/api/v1/events/inbox')).body
  assert.deepEqual([counts.pending_sign, counts.in_progress], [0, 1])

  const escalated = await community.post(`/api/v1/events/${event.id}/actions`, {
    type: 'escalate',
    version: signed.body.version,
    note: '需街道协调',
  })
  assert.equal(escalated.status, 200)
  counts = (await community.get('/api/v1/events/inbox')).body
  assert.deepEqual([counts.in_progress, counts.escalated], [0, 1])
  // the event keeps who escalated it, as migration 0016 derives it from the log
  const unitId = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0].id
  const escalatedBy = async () =>
    (await sql<{ units: number[] }>`select escalated_by as units from events where id = ${event.id}`.execute(h.database.db)).rows[0].units
  assert.deepEqual(await escalatedBy(), [unitId])
  const migration = readFileSync(new URL('../../migrations/0016_escalated_by.sql', import.meta.url), 'utf8')
  await sql`update events set escalated_by = '{}'`.execute(h.database.db)
  await sql.raw(migration.slice(migration.indexOf('update events'), migration.indexOf('create index'))).execute(h.database.db)
  assert.deepEqual(await escalatedBy(), [unitId])
  tab = (await community.get('/api/v1/events?box=escalated')).body
  assert.equal(tab.items[0].number, event.number)
  assert.equal((await street.get('/api/v1/events/inbox')).body.pending_sign, 1)
})

test('an extension waits in the deciding center’s 待审批延期 tab', async (t) => {
  const h = await build(t)
  const { event } = await reported(h)
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as(`c-${LIUJIAPU}`)
  let e = (await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })).body
  e = (await community.post(`/api/v1/events/${event.id}/actions`, { type: 'extend', version: e.version, days: 3, note: '需采购垃圾桶' }))
    .body
  assert.ok(e.extensionPending)
  assert.equal((await street.get('/api/v1/events/inbox')).body.extensions, 1)
  const seen = (await street.get(`/api/v1/events/${event.id}`)).body
  assert.ok(seen.allowedActions.includes('approve_extension'))
  assert.ok(seen.allowedActions.includes('refuse_extension'))
})

test('allowedActions lists exactly what the holder, a higher center and the reporter may do', async (t) => {
  const h = await build(t)
  const { event, resident } = await reported(h)
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as(`c-${LIUJIAPU}`)

  const held = (await community.get(`/api/v1/events/${event.id}`)).body
  assert.deepEqual(held.allowedActions.sort(), ['comment', 'dispatch', 'escalate', 'merge', 'recategorize', 'sign'].sort())
  // a center above corrects the category and supervises; it does not handle
  const above = (await street.get(`/api/v1/events/${event.id}`)).body
  assert.deepEqual(above.allowedActions.sort(), ['comment', 'recategorize', 'supervise'])
  const mine = (await resident.get(`/api/v1/events/${event.id}`)).body
  // the reporter may urge, and write to the handling unit (two-way messages)
  assert.deepEqual(mine.allowedActions.sort(), ['comment', 'press'])

  // every offered action is accepted by the server
  const signed = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: held.version })
  assert.equal(signed.status, 200)
  assert.ok(signed.body.allowedActions.includes('resolve'))
  assert.ok(!signed.body.allowedActions.includes('sign'))
})

test('dispatch targets are the district’s departments and the center’s children; 403 for a department', async (t) => {
  const h = await build(t)
  const street = await h.as(`c-${LIUJIAPU}`)
  const res = await street.get('/api/v1/workbench/dispatch-targets')
  assert.equal(res.status, 200)
  assert.equal(res.body.center.code, LIUJIAPU)
  const kinds = new Set(res.body.items.map((u: { kind: string }) => u.kind))
  assert.ok(kinds.has('department'))
  assert.ok(res.body.items.some((u: { code: string }) => u.code === XINGFULI))
  assert.ok(
    res.body.items.every(
      (u: { code: string; kind: string }) => u.kind === 'department' || u.kind === 'mediation' || u.code.startsWith(LIUJIAPU),
    ),
  )

  const department = res.body.items.find((u: { kind: string }) => u.kind === 'department')
  const deptStaff = await h.as(`d-${department.code}`)
  assert.equal((await deptStaff.get('/api/v1/workbench/dispatch-targets')).status, 403)
})

test('inbox tabs are for staff: 400 for an unknown tab, 401 without a session, 403 for a resident', async (t) => {
  const h = await build(t)
  const staff = await h.as(`c-${XINGFULI}`)
  const bad = await staff.get('/api/v1/events?box=everything')
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.details.field, 'box')
  assert.equal((await h.anonymous.get('/api/v1/events/inbox')).status, 401)
  const resident = await h.resident('13900000003')
  assert.equal((await resident.get('/api/v1/events/inbox')).status, 403)
  assert.equal((await resident.get('/api/v1/events?box=pending_sign')).status, 403)
})

test('即将超期 holds the unit’s events whose deadline falls within a day or has passed', async (t) => {
  const h = await build(t)
  const { event } = await reported(h)
  const community = await h.as(`c-${XINGFULI}`)
  const signed = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })
  assert.equal((await community.get('/api/v1/events/inbox')).body.due_soon, 0)
  h.clock.now = new Date(Date.parse(signed.body.resolveDeadline) - 3600_000)
  assert.equal((await community.get('/api/v1/events/inbox')).body.due_soon, 1)
  const tab = (await community.get('/api/v1/events?box=due_soon')).body
  assert.equal(tab.items[0].number, event.number)
})

test('a tab holding more than the cap counts to the cap and still lists its newest first', async (t) => {
  const h = await build(t)
  const { event } = await reported(h)
  const community = await h.as(`c-${XINGFULI}`)
  // 1,004 more events like it waiting at the community, with their scope rows (as a bulk import would)
  await sql`
    insert into events (number, title, description, category_code, priority, channel, lat, lng, community_id, district_id,
      area_path, state, current_unit_id, sign_deadline, resolve_deadline, version, created_at, updated_at)
    select e.number || '-' || g, e.title, e.description, e.category_code, e.priority, e.channel, e.lat, e.lng, e.community_id,
      e.district_id, e.area_path, e.state, e.current_unit_id, e.sign_deadline, e.resolve_deadline, 1, e.created_at, e.updated_at
    from events e, generate_series(1, 1004) g where e.id = ${event.id} order by g`.execute(h.database.db)
  await sql`
    insert into event_scopes (unit_id, event_id)
    select s.unit_id, e.id from event_scopes s, events e where s.event_id = ${event.id} and e.number like ${`${event.number}-%`}`.execute(
    h.database.db,
  )

  const counts = (await community.get('/api/v1/events/inbox')).body
  assert.equal(counts.pending_sign, INBOX_COUNT_CAP)
  assert.equal(counts.in_progress, 0)
  const first = (await community.get('/api/v1/events?box=pending_sign&limit=5')).body
  assert.deepEqual(
    first.items.map((e: { number: string }) => e.number),
    [1004, 1003, 1002, 1001, 1000].map((g) => `${event.number}-${g}`),
  )
})

test('待签收 pages through what the unit holds unsigned and what a whistle summoned it to, newest first', async (t) => {
  const h = await build(t)
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as(`c-${LIUJIAPU}`)
  const [lead, other] = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const atStreet = async () => {
    let { event } = await reported(h)
    for (const body of [{ type: 'sign' }, { type: 'escalate', note: '需街道协调' }]) {
      event = (await community.post(`/api/v1/events/${event.id}/actions`, { ...body, version: event.version })).body
    }
    return event
  }
  const [a, b, c] = [await atStreet(), await atStreet(), await atStreet()]
  for (const event of [a, c]) {
    const res = await street.post(`/api/v1/events/${event.id}/actions`, { type: 'dispatch', version: event.version, unitId: other.id })
    assert.equal(res.status, 200, JSON.stringify(res.body))
  }
  const whistle = { type: 'whistle', version: b.version, units: [lead.id, other.id], leadUnitId: lead.id, note: '吹哨' }
  assert.equal((await street.post(`/api/v1/events/${b.id}/actions`, whistle)).status, 200)

  const staff = await h.as(`d-${other.code}`)
  assert.equal((await staff.get('/api/v1/events/inbox')).body.pending_sign, 3)
  const first = (await staff.get('/api/v1/events?box=pending_sign&limit=2')).body
  assert.deepEqual(
    first.items.map((e: { id: number }) => e.id),
    [c.id, b.id],
  )
  const rest = (await staff.get(`/api/v1/events?box=pending_sign&limit=2&next=${first.next}`)).body
  assert.deepEqual(
    rest.items.map((e: { id: number }) => e.id),
    [a.id],
  )
  assert.equal(rest.next, null)
})

test('a unit’s tabs never show an event outside its scope: each one its staff may open, and in its 全部', async (t) => {
  const h = await build(t)
  const community = await h.as(`c-${XINGFULI}`)
  const street = await h.as(`c-${LIUJIAPU}`)
  const district = await h.as('c-620105')
  const [first, second] = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const [deptA, deptB] = [await h.as(`d-${first.code}`), await h.as(`d-${second.code}`)]
  const act = (client: Awaited<ReturnType<typeof h.as>>, e: { id: number; version: number }, body: Record<string, unknown>) =>
    applyAction(client, e, body)
  const resident = await h.resident('13900000002', { name: '李小兰', idNumber: '11010519491231002X' })
  const fresh = () => reportAtSeat(h, resident, XINGFULI, '楼下垃圾桶满了没人清')
  const upToStreet = async () =>
    act(community, await act(community, await fresh(), { type: 'sign' }), { type: 'escalate', note: '需街道协调' })

  // held unsigned and in progress at the community; supervised from the street
  await fresh()
  await act(street, await act(community, await fresh(), { type: 'sign' }), { type: 'supervise', note: '请加快' })
  // dispatched by the street to a department, signed there, an extension asked
  let e = await act(deptA, await act(street, await upToStreet(), { type: 'dispatch', unitId: first.id }), { type: 'sign' })
  await act(deptA, e, { type: 'extend', days: 3, note: '需采购' })
  // up to the district, dispatched, signed, returned: the district holds it again
  e = await act(street, await upToStreet(), { type: 'escalate', note: '需区里协调' })
  e = await act(deptB, await act(district, e, { type: 'dispatch', unitId: second.id }), { type: 'sign' })
  await act(deptB, e, { type: 'return', note: '不属本部门' })
  // a whistle: the lead department holds it, both are summoned; a result waits at the street's review
  await act(street, await upToStreet(), { type: 'whistle', units: [first.id, second.id], leadUnitId: second.id, note: '吹哨' })
  e = await act(deptB, await act(street, await upToStreet(), { type: 'dispatch', unitId: second.id }), { type: 'sign' })
  await act(deptB, e, { type: 'resolve', note: '已清运' })
  // everything still open falls due within the day
  h.clock.now = new Date(h.clock.now.getTime() + 6 * 86_400_000)

  const { rows: held } = await sql<{ n: number }>`
    select count(*)::int as n from events e join org_units u on u.id = e.current_unit_id
    where u.parent_id is not null and not exists (select 1 from event_scopes s where s.unit_id = e.current_unit_id and s.event_id = e.id)`.execute(
    h.database.db,
  )
  assert.equal(held[0].n, 0, 'an event held outside its holder’s scope')

  const pages = async (client: Awaited<ReturnType<typeof h.as>>, query: string) => {
    const ids: number[] = []
    let next: string | null = null
    do {
      const res = await client.get(`/api/v1/events?limit=100${query}${next ? `&next=${next}` : ''}`)
      assert.equal(res.status, 200, JSON.stringify(res.body))
      ids.push(...res.body.items.map((i: { id: number }) => i.id))
      next = res.body.next
    } while (next)
    return ids
  }
  const shown = new Set<string>()
  for (const staff of [community, street, district, deptA, deptB]) {
    const all = new Set(await pages(staff, ''))
    for (const box of INBOX_BOXES) {
      for (const id of await pages(staff, `&box=${box}`)) {
        shown.add(box)
        assert.ok(all.has(id), `${staff.me.username} ${box}: event ${id} is not in its 全部`)
        assert.equal((await staff.get(`/api/v1/events/${id}`)).status, 200, `${staff.me.username} ${box}: event ${id}`)
      }
    }
  }
  // the scenario reaches every tab
  assert.deepEqual([...shown].sort(), [...INBOX_BOXES].sort())
})
