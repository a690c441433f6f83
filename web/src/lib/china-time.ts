/**
 * China time for the web, once: every date the screens show and every day a filter names is an
 * Asia/Shanghai one, whatever zone the browser runs in (an operator's laptop set to UTC, a visitor
 * abroad). China has been UTC+8 without daylight saving since 1991, so a China day is the instants
 * from 16:00 UTC the day before up to the next 16:00 UTC. The API speaks UTC instants only; this
 * turns them into China dates and text, and China dates into the API's [from, to) periods.
 * The server's counterpart is server/src/china-time.ts.
 */

import { chinaDateOf, DAY_MS } from '@xiaolan/contracts'

export { chinaDateOf }

const ZONE = 'Asia/Shanghai'

type Instant = Date | string | number

/** The instant (ISO) a China date starts. */
export const chinaDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString()

/** A day as a filter names it: a YYYY-MM-DD date, or the date picker's pick (a dayjs), or nothing. */
type Day = string | { format(template: string): string } | null | undefined
const dateOf = (day: Day) => (!day ? undefined : typeof day === 'string' ? day : day.format('YYYY-MM-DD'))

/**
 * The API's period [from, to) for the China days `first` to `last`, both included: `to` is the
 * start of the day after `last` (the server's `to` is exclusive). An end not given stays undefined,
 * so a cleared picker clears the filter.
 */
export function chinaPeriod(first: Day, last: Day): { from: string | undefined; to: string | undefined } {
  const from = dateOf(first)
  const to = dateOf(last)
  return {
    from: from ? chinaDayStart(from) : undefined,
    to: to ? new Date(Date.parse(chinaDayStart(to)) + DAY_MS).toISOString() : undefined,
  }
}

const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hourCycle: 'h23', ...options })
const DATE = format({ year: 'numeric', month: '2-digit', day: '2-digit' })
const MINUTE = format({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
const SECOND = format({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** China date as the screens show it: 2026/12/02. */
export const formatChinaDate = (instant: Instant) => DATE.format(new Date(instant))

/** China wall-clock time to the minute (2026/12/02 00:00), or to the second where the order of close things matters (the audit log). */
export const formatChinaTime = (instant: Instant, { seconds = false } = {}) => (seconds ? SECOND : MINUTE).format(new Date(instant))

const CLOCK = format({ hour: '2-digit', minute: '2-digit' })

/** China wall-clock time of day alone (09:30), where the day goes without saying (today's patrol route). */
export const formatChinaClock = (instant: Instant) => CLOCK.format(new Date(instant))

/**
 * A moment soon after `now` as people say it, in China time: 今天 / 明天 and the clock ('today'
 * / 'tomorrow' with 09:30), or the date and the clock when it is further off.
 */
export function chinaSoon(instant: Instant, now: Instant = Date.now()): { day: 'today' | 'tomorrow' | null; clock: string } {
  const date = chinaDateOf(new Date(instant))
  const today = chinaDateOf(new Date(now))
  const tomorrow = chinaDateOf(new Date(Date.parse(chinaDayStart(today)) + DAY_MS))
  const day = date === today ? 'today' : date === tomorrow ? 'tomorrow' : null
  return { day, clock: day ? CLOCK.format(new Date(instant)) : formatChinaTime(instant) }
}

/** The China year of an instant (now unless given): the calendar's year on 31 December evening in New York is already the next one in Lanzhou. */
export const chinaYear = (instant: Instant = Date.now()) => Number(chinaDateOf(instant).slice(0, 4))

/**
 * China time in a language's own words (the big screen's clock: 2026年12月2日 周三, Dec 2, 2026 Wed),
 * for the formats beyond the fixed ones above; `locale` is the page's language, never the zone.
 */
export const formatChinaLocal = (instant: Instant, locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone: ZONE }).format(new Date(instant))
