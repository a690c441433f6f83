/**
 * Two instances on one PostgreSQL: each keeps the org tree and the categories in memory, so an
 * administrator's edit through one instance must reach the other — a renamed community shows under
 * its new name there, and a category made not community-resolvable is routed to the district there.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEvent } from '../../src/modules/events/commands/report.ts'
import { build, eventually, secondInstance, XINGFULI } from '../helper.ts'

test('an administrator’s edit through one instance reaches the org tree and categories of another', async (t) => {
  const h = await build(t)
  if (h.database.kind !== 'postgres') return t.skip('needs PostgreSQL (TEST_DATABASE_URL)')
  const { app: second, database } = await secondInstance(t, h)
  const admin = await h.as('admin')
  const routedTo = async (id: number) => {
    const row = await database.db.selectFrom('events').select('current_unit_id').where('id', '=', id).executeTakeFirstOrThrow()
    return second.ctx.orgs.unit(row.current_unit_id as number)?.code
  }

  const renamed = await admin.request('PATCH', `/api/v1/admin/orgs/${XINGFULI}`, { name: '幸福里社区（合并后）', reason: '社区合并更名' })
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body))
  await eventually(() => second.ctx.orgs.byCode(XINGFULI)?.name === '幸福里社区（合并后）', 'the rename on the second instance')
  const listed = await second.inject({ method: 'GET', url: `/api/v1/orgs?code=${XINGFULI}` })
  assert.equal(listed.json().items[0].name, '幸福里社区（合并后）')

  const garbage = second.ctx.categories.get('sanitation.garbage')
  assert.equal(garbage?.communityResolvable, true)
  const before = await createEvent(
    second.ctx,
    { category: 'sanitation.garbage', description: '垃圾未清运', channel: 'hotline', communityCode: XINGFULI },
    { kind: 'system' },
  )
  assert.equal(await routedTo(before.row.id), XINGFULI)

  const changed = await admin.request('PATCH', '/api/v1/admin/categories/sanitation.garbage', {
    communityResolvable: false,
    reason: '改由区环卫统一清运',
  })
  assert.equal(changed.status, 200, JSON.stringify(changed.body))
  await eventually(
    () => second.ctx.categories.get('sanitation.garbage')?.communityResolvable === false,
    'the category on the second instance',
  )
  const after = await createEvent(
    second.ctx,
    { category: 'sanitation.garbage', description: '垃圾未清运', channel: 'hotline', communityCode: XINGFULI },
    { kind: 'system' },
  )
  assert.equal(await routedTo(after.row.id), '620105', 'routed to the 安宁区 center')
})
