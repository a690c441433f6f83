/**
 * Point locator: (lat, lng) → grid → community → street → district → city. A community without
 * grids is its own ground (gridId null), so the command chain alone locates to communities.
 *
 * A Flatbush R-tree over the grid polygons' bounding boxes finds candidates; an exact
 * ray-casting (crossing-number) test decides. The test is half-open and computes every edge
 * in a canonical direction (lower endpoint first), so a point on an edge shared by two
 * polygons with identical coordinates is inside exactly one of them: an axis-aligned
 * rectangle owns its west and south edges (and south-west corner) but not its east and
 * north edges. Works for any simple polygon (holes supported: all rings of a polygon count).
 * Ancestors are resolved once at build time, so `locate` is one index query plus one or two
 * polygon tests.
 *
 * Inactive units (an administrator retired them) keep their ground: every grid polygon stays
 * indexed, and a point is located to the nearest *active* owner at each level — the grid when it
 * and every unit above it are active, else null, and likewise its community, street and district.
 * So a point in a retired grid belongs to its community, a point in a retired community to its
 * street and district, and a resident standing there can still report; routing then goes to the
 * first active level (a district dispatches, the city screens). A grid without a center of each
 * level above it cannot come from the admin API; it is skipped, never a reason not to start.
 */
import Flatbush from 'flatbush'
import type { OrgSeed } from './city-chain.ts'

/** A unit as the locator sees it; `active` defaults to true (the generated city is all active). */
export type LocatorUnit = Pick<OrgSeed, 'id' | 'kind' | 'level' | 'parentId' | 'geometry'> & { active?: boolean }

/** The units whose ground holds a point: null where that level's unit (or one above it) is inactive. */
export interface Location {
  gridId: number | null
  communityId: number | null
  streetId: number | null
  districtId: number | null
  cityId: number
}

export interface Locator {
  /** The grid (and its community/street/district/city) containing the point, or null outside the city. */
  locate(lat: number, lng: number): Location | null
  /** Pieces of ground indexed: the grids, and the communities without grids (a MultiPolygon's parts each). */
  readonly groundCount: number
}

/**
 * Half-open crossing-number test of (x, y) = (lng, lat) against rings `ringFrom..ringTo-1`:
 * ring r has its vertices at `xy[2*k], xy[2*k+1]` for k in `ringStarts[r] .. ringStarts[r+1]`.
 * Closed or open rings both work (a closing duplicate vertex is a zero-length edge).
 */
export function pointInRings(xy: Float64Array, ringStarts: Int32Array, ringFrom: number, ringTo: number, x: number, y: number): boolean {
  let inside = false
  for (let r = ringFrom; r < ringTo; r++) {
    const start = ringStarts[r]
    const end = ringStarts[r + 1]
    let j = end - 1
    for (let i = start; i < end; j = i++) {
      const ay = xy[2 * i + 1]
      const by = xy[2 * j + 1]
      if (ay > y !== by > y) {
        // canonical direction: from the lower endpoint to the upper one, so that an edge
        // shared by two polygons yields bit-identical intersections in both
        let lx: number
        let ly: number
        let hx: number
        let hy: number
        if (ay < by) {
          lx = xy[2 * i]
          ly = ay
          hx = xy[2 * j]
          hy = by
        } else {
          lx = xy[2 * j]
          ly = by
          hx = xy[2 * i]
          hy = ay
        }
        if (x < lx + ((y - ly) * (hx - lx)) / (hy - ly)) inside = !inside
      }
    }
  }
  return inside
}

/** Standalone test of a GeoJSON Polygon's or MultiPolygon's coordinates (same rule as the locator). */
export function polygonContains(coordinates: number[][][] | number[][][][], lat: number, lng: number): boolean {
  const parts = (typeof coordinates[0]?.[0]?.[0] === 'number' ? [coordinates] : coordinates) as number[][][][]
  return parts.some((polygon) => {
    const { xy, ringStarts } = packRings([polygon])
    return pointInRings(xy, ringStarts, 0, polygon.length, lng, lat)
  })
}

function packRings(polygons: number[][][][]): { xy: Float64Array; ringStarts: Int32Array } {
  let nRings = 0
  let nPts = 0
  for (const p of polygons) {
    nRings += p.length
    for (const ring of p) nPts += ring.length
  }
  const xy = new Float64Array(nPts * 2)
  const ringStarts = new Int32Array(nRings + 1)
  let r = 0
  let k = 0
  for (const p of polygons) {
    for (const ring of p) {
      ringStarts[r++] = k
      for (const pt of ring) {
        xy[2 * k] = pt[0]
        xy[2 * k + 1] = pt[1]
        k++
      }
    }
  }
  ringStarts[r] = k
  return { xy, ringStarts }
}

