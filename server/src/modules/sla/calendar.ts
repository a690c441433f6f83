/**
 * China's working-day calendar and SLA deadline maths (DESIGN §8).
 *
 * Every calendar question is answered in China time (Asia/Shanghai = UTC+8, no DST) by
 * shifting instants with a fixed offset, so the result never depends on the process TZ.
 *
 * Sources, strongest first:
 *  1. caller overrides (an admin-edited table) — needed for years the package does not know yet;
 *  2. the official State Council arrangement shipped by `chinese-days` (holidays and
 *     make-up workdays 调休上班, e.g. Saturday 2026-10-10);
 *  3. plain Monday–Friday.
 *
 * We read the package's raw data file instead of calling its functions: its date parser
 * reads 'YYYY-MM-DD' as UTC midnight but formats with local getters, so `isWorkday`
 * answers for the previous day when the process runs west of UTC.
 */
import { createRequire } from 'node:module'
import { CHINA_OFFSET_MS, clockMs, DAY_MS, dayNumberOf } from '../../china-time.ts'

/** An admin-entered correction to the official calendar; wins over the package data. */
export type CalendarOverride = {
  /** China-local calendar date, YYYY-MM-DD. */
  date: string
  kind: 'holiday' | 'workday'
  name?: string
}

/** Office periods of a working day, China local time, 'HH:MM' pairs, ascending, non-overlapping. */
export type OfficeHours = ReadonlyArray<readonly [start: string, end: string]>

/** 09:00–12:00 and 13:30–17:30: 7 working hours a day. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  ['09:00', '12:00'],
  ['13:30', '17:30'],
]

export type Priority = 'urgent' | 'high' | 'normal'

/**
 * Per-category SLA rule. Hours and days add up when both are given (days first).
 * `natural` counts in calendar time (24 h days, nights and holidays included);
 * when absent, urgent matters are natural and the others use working time.
 */
export type SlaRule = {
  signHours?: number
  signDays?: number
  resolveHours?: number
  resolveDays?: number
  natural?: boolean
}

export interface DayInfo {
  date: string
  working: boolean
  /** Which source decided: an override, the official arrangement, or the weekday rule. */
  source: 'override' | 'official' | 'weekday'
  name?: string
}

export interface WorkingCalendar {
  readonly officeHours: OfficeHours
  /** Working office time per working day, in milliseconds. */
  readonly dailyWorkingMillis: number
  /** Is this China-local date (YYYY-MM-DD, or the China date of an instant) a working day? */
  isWorkingDay(date: string | Date): boolean
  dayInfo(date: string | Date): DayInfo
  /** The instant after `hours` of office time on working days have elapsed from `from`. */
  addWorkingHours(from: Date, hours: number): Date
  /** Same office time of day `days` working days later; see the rule at its definition. */
  addWorkingDays(from: Date, days: number): Date
  /** Office time on working days within [a, b); negative when b is before a. */
  workingMillisBetween(a: Date, b: Date): number
  /**
   * Working time used / working time allowed (≥ 1 once the deadline is reached; 0 before
   * start). With `natural`, natural time is compared instead (urgent matters).
   */
  fractionUsed(start: Date, deadline: Date, now: Date, natural?: boolean): number
}

const HOUR = 3_600_000

type PackageData = { holidays: Record<string, string>; workdays: Record<string, string> }

/** Day number (days since 1970-01-01) → true for a working day, false for a day off. */
type DayExceptions = Map<number, { working: boolean; name?: string }>

const officialDays: DayExceptions = loadOfficialDays()

/** Years for which `chinese-days` ships the official arrangement; later years need overrides. */
export const OFFICIAL_CALENDAR_YEARS: readonly number[] = [
  ...new Set([...officialDays.keys()].map((d) => new Date(d * DAY_MS).getUTCFullYear())),
].sort((x, y) => x - y)

function loadOfficialDays(): DayExceptions {
  const require = createRequire(import.meta.url)
  const data = require('chinese-days/dist/chinese-days.json') as PackageData
  const days: DayExceptions = new Map()
  // Entries look like "National Day,国庆节,3": keep the Chinese name.
  const nameOf = (entry: string) => entry.split(',')[1] ?? entry
  for (const [date, entry] of Object.entries(data.holidays)) {
    days.set(dayNumberOf(date), { working: false, name: nameOf(entry) })
  }
  for (const [date, entry] of Object.entries(data.workdays)) {
    days.set(dayNumberOf(date), { working: true, name: nameOf(entry) })
  }
  return days
}

