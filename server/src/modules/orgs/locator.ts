/**
 * Point locator: (lat, lng) → grid → community → street → district → city.
 *
 * A Flatbush R-tree over the grid polygons' bounding boxes finds candidates; an exact
 * ray-casting (crossing-number) test decides. The test is half-open and computes every edge
 * in a canonical direction (lower endpoint first), so a point on an edge shared by two
 * polygons with identical coordinates is inside exactly one of them: an axis-aligned
 * rectangle owns its west and south edges (and south-west corner) but not its east and
 * north edges. Works for any simple polygon (holes supported: all rings of a polygon count).
 * Ancestors are resolved once at build time, so `locate` is one index query plus one or two
 * polygon tests.
 */
import Flatbush from 'flatbush'
import type { OrgSeed } from './demo-city.ts'

export type LocatorUnit = Pick<OrgSeed, 'id' | 'kind' | 'level' | 'parentId' | 'geometry'>

export interface Location {
  gridId: number
  communityId: number
  streetId: number
  districtId: number
  cityId: number
}

export interface Locator {
  /** The grid (and its community/street/district/city) containing the point, or null outside the city. */
  locate(lat: number, lng: number): Location | null
  /** Number of indexed grids. */
  readonly gridCount: number
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

/** Standalone test of a GeoJSON polygon (same rule as the locator). */
export function polygonContains(coordinates: number[][][], lat: number, lng: number): boolean {
  const { xy, ringStarts } = packRings([coordinates])
  return pointInRings(xy, ringStarts, 0, coordinates.length, lng, lat)
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

  const grids = units.filter((u) => u.kind === 'grid' && u.geometry?.type === 'Polygon')
  const n = grids.length

  // ancestors: [community, street, district, city] per grid, resolved once
  const anc = new Int32Array(n * 4)
  grids.forEach((g, i) => {
    let p = g.parentId
    for (let steps = 0; p !== null && steps < 64; steps++) {
      const u = byId.get(p)
      if (!u) break
      if (u.kind === 'center' && u.level >= 1 && u.level <= 4 && anc[i * 4 + (4 - u.level)] === 0) {
        anc[i * 4 + (4 - u.level)] = u.id
      }
      p = u.parentId
    }
    for (let l = 0; l < 4; l++) {
      if (anc[i * 4 + l] === 0) {
        throw new Error(`locator: grid ${g.id} has no level-${4 - l} center among its ancestors`)
      }
    }
  })
  const gridIds = Int32Array.from(grids, (g) => g.id)

  // packed rings
  const polys = grids.map((g) => (g.geometry as NonNullable<LocatorUnit['geometry']>).coordinates)
  const { xy, ringStarts } = packRings(polys)
  const polyRingStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) polyRingStart[i + 1] = polyRingStart[i] + polys[i].length

  if (n === 0) {
    return { gridCount: 0, locate: () => null }
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
    gridCount: n,
    locate(lat: number, lng: number): Location | null {
      // NaN fails every comparison and is rejected here too
      if (!(lng >= minX && lng <= maxX && lat >= minY && lat <= maxY)) return null
      qx = lng
      qy = lat
      hit = -1
      if (!index.collides(lng, lat, lng, lat, filter)) return null
      const a = hit * 4
      return {
        gridId: gridIds[hit],
        communityId: anc[a],
        streetId: anc[a + 1],
        districtId: anc[a + 2],
        cityId: anc[a + 3],
      }
    },
  }
}
