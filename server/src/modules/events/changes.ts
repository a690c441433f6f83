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
      'a.to_reporter',
    ])
    .where('a.id', '>', lastId)
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

/**
 * Which of `residentIds` follow which of `eventIds` (DESIGN §10: a resident sees the events they
 * reported and the survivors their merged reports went into): [eventId, residentId] pairs. Read
 * through the reporters' index, so it costs what those residents' own reports do, whatever the log.
 */
export async function followers(db: Kysely<DB>, eventIds: number[], residentIds: number[]): Promise<Array<[number, number]>> {
  if (!eventIds.length || !residentIds.length) return []
  const rows = await db
    .selectFrom('events')
    .select(['id', 'merged_into', 'reporter_resident_id'])
    .where('reporter_resident_id', 'in', residentIds)
    .where((eb) => eb.or([eb('id', 'in', eventIds), eb('merged_into', 'in', eventIds)]))
    .execute()
  const wanted = new Set(eventIds)
  const pairs: Array<[number, number]> = []
  for (const r of rows) {
    const resident = r.reporter_resident_id as number
    if (wanted.has(Number(r.id))) pairs.push([Number(r.id), resident])
    if (r.merged_into !== null && wanted.has(Number(r.merged_into))) pairs.push([Number(r.merged_into), resident])
  }
  return pairs
}
