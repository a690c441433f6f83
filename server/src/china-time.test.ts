import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  addDays,
  chinaDateOf,
  chinaDayOf,
  chinaOffsetIso,
  chinaTime,
  clockMs,
  dayNumberOf,
  formatChinaMinute,
  weekdayOf,
} from './china-time.ts'

test('a China day turns at 16:00 UTC', () => {
  assert.equal(chinaDateOf(new Date('2026-11-29T15:59:59.999Z')), '2026-11-29')
  assert.equal(chinaDateOf(new Date('2026-11-29T16:00:00.000Z')), '2026-11-30')
  assert.equal(chinaDateOf('2026-11-29T16:00:00Z'), '2026-11-30')
  assert.equal(chinaDateOf(Date.parse('2026-11-30T10:00:00+08:00')), '2026-11-30')
})

test('the year turns eight hours before it does in UTC', () => {
  assert.equal(chinaDateOf(new Date('2026-12-31T15:59:59Z')), '2026-12-31')
  assert.equal(chinaDateOf(new Date('2026-12-31T16:00:00Z')), '2027-01-01')
  assert.deepEqual(chinaDayOf(new Date('2026-12-31T16:00:00Z')), {
    start: new Date('2026-12-31T16:00:00Z'),
    end: new Date('2027-01-01T16:00:00Z'),
  })
  assert.equal(formatChinaMinute(new Date('2026-12-31T15:59:59Z')), '2026-12-31 23:59')
  assert.equal(formatChinaMinute('2026-12-31T16:00:00Z'), '2027-01-01 00:00')
})

test('the day of an instant holds it: start ≤ instant < end, 24 hours apart', () => {
  for (const iso of ['2026-11-29T15:59:59.999Z', '2026-11-29T16:00:00Z', '2026-11-30T07:59:59Z', '2024-02-28T16:00:00Z']) {
    const at = new Date(iso)
    const { start, end } = chinaDayOf(at)
    assert.ok(start <= at && at < end, iso)
    assert.equal(end.getTime() - start.getTime(), 86_400_000)
    assert.equal(chinaDateOf(start), chinaDateOf(at))
    assert.equal(chinaDateOf(new Date(start.getTime() - 1)), addDays(chinaDateOf(at), -1))
  }
})

test('wall-clock times of a China date are instants, and back', () => {
  assert.deepEqual(chinaTime('2026-11-30'), new Date('2026-11-29T16:00:00Z'))
  assert.deepEqual(chinaTime('2026-10-09', '09:00'), new Date('2026-10-09T01:00:00Z'))
  assert.deepEqual(chinaTime('2026-12-31', '24:00'), new Date('2026-12-31T16:00:00Z'))
  assert.equal(formatChinaMinute(chinaTime('2026-10-09', '17:30')), '2026-10-09 17:30')
  assert.equal(clockMs('08:30'), 8.5 * 3_600_000)
  for (const bad of ['8', '25:00', '24:01', '24:59', '12:60', '12:5', '']) assert.throws(() => clockMs(bad), RangeError, bad)
})

test('date arithmetic crosses months, leap days and years; weeks start on Monday', () => {
  assert.equal(addDays('2026-12-31', 1), '2027-01-01')
  assert.equal(addDays('2027-01-01', -1), '2026-12-31')
  assert.equal(addDays('2024-02-28', 1), '2024-02-29')
  assert.equal(addDays('2026-03-01', -1), '2026-02-28')
  assert.equal(weekdayOf('2026-11-30'), 0) // a Monday
  assert.equal(weekdayOf('2026-12-06'), 6)
  assert.equal(weekdayOf('2027-01-03'), 6) // a Sunday, in the next year
  assert.equal(dayNumberOf('1970-01-02'), 1)
  for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '20261130', '']) assert.throws(() => dayNumberOf(bad), RangeError, bad)
})

test('nothing depends on the process time zone', () => {
  // every function works on UTC milliseconds shifted by +8 h; none reads local time
  const before = process.env.TZ
  process.env.TZ = 'America/Los_Angeles'
  try {
    assert.equal(chinaDateOf(new Date('2026-11-29T16:00:00Z')), '2026-11-30')
    assert.equal(formatChinaMinute(new Date('2026-11-29T16:00:00Z')), '2026-11-30 00:00')
    assert.equal(chinaOffsetIso(new Date('2026-11-29T16:00:00.250Z')), '2026-11-30T00:00:00+08:00')
    assert.equal(chinaOffsetIso('2026-12-31T23:59:59Z'), '2027-01-01T07:59:59+08:00')
    assert.equal(weekdayOf('2026-11-30'), 0)
  } finally {
    process.env.TZ = before
  }
})
