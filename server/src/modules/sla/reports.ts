/** 日报/周报: a day (or the Monday–Sunday week) of a scope, in China dates. */
import type { ReportQuery, ReportView } from '@xiaolan/contracts'
import { addDays, chinaDateOf, chinaTime, weekdayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { Principal } from '../accounts/sessions.ts'
import { createdIn, openSlaCounts } from '../events/lookups.ts'
import { kpiReport, ranking, scopeOf } from './service.ts'

export async function reportData(app: AppContext, principal: Principal, q: ReportQuery): Promise<ReportView> {
  const scope = scopeOf(app, principal, q.scope)
  const day = q.date ?? chinaDateOf(app.now())
  const first = q.kind === 'weekly' ? addDays(day, -weekdayOf(day)) : day
  const last = q.kind === 'weekly' ? addDays(first, 6) : first
  const from = chinaTime(first).toISOString()
  const to = chinaTime(addDays(last, 1)).toISOString()
  const query = { scope: scope.code, from, to }
  const level = Math.min(scope.level + 1, 4)
  const [kpis, ranks, created, open] = await Promise.all([
    kpiReport(app, principal, { ...query, groupBy: 'level', level }),
    ranking(app, principal, { ...query, level }),
    createdIn(app.database.db, scope.path, new Date(from), new Date(to)),
    openSlaCounts(app.database.db, scope.path),
  ])
  return {
    kind: q.kind,
    scope: { code: scope.code, name: scope.name },
    start: first,
    end: last,
    summary: { created, overdueNow: open.overdue, warningNow: open.warning },
    kpis,
    ranking: ranks,
  }
}
