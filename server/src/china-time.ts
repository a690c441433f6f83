/**
 * China time, once: Asia/Shanghai has been UTC+8 without daylight saving since 1991, so a China
 * day is a fixed 24-hour window of instants (16:00 UTC the day before up to the next 16:00 UTC).
 * Instants stay UTC everywhere (the database, the API); this module turns them into China dates and
 * wall-clock text and back. "Now" is always the caller's clock (`app.now()`), so tests can set it.
 * Working days and office hours are sla/calendar.ts's, on top of this.
 */

import { CHINA_OFFSET_MS, chinaDateOf, DAY_MS } from '@xiaolan/contracts'

export { CHINA_OFFSET_MS, chinaDateOf, DAY_MS } from '@xiaolan/contracts'

const MINUTE_MS = 60_000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const CLOCK_RE = /^(\d{1,2}):(\d{2})$/

/** The instant as China wall-clock ISO text without a zone: 2026-12-31T23:59:59.999. */
const chinaIso = (instant: Date | string | number) => new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 23)

/** 'YYYY-MM-DD' → days since 1970-01-01; throws on anything that is not a real calendar date. */
export function dayNumberOf(date: string): number {
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (new Date(t).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`)
  return t / DAY_MS
}

/** The date `days` after (or before, when negative) a date. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumberOf(date) + days) * DAY_MS).toISOString().slice(0, 10)
}

/** Monday = 0 … Sunday = 6. */
export function weekdayOf(date: string): number {
  return (new Date(dayNumberOf(date) * DAY_MS).getUTCDay() + 6) % 7
}

/** 'HH:MM' (00:00 to 24:00) → milliseconds after midnight; throws on anything else. */
export function clockMs(time: string): number {
  const m = CLOCK_RE.exec(time)
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (m[1] === '24' && m[2] !== '00')) throw new RangeError(`not an HH:MM time: ${time}`)
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS
}

/** The instant of a China wall-clock time on a date, e.g. chinaTime('2026-10-09', '09:00'); 24:00 is the next midnight. */
export function chinaTime(date: string, time = '00:00'): Date {
  return new Date(dayNumberOf(date) * DAY_MS + clockMs(time) - CHINA_OFFSET_MS)
}

/** The China day an instant falls on, as the instants [start, end). */
export function chinaDayOf(instant: Date | string | number): { start: Date; end: Date } {
  const start = chinaTime(chinaDateOf(instant))
  return { start, end: new Date(start.getTime() + DAY_MS) }
}

/** An instant in ISO 8601 with China's offset, to the second: 2026-12-01T10:00:00+08:00 (open data, Open311). */
export function chinaOffsetIso(instant: Date | string | number): string {
  return `${new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

/** China wall-clock text to the minute for exports and messages: 2026-12-31 23:59. */
export function formatChinaMinute(instant: Date | string | number): string {
  return chinaIso(instant).slice(0, 16).replace('T', ' ')
}
