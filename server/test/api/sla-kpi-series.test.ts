/** The KPIs of a scope by China day and by week, counted from events made through the API. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { applyAction, build, registerCall, XINGFULI } from '../helper.ts'

const STREET = XINGFULI.slice(0, 9)
const pick = (points: Array<Record<string, unknown>>, key: string) => points.map((p) => p[key])

test('the series counts each day’s assignments, signs, resolutions and missed deadlines, and weeks sum their days', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const community = await h.as(`c-${XINGFULI}`)
  // Monday 30 Nov: two calls reach the community, one is signed at once, the other never
  const signed = await registerCall(operator, '小区门口垃圾没人清运')
  await registerCall(operator, '楼道堆放杂物')
  await applyAction(community, signed, { type: 'sign' })
  // Tuesday 1 Dec, 11:00: the unsigned one is past its sign deadline; a third call is signed and resolved
  h.clock.now = new Date('2026-12-01T03:00:00Z')
  await runJob(h.app.ctx, 'deadlines')
  let third = await registerCall(operator, '路边垃圾桶满了')
  third = await applyAction(community, third, { type: 'sign' })
  await applyAction(community, third, { type: 'resolve', note: '已清运' })
  h.clock.now = new Date('2026-12-02T03:00:00Z')

  const street = await h.as(`c-${STREET}`)
  // Friday 27 Nov to Wednesday 2 Dec (China days), [from, to)
  const period = 'from=2026-11-26T16:00:00Z&to=2026-12-02T16:00:00Z'
  const byDay = await street.get(`/api/v1/kpis/series?${period}`)
  assert.equal(byDay.status, 200, JSON.stringify(byDay.body))
  assert.equal(byDay.body.bucket, 'day')
  assert.equal(byDay.body.scope.code, STREET)
  const days = byDay.body.points
  assert.deepEqual(pick(days, 'start'), ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'])
  assert.deepEqual(pick(days, 'end'), pick(days, 'start'))
  assert.deepEqual(pick(days, 'assigned'), [0, 0, 0, 2, 1, 0])
  assert.deepEqual(pick(days, 'signDue'), [0, 0, 0, 2, 1, 0], 'one signed, one past its deadline; then one signed')
  assert.deepEqual(pick(days, 'signedOnTime'), [0, 0, 0, 1, 1, 0])
  assert.deepEqual(pick(days, 'signRate'), [null, null, null, 0.5, 1, null])
  assert.deepEqual(pick(days, 'resolved'), [0, 0, 0, 0, 1, 0])
  assert.deepEqual(pick(days, 'onTimeRate'), [null, null, null, null, 1, null])
  assert.deepEqual(pick(days, 'overdue'), [0, 0, 0, 0, 1, 0], 'the missed sign deadline, on the day it was recorded')

  const byWeek = await street.get(`/api/v1/kpis/series?${period}&bucket=week`)
  assert.equal(byWeek.status, 200, JSON.stringify(byWeek.body))
  const weeks = byWeek.body.points
  assert.deepEqual(
    weeks.map((w: { start: string; end: string }) => [w.start, w.end]),
    [
      ['2026-11-27', '2026-11-29'],
      ['2026-11-30', '2026-12-02'],
    ],
    'Monday–Sunday weeks, clipped to the period',
  )
  assert.deepEqual(pick(weeks, 'assigned'), [0, 3])
  assert.deepEqual(pick(weeks, 'signRate'), [null, 2 / 3])

  // the series and the table count the same entries
  const table = await street.get(`/api/v1/kpis?${period}`)
  for (const key of ['assigned', 'signDue', 'signedOnTime', 'resolved', 'resolvedOnTime', 'overdue', 'handlingHours']) {
    const summed = days.reduce((n: number, p: Record<string, number>) => n + p[key], 0)
    assert.ok(Math.abs(summed - table.body.total[key]) < 1e-9, `${key}: ${summed} = ${table.body.total[key]}`)
  }

  // another district's events are not in this street's series, nor the street's in that district's
  const other = await h.as('c-620102')
  const elsewhere = await other.get(`/api/v1/kpis/series?${period}`)
  assert.deepEqual(pick(elsewhere.body.points, 'assigned'), [0, 0, 0, 0, 0, 0])
  assert.equal((await other.get(`/api/v1/kpis/series?${period}&scope=${STREET}`)).status, 403)

  const tooLong = await street.get('/api/v1/kpis/series?from=2025-01-01T00:00:00Z&to=2026-12-01T00:00:00Z')
  assert.equal(tooLong.status, 400)
  assert.equal(tooLong.body.error.details.field, 'bucket')
  assert.equal((await street.get('/api/v1/kpis/series?from=2025-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&bucket=week')).status, 200)
})
