/**
 * Performance figures per unit, computed from the action log for any period and scope
 * (DESIGN §4: the log is the truth; KPIs read it). Definitions, per unit U and period [from, to):
 *
 *  - assigned: log entries that assign the event to U (they carry a sign deadline), at in the period;
 *  - 签收及时率 signedOnTime / signDue: of those assignments, the ones U dealt with (the first later
 *    entry that takes the event off "assigned at U": a sign, escalation, dispatch, return…) by the
 *    sign deadline, over those dealt with or whose deadline has passed (an unsigned overdue one counts);
 *  - 按时办结率 resolvedOnTime / resolved: U's resolve entries by the resolve deadline then in force;
 *  - 满意率 satisfied / evaluated: real ratings of what U resolved (in the app, by the SMS link, on a
 *    回访 call; 满意 and 基本满意 count as satisfied); the windows that lapsed without one are counted
 *    beside, as defaultClosed (默认满意, app reporters) and notReached (未回访, callers);
 *  - 回访覆盖率 callbackRated / (callbackRated + notReached): of the callers due a callback, the share rated;
 *  - 退单率 returned / assigned; 重办率 reopened / resolved (不满意 evaluations of U's results);
 *  - 审核退回率 sentBack / reviewed: of the 办结审核 decisions on U's results (approve_resolution or
 *    send_back entries, while the result is at U), the ones sent back;
 *  - 平均办理时长: hours from U's last assignment to its resolve entry;
 *  - 督办数 supervise entries while U held the event; 催办 press entries likewise;
 *  - overdue / missedCheckIns: deadlines U missed (recorded once each by the scan job).
 *
 * Figures roll up by summing counts (rates are recomputed from the sums), to the centers of a level.
 */
import type { KpiCounts, KpiRates, KpiRow } from '@xiaolan/contracts'
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import { chinaDayNumber, type LogCountRow, logCountsByUnit, unitIn } from '../events/log-counts.ts'
import type { OrgUnit } from '../orgs/directory.ts'

export const emptyCounts = (): KpiCounts => ({
  assigned: 0,
  signDue: 0,
  signedOnTime: 0,
  resolved: 0,
  resolvedOnTime: 0,
  evaluated: 0,
  satisfied: 0,
  defaultClosed: 0,
  notReached: 0,
  callbackRated: 0,
  returned: 0,
  reopened: 0,
  reviewed: 0,
  sentBack: 0,
  handlingHours: 0,
  supervised: 0,
  pressed: 0,
  overdue: 0,
  missedCheckIns: 0,
})

const ratio = (n: number, d: number) => (d > 0 ? n / d : null)

export function ratesOf(c: KpiCounts): KpiRates {
  return {
    signRate: ratio(c.signedOnTime, c.signDue),
    onTimeRate: ratio(c.resolvedOnTime, c.resolved),
    satisfactionRate: ratio(c.satisfied, c.evaluated),
    callbackCoverage: ratio(c.callbackRated, c.callbackRated + c.notReached),
    returnRate: ratio(c.returned, c.assigned),
    reopenRate: ratio(c.reopened, c.resolved),
    sendBackRate: ratio(c.sentBack, c.reviewed),
    avgHandlingHours: ratio(c.handlingHours, c.resolved),
  }
}

export function addCounts(into: KpiCounts, c: KpiCounts) {
  for (const k of Object.keys(into) as Array<keyof KpiCounts>) into[k] += c[k]
}

export interface Period {
  from: Date
  to: Date
}

/**
 * Counts per unit id for the units of a subtree, as of `now`: the action log's through the events
 * module (events/log-counts.ts, by the definitions above), the missed deadlines from sla_breaches.
 */
export async function countsByUnit(app: AppContext, scope: OrgUnit, period: Period): Promise<Map<number, KpiCounts>> {
  return sumRows(await countRows(app, scope, period, false), (row) => row.unit_id)
}

