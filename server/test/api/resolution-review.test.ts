/**
 * 办结审核 (issue 14): a department's resolution waits at the center that dispatched it, which
 * approves it (the reporter then evaluates) or sends it back with a reason to the same department;
 * only that center's staff may review; a local force's resolution skips review unless an admin
 * turns it on; the KPIs count the reviews and the send-backs of each unit's results.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadSlaSettings } from '../../src/modules/sla/settings.ts'
import { applyAction, build, type Client, reportAtSeat, type TestApp, XINGFULI } from '../helper.ts'

const LIUJIAPU = '620105007'
const ANNING = '620105'

type Event = { id: number; version: number; state: string; currentUnit: { id: number; code: string } | null; allowedActions: string[] }

/** A resident's report at 幸福里社区, escalated to 刘家堡街道, which dispatches it to `target` (a unit's code). */
async function dispatchedFromStreet(h: TestApp, resident: Client, target: (street: Client) => Promise<number>) {
  let event: Event = await reportAtSeat(h, resident, XINGFULI, '小区门口路灯坏了一个星期')
  const community = await h.as(`c-${XINGFULI}`)
  event = await applyAction(community, event, { type: 'sign' })
  event = await applyAction(community, event, { type: 'escalate', note: '需街道协调' })
  const street = await h.as(`c-${LIUJIAPU}`)
  event = await applyAction(street, event, { type: 'sign' })
  event = await applyAction(street, event, { type: 'dispatch', unitId: await target(street) })
  return { event, street, community }
}

async function departmentOf(h: TestApp) {
  const departments = (await h.anonymous.get(`/api/v1/orgs?parent=${ANNING}&kind=department`)).body.items
  const dept = departments.find((d: { function: string }) => d.function === 'urban_management')
  return { dept, staff: await h.as(`d-${dept.code}`) }
}

test('a department’s resolution is reviewed by the dispatching street center: sent back with a reason, resolved again, approved, evaluated', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000011', { name: '赵小兰', idNumber: '11010519491231002X' })
  const { dept, staff } = await departmentOf(h)
  let { event, street, community } = await dispatchedFromStreet(h, resident, async () => dept.id)
  event = await applyAction(staff, event, { type: 'sign' })
  event = await applyAction(staff, event, { type: 'resolve', note: '已更换灯泡' })
  assert.equal(event.state, 'reviewing', 'not resolved yet: the street reviews it first')
  assert.equal(event.currentUnit?.id, dept.id, 'the result stays with the department while reviewed')
  assert.deepEqual(event.allowedActions.sort(), ['comment'], 'the department waits')

  // the street's 待审核 tab has it, with both decisions offered
  assert.equal((await street.get('/api/v1/events/inbox')).body.reviewing, 1)
  const tab = (await street.get('/api/v1/events?box=reviewing')).body.items
  assert.deepEqual(
    tab.map((e: { id: number }) => e.id),
    [event.id],
  )
  const seen = (await street.get(`/api/v1/events/${event.id}`)).body
  assert.ok(seen.allowedActions.includes('approve_resolution') && seen.allowedActions.includes('send_back'))
  // the reporter is not asked to evaluate a result under review
  assert.ok(!(await resident.get(`/api/v1/events/${event.id}`)).body.allowedActions.includes('evaluate'))

  // only the street center's staff review: 403 for the department, the community below, the district above, another street
  for (const other of [staff, community, await h.as(`c-${ANNING}`), await h.as('c-620105008')]) {
    const res = await other.post(`/api/v1/events/${event.id}/actions`, { type: 'approve_resolution', version: event.version })
    assert.ok([403, 404].includes(res.status), `${other.me.user?.username ?? ''}: ${res.status}`)
  }
  const forbidden = await staff.post(`/api/v1/events/${event.id}/actions`, { type: 'send_back', version: event.version, note: '自己退回' })
  assert.equal(forbidden.status, 403)

  // a reason is required; a stale version is a conflict
  const noReason = await street.post(`/api/v1/events/${event.id}/actions`, { type: 'send_back', version: event.version, note: '  ' })
  assert.equal(noReason.status, 400)
  assert.equal(noReason.body.error.details.field, 'note')
  const stale = await street.post(`/api/v1/events/${event.id}/actions`, { type: 'approve_resolution', version: event.version - 1 })
  assert.equal(stale.status, 409)
  assert.equal((await street.get(`/api/v1/events/${event.id}`)).body.state, 'reviewing', 'nothing written')

  event = await applyAction(street, event, { type: 'send_back', note: '请附更换后的照片' })
  assert.equal(event.state, 'in_progress')
  assert.equal(event.currentUnit?.id, dept.id, 'back at the same department')
  const back = (await staff.get(`/api/v1/events/${event.id}`)).body
  const last = back.timeline.at(-1)
  assert.deepEqual([last.action, last.note], ['send_back', '请附更换后的照片'], 'the department sees the reason')
  assert.ok(back.allowedActions.includes('resolve'))
  assert.equal((await street.get('/api/v1/events/inbox')).body.reviewing, 0)

  event = await applyAction(staff, event, { type: 'resolve', note: '已更换灯泡，附照片' })
  assert.equal(event.state, 'reviewing')
  event = await applyAction(street, event, { type: 'approve_resolution' })
  assert.equal(event.state, 'resolved')
  event = await applyAction(resident, event, { type: 'evaluate', rating: 'satisfied' })
  assert.equal(event.state, 'closed')

  // the public timeline names each step by its code and state, never a person
  const track = (await h.anonymous.get(`/api/v1/track/${(await resident.get(`/api/v1/events/${event.id}`)).body.number}`)).body
  const steps = track.timeline.map((e: { action: string; toState: string }) => `${e.action}:${e.toState}`)
  assert.deepEqual(steps.slice(-6), [
    'sign:in_progress',
    'resolve:reviewing',
    'send_back:in_progress',
    'resolve:reviewing',
    'approve_resolution:resolved',
    'evaluate:closed',
  ])
  const approved = track.timeline.find((e: { action: string }) => e.action === 'approve_resolution')
  assert.deepEqual([approved.actor, approved.unit], ['unit', '刘家堡街道'])
  // the reason of a send-back is the department's to read (the dialog says so): neither the public
  // nor the reporter sees its words, only the step
  const sentBack = (timeline: Array<{ action: string; note: string | null }>) => timeline.find((e) => e.action === 'send_back')
  assert.equal(sentBack(track.timeline)?.note, null)
  assert.equal(sentBack((await resident.get(`/api/v1/events/${event.id}`)).body.timeline)?.note, null)
  assert.equal(sentBack((await staff.get(`/api/v1/events/${event.id}`)).body.timeline)?.note, '请附更换后的照片')

  // 审核退回率: of the department's two reviewed results, one was sent back
  const district = await h.as(`c-${ANNING}`)
  const from = new Date(h.clock.now.getTime() - 86_400_000).toISOString()
  const to = new Date(h.clock.now.getTime() + 86_400_000).toISOString()
  const kpis = (await district.get(`/api/v1/kpis?scope=${ANNING}&from=${from}&to=${to}&groupBy=unit`)).body
  const row = kpis.rows.find((r: { unit: { id: number } }) => r.unit.id === dept.id)
  assert.deepEqual([row.reviewed, row.sentBack, row.sendBackRate], [2, 1, 0.5])
  const streetRow = kpis.rows.find((r: { unit: { code: string } }) => r.unit.code === LIUJIAPU)
  assert.deepEqual([streetRow?.reviewed ?? 0, streetRow?.sendBackRate ?? null], [0, null], 'counted for the handler, not the reviewer')
  assert.deepEqual([kpis.total.reviewed, kpis.total.sentBack], [2, 1])
})

