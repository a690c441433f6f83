/**
 * 改分类 (issue 16, item 3): a logged lifecycle action by the holder or a center above; the event
 * stays where it is, its deadlines follow the new category's rule from when its clocks started, the
 * screen counts it under the new category, and the correction is kept with the text for training.
 * An accept can correct the category of a held guess on the way.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { recentCorrections } from '../../src/modules/intelligence/corrections.ts'
import { applyAction, build, registerCall, type TestApp, XINGFULI } from '../helper.ts'

const HOUR = 3600_000
const corrections = (h: TestApp) => h.database.db.selectFrom('classifier_corrections').selectAll().execute()

test('the holder changes the category: logged, the event stays, deadlines follow the new rule, the correction is kept', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  // municipal matters get two more working days than the default five
  const rule = await admin.post('/api/v1/admin/sla/rules', {
    category: 'municipal',
    priority: 'normal',
    signDays: 1,
    resolveDays: 7,
    natural: false,
    checkInHours: 2,
    evaluationDays: 3,
    reason: '市政设施需要采购',
  })
  assert.equal(rule.status, 200, JSON.stringify(rule.body))
  const operator = await h.as('operator1')
  const event = await registerCall(operator, '来电人反映幸福里小区门口的灯晚上一直不亮，走路看不清')
  const community = await h.as(`c-${XINGFULI}`)
  const signed = await applyAction(community, event, { type: 'sign' })
  assert.ok(signed.allowedActions.includes('recategorize'), 'the holder may change the category')

  const changed = await applyAction(community, signed, { type: 'recategorize', category: 'municipal.streetlight', note: ' 实为路灯不亮 ' })
  assert.equal(changed.category, 'municipal.streetlight')
  assert.equal(changed.state, 'in_progress')
  assert.equal(changed.currentUnit.code, XINGFULI, 'the event stays where it is')
  // the resolve clock started at the intake: the deadline moves by the two rules' difference, two working days
  const moved = Date.parse(changed.resolveDeadline) - Date.parse(signed.resolveDeadline)
  assert.ok(moved >= 2 * 24 * HOUR && moved <= 4 * 24 * HOUR, `moved by ${moved / HOUR} h`)
  const step = changed.timeline.at(-1)
  assert.equal(step.action, 'recategorize')
  assert.equal(step.note, '实为路灯不亮')
  assert.equal(step.data.category, 'municipal.streetlight')
  assert.equal(step.fromUnit.code, XINGFULI)
  assert.equal(step.toUnit.code, XINGFULI)

  const [kept] = await recentCorrections(h.database.db, 1)
  assert.equal(kept.eventId, event.id)
  assert.equal(kept.from, 'sanitation.garbage')
  assert.equal(kept.to, 'municipal.streetlight')
  assert.match(kept.text, /灯晚上一直不亮/)
  const [row] = await corrections(h)
  assert.equal(row.reason, '实为路灯不亮')
  assert.equal(
    row.user_id,
    (await h.database.db.selectFrom('users').select('id').where('username', '=', `c-${XINGFULI}`).executeTakeFirstOrThrow()).id,
  )

  // the screen counts it under its new top-level category
  const leader = await h.as('leader')
  const categories = (await leader.get('/api/v1/dashboard?days=7')).body.categories
  assert.deepEqual(
    categories.map((c: { category: string; count: number }) => [c.category, c.count]),
    [['municipal', 1]],
  )
})

test('a center above may change it, others may not; bad input is a 400 naming the field and writes nothing', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const event = await registerCall(operator, '楼下垃圾好几天没人清运')
  const act = (client: Awaited<ReturnType<TestApp['as']>>, body: Record<string, unknown>, version = event.version) =>
    client.post(`/api/v1/events/${event.id}/actions`, { version, ...body })

  const otherDistrict = await h.as('c-620102')
  assert.equal((await act(otherDistrict, { type: 'recategorize', category: 'dispute', note: '邻里纠纷' })).status, 404)
  const department = await h.as('d-620105D01')
  const refused = await act(department, { type: 'recategorize', category: 'dispute', note: '邻里纠纷' })
  assert.ok(refused.status === 403 || refused.status === 404, `a department not holding it: ${refused.status}`)

  const district = await h.as('c-620105')
  for (const [body, field] of [
    [{ type: 'recategorize', note: '分类有误' }, 'category'],
    [{ type: 'recategorize', category: 'no.such', note: '分类有误' }, 'category'],
    [{ type: 'recategorize', category: 'sanitation.garbage', note: '分类有误' }, 'category'],
    [{ type: 'recategorize', category: 'dispute' }, 'note'],
  ] as const) {
    const res = await act(district, body)
    assert.equal(res.status, 400, JSON.stringify(res.body))
    assert.equal(res.body.error.details.field, field)
  }
  assert.equal((await act(district, { type: 'recategorize', category: 'dispute', note: '邻里纠纷' }, event.version - 1)).status, 409)
  assert.deepEqual(await corrections(h), [], 'nothing written')
  const unchanged = (await operator.get(`/api/v1/events/${event.id}`)).body
  assert.equal(unchanged.version, event.version)

  const res = await act(district, { type: 'recategorize', category: 'dispute.neighbour', note: '实为邻里纠纷' })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.equal(res.body.category, 'dispute.neighbour')
  assert.equal(res.body.currentUnit.code, XINGFULI, 'a center above corrects it without taking it')
})

test('the district center accepts a held guess with the right category: two steps, one write, and a correction', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const held = await operator.post('/api/v1/events', { channel: 'hotline', description: '你好，我想反映个情况', communityCode: XINGFULI })
  assert.equal(held.status, 201, JSON.stringify(held.body))
  assert.equal(held.body.state, 'submitted')
  const guessed = held.body.category

  const district = await h.as('c-620105')
  const community = h.app.ctx.orgs.byCode(XINGFULI)
  assert.ok(community)
  const bad = await district.post(`/api/v1/events/${held.body.id}/actions`, {
    version: held.body.version,
    type: 'accept',
    unitId: community.id,
    category: 'no.such',
  })
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.details.field, 'category')

  const target = guessed === 'dispute.neighbour' ? 'dispute.family' : 'dispute.neighbour'
  const accepted = await applyAction(district, held.body, { type: 'accept', unitId: community.id, category: target })
  assert.equal(accepted.category, target)
  assert.equal(accepted.state, 'assigned')
  assert.equal(accepted.version, held.body.version + 2)
  assert.deepEqual(
    accepted.timeline.slice(-2).map((s: { action: string; note: string | null }) => [s.action, s.note]),
    [
      ['recategorize', '受理时确认分类'],
      ['accept', null],
    ],
  )
  const [kept] = await recentCorrections(h.database.db, 1)
  assert.deepEqual([kept.from, kept.to], [guessed, target])
})
