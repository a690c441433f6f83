/**
 * Areas and tiling of [lng, lat] geometry, as the tests check the chain with and the import picks a
 * unit's largest part by: planar area in degrees² (exact for comparing a parent with its children,
 * whose vertices it shares) and in km² (a spherical approximation, to compare with published figures).
 */
import { type MultiPolygon, type Polygon, rectOf } from './layout.ts'
import { polygonContains } from './locator.ts'

const KM_PER_DEGREE = 111.32

export const partsOf = (g: Polygon | MultiPolygon): number[][][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)

function ringArea(ring: number[][]): number {
  let twice = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return Math.abs(twice / 2)
}

/** Planar area of one polygon (its outer ring less its holes), in degrees². */
export const partArea = (part: number[][][]) => part.reduce((sum, ring, r) => sum + (r === 0 ? 1 : -1) * ringArea(ring), 0)

/** Planar area in degrees² (holes subtracted). */
export const areaOf = (g: Polygon | MultiPolygon): number => partsOf(g).reduce((sum, part) => sum + partArea(part), 0)

/** Area in km², each part scaled by the cosine of its latitude. */
export const squareKm = (g: Polygon | MultiPolygon): number =>
  partsOf(g).reduce((sum, part) => sum + partArea(part) * KM_PER_DEGREE ** 2 * Math.cos((part[0][0][1] * Math.PI) / 180), 0)

/**
 * Why `children` do not tile `parent`, or null when they do: their areas add up to the parent's (to
 * 1e-9) and each of `samples` points drawn from `random` in the parent's box lies in exactly one child
 * when it is inside the parent, and in none when it is not.
 */
export function tilingProblem(
  parent: Polygon | MultiPolygon,
  children: ReadonlyArray<Polygon | MultiPolygon>,
  samples: number,
  random: () => number,
): string | null {
  const whole = areaOf(parent)
  const covered = children.reduce((sum, c) => sum + areaOf(c), 0)
  if (Math.abs(covered - whole) > whole * 1e-9) return `children cover ${covered} of ${whole} degrees²`
  const [x0, y0, x1, y1] = rectOf(parent)
  for (let k = 0; k < samples; k++) {
    const lng = x0 + random() * (x1 - x0)
    const lat = y0 + random() * (y1 - y0)
    const hits = children.filter((c) => polygonContains(c.coordinates, lat, lng)).length
    const expected = polygonContains(parent.coordinates, lat, lng) ? 1 : 0
    if (hits !== expected) return `(${lat}, ${lng}) is in ${hits} children, expected ${expected}`
  }
  return null
}
