/**
 * The units of a city as seeding writes them: the command chain (centers at levels 1–4, from the
 * official division codes: `divisions.ts` reads them, `lanzhou.ts` is the demo city's) and, in demo
 * mode, the units a real city enters itself (server/src/seed/demo/).
 */
import type { OrgKind } from '@xiaolan/contracts'
import type { MultiPolygon, Polygon } from './layout.ts'

export interface OrgSeed {
  /** 1..N, deterministic, every parent appears before its children */
  id: number
  /** unique, stable */
  code: string
  /** Chinese name */
  name: string
  kind: OrgKind
  /** centers: 1 city, 2 district, 3 street, 4 community; grids 5; departments/mediation: level of their center; forces 4 */
  level: 1 | 2 | 3 | 4 | 5
  parentId: number | null
  /** departments only: a department function of the contracts */
  function?: string
  /** centers and grids only, [lng, lat] rings, closed; an imported city's unit may have several parts */
  geometry?: Polygon | MultiPolygon
  /** centers and grids: a point strictly inside the polygon */
  seat?: { lat: number; lng: number }
}

/** Appends units to `units` with the next id (stable key order for readability and deep equality). */
export function unitAppender(units: OrgSeed[]) {
  return (o: Omit<OrgSeed, 'id'>): number => {
    const unit: OrgSeed = { id: units.length + 1, code: o.code, name: o.name, kind: o.kind, level: o.level, parentId: o.parentId }
    if (o.function !== undefined) unit.function = o.function
    if (o.geometry !== undefined) unit.geometry = o.geometry
    if (o.seat !== undefined) unit.seat = o.seat
    units.push(unit)
    return unit.id
  }
}

/**
 * The units with their paths as org_units holds them (`620100.620105.…`: the ancestors' codes, then
 * the unit's own). Parents come first in a chain, so a parent's path is known when its children are reached.
 */
export function withPaths(units: OrgSeed[]): Array<OrgSeed & { path: string }> {
  const paths = new Map<number, string>()
  return units.map((u) => {
    const path = `${u.parentId === null ? '' : paths.get(u.parentId)}${u.code}.`
    paths.set(u.id, path)
    return { ...u, path }
  })
}
