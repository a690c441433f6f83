/**
 * 智能分拨's suggestions (issue 16): POST /api/v1/intelligence/classify ranks the catalogue's
 * active categories for a complaint's text, says which words weighed, and is for signed-in users.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { loadCategories } from '../../src/modules/events/categories.ts'
import { recentCorrections, recordCorrection } from '../../src/modules/intelligence/corrections.ts'
import { build } from '../helper.ts'

const URL = '/api/v1/intelligence/classify'
const TEXT = '来电人反映：城关区幸福里小区门口的垃圾桶满了好几天没人清运，臭气熏天'

test('staff and residents get ranked active category codes with scores and the words that weighed', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const resident = await h.resident('13800001616')
  for (const client of [operator, resident]) {
    const res = await client.post(URL, { text: TEXT })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const { candidates, explanation, confident } = res.body
    assert.equal(candidates.length, 18)
    assert.match(candidates[0].category, /^sanitation(\.|$)/)
    for (const c of candidates) assert.ok(h.app.ctx.categories.get(c.category), `${c.category} is an active code`)
    const scores = candidates.map((c: { score: number }) => c.score)
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      'best first',
    )
    assert.ok(explanation.length > 0 && explanation.length <= 6)
    for (const w of explanation) assert.ok(TEXT.includes(w), `${w} is in the text`)
    assert.equal(typeof confident, 'boolean')
  }
})

test('a deactivated category is not offered', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const before = (await operator.post(URL, { text: TEXT })).body.candidates[0].category as string
  const top = before.split('.')[0]
  await sql`update categories set active = false where code = ${top} or parent_code = ${top}`.execute(h.database.db)
  h.app.ctx.categories = await loadCategories(h.database.db)
  const res = await operator.post(URL, { text: TEXT })
  assert.equal(res.status, 200)
  assert.equal(res.body.candidates.length, 17)
  assert.ok(!res.body.candidates.some((c: { category: string }) => c.category.split('.')[0] === top))
})

test('empty, blank and too long texts are a 400 naming text; visitors are refused', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  for (const text of ['', '   ', '垃'.repeat(4001)]) {
    const res = await operator.post(URL, { text })
    assert.equal(res.status, 400, `${text.length}: ${JSON.stringify(res.body)}`)
    assert.equal(res.body.error.details?.field, 'text')
  }
  assert.equal((await operator.post(URL, {})).status, 400)
  assert.equal((await operator.post(URL, { text: '垃'.repeat(4000) })).status, 200)
  const visitor = await h.anonymous.post(URL, { text: TEXT })
  assert.ok([401, 403].includes(visitor.status), String(visitor.status))
})

test('a correction is written in the caller’s transaction (or not at all) and read back newest first', async (t) => {
  const h = await build(t)
  const db = h.database.db
  await db.transaction().execute(async (tx) => {
    await recordCorrection(tx, {
      eventId: 1,
      text: '楼道灯不亮',
      from: 'municipal.streetlight',
      to: 'property.facilities',
      userId: null,
      reason: ' 小区内归物业 ',
    })
  })
  await assert.rejects(
    db.transaction().execute(async (tx) => {
      await recordCorrection(tx, { eventId: 2, text: '回滚', from: null, to: 'sanitation', userId: null })
      throw new Error('the action failed')
    }),
  )
  await recordCorrection(db, {
    eventId: 3,
    text: '工地夜间施工',
    from: 'municipal',
    to: 'environment.noise',
    userId: null,
    at: new Date(Date.now() + 1000),
  })
  const recent = await recentCorrections(db, 10)
  assert.deepEqual(
    recent.map((c) => [c.eventId, c.from, c.to]),
    [
      [3, 'municipal', 'environment.noise'],
      [1, 'municipal.streetlight', 'property.facilities'],
    ],
  )
  assert.equal(recent[1].text, '楼道灯不亮')
  assert.equal((await recentCorrections(db, 1)).length, 1)
})
