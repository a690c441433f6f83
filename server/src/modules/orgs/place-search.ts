/**
 * `GET /orgs/places`' service: the gazetteer of this instance, its rows read once on the first search
 * and its index rebuilt when the org directory is (a community renamed or retired is found by its new
 * name, or no more).
 */
import type { PlaceMatches } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import type { OrgDirectory } from './directory.ts'
import { buildGazetteer, type Gazetteer, type GazetteerPlace } from './gazetteer.ts'
import { loadPlaces } from './places.ts'

export function placeSearch(
  ctx: Pick<AppContext, 'database' | 'orgs'>,
): (query: string, limit?: number, within?: string) => Promise<PlaceMatches> {
  let rows: Promise<GazetteerPlace[]> | undefined
  let built: { orgs: OrgDirectory; gazetteer: Gazetteer } | undefined
  return async (query, limit, within) => {
    rows ??= loadPlaces(ctx.database.db).catch((err) => {
      rows = undefined
      throw err
    })
    const places = await rows
    if (built?.orgs !== ctx.orgs) built = { orgs: ctx.orgs, gazetteer: buildGazetteer(places, ctx.orgs) }
    // within a unit's subtree: the communities whose path starts with its path (each code ends with its dot)
    return built.gazetteer.search(query, limit, within === undefined ? undefined : (c) => c.path.startsWith(within))
  }
}
