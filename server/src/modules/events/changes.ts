/**
 * The action log read as a feed of changes (realtime/ replays what a reconnecting stream missed):
 * each entry with the event facts a stream filters on, in id order.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

/** The id of the newest log entry, 0 for an empty log: where a fresh stream starts. */
export async function latestEntryId(db: Kysely<DB>): Promise<number> {
  const { max } = await db
    .selectFrom('event_actions')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow()
  return Number(max ?? 0)
}

/** Up to `limit` entries after `lastId`, oldest first, each with its event's number, area and holder. */
export function entriesAfter(db: Kysely<DB>, lastId: number, limit: number) {
  return db
    .selectFrom('event_actions as a')
    .innerJoin('events as e', 'e.id', 'a.event_id')
    .select([
      'a.id',
      'a.event_id',
      'e.number',
      'a.to_state',
      'a.action',
      'a.to_unit_id',
      'a.from_unit_id',
      'e.current_unit_id',
      'e.district_id',
      'e.community_id',
      'e.category_code',
      'e.channel',
      'a.at',
    ])
    .where('a.id', '>', lastId)
    .orderBy('a.id')
    .limit(limit)
    .execute()
}
