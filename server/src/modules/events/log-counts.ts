/**
 * The action log counted per unit for the KPIs (sla/kpis.ts defines each figure): assignments and
 * their timely handling, resolves on time and their handling hours, evaluations, returns,
 * reviews of their results (办结审核), supervisions and presses in a period. `units` limits the counts to those unit ids (null: all).
 * With `byDay`, the counts are also split by the China day of the entry (the KPI series).
 */
import { CHINA_OFFSET_MS, DAY_MS } from '@xiaolan/contracts'
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

/** `column` names one of `units` (null: any unit, as a join to the unit would have it). */
export function unitIn(column: string, units: number[] | null) {
  return units === null ? sql<boolean>`${sql.ref(column)} is not null` : sql<boolean>`${sql.ref(column)} = any(${units}::int[])`
}

/** A log entry's China day as a day number (days since 1970-01-01), the `day` column of a split count. */
export function chinaDayNumber(column: string) {
  return sql<number>`floor((extract(epoch from ${sql.ref(column)}) * 1000 + ${sql.lit(CHINA_OFFSET_MS)}) / ${sql.lit(DAY_MS)})::int`
}

export type LogCountRow = Record<string, unknown> & { unit_id: number; day?: number }

export function logCountsByUnit(
  db: Kysely<DB>,
  units: number[] | null,
  period: { from: Date; to: Date },
  now: Date,
  options: { byDay?: boolean } = {},
): Array<Promise<LogCountRow[]>> {
  const { from, to } = period
  const inScope = (column: string) => unitIn(column, units)
  // the day column and its grouping, or nothing
  const day = (column: string) => (options.byDay ? sql`, ${chinaDayNumber(column)} as day` : sql``)
  const byDay = options.byDay ? sql`, day` : sql``
  const queries = [
    sql<{ unit_id: number }>`
      select a.to_unit_id as unit_id,
        count(*) as assigned,
        count(*) filter (where h.at is not null or (a.data->>'signDeadline')::timestamptz < ${now}) as "signDue",
        count(*) filter (where h.at <= (a.data->>'signDeadline')::timestamptz) as "signedOnTime"
        ${day('a.at')}
      from event_actions a
      left join lateral (
        select n.at from event_actions n
        where n.event_id = a.event_id and n.seq > a.seq
          and (n.to_state <> 'assigned' or n.to_unit_id is distinct from a.to_unit_id or n.data ? 'signDeadline')
        order by n.seq limit 1
      ) h on true
      where ${inScope('a.to_unit_id')} and a.to_state = 'assigned' and a.data ? 'signDeadline' and a.at >= ${from} and a.at < ${to}
      group by a.to_unit_id ${byDay}`,
    sql<{ unit_id: number }>`
      select r.actor_unit_id as unit_id,
        count(*) as resolved,
        count(*) filter (where d.deadline is null or r.at <= d.deadline) as "resolvedOnTime",
        coalesce(sum(extract(epoch from r.at - s.at)), 0) / 3600.0 as "handlingHours"
        ${day('r.at')}
      from event_actions r
      left join lateral (
        select (p.data->>'resolveDeadline')::timestamptz as deadline from event_actions p
        where p.event_id = r.event_id and p.seq < r.seq and p.data ? 'resolveDeadline'
        order by p.seq desc limit 1
      ) d on true
      left join lateral (
        select p.at from event_actions p
        where p.event_id = r.event_id and p.seq < r.seq and p.to_unit_id = r.actor_unit_id and p.data ? 'signDeadline'
        order by p.seq desc limit 1
      ) s on true
      where ${inScope('r.actor_unit_id')} and r.action = 'resolve' and r.at >= ${from} and r.at < ${to}
      group by r.actor_unit_id ${byDay}`,
    sql<{ unit_id: number }>`
      select e.from_unit_id as unit_id,
        count(*) filter (where e.action = 'evaluate') as evaluated,
        count(*) filter (where e.data->>'evaluation' in ('satisfied', 'basically_satisfied')) as satisfied,
        count(*) filter (where e.data->>'evaluation' = 'unsatisfied') as reopened,
        count(*) filter (where e.data->>'evaluation' = 'default_satisfied') as "defaultClosed",
        count(*) filter (where e.data->>'evaluation' = 'not_reached') as "notReached",
        count(*) filter (where e.action = 'evaluate' and e.actor_kind <> 'resident') as "callbackRated"
        ${day('e.at')}
      from event_actions e
      where ${inScope('e.from_unit_id')} and e.action in ('evaluate', 'close') and e.from_state = 'resolved' and e.at >= ${from} and e.at < ${to}
      group by e.from_unit_id ${byDay}`,
    sql<{ unit_id: number }>`
      select x.unit_id, count(*) filter (where x.action = 'return') as returned,
        count(*) filter (where x.action = 'supervise') as supervised,
        count(*) filter (where x.action = 'press') as pressed
        ${day('x.at')}
      from (
        select case when action = 'return' then actor_unit_id else to_unit_id end as unit_id, action, at
        from event_actions
        where action in ('return', 'supervise', 'press') and at >= ${from} and at < ${to}
      ) x
      where ${inScope('x.unit_id')}
      group by x.unit_id ${byDay}`,
    // 办结审核 of the unit's results: the result stays at its handler while reviewed (from_unit_id)
    sql<{ unit_id: number }>`
      select from_unit_id as unit_id, count(*) as reviewed, count(*) filter (where action = 'send_back') as "sentBack"
        ${day('at')}
      from event_actions
      where ${inScope('from_unit_id')} and action in ('approve_resolution', 'send_back') and at >= ${from} and at < ${to}
      group by from_unit_id ${byDay}`,
  ]
  return queries.map((q) => q.execute(db).then((r) => r.rows as LogCountRow[]))
}
