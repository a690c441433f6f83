/**
 * The schematic layout's tools: its one shape, an axis-aligned rectangle in [lng, lat] degrees cut by
 * guillotine slicing, and its seeded random. Every cut is rounded to 6 decimals BEFORE it is used
 * and both neighbours reuse the very same number, so the pieces tile their parent with no gaps and
 * no overlaps.
 */

export type Rect = readonly [x0: number, y0: number, x1: number, y1: number]

export type Polygon = { type: 'Polygon'; coordinates: number[][][] }

/** An area in several parts (an imported city's unit with an exclave or islands). */
export type MultiPolygon = { type: 'MultiPolygon'; coordinates: number[][][][] }

export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6

/** Codes are numbered with leading zeros. */
export const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** Ratio of a degree of longitude to a degree of latitude around Lanzhou (≈ cos 36°). */
const LNG_SCALE = Math.cos((36 * Math.PI) / 180)

/**
 * Slice `rect` into `weights.length` rectangles with areas proportional to the weights,
 * in order (neighbours in the list are neighbours on the map).
 */
export function sliceRect(rect: Rect, weights: readonly number[]): Rect[] {
  const out: Rect[] = new Array(weights.length)
  const prefix = new Float64Array(weights.length + 1)
  for (let i = 0; i < weights.length; i++) prefix[i + 1] = prefix[i] + weights[i]
  const rec = (r: Rect, lo: number, hi: number): void => {
    if (hi - lo === 1) {
      out[lo] = r
      return
    }
    const total = prefix[hi] - prefix[lo]
    // split point: cumulative weight closest to half (at least one item on each side)
    let k = lo + 1
    let best = Number.POSITIVE_INFINITY
    for (let j = lo + 1; j < hi; j++) {
      const d = Math.abs(prefix[j] - prefix[lo] - total / 2)
      if (d < best) {
        best = d
        k = j
      }
    }
    const frac = (prefix[k] - prefix[lo]) / total
    const [x0, y0, x1, y1] = r
    const vertical = (x1 - x0) * LNG_SCALE >= y1 - y0 // wider than tall: cut along lng
    if (vertical) {
      let cut = round6(x0 + (x1 - x0) * frac)
      if (!(cut > x0 && cut < x1)) cut = round6((x0 + x1) / 2)
      rec([x0, y0, cut, y1], lo, k)
      rec([cut, y0, x1, y1], k, hi)
    } else {
      let cut = round6(y0 + (y1 - y0) * frac)
      if (!(cut > y0 && cut < y1)) cut = round6((y0 + y1) / 2)
      rec([x0, y0, x1, cut], lo, k)
      rec([x0, cut, x1, y1], k, hi)
    }
  }
  if (weights.length > 0) rec(rect, 0, weights.length)
  return out
}

export function rectGeometry(r: Rect): Polygon {
  const [x0, y0, x1, y1] = r
  // counter-clockwise exterior ring (RFC 7946), closed
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  }
}

/** A point strictly inside: the centre. */
export function rectSeat(r: Rect): { lat: number; lng: number } {
  return { lat: round6((r[1] + r[3]) / 2), lng: round6((r[0] + r[2]) / 2) }
}

/** The bounding rectangle of an area's outer rings (the rectangle itself for the schematic geometry). */
export function rectOf(geometry: Polygon | MultiPolygon): Rect {
  const outer = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((part) => part[0])
  const xs = outer.flatMap((ring) => ring.map((p) => p[0]))
  const ys = outer.flatMap((ring) => ring.map((p) => p[1]))
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

/** A seeded PRNG (mulberry32): the generated city is a pure function of its seed, never Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A list of names written as one line, parted by spaces. */
export const words = (list: string): string[] => list.split(' ')
