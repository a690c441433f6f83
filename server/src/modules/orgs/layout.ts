/**
 * Small tools of the org tree's data: its shapes (GeoJSON Polygon and MultiPolygon in [lng, lat]
 * degrees), a bounding rectangle, code padding, and the seeded random the demo city draws from.
 */

export type Rect = readonly [x0: number, y0: number, x1: number, y1: number]

export type Polygon = { type: 'Polygon'; coordinates: number[][][] }

/** An area in several parts (an imported city's unit with an exclave or islands). */
export type MultiPolygon = { type: 'MultiPolygon'; coordinates: number[][][][] }

export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6

/** Codes are numbered with leading zeros. */
export const pad = (n: number, width: number): string => String(n).padStart(width, '0')

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
