/**
 * The consistency listeners belong to the app, not to its HTTP routes: buildApp registers them
 * once (twice would count every change twice), and a context served by no route at all keeps the
 * rollups exact through the same registration.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { registerListeners } from '../../src/app.ts'
import type { AppContext } from '../../src/context.ts'
import { createEvent } from '../../src/modules/events/commands/report.ts'
import { build, XINGFULI } from '../helper.ts'

test('buildApp registers the rollup and change-notice listeners once', async (t) => {
  const h = await build(t)
  assert.deepEqual(
    h.app.ctx.onEventChange.map((listener) => listener.name),
    registered().map((listener) => listener.name),
  )
})

test('an event written outside any route keeps the rollups exact with the registered listeners', async (t) => {
  const h = await build(t)
  const ctx: AppContext = { ...h.app.ctx, onEventChange: [] }
  registerListeners(ctx)
  const db = h.database.db
  const counts = async () => {
    const counted = await sql<{ n: number }>`select count(*)::int as n from events`.execute(db)
    const rolled = await sql<{ n: number }>`
      select coalesce(sum(n), 0)::int as n from rollup_unit_state_exact where unit_id = (select id from org_units where parent_id is null)`.execute(
      db,
    )
    return { counted: counted.rows[0].n, rolled: rolled.rows[0].n }
  }
  const before = await counts()
  for (const description of ['路灯不亮', '井盖缺失']) {
    await createEvent(ctx, { category: 'sanitation.garbage', description, channel: 'hotline', communityCode: XINGFULI }, { kind: 'system' })
  }
  const after = await counts()
  assert.equal(after.counted, before.counted + 2)
  assert.equal(after.rolled, after.counted)
})

function registered() {
  const ctx = { onEventChange: [] } as unknown as AppContext
  registerListeners(ctx)
  return ctx.onEventChange
}
