/**
 * The early-warning scan (every minute from `xiaolan start`, like the SLA jobs): under a
 * transaction-scoped advisory lock so one instance scans at a time, it reads the hotspot window's
 * events (events/alert-reads.ts: a created_at range on events_created_at) and raises or updates
 * one alert per finding (a finding that persists updates its one open alert).
 */
import { type AlertKind, chinaDateOf } from '@xiaolan/contracts'
import { sql } from 'kysely'
import { chinaDayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { startTicker } from '../../ticker.ts'
import { createdCountsByDay } from '../analytics/alert-counts.ts'
import { eventsInWindow, reporterEventsInWindow } from '../events/alert-reads.ts'
import {
  addDays,
  type Finding,
  type HotspotParams,
  hotspots,
  type RepeatParams,
  repeatReporters,
  type SurgeParams,
  surges,
} from './rules.ts'
import { raiseOrUpdate } from './store.ts'

const LOCK_SPACE = 741_207
const DAY = 86_400_000

export interface ScanResult {
  ran: boolean
  raised: number
  updated: number
  /** the alerts raised or changed */
  changedIds: number[]
}

export async function runScan(app: AppContext): Promise<ScanResult> {
  const result = await app.metrics.timeJob('alerts_scan', () =>
    app.database.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${LOCK_SPACE}, 1) as got`.execute(tx)
      if (!rows[0]?.got) return { ran: false, raised: 0, updated: 0, changedIds: [] }
      const rules = await tx.selectFrom('alert_rules').selectAll().execute()
      const now = app.now()
      const out: ScanResult = { ran: true, raised: 0, updated: 0, changedIds: [] }
      /** One finding raised as a new alert or folded into its open one, counted. */
      const record = async (finding: Omit<Parameters<typeof raiseOrUpdate>[2], 'at' | 'windowEnd'>) => {
        const r = await raiseOrUpdate(app, tx, { ...finding, windowEnd: now, at: now })
        if (r.created) out.raised++
        else if (r.changed) out.updated++
        if (r.changed) out.changedIds.push(r.id)
      }
      const paramsOf = <P>(kind: string): P | null => {
        const rule = rules.find((r) => r.kind === kind)
        if (!rule?.enabled) return null
        return (typeof rule.params === 'string' ? JSON.parse(rule.params) : rule.params) as P
      }
      const until = new Date(now.getTime() + 1)
      const topOf = (code: string) => app.categories.topOf(code) ?? code
      /** A located finding (a hotspot, a repeat reporter) over the window since `since`. */
      const recordFound = async (kind: AlertKind, since: Date, found: Finding[]) => {
        for (const f of found) {
          await record({
            kind,
            key: f.key,
            unitId: f.districtId,
            categoryCode: f.category,
            lat: f.lat,
            lng: f.lng,
            windowStart: since,
            score: f.score,
            eventIds: f.eventIds,
          })
        }
      }
      const hot = paramsOf<HotspotParams>('hotspot')
      if (hot) {
        const since = new Date(now.getTime() - hot.days * DAY)
        const rows = (await eventsInWindow(tx, since, until)).map((e) => ({ ...e, category: topOf(e.categoryCode) }))
        await recordFound('hotspot', since, hotspots(rows, hot))
      }
      const repeat = paramsOf<RepeatParams>('repeat_reporter')
      if (repeat) {
        const since = new Date(now.getTime() - repeat.days * DAY)
        const rows = (await reporterEventsInWindow(tx, since, until, repeat.minEvents)).map((e) => ({
          ...e,
          category: topOf(e.categoryCode),
        }))
        await recordFound('repeat_reporter', since, repeatReporters(rows, repeat))
      }
      const p = paramsOf<SurgeParams>('surge')
      if (p) {
        // today's China day against its own baseline, per district center × top-level category
        const today = chinaDateOf(now)
        const districts = app.orgs.all().filter((u) => u.kind === 'center' && u.level === 2 && u.active)
        const counts = await createdCountsByDay(
          tx,
          districts.map((d) => d.id),
          addDays(today, -p.baselineDays),
          today,
        )
        const daily = counts.map((c) => ({ districtId: c.unitId, category: c.category, day: c.day, count: c.count }))
        const found = surges(daily, today, p)
        // the evidence: the district's events of the category created today (China day)
        const todays = found.length ? await eventsInWindow(tx, chinaDayOf(now).start, until) : []
        for (const f of found) {
          const evidence = todays.filter((e) => e.districtId === f.districtId && topOf(e.categoryCode) === f.category)
          await record({
            kind: 'surge',
            key: f.key,
            unitId: f.districtId,
            categoryCode: f.category,
            lat: null,
            lng: null,
            windowStart: new Date(now.getTime() - p.baselineDays * DAY),
            score: f.score,
            eventIds: evidence.map((e) => e.id),
          })
        }
      }
      return out
    }),
  )
  return result
}

/** Starts the scan on a timer (from `xiaolan start`); ticks never overlap. Returns the stop function. */
export function startAlertScan(app: AppContext, intervalMs = 60_000): () => Promise<void> {
  return startTicker(async () => {
    try {
      const r = await runScan(app)
      if (r.raised || r.updated) app.log.info({ raised: r.raised, updated: r.updated }, 'alerts scan')
    } catch (error) {
      app.log.error({ err: error }, 'alerts scan failed')
    }
  }, intervalMs)
}