test('a local force’s resolution skips review by default; an admin turns review on for forces and it applies', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000012', { name: '钱小兰', idNumber: '11010519491231002X' })
  const forceCode = `${XINGFULI}F1`
  const force = (await h.anonymous.get(`/api/v1/orgs?code=${forceCode}`)).body.items[0]
  const forceStaff = await h.as(`f-${forceCode}`)
  const handle = async () => {
    let { event } = await dispatchedFromStreet(h, resident, async () => force.id)
    event = await applyAction(forceStaff, event, { type: 'sign' })
    return applyAction(forceStaff, event, { type: 'resolve', note: '物业已修好' })
  }
  assert.equal((await handle()).state, 'resolved', 'off for local forces')

  const admin = await h.as('admin')
  const settings = (await admin.get('/api/v1/admin/sla/review')).body.items
  assert.deepEqual(
    settings.map((s: { kind: string; review: boolean }) => [s.kind, s.review]),
    [
      ['department', true],
      ['mediation', false],
      ['force', false],
    ],
  )
  const street = await h.as(`c-${LIUJIAPU}`)
  assert.equal((await street.post('/api/v1/admin/sla/review', { kind: 'force', review: true, reason: '试点' })).status, 403)
  assert.equal((await admin.post('/api/v1/admin/sla/review', { kind: 'force', review: true })).status, 400, 'a reason is required')
  const saved = await admin.post('/api/v1/admin/sla/review', { kind: 'force', review: true, reason: '试点：物业办结也经街道审核' })
  assert.equal(saved.status, 200)
  assert.equal(saved.body.items.find((s: { kind: string }) => s.kind === 'force').review, true)
  const history = (await admin.get('/api/v1/admin/sla/history')).body.items
  assert.deepEqual([history[0].subject, history[0].key, history[0].after], ['review_setting', 'force', { review: true }])

  assert.equal((await handle()).state, 'reviewing', 'a force’s result now waits for the street')
  const stored = await loadSlaSettings(h.database.db)
  assert.deepEqual([stored.reviews('force'), stored.reviews('department'), stored.reviews('mediation')], [true, true, false], 'as stored')
})
