/**
 * The gazetteer's rows (`places`, 0019): written once by the seed, read once per instance into the
 * in-memory search (gazetteer.ts). Nothing edits them while the server runs.
 */
import type { PlaceKind } from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { GazetteerPlace } from './gazetteer.ts'
import { placesNamedBy } from './place-names.ts'

/** A place to seed: `generated` when the seed invented it rather than read it from the community's name. */
export interface PlaceSeed extends GazetteerPlace {
  generated: boolean
}

export async function loadPlaces(db: Kysely<DB>): Promise<GazetteerPlace[]> {
  const rows = await db.selectFrom('places').select(['community_id', 'name', 'kind', 'aliases', 'lat', 'lng']).orderBy('id').execute()
  return rows.map((r) => ({
    communityId: r.community_id,
    name: r.name,
    kind: r.kind as PlaceKind,
    aliases: r.aliases,
    lat: r.lat,
    lng: r.lng,
  }))
}

/** One batch of the seed's places, inside its transaction. */
export async function insertPlaces(tx: Kysely<DB>, places: readonly PlaceSeed[]): Promise<void> {
  if (!places.length) return
  await tx
    .insertInto('places')
    .values(
      places.map((p) => ({
        community_id: p.communityId,
        name: p.name,
        kind: p.kind,
        aliases: JSON.stringify(p.aliases),
        lat: p.lat,
        lng: p.lng,
        generated: p.generated,
      })),
    )
    .execute()
}

/** What the seed knows of a community: its id, its name and its seat (a point strictly inside it). */
export interface CommunitySeed {
  id: number
  name: string
  kind: string
  level: number
  seat?: { lat: number; lng: number } | null
}

/**
 * The real places the data knows: for each community, those its own name tells of (place-names.ts),
 * at the community's seat. Seeded with the chain, demo or not.
 */
export function namedPlaces(units: readonly CommunitySeed[]): PlaceSeed[] {
  return units.flatMap((u) =>
    u.kind === 'center' && u.level === 4 && u.seat
      ? placesNamedBy(u.name).map((p) => ({ ...p, communityId: u.id, lat: u.seat!.lat, lng: u.seat!.lng, generated: false }))
      : [],
  )
}
