import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { chinaTime } from '../../china-time.ts'
import { addNaturalHours, type CalendarOverride, createCalendar, OFFICIAL_CALENDAR_YEARS, slaDeadlines } from './calendar.ts'

const HOUR = 3_600_000
/** China wall-clock time → instant, written the way people say it: at('2026-10-09 17:00'). */
const at = (s: string) => chinaTime(s.slice(0, 10), s.slice(11) || '00:00')
/** Instant → China wall-clock 'YYYY-MM-DD HH:MM', for readable assertions. */
const china = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ')

const cal = createCalendar()

describe('official calendar from chinese-days', () => {
  test('National Day 2026 is Oct 1–7 and the make-up days Sep 20 (Sun) and Oct 10 (Sat) are working days', () => {
    for (let d = 1; d <= 7; d++) assert.equal(cal.isWorkingDay(`2026-10-0${d}`), false, `2026-10-0${d}`)
    assert.equal(cal.isWorkingDay('2026-09-30'), true)
    assert.equal(cal.isWorkingDay('2026-10-08'), true)
    assert.equal(cal.isWorkingDay('2026-10-10'), true)
    assert.equal(cal.isWorkingDay('2026-09-20'), true)
    assert.equal(cal.isWorkingDay('2026-10-11'), false) // an ordinary Sunday
    assert.deepEqual(cal.dayInfo('2026-10-10'), {
      date: '2026-10-10',
      working: true,
      source: 'official',
      name: '国庆节',
    })
  })

  test('the package knows 2026 but not 2027', () => {
    assert.ok(OFFICIAL_CALENDAR_YEARS.includes(2026))
    assert.ok(!OFFICIAL_CALENDAR_YEARS.includes(2027))
  })

  test('an instant is judged by its China date, not its UTC date', () => {
    // 2026-10-07T20:00Z is already Thursday Oct 8, 04:00 in China: a working day.
    assert.equal(cal.isWorkingDay(new Date('2026-10-07T20:00:00Z')), true)
    assert.equal(cal.isWorkingDay(new Date('2026-10-07T15:00:00Z')), false)
  })

  test('rejects malformed dates', () => {
    assert.throws(() => cal.isWorkingDay('2026-2-30'), RangeError)
    assert.throws(() => cal.isWorkingDay('2026-02-30'), RangeError)
  })
})

describe('deadlines across National Day 2026', () => {
  test('a normal event assigned the day before the holiday resolves on Oct 13, counting Saturday Oct 10', () => {
    const { signBy, resolveBy } = slaDeadlines('normal', at('2026-09-30 10:00'), cal)
    assert.equal(china(signBy), '2026-10-08 10:00')
    // Oct 8, 9, 10 (make-up Saturday), 12, 13.
    assert.equal(china(resolveBy), '2026-10-13 10:00')
  })

  test('a high-priority event signs on the first morning after the holiday', () => {
    const { signBy, resolveBy } = slaDeadlines('high', at('2026-09-30 16:00'), cal)
    // 1.5 h on Sep 30, then 2.5 h from 09:00 on Oct 8.
    assert.equal(china(signBy), '2026-10-08 11:30')
    assert.equal(china(resolveBy), '2026-10-10 16:00')
  })

  test('working hours flow from Friday Oct 9 into the make-up Saturday', () => {
    assert.equal(china(cal.addWorkingHours(at('2026-10-09 17:00'), 1)), '2026-10-10 09:30')
  })

  test('urgent events run in natural hours straight through the holiday', () => {
    const { signBy, resolveBy } = slaDeadlines('urgent', at('2026-10-01 23:00'), cal)
    assert.equal(china(signBy), '2026-10-02 01:00')
    assert.equal(china(resolveBy), '2026-10-02 23:00')
  })
})

describe('deadlines across Spring Festival 2026 (Feb 15–23, make-up Sat Feb 14 and Feb 28)', () => {
  test('assigned on the Friday before the holiday', () => {
    const { signBy, resolveBy } = slaDeadlines('normal', at('2026-02-13 15:00'), cal)
    assert.equal(china(signBy), '2026-02-14 15:00')
    // Feb 14, 24, 25, 26, 27.
    assert.equal(china(resolveBy), '2026-02-27 15:00')
  })

  test('the make-up Saturday Feb 28 counts', () => {
    // Feb 27, 28, Mar 2, 3, 4.
    assert.equal(china(cal.addWorkingDays(at('2026-02-26 10:00'), 5)), '2026-03-04 10:00')
  })

  test('no working time passes during the holiday', () => {
    assert.equal(cal.workingMillisBetween(at('2026-02-13 09:00'), at('2026-02-24 09:00')), 14 * HOUR)
    assert.equal(cal.workingMillisBetween(at('2026-02-16 10:00'), at('2026-02-20 16:00')), 0)
  })
})

