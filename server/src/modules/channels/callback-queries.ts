/** The callback queue's SQL: the only place that names `callback_attempts` (0037). */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

/** Events tried at least `max` times since `since`: the desk stops calling them (the window closes them as 未回访). */
export async function exhaustedCallbacks(db: Kysely<DB>, max: number, since: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('callback_attempts')
    .select('event_id')
    .where('at', '>=', since)
    .groupBy('event_id')
    .having(sql`count(*)`, '>=', max)
    .execute()
  return rows.map((r) => r.event_id)
}

/** Each event's failed calls: how many, and the last. */
export async function attemptsOf(db: Kysely<DB>, eventIds: number[]) {
  if (!eventIds.length) return new Map<number, { n: number; last: Date }>()
  const rows = await db
    .selectFrom('callback_attempts')
    .select((eb) => ['event_id', eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
    .where('event_id', 'in', eventIds)
    .groupBy('event_id')
    .execute()
  return new Map(rows.map((r) => [r.event_id, { n: Number(r.n), last: new Date(r.last) }]))
}

/** One call that did not reach the caller; the event's count after it. */
export async function recordAttempt(db: Kysely<DB>, a: { eventId: number; operatorId: number; at: Date; note: string | null }) {
  await db.insertInto('callback_attempts').values({ event_id: a.eventId, operator_id: a.operatorId, at: a.at, note: a.note }).execute()
  return (await attemptsOf(db, [a.eventId])).get(a.eventId)?.n ?? 0
}
