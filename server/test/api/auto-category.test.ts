import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyAction, build, XINGFULI } from '../helper.ts'

test('an event created without a category is classified by the model and routed on a confident guess', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const res = await operator.post('/api/v1/events', {
    channel: 'hotline',
    description: '来电人反映：幸福里小区北门口的垃圾堆了好几天没人清运，垃圾桶都满溢了，臭得很，希望尽快清运',
    communityCode: XINGFULI,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.match(res.body.category, /^sanitation/)
  // sanitation is community-resolvable: routed bottom-up as if the operator had chosen it
  assert.equal(res.body.state, 'assigned')
  assert.equal(res.body.currentUnit.code, XINGFULI)
  const detail = (await operator.get(`/api/v1/events/${res.body.id}`)).body
  const submit = detail.timeline.find((s: { action: string }) => s.action === 'submit')
  assert.match(submit.note, /^系统分类：/)
  assert.match(submit.note, /垃圾/)
})

test('a text too vague to route on waits, submitted, at its district center, which accepts it onwards', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const res = await operator.post('/api/v1/events', {
    channel: 'hotline',
    description: '你好，我想反映个情况',
    communityCode: XINGFULI,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(res.body.state, 'submitted')
  assert.equal(res.body.currentUnit.code, '620105')
  const detail = (await operator.get(`/api/v1/events/${res.body.id}`)).body
  assert.match(detail.timeline.find((s: { action: string }) => s.action === 'submit').note, /待区中心确认分类/)

  const district = await h.as('c-620105')
  const inbox = (await district.get('/api/v1/events?box=pending_sign')).body
  assert.ok(
    inbox.items.some((e: { id: number }) => e.id === res.body.id),
    'in the district center’s 待签收',
  )
  const community = h.app.ctx.orgs.byCode(XINGFULI)
  assert.ok(community)
  const accepted = await applyAction(district, res.body, { type: 'accept', unitId: community.id })
  assert.equal(accepted.state, 'assigned')
  assert.equal(accepted.currentUnit.code, XINGFULI)
})

test('an unknown category is still a 400 naming the field, and writes nothing', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const before = await h.database.db
    .selectFrom('events')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  const res = await operator.post('/api/v1/events', {
    channel: 'hotline',
    category: 'no.such',
    description: '路灯不亮',
    communityCode: XINGFULI,
  })
  assert.equal(res.status, 400)
  assert.equal(res.body.error.details.field, 'category')
  const after = await h.database.db
    .selectFrom('events')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  assert.equal(after.n, before.n)
})
