/** KPI use cases: a scope's figures, the ranking tables (红黑榜) and the public aggregates. */
import type { KpiPoint, KpiQuery, KpiReport, KpiSeries, KpiSeriesQuery, PublicKpiRow, PublicKpiView, RankingView } from '@xiaolan/contracts'
import { addDays, chinaDateOf, chinaDayOf, DAY_MS as DAY, dayNumberOf, weekdayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { forbidden, invalid } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import { addCounts, countsByDay, countsByUnit, emptyCounts, groupRows, kpiRow, type Period, ratesOf, scoreOf } from './kpis.ts'

/** The asked period; by default the 30 China days up to and including today. */
export function periodOf(app: AppContext, q: { from?: string; to?: string }): Period {
  const to = q.to ? new Date(q.to) : chinaDayOf(app.now()).end
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY)
  if (!(from < to)) throw invalid('from', 'from must be before to')
  if (to.getTime() - from.getTime() > 3700 * DAY) throw invalid('from', 'A period spans at most ten years')
  return { from, to }
}

/** The scope a staff member asked for, within their own unit's subtree. */
export function scopeOf(app: AppContext, principal: Principal, code: string | undefined): OrgUnit {
  if (principal.kind !== 'staff') throw forbidden('Staff only')
  const mine = app.orgs.unit(principal.user.unitId) as OrgUnit
  if (!code) return mine
  const unit = app.orgs.byCode(code)
  if (!unit) throw invalid('scope', `No unit ${code}`)
  if (!unit.path.startsWith(mine.path)) throw forbidden('This unit is outside your scope')
  return unit
}

export async function kpiReport(app: AppContext, principal: Principal, q: KpiQuery): Promise<KpiReport> {
  const scope = scopeOf(app, principal, q.scope)
  const period = periodOf(app, q)
  const groupBy = q.groupBy ?? 'unit'
  const level = groupBy === 'level' ? (q.level ?? Math.min(scope.level + 1, 4)) : null
  const counts = await countsByUnit(app, scope, period)
  const { rows, total } = groupRows(app, counts, level)
  return {
    scope: { code: scope.code, name: scope.name },
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    groupBy,
    level,
    rows,
    total: kpiRow(scope, total),
  }
}

/** A series by day spans at most a year (a chart of more days would not be read point by point). */
const MAX_DAY_POINTS = 366

/**
 * The scope's figures over its period, per China day or per Monday–Sunday week (the first and last
 * weeks clipped to the period): every day of the period has its point, an idle one with zero counts.
 */
export async function kpiSeries(app: AppContext, principal: Principal, q: KpiSeriesQuery): Promise<KpiSeries> {
  const scope = scopeOf(app, principal, q.scope)
  const period = periodOf(app, q)
  const bucket = q.bucket ?? 'day'
  const first = chinaDateOf(period.from)
  const days = dayNumberOf(chinaDateOf(period.to.getTime() - 1)) - dayNumberOf(first) + 1
  if (bucket === 'day' && days > MAX_DAY_POINTS) throw invalid('bucket', `A series by day spans at most ${MAX_DAY_POINTS} days`)
  const counts = await countsByDay(app, scope, period)
  const points: KpiPoint[] = []
  // i and j: days after the first; a week ends on its Sunday or with the period
  for (let i = 0; i < days; ) {
    const start = addDays(first, i)
    const j = bucket === 'day' ? i : Math.min(i + 6 - weekdayOf(start), days - 1)
    const sum = emptyCounts()
    for (let d = i; d <= j; d++) addCounts(sum, counts.get(dayNumberOf(first) + d) ?? emptyCounts())
    points.push({ start, end: addDays(first, j), ...sum, ...ratesOf(sum) })
    i = j + 1
  }
  return { scope: { code: scope.code, name: scope.name }, from: period.from.toISOString(), to: period.to.toISOString(), bucket, points }
}

const RANKED = 5

/** 红黑榜: the centers of one level within the scope, best and worst by the mean of their rates. */
export async function ranking(app: AppContext, principal: Principal, q: KpiQuery): Promise<RankingView> {
  const scope = scopeOf(app, principal, q.scope)
  const period = periodOf(app, q)
  const level = q.level ?? Math.min(scope.level + 1, 4)
  // a community has no centers below it to rank
  if (level <= scope.level) return { level, from: period.from.toISOString(), to: period.to.toISOString(), red: [], black: [] }
  const counts = await countsByUnit(app, scope, period)
  const scored = groupRows(app, counts, level)
    .rows.map((row) => ({ row, score: scoreOf(row) }))
    .filter((x): x is { row: typeof x.row; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.row.unit.code.localeCompare(b.row.unit.code))
  const red = scored.slice(0, RANKED).map((x) => x.row)
  const black = scored
    .slice(Math.max(RANKED, scored.length - RANKED))
    .reverse()
    .map((x) => x.row)
  return { level, from: period.from.toISOString(), to: period.to.toISOString(), red, black }
}

/** Each district's and department's on-time and satisfaction rates: aggregates, never an event or a person. */
export async function publicKpis(app: AppContext, q: { from?: string; to?: string }): Promise<PublicKpiView> {
  const period = periodOf(app, q)
  const root = app.orgs.root()
  const counts = await countsByUnit(app, root, period)
  const toPublic = (r: ReturnType<typeof kpiRow>): PublicKpiRow => ({
    code: r.unit.code,
    name: r.unit.name,
    resolved: r.resolved,
    onTimeRate: r.onTimeRate,
    evaluated: r.evaluated,
    satisfactionRate: r.satisfactionRate,
    unrated: r.defaultClosed + r.notReached,
  })
  const rolled = new Map(groupRows(app, counts, 2).rows.map((r) => [r.unit.id, r]))
  // every district, active or not: a blank row says as much as a number
  const districts = app.orgs
    .children(root.id)
    .filter((u) => u.kind === 'center')
    .map((u) => rolled.get(u.id) ?? kpiRow(u, emptyCounts()))
    .sort((a, b) => a.unit.code.localeCompare(b.unit.code))
  const departments = app.orgs
    .all()
    .filter((u) => u.kind === 'department' && u.active)
    .map((u) => {
      const c = counts.get(u.id)
      return c ? toPublic(kpiRow(u, c)) : null
    })
    .filter((r): r is PublicKpiRow => r !== null && r.resolved + r.evaluated > 0)
    .sort((a, b) => a.code.localeCompare(b.code))
  return { from: period.from.toISOString(), to: period.to.toISOString(), districts: districts.map(toPublic), departments }
}