export function buildLocator(units: readonly LocatorUnit[]): Locator {
  const byId = new Map<number, LocatorUnit>()
  for (const u of units) byId.set(u.id, u)

  // a unit is in service when it and every unit above it are active (memoised walk up the tree)
  const inService = new Map<number, boolean>()
  const serving = (u: LocatorUnit): boolean => {
    const known = inService.get(u.id)
    if (known !== undefined) return known
    inService.set(u.id, false) // a cycle in corrupt data ends here, out of service
    const parent = u.parentId === null ? undefined : byId.get(u.parentId)
    const result = u.active !== false && (u.parentId === null || (parent !== undefined && serving(parent)))
    inService.set(u.id, result)
    return result
  }

  // the ground is the grids' polygons, and a community's own where it has no grid (the command
  // chain before any grid is entered, as production seeding leaves it)
  const withGrids = new Set(units.filter((u) => u.kind === 'grid').map((u) => u.parentId))
  const isGround = (u: LocatorUnit) =>
    (u.geometry?.type === 'Polygon' || u.geometry?.type === 'MultiPolygon') &&
    (u.kind === 'grid' || (u.kind === 'center' && u.level === 4 && !withGrids.has(u.id)))

  // per piece of ground (each part of a MultiPolygon is one, of the same unit): [grid, community,
  // street, district, city], 0 where out of service or none
  const located: Array<{ polygon: number[][][]; ids: number[] }> = []
  for (const g of units) {
    if (!isGround(g)) continue
    const ids = [g.kind === 'grid' && serving(g) ? g.id : 0, 0, 0, 0, 0]
    const seen = [false, false, false, false]
    let p: number | null = g.kind === 'grid' ? g.parentId : g.id
    for (let steps = 0; p !== null && steps < 64; steps++) {
      const u = byId.get(p)
      if (!u) break
      if (u.kind === 'center' && u.level >= 1 && u.level <= 4 && !seen[4 - u.level]) {
        seen[4 - u.level] = true
        if (serving(u)) ids[5 - u.level] = u.id
      }
      p = u.parentId
    }
    if (!seen.every(Boolean) || ids[4] === 0) continue
    const geometry = g.geometry as NonNullable<LocatorUnit['geometry']>
    for (const polygon of geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) located.push({ polygon, ids })
  }
  const n = located.length
  const anc = Int32Array.from(located.flatMap((l) => l.ids))

  // packed rings
  const polys = located.map((l) => l.polygon)
  const { xy, ringStarts } = packRings(polys)
  const polyRingStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) polyRingStart[i + 1] = polyRingStart[i] + polys[i].length

  if (n === 0) {
    return { groundCount: 0, locate: () => null }
  }

  const index = new Flatbush(n)
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    let x0 = Number.POSITIVE_INFINITY
    let y0 = Number.POSITIVE_INFINITY
    let x1 = Number.NEGATIVE_INFINITY
    let y1 = Number.NEGATIVE_INFINITY
    // outer ring bounds the polygon
    const r0 = polyRingStart[i]
    for (let k = ringStarts[r0]; k < ringStarts[r0 + 1]; k++) {
      const x = xy[2 * k]
      const y = xy[2 * k + 1]
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
    index.add(x0, y0, x1, y1)
    if (x0 < minX) minX = x0
    if (y0 < minY) minY = y0
    if (x1 > maxX) maxX = x1
    if (y1 > maxY) maxY = y1
  }
  index.finish()

  // query state shared with the filter (no closure allocation per call)
  let qx = 0
  let qy = 0
  let hit = -1
  const filter = (i: number): boolean => {
    if (pointInRings(xy, ringStarts, polyRingStart[i], polyRingStart[i + 1], qx, qy)) {
      hit = i
      return true
    }
    return false
  }

  return {
    groundCount: n,
    locate(lat: number, lng: number): Location | null {
      // NaN fails every comparison and is rejected here too
      if (!(lng >= minX && lng <= maxX && lat >= minY && lat <= maxY)) return null
      qx = lng
      qy = lat
      hit = -1
      if (!index.collides(lng, lat, lng, lat, filter)) return null
      const a = hit * 5
      return {
        gridId: anc[a] || null,
        communityId: anc[a + 1] || null,
        streetId: anc[a + 2] || null,
        districtId: anc[a + 3] || null,
        cityId: anc[a + 4],
      }
    },
  }
}
