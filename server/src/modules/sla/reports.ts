/** 日报/周报: a day (or the Monday–Sunday week) of a scope, in China dates. */
import type { ReportQuery, ReportView } from '@xiaolan/contracts'
import { sql } from 'kysely'
import { addDays, chinaDateOf, chinaTime, weekdayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { Principal } from '../accounts/sessions.ts'
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
    app.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('area_path', 'like', `${scope.path}%`)
      .where('created_at', '>=', new Date(from))
      .where('created_at', '<', new Date(to))
      .executeTakeFirstOrThrow(),
    app.database.db
      .selectFrom('events')
      .select([
        sql<number>`count(*) filter (where sla_status = 'overdue')`.as('overdue'),
        sql<number>`count(*) filter (where sla_status = 'warning')`.as('warning'),
      ])
      .where('area_path', 'like', `${scope.path}%`)
      .where('state', 'in', ['assigned', 'in_progress'])
      .executeTakeFirstOrThrow(),
  ])
  return {
    kind: q.kind,
    scope: { code: scope.code, name: scope.name },
    start: first,
    end: last,
    summary: { created: Number(created.n), overdueNow: Number(open.overdue), warningNow: Number(open.warning) },
    kpis,
    ranking: ranks,
  }
}
