/**
 * The action log counted per unit for the KPIs (sla/kpis.ts defines each figure): assignments and
 * their timely handling, resolves on time and their handling hours, evaluations, returns,
 * supervisions and presses in a period. `units` limits the counts to those unit ids (null: all).
 */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

/** `column` names one of `units` (null: any unit, as a join to the unit would have it). */
export function unitIn(column: string, units: number[] | null) {
  return units === null ? sql<boolean>`${sql.ref(column)} is not null` : sql<boolean>`${sql.ref(column)} = any(${units}::int[])`
}

export function logCountsByUnit(
  db: Kysely<DB>,
  units: number[] | null,
  period: { from: Date; to: Date },
  now: Date,
): Array<Promise<Array<Record<string, unknown> & { unit_id: number }>>> {
  const { from, to } = period
  const inScope = (column: string) => unitIn(column, units)
  const queries = [
    sql<{ unit_id: number }>`
      select a.to_unit_id as unit_id,
        count(*) as assigned,
        count(*) filter (where h.at is not null or (a.data->>'signDeadline')::timestamptz < ${now}) as "signDue",
        count(*) filter (where h.at <= (a.data->>'signDeadline')::timestamptz) as "signedOnTime"
      from event_actions a
      left join lateral (
        select n.at from event_actions n
        where n.event_id = a.event_id and n.seq > a.seq
          and (n.to_state <> 'assigned' or n.to_unit_id is distinct from a.to_unit_id or n.data ? 'signDeadline')
        order by n.seq limit 1
      ) h on true
      where ${inScope('a.to_unit_id')} and a.to_state = 'assigned' and a.data ? 'signDeadline' and a.at >= ${from} and a.at < ${to}
      group by a.to_unit_id`,
    sql<{ unit_id: number }>`
      select r.actor_unit_id as unit_id,
        count(*) as resolved,
        count(*) filter (where d.deadline is null or r.at <= d.deadline) as "resolvedOnTime",
        coalesce(sum(extract(epoch from r.at - s.at)), 0) / 3600.0 as "handlingHours"
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
      group by r.actor_unit_id`,
    sql<{ unit_id: number }>`
      select e.from_unit_id as unit_id,
        count(*) as evaluated,
        count(*) filter (where e.data->>'evaluation' in ('satisfied', 'basically_satisfied', 'default_satisfied')) as satisfied,
        count(*) filter (where e.data->>'evaluation' = 'unsatisfied') as reopened
      from event_actions e
      where ${inScope('e.from_unit_id')} and e.action in ('evaluate', 'close') and e.from_state = 'resolved' and e.at >= ${from} and e.at < ${to}
      group by e.from_unit_id`,
    sql<{ unit_id: number }>`
      select x.unit_id, count(*) filter (where x.action = 'return') as returned,
        count(*) filter (where x.action = 'supervise') as supervised,
        count(*) filter (where x.action = 'press') as pressed
      from (
        select case when action = 'return' then actor_unit_id else to_unit_id end as unit_id, action
        from event_actions
        where action in ('return', 'supervise', 'press') and at >= ${from} and at < ${to}
      ) x
      where ${inScope('x.unit_id')}
      group by x.unit_id`,
  ]
  return queries.map((q) => q.execute(db).then((r) => r.rows))
}
