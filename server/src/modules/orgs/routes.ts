import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type as T } from '@sinclair/typebox'
import {
  Category,
  Items,
  LocateQuery,
  Location,
  MapSettings,
  OrgDetail,
  OrgList,
  OrgsQuery,
  PlaceMatches,
  PlacesQuery,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid, notFound } from '../../errors.ts'
import { placeSearch } from './place-search.ts'
import { simplifyGeometry } from './simplify.ts'

/** The org tree and the point locator are public: unit names and areas are what residents see. */
export const orgRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  // read once, by the first request that needs it: the promise is shared, so the many units of one
  // list (a thousand communities) wait for one read instead of each starting its own
  let geometry: Promise<Map<number, unknown>> | undefined
  const geometryOf = async (id: number) => {
    geometry ??= ctx.database.db
      .selectFrom('org_units')
      .select(['id', 'geometry'])
      .where('geometry', 'is not', null)
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.id, r.geometry])))
    return (await geometry).get(id) ?? null
  }

  const drawn = (g: unknown, metres: number | undefined) => (g && metres ? simplifyGeometry(g, metres) : g)

  fastify.get('/orgs', { schema: { tags: ['orgs'], querystring: OrgsQuery, response: replies({ 200: OrgList }) } }, async (request) => {
    const q = request.query
    let units = ctx.orgs.all().filter((u) => u.active)
    if (q.parent !== undefined) {
      const parent = ctx.orgs.byCode(q.parent)
      if (!parent) throw invalid('parent', `No unit ${q.parent}`)
      units = ctx.orgs.children(parent.id).filter((u) => u.active)
    }
    if (q.code !== undefined) {
      units = units.filter((u) => u.code === q.code)
      // the unit and, asked for, the units above it but the city (the city alone when it is asked):
      // what a map of its surroundings draws
      const [unit] = units
      if (q.ancestors && unit)
        units = unit.path
          .split('.')
          .slice(unit.parentId === null ? 0 : 1, -1)
          .flatMap((code) => ctx.orgs.byCode(code) ?? [])
    }
    if (q.level !== undefined) units = units.filter((u) => u.level === q.level)
    if (q.kind !== undefined) units = units.filter((u) => u.kind === q.kind)
    const items = await Promise.all(
      units.map(async (u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        level: u.level,
        parentId: u.parentId,
        function: u.function,
        seat: u.seat,
        ...(q.geometry ? { geometry: drawn(await geometryOf(u.id), q.simplify) } : {}),
      })),
    )
    const centers = [1, 2, 3, 4].map((level) => items.filter((u) => u.kind === 'center' && u.level === level).length)
    return { total: items.length, centersByLevel: { 1: centers[0], 2: centers[1], 3: centers[2], 4: centers[3] }, items }
  })

  fastify.get(
    '/orgs/locate',
    { schema: { tags: ['orgs'], querystring: LocateQuery, response: replies({ 200: Location }) } },
    async (request) => {
      const found = ctx.orgs.locate(request.query.lat, request.query.lng)
      if (!found) throw notFound('A unit covering this point')
      return {
        grid: ctx.orgs.ref(found.gridId),
        community: ctx.orgs.ref(found.communityId),
        street: ctx.orgs.ref(found.streetId),
        district: ctx.orgs.ref(found.districtId),
        city: ctx.orgs.ref(found.cityId),
      }
    },
  )

  const searchPlaces = placeSearch(ctx)
  fastify.get(
    '/orgs/places',
    { schema: { tags: ['orgs'], querystring: PlacesQuery, response: replies({ 200: PlaceMatches }) } },
    async (request) => {
      const { q, limit, within } = request.query
      if (within === undefined) return searchPlaces(q, limit)
      const unit = ctx.orgs.byCode(within)
      if (!unit) throw invalid('within', `No unit ${within}`)
      // a grid's places are its community's, the parent it lies in (the gazetteer leads to communities)
      const community = unit.level > 4 && unit.parentId !== null ? ctx.orgs.unit(unit.parentId) : undefined
      return searchPlaces(q, limit, (community ?? unit).path)
    },
  )

  fastify.get('/map', { schema: { tags: ['orgs'], response: replies({ 200: MapSettings }) } }, async (): Promise<MapSettings> => {
    const url = ctx.config.MAP_TILE_URL
    return { tiles: url ? { url, attribution: ctx.config.MAP_TILE_ATTRIBUTION ?? null } : null }
  })

  fastify.get('/categories', { schema: { tags: ['orgs'], response: replies({ 200: Items(Category) }) } }, async () => ({
    items: ctx.categories.all(),
  }))

  fastify.get(
    '/orgs/:code',
    { schema: { tags: ['orgs'], params: T.Object({ code: T.String({ maxLength: 20 }) }), response: replies({ 200: OrgDetail }) } },
    async (request) => {
      const unit = ctx.orgs.byCode(request.params.code)
      if (!unit) throw notFound('Unit')
      return { ...unit, geometry: await geometryOf(unit.id), children: ctx.orgs.children(unit.id).map((c) => ctx.orgs.ref(c.id)) }
    },
  )
}
