import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, build, reportAtSeat, XINGFULI } from '../helper.ts'

const LIUJIAPU = '620105007'

test('a resident’s sanitation report goes round the whole closed loop, every step in the timeline', async (t) => {
  const h = await build(t)
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  assert.equal(community.name, '幸福里社区')

  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  let event = await reportAtSeat(h, resident, XINGFULI, '小区门口垃圾三天没人清运，气味很大')
  assert.match(event.number, /^LZ\d{8}-\d{6}$/)
  assert.equal(event.state, 'assigned')
  assert.equal(event.currentUnit.code, XINGFULI)

  const act = async (client: Awaited<ReturnType<typeof h.as>>, body: Record<string, unknown>) => {
    event = await applyAction(client, event, body)
    return event
  }

  const communityStaff = await h.as(`c-${XINGFULI}`)
  await act(communityStaff, { type: 'sign' })
  assert.equal(event.state, 'in_progress')
  await act(communityStaff, { type: 'escalate', note: '需要街道协调环卫车辆' })
  assert.equal(event.currentUnit.code, LIUJIAPU)

  const street = await h.as(`c-${LIUJIAPU}`)
  const departments = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const cityManagement = departments.find((d: { function: string }) => d.function === 'urban_management')
  await act(street, { type: 'dispatch', unitId: cityManagement.id, note: '请区城管局安排清运' })
  assert.equal(event.currentUnit.id, cityManagement.id)

  const department = await h.as(`d-${cityManagement.code}`)
  await act(department, { type: 'sign' })
  await act(department, { type: 'resolve', note: '已安排环卫车清运完毕' })
  assert.equal(event.state, 'reviewing', 'the street that dispatched it reviews the result first (办结审核)')
  await act(street, { type: 'approve_resolution' })
  assert.equal(event.state, 'resolved')

  await act(resident, { type: 'evaluate', rating: 'unsatisfied', note: '第二天又堆满了' })
  assert.equal(event.state, 'assigned')
  assert.equal(event.currentUnit.id, cityManagement.id, 'reopened to the department that resolved it')
  assert.equal(event.reopenCount, 1)

  await act(department, { type: 'sign' })
  await act(department, { type: 'resolve', note: '增加每日清运一次并加装垃圾桶' })
  await act(street, { type: 'approve_resolution' })
  await act(resident, { type: 'evaluate', rating: 'satisfied' })
  assert.equal(event.state, 'closed')
  assert.equal(event.evaluation, 'satisfied')

  const seen = await resident.get(`/api/v1/events/${event.id}`)
  const steps = seen.body.timeline.map((e: { action: string; toState: string }) => `${e.action}:${e.toState}`)
  assert.deepEqual(steps, [
    'submit:submitted',
    'route:assigned',
    'sign:in_progress',
    'escalate:assigned',
    'dispatch:assigned',
    'sign:in_progress',
    'resolve:reviewing',
    'approve_resolution:resolved',
    'evaluate:assigned',
    'sign:in_progress',
    'resolve:reviewing',
    'approve_resolution:resolved',
    'evaluate:closed',
  ])
  const units = seen.body.timeline.map((e: { toUnit: { code: string } | null }) => e.toUnit?.code)
  assert.equal(units[1], XINGFULI)
  assert.equal(units[3], LIUJIAPU)
  assert.equal(units[4], cityManagement.code)
})
