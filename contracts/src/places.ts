/**
 * The gazetteer's vocabulary and its search (issue 14, deliverable 7): the places callers name —
 * compounds (小区), villages, roads, landmarks — each leading to the community it lies in.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { Nullable, Shape } from './schema.ts'
import { UnitRef } from './views.ts'

/** What a named place is: a compound (小区, 花园, 家属院…), a village (X村), a road (路, 街, 巷), a landmark (school, hospital, market, park…). */
export const PLACE_KINDS = ['compound', 'village', 'road', 'landmark'] as const
export type PlaceKind = (typeof PLACE_KINDS)[number]

/** What a match is: a place of the gazetteer, or a community by its own name. */
export const PLACE_MATCH_KINDS = [...PLACE_KINDS, 'community'] as const
export type PlaceMatchKind = (typeof PLACE_MATCH_KINDS)[number]

/** How well a match fits: the whole name, its beginning, or a part of it (best first). */
export const PLACE_RANKS = ['exact', 'prefix', 'contains'] as const
export type PlaceRank = (typeof PLACE_RANKS)[number]

/** The longest query the search takes: a caller's address with the building, the unit and the room fits many times over. */
export const PLACE_QUERY_MAX = 100

/** `GET /api/v1/orgs/places?q=`: what the caller said ("幸福里小区3号楼"); building, unit and room numbers are ignored. */
export const PlacesQuery = T.Object(
  {
    q: T.String({ minLength: 1, maxLength: PLACE_QUERY_MAX }),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 20 })),
    /**
     * a unit's code: only places in its subtree (a grid stands for its community, where its places
     * lie), as a grid worker's search offers only where they may report; an unknown code is a 400
     */
    within: T.Optional(T.String({ minLength: 1, maxLength: 20 })),
  },
  { additionalProperties: false },
)
export type PlacesQuery = Static<typeof PlacesQuery>

/** One match: which place (and which of its names) matched, and the community it leads to, with its street and district. */
export const PlaceMatch = Shape({
  name: T.String(),
  kind: literals(PLACE_MATCH_KINDS),
  /** the name or alias that matched, as written in the gazetteer */
  matched: T.String(),
  rank: literals(PLACE_RANKS),
  /** a point inside the community: the place's own, or the community's seat */
  point: Nullable(Shape({ lat: T.Number(), lng: T.Number() })),
  community: UnitRef,
  street: Nullable(UnitRef),
  district: Nullable(UnitRef),
})
export type PlaceMatch = Static<typeof PlaceMatch>

export const PlaceMatches = Shape({
  /** the query as searched, building numbers and noise removed ("幸福里小区") */
  searched: T.String(),
  items: T.Array(PlaceMatch),
})
export type PlaceMatches = Static<typeof PlaceMatches>
