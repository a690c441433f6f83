/**
 * The events module's read for the open dataset (analytics/open-data.ts): the events created in a
 * period that reached their end (closed, or rejected), with when they did — only the columns the
 * dataset publishes, no text and no person. Pages by id, newest first.
 */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

/** The states an event ends in and the dataset keeps (a merged event is counted in the one it joined). */
export const ENDED_STATES = ['closed', 'rejected'] as const

export interface EndedEventsQuery {
  from: Date
  to: Date
  districtId?: number
}

const ended = (db: Kysely<DB>, q: EndedEventsQuery) => {
  let query = db
    .selectFrom('events as e')
    .where('e.created_at', '>=', q.from)
    .where('e.created_at', '<', q.to)
    .where('e.state', 'in', [...ENDED_STATES])
  if (q.districtId !== undefined) query = query.where('e.district_id', '=', q.districtId)
  return query
}

export async function countEndedEvents(db: Kysely<DB>, q: EndedEventsQuery): Promise<number> {
  const row = await ended(db, q)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Up to `limit` of them with an id below `before`, newest first. */
export function endedEventsPage(db: Kysely<DB>, q: EndedEventsQuery, before: number | undefined, limit: number) {
  let query = ended(db, q)
    .select(['e.id', 'e.number', 'e.category_code', 'e.channel', 'e.state', 'e.district_id', 'e.community_id', 'e.area_path'])
    .select(['e.evaluation', 'e.created_at'])
    .select((eb) =>
      eb
        .selectFrom('event_actions as a')
        .select('a.at')
        .whereRef('a.event_id', '=', 'e.id')
        .where('a.to_state', 'in', [...ENDED_STATES])
        .where(sql<boolean>`a.from_state is distinct from a.to_state`)
        .orderBy('a.seq', 'desc')
        .limit(1)
        .as('ended_at'),
    )
  if (before !== undefined) query = query.where('e.id', '<', before)
  return query.orderBy('e.id', 'desc').limit(limit).execute()
}
