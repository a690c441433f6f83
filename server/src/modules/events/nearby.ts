/**
 * Open events near a point since a time: the duplicate finder's candidates (intelligence/
 * duplicates.ts). The box is served by the partial index events_open_latlng (0022), which holds
 * only open events, so the read stays a short range scan at 10 M events. Staff see their scope;
 * residents are offered events of anyone (the caller masks: number, masked title, category,
 * state and distance only — nothing about the reporter leaves intelligence/duplicates.ts).
 */
import { OPEN_STATES } from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgDirectory } from '../orgs/directory.ts'
import { inScope } from './queries.ts'

const METRES_PER_DEGREE_LAT = 111_320

export interface NearbyEvent {
  id: number
  number: string
  title: string
  description: string
  category_code: string
  state: string
  community_id: number | null
  created_at: Date
  version: number
  lat: number
  lng: number
  /** for the masker only: never sent (intelligence/duplicates.ts publicDuplicate) */
  reporter_anonymous: boolean
  priority: string
  reporter_name: string | null
  reporter_phone: string | null
}

/** The degrees of a box of `radiusM` around `lat` (longitude degrees shrink with the latitude's cosine). */
export function boxAround(lat: number, lng: number, radiusM: number) {
  const dLat = radiusM / METRES_PER_DEGREE_LAT
  const dLng = radiusM / (METRES_PER_DEGREE_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)))
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng }
}

export async function openEventsNear(
  db: Kysely<DB>,
  principal: Principal,
  orgs: OrgDirectory,
  q: { lat: number; lng: number; radiusM: number; since: Date; limit: number },
): Promise<NearbyEvent[]> {
  const box = boxAround(q.lat, q.lng, q.radiusM)
  let query = db
    .selectFrom('events')
    .select([
      'id',
      'number',
      'title',
      'description',
      'category_code',
      'state',
      'community_id',
      'created_at',
      'version',
      'lat',
      'lng',
      'reporter_anonymous',
      'priority',
      'reporter_name',
      'reporter_phone',
    ])
    // the same predicate as the partial index, spelled out so the planner can use it
    .where('state', 'in', [...OPEN_STATES])
    .where('lat', 'is not', null)
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    .where('created_at', '>=', q.since)
  // staff see their scope; residents only what was screened (the public list shows no submitted event either)
  query = principal.kind === 'resident' ? query.where('state', '<>', 'submitted') : query.where(inScope(principal, orgs))
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute()
  return rows.map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng), created_at: new Date(r.created_at) }))
}
