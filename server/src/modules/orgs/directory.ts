/**
 * The command chain in memory: ~10,000 units read once at start and after every change, so the
 * lifecycle, routing and scope checks never query for the tree, and `locate` is a spatial index.
 */
import type { OrgKind, UnitRef } from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { UnitInfo } from '../events/lifecycle.ts'
import { type OrgSeed, withPaths } from './city-chain.ts'
import { buildLocator, type Location } from './locator.ts'

export interface OrgUnit extends UnitInfo {
  code: string
  name: string
  function: string | null
  seat: { lat: number; lng: number } | null
}

export type { Location } from './locator.ts'

export interface OrgDirectory {
  unit(id: number): OrgUnit | undefined
  byCode(code: string): OrgUnit | undefined
  children(id: number): OrgUnit[]
  all(): OrgUnit[]
  root(): OrgUnit
  /** The nearest active units whose ground holds the point (see locator.ts), or null outside the city. */
  locate(lat: number, lng: number): Location | null
  /** The department of `fn` serving a district center (or the city's when the district has none). */
  departmentFor(fn: string, districtCenterId: number): OrgUnit | undefined
  ref(id: number | null | undefined): UnitRef | null
}

export async function loadOrgDirectory(db: Kysely<DB>): Promise<OrgDirectory> {
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'code', 'name', 'kind', 'level', 'parent_id', 'path', 'function', 'seat_lat', 'seat_lng', 'active'])
    // only the ground's areas (grids, and communities for a chain without grids): the outlines of the
    // city, districts and streets are a third of the vertices and are read only when a map asks
    .select((eb) =>
      eb
        .case()
        .when(eb.or([eb('kind', '=', 'grid'), eb('level', '=', 4)]))
        .then(eb.ref('geometry'))
        .end()
        .as('geometry'),
    )
    .orderBy('id')
    .execute()
  return buildOrgDirectory(
    rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind as OrgKind,
      level: r.level,
      parentId: r.parent_id,
      path: r.path,
      function: r.function,
      active: r.active,
      seat: r.seat_lat === null || r.seat_lng === null ? null : { lat: r.seat_lat, lng: r.seat_lng },
      geometry: r.geometry as { type: 'Polygon'; coordinates: number[][][] } | null,
    })),
  )
}

/** The directory of a chain not stored (a benchmark's): the seed's units as loadOrgDirectory would read them once written, every unit active, every outline kept. */
export function chainDirectory(units: OrgSeed[]): OrgDirectory {
  return buildOrgDirectory(
    withPaths(units).map(({ function: fn, geometry, seat, ...unit }) => ({
      ...unit,
      function: fn ?? null,
      active: true,
      seat: seat ?? null,
      geometry: (geometry ?? null) as never,
    })),
  )
}

export function buildOrgDirectory(
  units: Array<OrgUnit & { geometry: { type: 'Polygon'; coordinates: number[][][] } | null }>,
): OrgDirectory {
  const byId = new Map<number, OrgUnit>()
  const byCode = new Map<string, OrgUnit>()
  const children = new Map<number, OrgUnit[]>()
  const departments = new Map<string, OrgUnit>()
  for (const { geometry: _geometry, ...unit } of units) {
    byId.set(unit.id, unit)
    byCode.set(unit.code, unit)
    if (unit.parentId !== null) {
      const list = children.get(unit.parentId) ?? []
      list.push(unit)
      children.set(unit.parentId, list)
    }
    if (unit.kind === 'department' && unit.function && unit.active && unit.parentId !== null) {
      departments.set(`${unit.function}@${unit.parentId}`, unit)
    }
  }
  const root = units.find((u) => u.parentId === null)
  if (!root) throw new Error('The org tree has no root: run the seed first')
  // grids are indexed by their polygons, active or not; the locator walks up to the active owners
  const locator = buildLocator(
    units.map((u) => ({
      id: u.id,
      kind: u.kind,
      level: u.level as 1 | 2 | 3 | 4 | 5,
      parentId: u.parentId,
      active: u.active,
      geometry: u.geometry ?? undefined,
    })),
  )
  return {
    unit: (id) => byId.get(id),
    byCode: (code) => byCode.get(code),
    children: (id) => children.get(id) ?? [],
    all: () => [...byId.values()],
    root: () => byId.get(root.id) as OrgUnit,
    locate: (lat, lng) => locator.locate(lat, lng),
    departmentFor: (fn, districtCenterId) => departments.get(`${fn}@${districtCenterId}`) ?? departments.get(`${fn}@${root.id}`),
    ref(id) {
      const u = id === null || id === undefined ? undefined : byId.get(id)
      return u ? { id: u.id, code: u.code, name: u.name, kind: u.kind, level: u.level } : null
    },
  }
}
