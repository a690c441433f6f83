/**
 * China time's fixed facts, shared by the server's and the web's China-time modules: Asia/Shanghai
 * has been UTC+8 without daylight saving since 1991, so a China day is the instants from 16:00 UTC
 * the day before up to the next 16:00 UTC.
 */

export const CHINA_OFFSET_MS = 8 * 3_600_000
export const DAY_MS = 86_400_000

/** The China date (YYYY-MM-DD) an instant falls on: "today" is `chinaDateOf(now)`. */
export const chinaDateOf = (instant: Date | string | number): string =>
  new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
