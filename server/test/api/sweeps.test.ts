/**
 * 隐患联排 (issue 20 item 2): a street sweeps its grids; each failed target becomes one routed event
 * listing its failed items; progress per grid, community and street adds up to a recount of the
 * targets; a grid worker checks only their own grid's targets; a retried check (same key) writes
 * nothing; bad input is a 400 naming the field; the launching center closes it and reads its report.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { sql } from 'kysely'
import { addDays, chinaDateOf } from '../../src/china-time.ts'
import { build, type Client, uploadPhoto, XINGFULI } from '../helper.ts'
import { smallPng } from '../photo.ts'

const LIUJIAPU = '620105007'
const GRID = `g-${XINGFULI}002`
const ITEMS = ['燃气管道无私接改装', '燃气报警器正常', '软管未老化、长度合规']

async function launch(street: Client, deadline: string, body: Record<string, unknown> = {}) {
  return street.post('/api/v1/sweeps', {
    title: '供暖季前燃气安全联排',
    theme: 'gas',
    siteKind: 'all',
    items: ITEMS,
    deadline,
    ...body,
  })
}

const check = (worker: Client, sweepId: number, targetId: number, results: unknown[], key = randomUUID()) =>
  worker.post(`/api/v1/sweeps/${sweepId}/targets/${targetId}/check`, { idempotencyKey: key, results })

test('a street’s sweep: failed targets become routed events, progress adds up, checks are the grid’s own and idempotent', async (t) => {
  const h = await build(t)
  const db = h.database.db
  const today = chinaDateOf(h.clock.now)
  const street = await h.as(`c-${LIUJIAPU}`)

  // bad input: 400 naming the field, nothing written
  for (const [body, field] of [
    [{ items: [] }, 'items'],
    [{ deadline: addDays(today, -1) }, 'deadline'],
    [{ theme: 'flood' }, 'theme'],
    [{ category: 'nope' }, 'category'],
  ] as const) {
    const bad = await launch(street, addDays(today, 7), body)
    assert.equal(bad.status, 400, JSON.stringify(bad.body))
    assert.match(String(bad.body.error.details?.field ?? bad.body.error.message), new RegExp(field))
  }
  assert.equal((await db.selectFrom('sweeps').select('id').execute()).length, 0)
  // a community center does not launch; a street does not sweep another district's center
  assert.equal((await launch(await h.as(`c-${XINGFULI}`), addDays(today, 7))).status, 403)
  const other = h.app.ctx.orgs.byCode('620102')
  assert.equal((await launch(street, addDays(today, 7), { scopeId: other?.id })).status, 403)

  const launched = await launch(street, addDays(today, 7))
  assert.equal(launched.status, 201, JSON.stringify(launched.body))
  const sweep = launched.body
  const streetUnit = h.app.ctx.orgs.byCode(LIUJIAPU)
  const grids = h.app.ctx.orgs.all().filter((u) => u.kind === 'grid' && u.active && u.path.startsWith(streetUnit?.path ?? '?'))
  const sites = await db
    .selectFrom('sweep_sites')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(
      'grid_id',
      'in',
      grids.map((g) => g.id),
    )
    .executeTakeFirstOrThrow()
  assert.ok(sites.n > 0)
  assert.equal(sweep.totals.targets, sites.n)
  assert.equal(sweep.progress.streets.length, 1)
  assert.equal(sweep.progress.grids.length, grids.length)

  // the grid worker sees the sweep with their grid's targets only
  const worker = await h.as(GRID)
  const mine = await worker.get('/api/v1/sweeps')
  assert.equal(mine.status, 200)
  const listed = mine.body.items.find((s: { id: number }) => s.id === sweep.id)
  const gridId = worker.me.unit.id
  assert.ok(listed.targets.length > 1)
  assert.ok(listed.targets.every((x: { grid: { id: number } }) => x.grid.id === gridId))
  assert.equal(listed.totals.targets, listed.targets.length)
  const [passing, failing, third] = listed.targets

  // another grid's worker may not check this grid's target
  const sibling = await h.as(`g-${XINGFULI}001`)
  const foreign = await check(
    sibling,
    sweep.id,
    passing.id,
    ITEMS.map(() => ({ pass: true })),
  )
  assert.equal(foreign.status, 403)
  // a center does not check either
  assert.equal(
    (
      await check(
        street,
        sweep.id,
        passing.id,
        ITEMS.map(() => ({ pass: true })),
      )
    ).status,
    403,
  )

  // bad checks: one result per item; photos only with a failed item; the key a UUID
  const short = await check(worker, sweep.id, passing.id, [{ pass: true }])
  assert.equal(short.status, 400)
  assert.equal(short.body.error.details.field, 'results')
  const badKey = await worker.post(`/api/v1/sweeps/${sweep.id}/targets/${passing.id}/check`, {
    idempotencyKey: 'not-a-uuid',
    results: ITEMS.map(() => ({ pass: true })),
  })
  assert.equal(badKey.status, 400)
  assert.match(JSON.stringify(badKey.body.error), /idempotencyKey/)

  // a photo shows a hazard: not allowed on a passed item
  const photo = (await uploadPhoto(worker, smallPng())).body
  const photoOnPass = await check(worker, sweep.id, passing.id, [{ pass: true, attachmentIds: [photo.id] }, { pass: true }, { pass: true }])
  assert.equal(photoOnPass.status, 400)
  assert.equal(photoOnPass.body.error.details.field, 'results/0/attachmentIds')

  const eventsBefore = (await db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n
  const passed = await check(
    worker,
    sweep.id,
    passing.id,
    ITEMS.map(() => ({ pass: true })),
  )
  assert.equal(passed.status, 200, JSON.stringify(passed.body))
  assert.equal(passed.body.state, 'passed')
  assert.equal(passed.body.event, null)

  const key = randomUUID()
  const results = [
    { pass: false, note: '灶具软管私接三通', attachmentIds: [photo.id] },
    { pass: true },
    { pass: false, note: '软管老化开裂' },
  ]
  const failed = await check(worker, sweep.id, failing.id, results, key)
  assert.equal(failed.status, 200, JSON.stringify(failed.body))
  assert.equal(failed.body.state, 'failed')
  assert.ok(failed.body.event?.number)

  // one event, routed like any grid report, listing the failed items only
  const event = (await street.get(`/api/v1/events/${failed.body.event.id}`)).body
  assert.equal(event.channel, 'grid')
  assert.equal(event.category.split('.')[0], 'safety')
  assert.equal(event.state, 'assigned')
  assert.equal(event.currentUnit.code, XINGFULI)
  assert.match(event.description, /燃气管道无私接改装/)
  assert.match(event.description, /软管未老化、长度合规/)
  assert.doesNotMatch(event.description, /燃气报警器正常/)
  assert.match(event.description, /供暖季前燃气安全联排/)
  // the failed item's photo went with the event
  assert.deepEqual(
    event.photos.map((p: { id: number }) => p.id),
    [photo.id],
  )

  // a retry with the same key answers the first check and writes nothing; another key is a 409
  const retried = await check(worker, sweep.id, failing.id, results, key)
  assert.equal(retried.status, 200)
  assert.equal(retried.body.event.id, failed.body.event.id)
  const racing = await Promise.all([1, 2].map(() => check(worker, sweep.id, third.id, results, key)))
  assert.deepEqual(
    racing.map((r) => r.status),
    [409, 409],
    'a key used for another target',
  )
  assert.equal((await check(worker, sweep.id, failing.id, results)).status, 409)
  const eventsAfter = (await db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n
  assert.equal(eventsAfter, eventsBefore + 1)

  // two racing retries of a fresh check: one event
  const key3 = randomUUID()
  const withoutPhotos = results.map(({ attachmentIds: _, ...r }) => r)
  const both = await Promise.all([1, 2].map(() => check(worker, sweep.id, third.id, withoutPhotos, key3)))
  assert.deepEqual(
    both.map((r) => r.status),
    [200, 200],
  )
  assert.equal(both[0].body.event.id, both[1].body.event.id)
  assert.equal((await db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n, eventsBefore + 2)

  // progress per grid, community and street: a recount of the targets
  const view = (await street.get(`/api/v1/sweeps/${sweep.id}`)).body
  const recount = await db.selectFrom('sweep_targets').select(['grid_id', 'state', 'results']).where('sweep_id', '=', sweep.id).execute()
  const byGrid = (id: number) => recount.filter((r) => r.grid_id === id)
  for (const row of view.progress.grids) {
    const rows = byGrid(row.unit.id)
    assert.equal(row.targets, rows.length)
    assert.equal(row.checked, rows.filter((r) => r.state !== 'pending').length)
    assert.equal(row.failed, rows.filter((r) => r.state === 'failed').length)
    assert.equal(row.failedItems, rows.flatMap((r) => (r.results ?? []).filter((x) => !x.pass)).length)
  }
  const mineRow = view.progress.grids.find((r: { unit: { id: number } }) => r.unit.id === gridId)
  assert.deepEqual([mineRow.checked, mineRow.failed, mineRow.failedItems], [3, 2, 4])
  for (const community of view.progress.communities) {
    const parts = view.progress.grids.filter((g: { parentId: number }) => g.parentId === community.unit.id)
    assert.equal(
      community.targets,
      parts.reduce((n: number, g: { targets: number }) => n + g.targets, 0),
    )
    assert.equal(
      community.checked,
      parts.reduce((n: number, g: { checked: number }) => n + g.checked, 0),
    )
  }
  const [streetRow] = view.progress.streets
  assert.deepEqual([streetRow.targets, streetRow.checked, streetRow.failed, streetRow.failedItems], [recount.length, 3, 2, 4])
  assert.deepEqual(view.totals, { targets: recount.length, checked: 3, failed: 2, failedItems: 4 })

  // who reads it: the district above, not another district (404), not a department (403)
  assert.ok((await (await h.as('c-620105')).get('/api/v1/sweeps')).body.items.some((s: { id: number }) => s.id === sweep.id))
  const otherDistrict = await h.as('c-620102')
  assert.ok(!(await otherDistrict.get('/api/v1/sweeps')).body.items.some((s: { id: number }) => s.id === sweep.id))
  assert.equal((await otherDistrict.get(`/api/v1/sweeps/${sweep.id}`)).status, 404)
  assert.equal((await (await h.as('d-620105D01')).get('/api/v1/sweeps')).status, 403)
  // the worker may not list another grid's targets
  assert.equal((await worker.get(`/api/v1/sweeps/${sweep.id}/targets?gridId=${grids.find((g) => g.id !== gridId)?.id}`)).status, 403)

  // closing: the community below may not, a stale version is 409, then no more checks
  const community = await h.as(`c-${XINGFULI}`)
  assert.equal((await community.post(`/api/v1/sweeps/${sweep.id}/close`, { version: view.version })).status, 403)
  assert.equal((await street.post(`/api/v1/sweeps/${sweep.id}/close`, { version: view.version + 1 })).status, 409)
  const closed = await street.post(`/api/v1/sweeps/${sweep.id}/close`, { version: view.version })
  assert.equal(closed.status, 200)
  assert.equal(closed.body.state, 'closed')
  const late = await check(
    worker,
    sweep.id,
    listed.targets[3].id,
    ITEMS.map(() => ({ pass: true })),
  )
  assert.equal(late.status, 409)

  // the report: progress per level and every target with its result
  const report = await street.inject({ method: 'GET', url: `/api/v1/sweeps/${sweep.id}/report.xlsx` })
  assert.equal(report.statusCode, 200)
  assert.match(String(report.headers['content-type']), /spreadsheetml/)
  const { default: xlsx } = await import('exceljs')
  const book = new xlsx.Workbook()
  await book.xlsx.load(report.rawPayload as unknown as ArrayBuffer)
  const progress = book.getWorksheet('进度')
  assert.equal(progress?.rowCount, 1 + 1 + view.progress.communities.length + view.progress.grids.length)
  const targets = book.getWorksheet('检查对象')
  assert.equal(targets?.rowCount, 1 + recount.length)
  const failedRow = targets?.getRows(2, recount.length)?.find((r) => r.getCell(8).value === failed.body.event.number)
  assert.equal(failedRow?.getCell(5).value, '燃气管道无私接改装；软管未老化、长度合规')
  assert.equal((await worker.inject({ method: 'GET', url: `/api/v1/sweeps/${sweep.id}/report.xlsx` })).statusCode, 403)
})