describe('overrides', () => {
  const overrides2027: CalendarOverride[] = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'workday', name: '元旦调休' }, // a made-up Saturday
  ]

  test('without overrides 2027 is plain Monday–Friday', () => {
    assert.equal(cal.isWorkingDay('2027-01-01'), true) // a Friday
    assert.equal(cal.isWorkingDay('2027-01-02'), false)
    assert.deepEqual(cal.dayInfo('2027-01-01'), { date: '2027-01-01', working: true, source: 'weekday' })
    const { signBy, resolveBy } = slaDeadlines('normal', at('2026-12-31 10:00'), cal)
    assert.equal(china(signBy), '2027-01-01 10:00')
    assert.equal(china(resolveBy), '2027-01-07 10:00')
  })

  test('a 2027 holiday and make-up Saturday entered by an admin change the deadlines', () => {
    const with2027 = createCalendar(overrides2027)
    assert.equal(with2027.isWorkingDay('2027-01-01'), false)
    assert.equal(with2027.isWorkingDay('2027-01-02'), true)
    assert.equal(with2027.dayInfo('2027-01-02').source, 'override')
    const { signBy } = slaDeadlines('normal', at('2026-12-31 10:00'), with2027)
    assert.equal(china(signBy), '2027-01-02 10:00')
    const holidayOnly = createCalendar([overrides2027[0]])
    assert.equal(china(slaDeadlines('normal', at('2026-12-31 10:00'), holidayOnly).resolveBy), '2027-01-08 10:00')
  })

  test('an override wins over the package data', () => {
    const noMakeUp = createCalendar([{ date: '2026-10-10', kind: 'holiday' }])
    assert.equal(noMakeUp.isWorkingDay('2026-10-10'), false)
    assert.equal(china(slaDeadlines('normal', at('2026-09-30 10:00'), noMakeUp).resolveBy), '2026-10-14 10:00')
    const extraDay = createCalendar([{ date: '2026-10-07', kind: 'workday' }])
    assert.equal(china(slaDeadlines('normal', at('2026-09-30 10:00'), extraDay).signBy), '2026-10-07 10:00')
  })
})

