/**
 * Reads of events that other modules' use cases need: the 12345 desk's look-up of a caller's past
 * events (within the caller's scope), the drawer's duplicates, the big screen's newest events and
 * the daily report's counts of an area.
 */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'
import { inScope } from './queries.ts'

/** The newest events reported from a phone number or by these resident accounts. */
export function eventsReportedBy(
  db: Kysely<DB>,
  principal: Principal,
  orgs: OrgDirectory,
  by: { phone: string; residentIds: number[] },
  limit: number,
) {
  return db
    .selectFrom('events')
    .select(['id', 'number', 'title', 'category_code', 'state', 'current_unit_id', 'created_at'])
    .where((eb) =>
      eb.or([eb('reporter_phone', '=', by.phone), ...(by.residentIds.length ? [eb('reporter_resident_id', 'in', by.residentIds)] : [])]),
    )
    .where(inScope(principal, orgs))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** An event's words, place and category, within the caller's scope: what the drawer's 可能重复 are looked for by. */
export function eventMatter(db: Kysely<DB>, principal: Principal, orgs: OrgDirectory, id: number) {
  return db
    .selectFrom('events')
    .select(['id', 'title', 'description', 'category_code', 'lat', 'lng', 'community_id', 'merged_into'])
    .where('id', '=', id)
    .where(inScope(principal, orgs))
    .executeTakeFirst()
}

/** The newest events located in the area, each level by its own index (see 0002). */
export function latestEventsIn(db: Kysely<DB>, area: OrgUnit, limit: number) {
  let query = db
    .selectFrom('events')
    .select(['id', 'number', 'title', 'description', 'category_code', 'channel', 'state', 'district_id', 'community_id', 'created_at'])
  if (area.level === 2) query = query.where('district_id', '=', area.id)
  if (area.level === 3) query = query.where(sql`split_part(area_path, '.', 3)`, '=', area.code)
  if (area.level === 4) query = query.where(sql`split_part(area_path, '.', 4)`, '=', area.code)
  return query.orderBy('id', 'desc').limit(limit).execute()
}

/** How many events located under `path` were created in [from, to). */
export async function createdIn(db: Kysely<DB>, path: string, from: Date, to: Date): Promise<number> {
  const { n } = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_path', 'like', `${path}%`)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** The open events located under `path` that are overdue, and those in warning, now. */
export async function openSlaCounts(db: Kysely<DB>, path: string): Promise<{ overdue: number; warning: number }> {
  const r = await db
    .selectFrom('events')
    .select([
      sql<number>`count(*) filter (where sla_status = 'overdue')`.as('overdue'),
      sql<number>`count(*) filter (where sla_status = 'warning')`.as('warning'),
    ])
    .where('area_path', 'like', `${path}%`)
    .where('state', 'in', ['assigned', 'in_progress'])
    .executeTakeFirstOrThrow()
  return { overdue: Number(r.overdue), warning: Number(r.warning) }
}

/** An event as a mediation case opens from and acts on it: where it stands, its version, words and place (within the caller's scope). */
export function eventForMediation(db: Kysely<DB>, principal: Principal, orgs: OrgDirectory, id: number) {
  return db
    .selectFrom('events')
    .select(['id', 'number', 'title', 'description', 'category_code', 'state', 'current_unit_id', 'dispatcher_unit_id', 'version'])
    .select(['lat', 'lng', 'community_id', 'district_id'])
    .where('id', '=', id)
    .where(inScope(principal, orgs))
    .executeTakeFirst()
}

/** Public numbers of events by id (a mediation case's list names its event by number). */
export async function eventNumbers(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('events').select(['id', 'number']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.number]))
}

/** The id of the event with this public number, or undefined. */
export async function eventIdByNumber(db: Kysely<DB>, number: string): Promise<number | undefined> {
  return (await db.selectFrom('events').select('id').where('number', '=', number).executeTakeFirst())?.id
}

/**
 * The 12345 desk's callback queue (回访): resolved events whose reporter has no app account but left
 * a phone, within the caller's scope, the evaluation window's end (`sla_check_at`) soonest first;
 * `except` are those the desk has given up on (channels/callbacks.ts: tried often enough); `id`
 * asks whether one event is among them.
 */
export function callersToCallBack(
  db: Kysely<DB>,
  principal: Principal,
  orgs: OrgDirectory,
  q: { except: number[]; limit: number; id?: number },
) {
  let query = db
    .selectFrom('events')
    .select(['id', 'number', 'title', 'category_code', 'state', 'created_at', 'version', 'reporter_phone', 'resolved_at', 'sla_check_at'])
    .where('state', '=', 'resolved')
    .where('reporter_resident_id', 'is', null)
    .where('reporter_phone', 'is not', null)
    .where(inScope(principal, orgs))
  if (q.except.length) query = query.where('id', 'not in', q.except)
  if (q.id !== undefined) query = query.where('id', '=', q.id)
  return query.orderBy('sla_check_at').orderBy('id').limit(q.limit).execute()
}

/** What a caller's evaluation link needs of its event: its number, state and version, the last press and when it closed. */
export function eventForCaller(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('events')
    .select((eb) => [
      'id',
      'number',
      'state',
      'version',
      'last_pressed_at',
      eb
        .selectFrom('event_actions as a')
        .select('a.at')
        .whereRef('a.event_id', '=', 'events.id')
        .where('a.to_state', '=', 'closed')
        .where('a.from_state', '<>', 'closed')
        .orderBy('a.seq', 'desc')
        .limit(1)
        .as('closed_at'),
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The rating the system recorded for the holder of the event's evaluation link, if it did (a caller rates once). */
export async function linkRatingOf(db: Kysely<DB>, eventId: number): Promise<string | null> {
  const row = await db
    .selectFrom('event_actions')
    .select(sql<string>`data->>'evaluation'`.as('rating'))
    .where('event_id', '=', eventId)
    .where('action', '=', 'evaluate')
    .where('actor_kind', '=', 'system')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()
  return row?.rating ?? null
}
