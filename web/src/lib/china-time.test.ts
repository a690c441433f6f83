import assert from 'node:assert/strict'
import { test } from 'node:test'

// a browser far from China: what it shows and the days it asks for must still be China's
process.env.TZ = 'America/New_York'
const { chinaDateOf, chinaDayStart, chinaPeriod, formatChinaDate, formatChinaTime } = await import('./china-time.ts')

const BEFORE = '2026-12-01T15:59:30.000Z' // 23:59:30 on 1 December in China, 10:59 in New York
const AFTER = '2026-12-01T16:00:00.000Z' // midnight starting 2 December in China, still 1 December in New York

test('the zone is really not China here, so the checks below can fail', () => {
  assert.equal(new Date(AFTER).getDate(), 1)
  assert.notEqual(new Date(AFTER).getTimezoneOffset(), -480)
})

test('a China day turns at 16:00 UTC', () => {
  assert.equal(chinaDateOf(BEFORE), '2026-12-01')
  assert.equal(chinaDateOf(AFTER), '2026-12-02')
  assert.equal(chinaDayStart('2026-12-02'), AFTER)
})

test('instants are shown in China time', () => {
  assert.equal(formatChinaDate(BEFORE), '2026/12/01')
  assert.equal(formatChinaDate(AFTER), '2026/12/02')
  assert.equal(formatChinaTime(BEFORE), '2026/12/01 23:59')
  assert.equal(formatChinaTime(AFTER), '2026/12/02 00:00')
  assert.equal(formatChinaTime(BEFORE, { seconds: true }), '2026/12/01 23:59:30')
})

test("a filter's days are China days, the period's end exclusive, a missing end none", () => {
  const picked = (date: string) => ({ format: (template: string) => (template === 'YYYY-MM-DD' ? date : '?') })
  const period = { from: '2026-11-30T16:00:00.000Z', to: AFTER }
  assert.deepEqual(chinaPeriod('2026-12-01', '2026-12-01'), period)
  assert.deepEqual(chinaPeriod(picked('2026-12-01'), picked('2026-12-01')), period)
  assert.deepEqual(chinaPeriod(undefined, null), { from: undefined, to: undefined })
  assert.deepEqual(chinaPeriod('', '2026-12-01'), { from: undefined, to: AFTER })
})

test('a moment soon is today or tomorrow in China, with the China clock', async () => {
  const { chinaSoon } = await import('./china-time.ts')
  // 23:59:30 on 1 December in China: 00:30 China time is tomorrow, though New York is still on the 1st
  assert.deepEqual(chinaSoon('2026-12-01T16:30:00.000Z', BEFORE), { day: 'tomorrow', clock: '00:30' })
  assert.deepEqual(chinaSoon('2026-12-01T15:59:50.000Z', BEFORE), { day: 'today', clock: '23:59' })
  assert.deepEqual(chinaSoon('2026-12-03T01:30:00.000Z', BEFORE), { day: null, clock: '2026/12/03 09:30' })
})
