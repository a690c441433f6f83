/**
 * Geometry for drawing: a unit's Polygon or MultiPolygon with every ring simplified (Douglas–Peucker)
 * to a tolerance in metres, and its coordinates rounded to what that tolerance can tell apart. A map
 * a few hundred pixels wide over a district needs a vertex every few hundred metres, not the outline's
 * thousands; the stored geometry (the locator's) is never changed.
 *
 * Rings are simplified one by one, so two neighbours' shared border may come out a little different
 * on each side — by at most the tolerance, which the caller picks below a pixel of its map.
 */

type Ring = number[][]
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] }

const METRES_PER_DEGREE = 111_320

/** `geometry` simplified to `metres`; anything that is not a Polygon or MultiPolygon passes unchanged. */
export function simplifyGeometry(geometry: unknown, metres: number): unknown {
  const g = geometry as Geometry | null
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return geometry
  // decimals of a degree finer than a quarter of the tolerance (1 decimal ≈ 11 km … 6 ≈ 0.1 m)
  const decimals = Math.min(7, Math.max(1, Math.ceil(Math.log10((4 * METRES_PER_DEGREE) / metres))))
  const polygon = (rings: Ring[], keepAlways: boolean): Ring[] | null => {
    const outer = simplifyRing(rings[0], metres, decimals)
    if (outer.length < 4) {
      if (!keepAlways) return null
      return [roundRing(rings[0], decimals)]
    }
    const holes = rings.slice(1).flatMap((h) => {
      const s = simplifyRing(h, metres, decimals)
      return s.length >= 4 ? [s] : []
    })
    return [outer, ...holes]
  }
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(g.coordinates, true) }
  // a part smaller than the tolerance disappears, unless every part is that small
  const parts = g.coordinates.map((p) => polygon(p, false)).filter((p): p is Ring[] => p !== null)
  return { type: 'MultiPolygon', coordinates: parts.length ? parts : g.coordinates.map((p) => polygon(p, true) as Ring[]) }
}

const roundRing = (ring: Ring, decimals: number) => ring.map(([lng, lat]) => [round(lng, decimals), round(lat, decimals)])
const round = (v: number, decimals: number) => Number(v.toFixed(decimals))

/** A closed ring (first point = last) simplified; fewer than 4 points when it collapses. */
function simplifyRing(ring: Ring, metres: number, decimals: number): Ring {
  const n = ring.length
  if (n <= 4) return roundRing(ring, decimals)
  const k = Math.cos((ring[0][1] * Math.PI) / 180)
  const xs = ring.map((p) => p[0] * k * METRES_PER_DEGREE)
  const ys = ring.map((p) => p[1] * METRES_PER_DEGREE)
  const keep = new Uint8Array(n)
  // a closed ring has no natural ends: split it at its first point and the point farthest from it
  let far = 0
  let best = -1
  for (let i = 1; i < n - 1; i++) {
    const d = (xs[i] - xs[0]) ** 2 + (ys[i] - ys[0]) ** 2
    if (d > best) [best, far] = [d, i]
  }
  keep[0] = keep[far] = keep[n - 1] = 1
  const tolerance2 = metres * metres
  const stack: Array<[number, number]> = [
    [0, far],
    [far, n - 1],
  ]
  while (stack.length) {
    const [a, b] = stack.pop() as [number, number]
    let index = -1
    let max = tolerance2
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(xs[i], ys[i], xs[a], ys[a], xs[b], ys[b])
      if (d > max) [max, index] = [d, i]
    }
    if (index !== -1) {
      keep[index] = 1
      stack.push([a, index], [index, b])
    }
  }
  const out: Ring = []
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue
    const p = [round(ring[i][0], decimals), round(ring[i][1], decimals)]
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  return out
}

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
}
