/**
 * The action log read as a feed of changes (realtime/ replays what a reconnecting stream missed):
 * each entry with the event facts a stream filters on, in id order.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import { apply, type EventState, initialState, type LogEntry } from './lifecycle.ts'
import { logEntryOf, logRowsOf } from './queries.ts'

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

/**
 * The state of each event before and after each of `entries` (by entry id), folded from the events'
 * logs as the events rows were (one read for all the events): what a replayed change did, exactly
 * as its live note said. `before` is null for the entry that created the event.
 */
export async function statesAround(
  db: Kysely<DB>,
  entries: Array<{ id: number; event_id: number }>,
): Promise<Map<number, { before: EventState | null; after: EventState }>> {
  const wanted = new Set(entries.map((e) => e.id))
  const around = new Map<number, { before: EventState | null; after: EventState }>()
  if (!wanted.size) return around
  const rows = await logsOf(db, [...new Set(entries.map((e) => e.event_id))])
  let event: number | null = null
  let state: EventState | null = null
  for (const { id, eventId, entry } of rows) {
    if (eventId !== event) {
      event = eventId
      state = null
    }
    const before: EventState | null = state
    state = before === null ? initialState(entry) : apply(before, entry)
    if (wanted.has(id)) around.set(id, { before, after: state })
  }
  return around
}

/** The logs of `eventIds`, each in its order, the events one after the other. */
async function logsOf(db: Kysely<DB>, eventIds: number[]): Promise<Array<{ id: number; eventId: number; entry: LogEntry }>> {
  const rows = await logRowsOf(db, eventIds)
  return rows.map((r) => ({ id: Number(r.id), eventId: Number(r.event_id), entry: logEntryOf(r) }))
}
