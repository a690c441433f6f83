/**
 * The early-warning scan's reads of events (issue 16 item 5): only the window's events, by the
 * created_at range (events_created_at, migration 0023), and the few columns the rules need. The
 * alerts module calls these; only the events module names its tables in SQL.
 */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

export interface WindowEvent {
  id: number
  categoryCode: string
  lat: number
  lng: number
  districtId: number
  createdAt: Date
}

/** The located events created in [since, until), oldest first. */
export async function eventsInWindow(db: Kysely<DB> | Transaction<DB>, since: Date, until: Date): Promise<WindowEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'category_code', 'lat', 'lng', 'district_id', 'created_at'])
    .where('created_at', '>=', since)
    .where('created_at', '<', until)
    .where('lat', 'is not', null)
    .where('district_id', 'is not', null)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    categoryCode: r.category_code,
    lat: r.lat as number,
    lng: r.lng as number,
    districtId: r.district_id as number,
    createdAt: new Date(r.created_at),
  }))
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
  known: { names: Array<string | null>; numbers: Array<string | null> }
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
    known: { names: [r.reporter_name], numbers: [r.reporter_phone] },
  }))
}
