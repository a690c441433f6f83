/**
 * The early-warning scan's reads of events (issue 16 item 5): only the window's events, by the
 * created_at range (events_created_at, migration 0023), and the few columns the rules need. The
 * alerts module calls these; only the events module names its tables in SQL.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { KnownPersonalData } from '../privacy/masker.ts'
import { knownOf } from './public.ts'

export interface WindowEvent {
  id: number
  categoryCode: string
  lat: number
  lng: number
  districtId: number
  createdAt: Date
}

/**
 * The located events created in [since, until): the window every rule reads. Not what says nothing of
 * the city's problems: a center's own 吹哨 order (channel alert: it would be evidence of the very
 * alert it answers), a report turned down, or one still waiting for its category to be confirmed.
 */
const windowQuery = (db: Kysely<DB> | Transaction<DB>, since: Date, until: Date) =>
  db
    .selectFrom('events')
    .select(['id', 'category_code', 'lat', 'lng', 'district_id', 'created_at'])
    .where('created_at', '>=', since)
    .where('created_at', '<', until)
    .where('lat', 'is not', null)
    .where('district_id', 'is not', null)
    .where('channel', '<>', 'alert')
    .where('state', 'not in', ['submitted', 'rejected'])

const windowEvent = (r: {
  id: number
  category_code: string
  lat: number | null
  lng: number | null
  district_id: number | null
  created_at: Date | string
}): WindowEvent => ({
  id: Number(r.id),
  categoryCode: r.category_code,
  lat: r.lat as number,
  lng: r.lng as number,
  districtId: r.district_id as number,
  createdAt: new Date(r.created_at),
})

/** The located events created in [since, until), oldest first. */
export async function eventsInWindow(db: Kysely<DB> | Transaction<DB>, since: Date, until: Date): Promise<WindowEvent[]> {
  return (await windowQuery(db, since, until).orderBy('created_at').execute()).map(windowEvent)
}

export interface EvidenceEvent {
  id: number
  number: string
  description: string
  title: string
  categoryCode: string
  state: string
  lat: number | null
  lng: number | null
  address: string | null
  createdAt: Date
  /** what the masker must know to mask the title (never shown) */
  known: KnownPersonalData
}

/** The evidence events of an alert, by id (the alert's evidence list is short). */
export async function evidenceEvents(db: Kysely<DB>, ids: number[]): Promise<EvidenceEvent[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('events')
    .select([
      'id',
      'number',
      'title',
      'description',
      'category_code',
      'state',
      'lat',
      'lng',
      'address',
      'created_at',
      'reporter_name',
      'reporter_phone',
    ])
    .where('id', 'in', ids)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    title: r.title,
    description: r.description,
    categoryCode: r.category_code,
    state: r.state,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    createdAt: new Date(r.created_at),
    known: knownOf(r),
  }))
}

/** The process's key for reporters' phones: a phone leaves this file only as its keyed hash. */
const PHONE_KEY = randomBytes(32)
const phoneKey = (phone: string) => `p:${createHmac('sha256', PHONE_KEY).update(phone.replace(/\D/g, '')).digest('base64url').slice(0, 22)}`

/** A reporter as one value in SQL: the resident's id, else the phone's digits (what `phoneKey` hashes). */
const reporterSql = sql<string>`coalesce('r:' || reporter_resident_id::text, 'p:' || regexp_replace(reporter_phone, '[^0-9]', '', 'g'))`

/**
 * The window's located events that name their reporter, each with a reporter key: the resident's
 * id (r:…) or the phone's keyed hash (p:…), never the phone itself. Only the reporters with at least
 * `minEvents` events in the window (counted in SQL) — the repeat rule finds nothing in fewer — so a
 * 30-day window of a busy city's calls (most callers call once) is not read row by row.
 */
export async function reporterEventsInWindow(
  db: Kysely<DB> | Transaction<DB>,
  since: Date,
  until: Date,
  minEvents = 1,
): Promise<Array<WindowEvent & { reporterKey: string }>> {
  const named = (q: ReturnType<typeof windowQuery>) =>
    q.where((eb) => eb.or([eb('reporter_resident_id', 'is not', null), eb('reporter_phone', 'is not', null)]))
  // two statements, not a subquery: a parallel plan would have each worker count the window again
  const repeated = (
    await named(windowQuery(db, since, until))
      .clearSelect()
      .select(reporterSql.as('reporter'))
      .groupBy(reporterSql)
      .having(sql<number>`count(*)`, '>=', minEvents)
      .execute()
  ).map((r) => r.reporter)
  if (repeated.length === 0) return []
  const rows = await named(windowQuery(db, since, until))
    .select(['reporter_resident_id', 'reporter_phone'])
    // a hashed set, not `= any(array)`: that compares each row with every key in turn
    .where(sql<boolean>`${reporterSql} in (select unnest(${repeated}::text[]))`)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    ...windowEvent(r),
    reporterKey: r.reporter_resident_id !== null ? `r:${r.reporter_resident_id}` : phoneKey(r.reporter_phone as string),
  }))
}
