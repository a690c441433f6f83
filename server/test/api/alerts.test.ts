/**
 * 研判预警 (issue 16 item 5): a sensitive report is urgent at intake with an alert to its district
 * center naming the words; the scan raises a hotspot from a cluster with its evidence and updates
 * the one open alert as the cluster grows; the life (assign → acknowledge → close with a
 * disposition) is logged, 409 on a stale version, and scoped to the staff member's subtree.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runScan } from '../../src/modules/alerts/scan.ts'
import { build, registerCall, XINGFULI } from '../helper.ts'

test('a sensitive report is urgent and raises an alert to its district center with the words', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const event = await registerCall(operator, '工地几十个农民工讨薪，有人说要跳楼讨薪')
  assert.equal(event.priority, 'urgent')
  const plain = await registerCall(operator, '燃气费太贵了，比去年涨了很多')
  assert.notEqual(plain.priority, 'urgent')

  const center = await h.as('c-620105')
  const list = await center.get('/api/v1/alerts')
  assert.equal(list.status, 200, JSON.stringify(list.body))
  const alerts = list.body.items.filter((a: { kind: string }) => a.kind === 'sensitive')
  assert.equal(alerts.length, 1)
  assert.equal(alerts[0].unit.code, '620105')
  assert.deepEqual(alerts[0].words, ['跳楼讨薪', '讨薪'])
  const detail = await center.get(`/api/v1/alerts/${alerts[0].id}`)
  assert.equal(detail.status, 200)
  assert.deepEqual(
    detail.body.evidence.map((e: { id: number }) => e.id),
    [event.id],
  )

  // another district's center does not see it
  const other = await h.as('c-620102')
  assert.equal((await other.get('/api/v1/alerts')).body.items.length, 0)
  assert.equal((await other.get(`/api/v1/alerts/${alerts[0].id}`)).status, 404)
})

test('the scan raises a hotspot with its evidence, updates the one open alert, and its life is logged', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const ids: number[] = []
  for (let i = 0; i < 5; i++) {
    const e = await registerCall(operator, `幸福里小区${i + 1}号楼旁垃圾堆了好几天没人清运`, {
      lat: seat.lat + i * 0.0002,
      lng: seat.lng - i * 0.0002,
      communityCode: undefined,
    })
    ids.push(e.id)
  }
  const first = await runScan(h.app.ctx)
  assert.equal(first.ran, true)
  assert.equal(first.raised, 1)

  const center = await h.as('c-620105')
  const [alert] = (await center.get('/api/v1/alerts?kind=hotspot')).body.items
  assert.ok(alert, 'a hotspot alert')
  assert.equal(alert.evidenceCount, 5)
  assert.equal(alert.category, 'sanitation')
  const detail = (await center.get(`/api/v1/alerts/${alert.id}`)).body
  assert.deepEqual(detail.evidence.map((e: { id: number }) => e.id).sort(), [...ids].sort())
  for (const e of detail.evidence) assert.ok(e.number && e.title && e.category.startsWith('sanitation'))

  // the same scan again changes nothing; two more reports update the one open alert
  assert.equal((await runScan(h.app.ctx)).raised, 0)
  for (let i = 0; i < 2; i++)
    await registerCall(operator, '小区门口垃圾满了没人管', { lat: seat.lat, lng: seat.lng + i * 0.0001, communityCode: undefined })
  const again = await runScan(h.app.ctx)
  assert.equal(again.raised, 0)
  assert.equal(again.updated, 1)
  const hot = (await center.get('/api/v1/alerts?kind=hotspot')).body.items
  assert.equal(hot.length, 1)
  assert.equal(hot[0].id, alert.id)
  assert.equal(hot[0].evidenceCount, 7)
  assert.ok(hot[0].score > alert.score)

  // life: assign, acknowledge (a stale version is 409), close with a disposition
  const act = (body: Record<string, unknown>) => center.post(`/api/v1/alerts/${alert.id}/actions`, body)
  let v = hot[0].version
  const assigned = await act({ type: 'assign', version: v, unitId: hot[0].unit.id, note: '请环卫所核实' })
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body))
  assert.equal(assigned.body.alert.state, 'assigned')
  assert.equal((await act({ type: 'acknowledge', version: v, note: '已知悉' })).status, 409)
  v = assigned.body.alert.version
  assert.equal((await act({ type: 'acknowledge', version: v, note: '已安排清运' })).body.alert.state, 'acknowledged')
  const closed = await act({ type: 'close', version: v + 1, disposition: 'handled', note: '已清运' })
  assert.equal(closed.status, 200)
  assert.equal(closed.body.alert.state, 'closed')
  assert.equal(closed.body.alert.disposition, 'handled')
  assert.deepEqual(
    closed.body.transitions.map((x: { action: string; to: string }) => `${x.action}:${x.to}`),
    ['raise:open', 'assign:assigned', 'acknowledge:acknowledged', 'close:closed'],
  )
  // closed alerts leave the default (open) list, and the next scan does not raise them again from the same events
  assert.equal((await center.get('/api/v1/alerts?kind=hotspot')).body.items.length, 0)
  assert.equal((await center.get('/api/v1/alerts?kind=hotspot&state=closed')).body.items.length, 1)
  assert.equal((await runScan(h.app.ctx)).raised, 0)
  assert.equal((await center.get('/api/v1/alerts?kind=hotspot')).body.items.length, 0)
  // a new report in the cluster is new evidence: the hotspot is raised again
  await registerCall(operator, '垃圾又堆起来了，还是没人清运', { lat: seat.lat, lng: seat.lng, communityCode: undefined })
  assert.ok((await runScan(h.app.ctx)).raised >= 1)
  assert.ok((await center.get('/api/v1/alerts?kind=hotspot')).body.items.length >= 1)
  // an assignment reaches only the assigner's own area
  const fresh = (await center.get('/api/v1/alerts?kind=hotspot')).body.items[0]
  const elsewhere = await center.post(`/api/v1/alerts/${fresh.id}/actions`, {
    type: 'assign',
    version: fresh.version,
    unitId: h.app.ctx.orgs.byCode('620102')?.id,
  })
  assert.equal(elsewhere.status, 400)
  assert.equal(elsewhere.body.error.details.field, 'unitId')
  const nobody = await center.post(`/api/v1/alerts/${fresh.id}/actions`, { type: 'assign', version: fresh.version, userId: 987_654 })
  assert.equal(nobody.body.error.details.field, 'userId')
  // a bad disposition is a 400; another district center is a 404
  assert.equal((await act({ type: 'close', version: 1, disposition: 'nope' })).status, 400)
  const other = await h.as('c-620102')
  assert.equal((await other.post(`/api/v1/alerts/${alert.id}/actions`, { type: 'note', version: 1, note: 'x' })).status, 404)
})

test('a surge over a quiet baseline is raised from the rollups to the district center, with the day’s events', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const ids: number[] = []
  for (let i = 0; i < 9; i++) ids.push((await registerCall(operator, `第${i + 1}处垃圾没人清运`)).id)
  const scan = await runScan(h.app.ctx)
  assert.equal(scan.ran, true)
  const center = await h.as('c-620105')
  const [surge] = (await center.get('/api/v1/alerts?kind=surge')).body.items
  assert.ok(surge, 'a surge alert')
  assert.equal(surge.unit.code, '620105')
  assert.equal(surge.category, 'sanitation')
  assert.equal(surge.evidenceCount, 9)
  // the same day's scan again raises no second surge
  await runScan(h.app.ctx)
  assert.equal((await center.get('/api/v1/alerts?kind=surge')).body.items.length, 1)
  // the city screen's scope sees it, another district's does not; a scope outside the caller's is 403
  const leader = await h.as('leader')
  assert.equal((await leader.get('/api/v1/alerts?kind=surge&scope=620105')).body.items.length, 1)
  assert.equal((await leader.get('/api/v1/alerts?kind=surge&scope=620102')).body.items.length, 0)
  assert.equal((await center.get('/api/v1/alerts?scope=620102')).status, 403)
})

test('the demo city’s hotspot cluster is raised by the first scan', async (t) => {
  const h = await build(t)
  const { seedDemoHotspot } = await import('../../src/seed/demo/hotspot.ts')
  const numbers = await seedDemoHotspot(h.app.ctx)
  assert.equal(numbers.length, 7)
  assert.equal((await runScan(h.app.ctx)).raised, 1)
  const leader = await h.as('leader')
  const [alert] = (await leader.get('/api/v1/alerts?kind=hotspot')).body.items
  assert.equal(alert.evidenceCount, 7)
  assert.equal(alert.unit.code, '620105')
})

test('the same caller three times about one thing within 500 m is a repeat-reporter alert, the phone never shown', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const phone = '13912345678'
  const ids: number[] = []
  for (let i = 0; i < 3; i++)
    ids.push((await registerCall(operator, `楼下噪音第${i + 1}次反映`, { category: 'environment', reporterPhone: phone })).id)
  await registerCall(operator, '楼下噪音', { category: 'environment', reporterPhone: '13800000000' })
  assert.equal((await runScan(h.app.ctx)).ran, true)
  const center = await h.as('c-620105')
  const res = await center.get('/api/v1/alerts?kind=repeat_reporter')
  assert.equal(res.body.items.length, 1)
  assert.equal(res.body.items[0].evidenceCount, 3)
  const detail = await center.get(`/api/v1/alerts/${res.body.items[0].id}`)
  assert.deepEqual(detail.body.evidence.map((e: { id: number }) => e.id).sort(), [...ids].sort())
  assert.ok(!JSON.stringify([res.body, detail.body]).includes('13912345678'))
})

test('admins change a rule with a reason (logged); a stale version is 409; the scan follows the new threshold', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const rules = (await admin.get('/api/v1/admin/alert-rules')).body.items
  const hot = rules.find((r: { kind: string }) => r.kind === 'hotspot')
  assert.deepEqual(hot.params, { minEvents: 5, radiusMeters: 300, days: 7 })
  const changed = await admin.post('/api/v1/admin/alert-rules/hotspot', {
    version: hot.version,
    params: { minEvents: 3 },
    reason: '试点小区阈值',
  })
  assert.equal(changed.status, 200, JSON.stringify(changed.body))
  assert.deepEqual(changed.body.params, { minEvents: 3, radiusMeters: 300, days: 7 })
  assert.equal((await admin.post('/api/v1/admin/alert-rules/hotspot', { version: hot.version, enabled: false, reason: 'x' })).status, 409)
  assert.equal(
    (await admin.post('/api/v1/admin/alert-rules/hotspot', { version: hot.version + 1, params: { minEvents: 1 }, reason: 'x' })).status,
    400,
  )
  assert.equal((await admin.post('/api/v1/admin/alert-rules/hotspot', { version: hot.version + 1, reason: ' ' })).status, 400)
  const log = await h.database.db.selectFrom('change_log').selectAll().where('subject', '=', 'alert_rule').execute()
  assert.equal(log.length, 1)
  assert.equal(log[0].reason, '试点小区阈值')
  const operator = await h.as('operator1')
  for (let i = 0; i < 3; i++) await registerCall(operator, `垃圾没人清运${i}`)
  assert.equal((await runScan(h.app.ctx)).raised, 1)
})
