/**
 * Residents following events they did not report (issue 16, item 4; `event_followers`, 0024): one
 * offered as a duplicate before reporting (这是不是您要反映的问题？ → 关注这件事), and the survivor of
 * a merge, which the folded event's reporter and followers follow from the merge's transaction on.
 * A follower reads the event's public progress only (/track, 我关注的): following gives no access to
 * the reporter's view of it (messages, photos of internal notes), which stays `inScope`'s.
 */
import type { FollowedEvent, FollowState, FollowVia } from '@xiaolan/contracts'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { notFound } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { NOT_PUBLIC, PUBLIC_COLUMNS, publicRowOf } from './public.ts'

type Resident = Extract<Principal, { kind: 'resident' }>

/** 我关注的 shows this many, newest follow first: a resident follows a handful, not pages. */
const FOLLOWED_SHOWN = 100

/** The event, when the public may see it (routed: not held as submitted, rejected or merged); 404 otherwise. */
async function requirePublicEvent(app: AppContext, eventId: number): Promise<void> {
  const row = await app.database.db
    .selectFrom('events')
    .select('id')
    .where('id', '=', eventId)
    .where('state', 'not in', NOT_PUBLIC)
    .executeTakeFirst()
  if (!row) throw notFound('Event')
}

async function stateOf(app: AppContext, resident: Resident, eventId: number): Promise<FollowState> {
  const row = await app.database.db
    .selectFrom('event_followers')
    .select(['since', 'via'])
    .where('event_id', '=', eventId)
    .where('resident_id', '=', resident.resident.id)
    .executeTakeFirst()
  return {
    eventId,
    following: !!row,
    since: row ? new Date(row.since).toISOString() : null,
    via: (row?.via ?? null) as FollowVia | null,
  }
}

/** Whether the resident follows a public event. */
export async function followState(app: AppContext, resident: Resident, eventId: number): Promise<FollowState> {
  await requirePublicEvent(app, eventId)
  return stateOf(app, resident, eventId)
}

/** Follows a public event instead of reporting it again; following it twice keeps the first follow. */
export async function followEvent(app: AppContext, resident: Resident, eventId: number): Promise<FollowState> {
  await requirePublicEvent(app, eventId)
  await app.database.db
    .insertInto('event_followers')
    .values({ event_id: eventId, resident_id: resident.resident.id, since: app.now(), via: 'duplicate' })
    .onConflict((oc) => oc.columns(['event_id', 'resident_id']).doNothing())
    .execute()
  return stateOf(app, resident, eventId)
}

/** Stops following; not following it already is the same answer. */
export async function unfollowEvent(app: AppContext, resident: Resident, eventId: number): Promise<FollowState> {
  await requirePublicEvent(app, eventId)
  await app.database.db
    .deleteFrom('event_followers')
    .where('event_id', '=', eventId)
    .where('resident_id', '=', resident.resident.id)
    .execute()
  return stateOf(app, resident, eventId)
}

/** 我关注的: the public events the resident follows, newest follow first, as the public list shows them. */
export async function followedEvents(app: AppContext, resident: Resident): Promise<{ items: FollowedEvent[] }> {
  const rows = await app.database.db
    .selectFrom('event_followers as f')
    .innerJoin('events', 'events.id', 'f.event_id')
    .select([...PUBLIC_COLUMNS.map((c) => `events.${c}` as const), 'events.current_unit_id', 'events.updated_at', 'f.since', 'f.via'])
    .where('f.resident_id', '=', resident.resident.id)
    .where('events.state', 'not in', NOT_PUBLIC)
    .orderBy('f.since', 'desc')
    .orderBy('f.event_id', 'desc')
    .limit(FOLLOWED_SHOWN)
    .execute()
  const view = publicRowOf(app)
  return {
    items: rows.map((r) => ({
      ...view(r),
      id: r.id,
      since: new Date(r.since).toISOString(),
      via: r.via as FollowVia,
    })),
  }
}

/**
 * Which of `residentIds` follow which of `eventIds` ([eventId, residentId] pairs): their resident
 * streams hear the events' progress (never the messages between the units and the reporter). One
 * probe of the primary key per pair of the lists.
 */
export async function followingResidents(db: Kysely<DB>, eventIds: number[], residentIds: number[]): Promise<Array<[number, number]>> {
  if (!eventIds.length || !residentIds.length) return []
  const rows = await db
    .selectFrom('event_followers')
    .select(['event_id', 'resident_id'])
    .where('event_id', 'in', eventIds)
    .where('resident_id', 'in', residentIds)
    .execute()
  return rows.map((r) => [Number(r.event_id), r.resident_id])
}

/**
 * The change listener (registered in app.ts): when an event is merged into another, its reporting
 * resident and its followers follow the survivor, in the merge's own transaction, and its own
 * follows go (it has left the public's view). The survivor's reporter follows it already as its
 * reporter. A hotline caller has no resident account to follow with: a caller of the folded event
 * hears nothing here (their notices by SMS are the reporter's-loop issue's).
 */
export function followListener(app: AppContext) {
  return async (tx: Transaction<DB>, changes: readonly EventChange[]) => {
    for (const change of changes) {
      const into = change.after.mergedInto
      if (change.entry.action !== 'merge' || into === null) continue
      await moveFollowers(tx, change.event.id, into, app.now())
    }
  }
}

async function moveFollowers(tx: Transaction<DB>, from: number, into: number, now: Date) {
  // one statement: the folded event's reporter and followers, less the survivor's own reporter
  await sql`
    insert into event_followers (event_id, resident_id, since, via)
    select ${into}, w.resident_id, ${now}, 'merge'
    from (
      select reporter_resident_id as resident_id from events where id = ${from} and reporter_resident_id is not null
      union
      select resident_id from event_followers where event_id = ${from}
    ) w
    where w.resident_id is distinct from (select reporter_resident_id from events where id = ${into})
    on conflict (event_id, resident_id) do nothing`.execute(tx)
  await tx.deleteFrom('event_followers').where('event_id', '=', from).execute()
}
