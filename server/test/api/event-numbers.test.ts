/**
 * Public numbers from one sequence per China day (events/numbers.ts): concurrent intakes never
 * share a number and never wait on one row; each day counts from 1; a day whose numbers were
 * written some other way (a bulk load, a restore) goes on above them; past 999,999 a day the
 * count grows a digit instead of repeating.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { build, registerCall } from '../helper.ts'

const seq = (number: string) => Number(number.split('-')[1])

test('concurrent intakes get distinct numbers of their China day, counting from 1 each day', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  h.clock.now = new Date('2026-12-02T16:30:00Z') // 00:30 on 3 December in Lanzhou, a day no event has yet
  const created = await Promise.all(Array.from({ length: 40 }, (_, i) => registerCall(operator, `垃圾桶满溢 ${i}`)))
  const numbers = created.map((e) => e.number as string)
  assert.equal(new Set(numbers).size, 40, 'no number twice')
  for (const n of numbers) assert.match(n, /^LZ20261203-\d{6}$/)
  // one connection or ten, no intake failed, so the day has no gap: 1…40
  assert.deepEqual(
    numbers.map(seq).sort((a, b) => a - b),
    Array.from({ length: 40 }, (_, i) => i + 1),
  )

  h.clock.now = new Date('2026-12-03T16:00:00Z') // midnight: 4 December
  assert.equal((await registerCall(operator, '新的一天')).number, 'LZ20261204-000001')
})

test('a day whose numbers were handed out elsewhere goes on above them, and past 999,999 grows a digit', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  h.clock.now = new Date('2026-12-09T02:00:00Z')
  const first = await registerCall(operator, '路灯不亮')
  assert.equal(first.number, 'LZ20261209-000001')
  // numbers written past the sequence (as a restore or a bulk load would leave them): the next
  // intake meets a taken number, moves the sequence past every number of the day and succeeds
  await sql`update events set number = 'LZ20261209-000002' where id = ${first.id}`.execute(h.database.db)
  assert.equal((await registerCall(operator, '井盖缺失')).number, 'LZ20261209-000003')

  await sql`select setval('event_number_20261209', 999999, false)`.execute(h.database.db)
  assert.equal((await registerCall(operator, '第999999件')).number, 'LZ20261209-999999')
  assert.equal((await registerCall(operator, '第1000000件')).number, 'LZ20261209-1000000')
  assert.equal((await registerCall(operator, '第1000001件')).number, 'LZ20261209-1000001')
  // and the public tracking page takes the longer number
  const tracked = await h.anonymous.get('/api/v1/track/LZ20261209-1000001')
  assert.equal(tracked.status, 200, JSON.stringify(tracked.body))
  assert.equal(tracked.body.number, 'LZ20261209-1000001')
})
