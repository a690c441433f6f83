import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createCalendar } from '../sla/calendar.ts'
import { endOfWorkingDay } from './stations.ts'

// China time is UTC+8: 17:30 in Lanzhou is 09:30Z
const at = (iso: string) => new Date(iso)

test('the end of the working day: the same day before closing, else the next working day across weekends and holidays', () => {
  const cal = createCalendar([
    { date: '2026-12-11', kind: 'holiday', name: '测试假日' },
    { date: '2026-12-19', kind: 'workday', name: '调休上班' },
  ])
  assert.equal(endOfWorkingDay(cal, at('2026-12-08T01:00:00Z')).toISOString(), '2026-12-08T09:30:00.000Z', 'Tuesday 09:00')
  assert.equal(endOfWorkingDay(cal, at('2026-12-08T09:29:00Z')).toISOString(), '2026-12-08T09:30:00.000Z', 'Tuesday 17:29')
  assert.equal(endOfWorkingDay(cal, at('2026-12-08T09:30:00Z')).toISOString(), '2026-12-09T09:30:00.000Z', 'Tuesday 17:30: closed')
  assert.equal(endOfWorkingDay(cal, at('2026-12-04T10:00:00Z')).toISOString(), '2026-12-07T09:30:00.000Z', 'Friday 18:00 → Monday')
  assert.equal(endOfWorkingDay(cal, at('2026-12-10T11:00:00Z')).toISOString(), '2026-12-14T09:30:00.000Z', 'Thursday evening, Friday off')
  assert.equal(endOfWorkingDay(cal, at('2026-12-11T02:00:00Z')).toISOString(), '2026-12-14T09:30:00.000Z', 'on the holiday itself')
  assert.equal(endOfWorkingDay(cal, at('2026-12-19T02:00:00Z')).toISOString(), '2026-12-19T09:30:00.000Z', 'a make-up Saturday')
})