/** The subtree's counts per China day (a day number, see events/log-counts.ts), every unit summed. */
export async function countsByDay(app: AppContext, scope: OrgUnit, period: Period): Promise<Map<number, KpiCounts>> {
  return sumRows(await countRows(app, scope, period, true), (row) => row.day as number)
}

async function countRows(app: AppContext, scope: OrgUnit, period: Period, byDay: boolean): Promise<LogCountRow[][]> {
  const { from, to } = period
  // the city's scope is every unit: no filter at all
  const units = scope.parentId === null ? null : unitsUnder(app, scope)
  const day = byDay ? sql`, ${chinaDayNumber('b.at')} as day` : sql``
  return Promise.all([
    ...logCountsByUnit(app.database.db, units, period, app.now(), { byDay }),
    sql<LogCountRow>`
      select b.unit_id, count(*) as overdue, count(*) filter (where b.kind = 'check_in') as "missedCheckIns" ${day}
      from sla_breaches b
      where ${unitIn('b.unit_id', units)} and b.at >= ${from} and b.at < ${to}
      group by b.unit_id ${byDay ? sql`, day` : sql``}`
      .execute(app.database.db)
      .then((r) => r.rows),
  ])
}

function sumRows(results: LogCountRow[][], keyOf: (row: LogCountRow) => number): Map<number, KpiCounts> {
  const sums = new Map<number, KpiCounts>()
  for (const rows of results) {
    for (const row of rows) {
      const key = keyOf(row)
      const c = sums.get(key) ?? emptyCounts()
      sums.set(key, c)
      for (const [k, v] of Object.entries(row)) if (k !== 'unit_id' && k !== 'day') c[k as keyof KpiCounts] += Number(v)
    }
  }
  return sums
}

/** The ids of a unit and every unit below it (path prefix, as the scope checks read it). */
function unitsUnder(app: AppContext, scope: OrgUnit): number[] {
  return app.orgs
    .all()
    .filter((u) => u.path.startsWith(scope.path))
    .map((u) => u.id)
}

export function kpiRow(unit: Pick<OrgUnit, 'id' | 'code' | 'name' | 'kind' | 'level'>, c: KpiCounts): KpiRow {
  return { unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, level: unit.level }, ...c, ...ratesOf(c) }
}

/** The center of `level` on a unit's path (itself or an ancestor); a department rolls up to its center. */
export function centerAtLevel(app: AppContext, unit: OrgUnit, level: number): OrgUnit | undefined {
  let u: OrgUnit | undefined = unit
  while (u && !(u.kind === 'center' && u.level === level)) {
    if (u.kind === 'center' && u.level < level) return undefined
    u = u.parentId === null ? undefined : app.orgs.unit(u.parentId)
  }
  return u
}

/** Rows per unit, or rolled up to the centers of `level`; with the scope's total. */
export function groupRows(app: AppContext, counts: Map<number, KpiCounts>, level: number | null): { rows: KpiRow[]; total: KpiCounts } {
  const total = emptyCounts()
  const groups = new Map<number, KpiCounts>()
  for (const [unitId, c] of counts) {
    addCounts(total, c)
    const unit = app.orgs.unit(unitId)
    if (!unit) continue
    const key = level === null ? unit : centerAtLevel(app, unit, level)
    if (!key) continue
    const g = groups.get(key.id) ?? emptyCounts()
    groups.set(key.id, g)
    addCounts(g, c)
  }
  const rows = [...groups].map(([id, c]) => kpiRow(app.orgs.unit(id) as OrgUnit, c)).sort((a, b) => a.unit.code.localeCompare(b.unit.code))
  return { rows, total }
}

/**
 * One score for ranking (红黑榜): the mean of the available sign, on-time and satisfaction rates;
 * none (not ranked) for a unit that resolved nothing and had nothing evaluated in the period, which
 * its sign rate alone would put first at 100 % above the units that did the work.
 */
export function scoreOf(r: KpiRates): number | null {
  if (r.onTimeRate === null && r.satisfactionRate === null) return null
  const rates = [r.signRate, r.onTimeRate, r.satisfactionRate].filter((x): x is number => x !== null)
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null
}