describe('office-hour edges (Mon 2026-11-16, an ordinary week)', () => {
  test('starting at 08:00 counts from 09:00', () => {
    assert.equal(china(cal.addWorkingHours(at('2026-11-16 08:00'), 1)), '2026-11-16 10:00')
    assert.equal(china(cal.addWorkingDays(at('2026-11-16 08:00'), 1)), '2026-11-17 09:00')
  })

  test('starting in the lunch break counts from 13:30', () => {
    assert.equal(china(cal.addWorkingHours(at('2026-11-16 12:30'), 1)), '2026-11-16 14:30')
    assert.equal(china(cal.addWorkingDays(at('2026-11-16 12:30'), 1)), '2026-11-17 13:30')
  })

  test('starting after closing counts from the next morning', () => {
    assert.equal(china(cal.addWorkingHours(at('2026-11-16 17:45'), 1)), '2026-11-17 10:00')
    assert.equal(china(cal.addWorkingDays(at('2026-11-16 17:45'), 1)), '2026-11-18 09:00')
  })

  test('starting on a Sunday counts from Monday 09:00', () => {
    assert.equal(china(cal.addWorkingHours(at('2026-11-15 10:00'), 1)), '2026-11-16 10:00')
    assert.equal(china(cal.addWorkingDays(at('2026-11-15 10:00'), 1)), '2026-11-17 09:00')
    assert.equal(china(slaDeadlines('high', at('2026-11-15 10:00'), cal).signBy), '2026-11-16 14:30')
  })

  test('a deadline that uses up a period ends at its closing time', () => {
    assert.equal(china(cal.addWorkingHours(at('2026-11-16 11:00'), 1)), '2026-11-16 12:00')
    assert.equal(china(cal.addWorkingHours(at('2026-11-16 09:00'), 7)), '2026-11-16 17:30')
    assert.equal(china(cal.addWorkingHours(at('2026-11-16 11:00'), 2)), '2026-11-16 14:30')
  })

  test('one working day from Friday 10:00 is Monday 10:00', () => {
    assert.equal(china(cal.addWorkingDays(at('2026-11-20 10:00'), 1)), '2026-11-23 10:00')
  })

  test('working time between instants counts only office time', () => {
    assert.equal(cal.workingMillisBetween(at('2026-11-16 08:00'), at('2026-11-16 20:00')), 7 * HOUR)
    assert.equal(cal.workingMillisBetween(at('2026-11-16 11:00'), at('2026-11-16 14:00')), 1.5 * HOUR)
    assert.equal(cal.workingMillisBetween(at('2026-11-20 17:00'), at('2026-11-23 09:30')), 1 * HOUR)
    assert.equal(cal.workingMillisBetween(at('2026-11-23 09:30'), at('2026-11-20 17:00')), -1 * HOUR)
  })

  test('office hours are configurable', () => {
    const summer = createCalendar(
      [],
      [
        ['08:30', '12:00'],
        ['14:30', '18:00'],
      ],
    )
    assert.equal(summer.dailyWorkingMillis, 7 * HOUR)
    assert.equal(china(summer.addWorkingHours(at('2026-11-16 11:00'), 2)), '2026-11-16 15:30')
    assert.throws(() => createCalendar([], [['13:00', '12:00']]), RangeError)
    assert.throws(
      () =>
        createCalendar(
          [],
          [
            ['09:00', '12:00'],
            ['11:00', '17:00'],
          ],
        ),
      RangeError,
    )
  })

  test('rejects negative amounts', () => {
    assert.throws(() => cal.addWorkingHours(at('2026-11-16 10:00'), -1), RangeError)
    assert.throws(() => cal.addWorkingDays(at('2026-11-16 10:00'), -1), RangeError)
    assert.throws(() => addNaturalHours(at('2026-11-16 10:00'), Number.NaN), RangeError)
  })
})

describe('SLA rules and the 75 % warning', () => {
  test('a category rule overrides the defaults', () => {
    const { signBy, resolveBy } = slaDeadlines('normal', at('2026-11-16 10:00'), cal, { signHours: 2, resolveDays: 10 })
    assert.equal(china(signBy), '2026-11-16 12:00')
    assert.equal(china(resolveBy), '2026-11-30 10:00')
    // Days then hours; natural rules count calendar time.
    assert.equal(
      china(slaDeadlines('high', at('2026-11-20 16:00'), cal, { resolveDays: 1, resolveHours: 2 }).resolveBy),
      '2026-11-24 09:30',
    )
    assert.equal(china(slaDeadlines('high', at('2026-11-20 16:00'), cal, { resolveDays: 1, natural: true }).resolveBy), '2026-11-21 16:00')
  })

  test('fractionUsed measures working time, 1 at the deadline and above when overdue', () => {
    const start = at('2026-11-20 16:00') // Friday
    const { resolveBy } = slaDeadlines('high', start, cal) // Wed 2026-11-25 16:00
    assert.equal(cal.fractionUsed(start, resolveBy, at('2026-11-20 15:00')), 0)
    assert.equal(cal.fractionUsed(start, resolveBy, at('2026-11-22 23:00')), 1.5 / 21) // weekend adds nothing
    assert.equal(cal.fractionUsed(start, resolveBy, resolveBy), 1)
    // 75 % of 21 h = 15.75 h: Fri 1.5 h + Mon 7 h + Tue 7 h = 15.5 h, + 0.25 h on Wednesday.
    assert.ok(cal.fractionUsed(start, resolveBy, at('2026-11-25 09:14')) < 0.75)
    assert.equal(cal.fractionUsed(start, resolveBy, at('2026-11-25 09:15')), 0.75)
    assert.ok(cal.fractionUsed(start, resolveBy, at('2026-11-26 09:00')) > 1)
  })

  test('fractionUsed in natural time for urgent events', () => {
    const start = at('2026-11-21 22:00')
    const { signBy } = slaDeadlines('urgent', start, cal)
    assert.equal(cal.fractionUsed(start, signBy, at('2026-11-21 23:30'), true), 0.75)
    assert.equal(cal.fractionUsed(start, signBy, at('2026-11-21 23:30')), 0) // Saturday night: no working time
  })
})