function hoursToMillis(hours: number, what: string): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${hours}`)
  // Rounding to the millisecond keeps a + b hours equal to a hours then b hours.
  return Math.round(hours * HOUR)
}

/** The instant `hours` natural (wall-clock) hours after `from`: urgent matters run day and night. */
export function addNaturalHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hoursToMillis(hours, 'hours'))
}

export function createCalendar(overrides: CalendarOverride[] = [], hours: OfficeHours = DEFAULT_OFFICE_HOURS): WorkingCalendar {
  // Office periods as [start, end) offsets from China midnight.
  const periods = hours.map(([s, e]) => [clockMs(s), clockMs(e)] as const)
  if (periods.length === 0) throw new RangeError('office hours need at least one period')
  periods.forEach(([s, e], i) => {
    const previousEnd = i === 0 ? 0 : periods[i - 1][1]
    if (!(s < e && s >= previousEnd && e <= DAY_MS)) {
      throw new RangeError(`office periods must be ascending and non-overlapping within a day: ${JSON.stringify(hours)}`)
    }
  })
  const dailyWorkingMillis = periods.reduce((sum, [s, e]) => sum + e - s, 0)

  // Official days first, overrides on top (a later override for the same date wins).
  const exceptions: Map<number, { working: boolean; name?: string; override: boolean }> = new Map()
  for (const [day, v] of officialDays) exceptions.set(day, { ...v, override: false })
  for (const o of overrides) {
    exceptions.set(dayNumberOf(o.date), { working: o.kind === 'workday', name: o.name, override: true })
  }

  /** Working day by day number: an O(1) lookup, then the weekday rule (1970-01-01 was a Thursday). */
  const isWorking = (day: number): boolean => {
    const exception = exceptions.get(day)
    if (exception) return exception.working
    const weekday = (((day + 4) % 7) + 7) % 7 // 0 = Sunday
    return weekday >= 1 && weekday <= 5
  }

  /** Office time elapsed on a working day from midnight until `offset`. */
  const officeMillisUntil = (offset: number): number => {
    let sum = 0
    for (const [s, e] of periods) {
      if (offset <= s) break
      sum += Math.min(offset, e) - s
    }
    return sum
  }

  const split = (instant: Date) => {
    const local = instant.getTime() + CHINA_OFFSET_MS
    const day = Math.floor(local / DAY_MS)
    return { day, offset: local - day * DAY_MS }
  }
  const instantOf = (day: number, offset: number) => new Date(day * DAY_MS + offset - CHINA_OFFSET_MS)

  const dayNumberOfInput = (date: string | Date) => (date instanceof Date ? split(date).day : dayNumberOf(date))

  const dayInfo = (date: string | Date): DayInfo => {
    const day = dayNumberOfInput(date)
    const iso = new Date(day * DAY_MS).toISOString().slice(0, 10)
    const exception = exceptions.get(day)
    if (exception) {
      return {
        date: iso,
        working: exception.working,
        source: exception.override ? 'override' : 'official',
        name: exception.name,
      }
    }
    return { date: iso, working: isWorking(day), source: 'weekday' }
  }

  const addWorkingMillis = (from: Date, millis: number): Date => {
    if (millis === 0) return new Date(from.getTime())
    let { day, offset } = split(from)
    let remaining = millis
    for (;;) {
      if (isWorking(day)) {
        for (const [s, e] of periods) {
          if (offset >= e) continue
          const start = Math.max(offset, s)
          // `<=`: a deadline that uses up a period ends at its close (12:00), not at the next opening.
          if (remaining <= e - start) return instantOf(day, start + remaining)
          remaining -= e - start
          offset = e
        }
      }
      day += 1
      offset = 0
      // Skip whole working days at once; the last one is walked period by period above.
      while (remaining > dailyWorkingMillis && isWorking(day)) {
        remaining -= dailyWorkingMillis
        day += 1
      }
    }
  }

  const addWorkingHours = (from: Date, hoursToAdd: number): Date => addWorkingMillis(from, hoursToMillis(hoursToAdd, 'working hours'))

  /**
   * The rule for working days: the deadline is the same office time of day on the n-th
   * working day after the start day. The start is `from` when it lies inside an office
   * period ([opening, closing) — a closing instant counts as outside); otherwise it is the
   * next office opening (08:00 → 09:00 same day, 12:30 → 13:30, 17:45 or a Sunday → 09:00 of
   * the next working day). So 1 working day from Friday 10:00 is Monday 10:00, and from
   * Friday 18:00 it is Tuesday 09:00. Exactly n × daily office time lies between `from` and
   * the deadline. Fractional days add the fraction of a day's office time afterwards.
   */
  const addWorkingDays = (from: Date, days: number): Date => {
    if (!Number.isFinite(days) || days < 0) throw new RangeError(`working days must be a finite number ≥ 0, got ${days}`)
    const whole = Math.floor(days)
    let { day, offset } = split(from)
    const inOffice = isWorking(day) && periods.some(([s, e]) => offset >= s && offset < e)
    if (!inOffice) {
      const laterOpening = isWorking(day) ? periods.find(([s]) => s > offset) : undefined
      if (laterOpening) {
        offset = laterOpening[0]
      } else {
        do {
          day += 1
        } while (!isWorking(day))
        offset = periods[0][0]
      }
    }
    for (let n = whole; n > 0; n -= 1) {
      do {
        day += 1
      } while (!isWorking(day))
    }
    const deadline = instantOf(day, offset)
    const fraction = days - whole
    return fraction > 0 ? addWorkingMillis(deadline, Math.round(fraction * dailyWorkingMillis)) : deadline
  }

  const workingMillisBetween = (a: Date, b: Date): number => {
    if (b.getTime() < a.getTime()) return -workingMillisBetween(b, a)
    const from = split(a)
    const to = split(b)
    if (from.day === to.day) {
      return isWorking(from.day) ? officeMillisUntil(to.offset) - officeMillisUntil(from.offset) : 0
    }
    let sum = isWorking(from.day) ? dailyWorkingMillis - officeMillisUntil(from.offset) : 0
    for (let day = from.day + 1; day < to.day; day += 1) {
      if (isWorking(day)) sum += dailyWorkingMillis
    }
    if (isWorking(to.day)) sum += officeMillisUntil(to.offset)
    return sum
  }

  const fractionUsed = (start: Date, deadline: Date, now: Date, natural = false): number => {
    if (now.getTime() <= start.getTime()) return 0
    const measure = natural ? (x: Date, y: Date) => y.getTime() - x.getTime() : workingMillisBetween
    const allowed = measure(start, deadline)
    // No time allowed at all: nothing is used before the deadline, everything after it.
    if (allowed <= 0) return now.getTime() < deadline.getTime() ? 0 : 1
    return measure(start, now) / allowed
  }

  return {
    officeHours: hours,
    dailyWorkingMillis,
    isWorkingDay: (date) => isWorking(dayNumberOfInput(date)),
    dayInfo,
    addWorkingHours,
    addWorkingDays,
    workingMillisBetween: (a, b) => workingMillisBetween(a, b),
    fractionUsed,
  }
}

/** DESIGN §8 defaults: urgent 2 h / 24 h (natural), high 4 working h / 3 working days, normal 1 / 5 working days. */
export const DEFAULT_SLA_RULES: Readonly<Record<Priority, Readonly<SlaRule>>> = {
  urgent: { signHours: 2, resolveHours: 24, natural: true },
  high: { signHours: 4, resolveDays: 3, natural: false },
  normal: { signDays: 1, resolveDays: 5, natural: false },
}

/**
 * Sign-by and resolve-by deadlines of an event assigned at `assignedAt`. A rule's sign
 * (resolve) part replaces the default's only when it gives signHours or signDays
 * (resolveHours or resolveDays); `natural` defaults to true for urgent matters only.
 */
export function slaDeadlines(
  priority: Priority,
  assignedAt: Date,
  cal: WorkingCalendar,
  rule?: SlaRule,
): { signBy: Date; resolveBy: Date } {
  const defaults = DEFAULT_SLA_RULES[priority]
  const natural = rule?.natural ?? defaults.natural ?? false
  const pick = (days: number | undefined, hours: number | undefined, defaultDays?: number, defaultHours?: number) =>
    days === undefined && hours === undefined
      ? { days: defaultDays ?? 0, hours: defaultHours ?? 0 }
      : { days: days ?? 0, hours: hours ?? 0 }
  const sign = pick(rule?.signDays, rule?.signHours, defaults.signDays, defaults.signHours)
  const resolve = pick(rule?.resolveDays, rule?.resolveHours, defaults.resolveDays, defaults.resolveHours)

  const deadline = ({ days, hours }: { days: number; hours: number }): Date => {
    if (natural) return addNaturalHours(assignedAt, days * 24 + hours)
    const afterDays = days > 0 ? cal.addWorkingDays(assignedAt, days) : assignedAt
    return hours > 0 ? cal.addWorkingHours(afterDays, hours) : afterDays
  }
  return { signBy: deadline(sign), resolveBy: deadline(resolve) }
}
