/**
 * The SVG maps' geometry: a frame that fits [lng, lat] points into a view box (equirectangular,
 * longitudes shrunk by cos(latitude) so shapes are not stretched), and — when the deployment has a
 * tile server — the Web Mercator tiles that cover the frame at the zoom matching its scale.
 */

/** The GeoJSON of a unit's area, as `GET /orgs?geometry=true` and `GET /orgs/:code` send it. */
export type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] }

/**
 * A unit's polygon. The contracts declare `geometry` as any GeoJSON (the server passes PostGIS-free
 * JSON through); the org tables only ever hold Polygon and MultiPolygon, read here once.
 */
export const geometryOf = (unit: { geometry?: unknown }) => (unit.geometry ?? null) as Geometry | null

/** The outer rings of a unit's area (one per part). */
export function outerRings(unit: { geometry?: unknown }): number[][][] {
  const g = geometryOf(unit)
  if (!g) return []
  return g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0])
}

export interface Frame {
  width: number
  height: number
  x(lng: number): number
  y(lat: number): number
  /** view-box coordinates back to a place */
  back(px: number, py: number): { lat: number; lng: number }
}

export function frameFor(points: number[][], width: number, height: number, pad: number): Frame | null {
  if (!points.length) return null
  const lngs = points.map((p) => p[0])
  const lats = points.map((p) => p[1])
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180)
  const scale = Math.min((width - 2 * pad) / Math.max((maxLng - minLng) * k, 1e-9), (height - 2 * pad) / Math.max(maxLat - minLat, 1e-9))
  return {
    width,
    height,
    x: (lng) => pad + (lng - minLng) * k * scale,
    y: (lat) => height - pad - (lat - minLat) * scale,
    back: (px, py) => ({ lng: minLng + (px - pad) / (k * scale), lat: minLat + (height - pad - py) / scale }),
  }
}

export interface Tile {
  href: string
  x: number
  y: number
  width: number
  height: number
}

const MAX_TILES = 64
const tileLng = (x: number, z: number) => (x / 2 ** z) * 360 - 180
const tileLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI
const lngTile = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z)
const latTile = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

/**
 * The tiles under a frame, placed in view-box units. The zoom is the first whose 256 px tiles are
 * drawn at most 256 units wide, so they are never blurred by enlarging; within one tile the frame
 * and Web Mercator differ by far less than a pixel at city scale.
 */
export function tilesFor(frame: Frame, url: string): Tile[] {
  const sw = frame.back(0, frame.height)
  const ne = frame.back(frame.width, 0)
  const unitsPerDegree = frame.x(sw.lng + 1) - frame.x(sw.lng)
  const z = Math.max(0, Math.min(19, Math.ceil(Math.log2((360 * unitsPerDegree) / 256))))
  const [x0, x1, y0, y1] = [lngTile(sw.lng, z), lngTile(ne.lng, z), latTile(ne.lat, z), latTile(sw.lat, z)]
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES) return []
  const tiles: Tile[] = []
  for (let tx = x0; tx <= x1; tx++) {
    for (let ty = y0; ty <= y1; ty++) {
      const left = frame.x(tileLng(tx, z))
      const top = frame.y(tileLat(ty, z))
      tiles.push({
        href: url.replace('{z}', String(z)).replace('{x}', String(tx)).replace('{y}', String(ty)),
        x: left,
        y: top,
        width: frame.x(tileLng(tx + 1, z)) - left,
        height: frame.y(tileLat(ty + 1, z)) - top,
      })
    }
  }
  return tiles
}