describe('independent of the process time zone', () => {
  test('the same deadlines come out under UTC, Asia/Shanghai, America/Los_Angeles and Pacific/Kiritimati', async () => {
    const moduleUrl = new URL('./calendar.ts', import.meta.url).href
    const script = `
      import { createCalendar, slaDeadlines } from ${JSON.stringify(moduleUrl)};
      const cal = createCalendar([{ date: '2027-01-01', kind: 'holiday' }]);
      const out = [
        String(new Date(0).getTimezoneOffset()),
        ...['2026-09-30T02:00:00Z', '2026-10-09T09:00:00Z', '2026-12-31T02:00:00Z', '2026-02-13T07:00:00Z']
          .flatMap((iso) => Object.values(slaDeadlines('normal', new Date(iso), cal)).map((d) => d.toISOString())),
        String(cal.isWorkingDay('2026-10-10')), String(cal.isWorkingDay('2026-10-12')),
      ];
      console.log(JSON.stringify(out));`
    const run = promisify(execFile)
    const zones = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati']
    const results = await Promise.all(
      zones.map(async (TZ) => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          env: { ...process.env, TZ },
          cwd: fileURLToPath(new URL('.', import.meta.url)),
        })
        return JSON.parse(stdout) as string[]
      }),
    )
    // The zones really differ for the process…
    assert.equal(new Set(results.map((r) => r[0])).size, zones.length)
    // …and the answers do not.
    const answers = results.map((r) => r.slice(1))
    for (const a of answers) assert.deepEqual(a, answers[0])
    assert.deepEqual(answers[0], [
      '2026-10-08T02:00:00.000Z',
      '2026-10-13T02:00:00.000Z', // Sep 30 10:00 China
      '2026-10-10T09:00:00.000Z',
      '2026-10-15T09:00:00.000Z', // Fri Oct 9 17:00 China → Sat Oct 10 counts
      '2027-01-04T02:00:00.000Z',
      '2027-01-08T02:00:00.000Z', // Dec 31 10:00 China, Jan 1 overridden
      '2026-02-14T07:00:00.000Z',
      '2026-02-27T07:00:00.000Z', // Feb 13 15:00 China
      'true',
      'true',
    ])
  })
})

describe('properties', () => {
  // Instants between 2025 and 2028, with a 2027 override in play, on a minute grid or not.
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }).map((t) => new Date(t))
  const minutes = fc.integer({ min: 0, max: 7 * 60 * 40 })
  const calendars = fc.constantFrom(
    cal,
    createCalendar([
      { date: '2027-01-01', kind: 'holiday' },
      { date: '2027-02-06', kind: 'workday' },
    ]),
  )

  test('adding a + b working hours equals adding a, then b', () => {
    fc.assert(
      fc.property(calendars, instant, minutes, minutes, (c, from, a, b) => {
        const direct = c.addWorkingHours(from, a / 60 + b / 60)
        const stepwise = c.addWorkingHours(c.addWorkingHours(from, a / 60), b / 60)
        assert.equal(direct.getTime(), stepwise.getTime())
      }),
      { numRuns: 2000 },
    )
  })

  test('exactly h working hours lie between from and addWorkingHours(from, h)', () => {
    fc.assert(
      fc.property(calendars, instant, minutes, (c, from, m) => {
        assert.equal(c.workingMillisBetween(from, c.addWorkingHours(from, m / 60)), m * 60_000)
      }),
      { numRuns: 2000 },
    )
  })

  test('exactly n working days of office time lie between from and addWorkingDays(from, n)', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 0, max: 30 }), (c, from, n) => {
        const deadline = c.addWorkingDays(from, n)
        assert.equal(c.workingMillisBetween(from, deadline), n * c.dailyWorkingMillis)
        assert.ok(c.isWorkingDay(deadline))
      }),
      { numRuns: 2000 },
    )
  })

  test('fractionUsed grows with time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 86_400_000 }), fc.integer({ min: 0, max: 30 * 86_400_000 }), (start, x, y) => {
        const { resolveBy } = slaDeadlines('normal', start, cal)
        const [early, late] = x <= y ? [x, y] : [y, x]
        const f1 = cal.fractionUsed(start, resolveBy, new Date(start.getTime() + early))
        const f2 = cal.fractionUsed(start, resolveBy, new Date(start.getTime() + late))
        assert.ok(f1 >= 0 && f1 <= f2)
      }),
      { numRuns: 1000 },
    )
  })
})
