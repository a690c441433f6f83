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
  // centred: the side the points do not fill keeps equal margins
  const left = pad + (width - 2 * pad - (maxLng - minLng) * k * scale) / 2
  const bottom = height - pad - (height - 2 * pad - (maxLat - minLat) * scale) / 2
  return {
    width,
    height,
    x: (lng) => left + (lng - minLng) * k * scale,
    y: (lat) => bottom - (lat - minLat) * scale,
    back: (px, py) => ({ lng: minLng + (px - left) / (k * scale), lat: minLat + (bottom - py) / scale }),
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

/** Every ring of every part, in the frame's units: one SVG path (draw it with `fillRule="evenodd"`, so holes stay holes). */
export function pathOf(geometry: Geometry | null, frame: Frame): string {
  if (!geometry) return ''
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return polygons
    .flatMap((rings) =>
      rings.map((ring) => `${ring.map((c, i) => `${i ? 'L' : 'M'}${frame.x(c[0]).toFixed(1)},${frame.y(c[1]).toFixed(1)}`).join('')}Z`),
    )
    .join('')
}

/** Every vertex of the units' outer rings: what a frame fits. */
export const outlinePoints = (units: Array<{ geometry?: unknown }>) => units.flatMap((u) => outerRings(u).flat())

/**
 * The view-box height that lets `width` hold the points without blank bands: their own aspect
 * (longitudes shrunk by cos(latitude), as the frame draws them), kept between `min` and `max`.
 */
export function heightFor(points: number[][], width: number, pad: number, min: number, max: number): number {
  if (!points.length) return min
  const lngs = points.map((p) => p[0])
  const lats = points.map((p) => p[1])
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180)
  const aspect = (maxLat - minLat) / Math.max((maxLng - minLng) * k, 1e-9)
  return Math.round(Math.max(min, Math.min(max, (width - 2 * pad) * aspect + 2 * pad)))
}

/** The points' bounding box widened by `share` of its size on every side: a frame for a unit's surroundings. */
export function widened(points: number[][], share: number): number[][] {
  if (!points.length) return points
  const lngs = points.map((p) => p[0])
  const lats = points.map((p) => p[1])
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  const [dx, dy] = [(maxLng - minLng) * share, (maxLat - minLat) * share]
  return [
    [minLng - dx, minLat - dy],
    [maxLng + dx, maxLat + dy],
  ]
}

// ---- labels ----------------------------------------------------------------------------

type Pt = [number, number]

/** The area of a ring in view-box units (shoelace). */
function ringArea(ring: Pt[]): number {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return Math.abs(a / 2)
}

/** Distance from a point to the polygon's boundary, negative outside (rings in view-box units). */
function boundaryDistance(x: number, y: number, rings: Pt[][]): number {
  let inside = false
  let min = Number.POSITIVE_INFINITY
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i]
      const [bx, by] = ring[j]
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
      const [dx, dy] = [bx - ax, by - ay]
      const len2 = dx * dx + dy * dy
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2))
      min = Math.min(min, (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2)
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min)
}

/**
 * The pole of inaccessibility of the unit's largest part (Mapbox's polylabel: the point inside
 * farthest from the outline, found to `precision` view-box units by subdividing cells), and its
 * distance to the outline — where a label sits wholly inside even a crescent-shaped area.
 */
export function labelPoint(
  geometry: Geometry | null,
  frame: Frame,
  precision = 1,
): { x: number; y: number; room: number; area: number } | null {
  if (!geometry) return null
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).map((rings) =>
    rings.map((ring) => ring.map((c) => [frame.x(c[0]), frame.y(c[1])] as Pt)),
  )
  const areas = polygons.map((rings) => ringArea(rings[0]) - rings.slice(1).reduce((s, h) => s + ringArea(h), 0))
  const total = areas.reduce((s, a) => s + a, 0)
  const rings = polygons[areas.indexOf(Math.max(...areas))]
  if (!rings?.[0]?.length) return null
  const xs = rings[0].map((p) => p[0])
  const ys = rings[0].map((p) => p[1])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const size = Math.min(maxX - minX, maxY - minY)
  if (size <= 0) return { x: minX, y: minY, room: 0, area: total }
  type Cell = { x: number; y: number; h: number; d: number; max: number }
  const cell = (x: number, y: number, h: number): Cell => {
    const d = boundaryDistance(x, y, rings)
    return { x, y, h, d, max: d + h * Math.SQRT2 }
  }
  // start from the centroid of the bounding box and the ring's centroid-ish mean, whichever is better
  const mean = cell(xs.reduce((s, v) => s + v, 0) / xs.length, ys.reduce((s, v) => s + v, 0) / ys.length, 0)
  let best = cell(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0)
  if (mean.d > best.d) best = mean
  // cells by the best distance they could still hold, largest on top (a binary max-heap)
  const heap: Cell[] = []
  const push = (c: Cell) => {
    heap.push(c)
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1
      if (heap[up].max >= heap[i].max) break
      ;[heap[up], heap[i]] = [heap[i], heap[up]]
      i = up
    }
  }
  const pop = () => {
    const top = heap[0]
    const last = heap.pop() as Cell
    if (heap.length) {
      heap[0] = last
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2]
        let m = i
        if (l < heap.length && heap[l].max > heap[m].max) m = l
        if (r < heap.length && heap[r].max > heap[m].max) m = r
        if (m === i) break
        ;[heap[m], heap[i]] = [heap[i], heap[m]]
        i = m
      }
    }
    return top
  }
  const h = size / 2
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) push(cell(x + h, y + h, h))
  for (let visits = 0; heap.length && visits < 4000; visits++) {
    const c = pop()
    if (c.d > best.d) best = c
    if (c.max - best.d <= precision) continue
    const k = c.h / 2
    push(cell(c.x - k, c.y - k, k))
    push(cell(c.x + k, c.y - k, k))
    push(cell(c.x - k, c.y + k, k))
    push(cell(c.x + k, c.y + k, k))
  }
  return { x: best.x, y: best.y, room: Math.max(0, best.d), area: total }
}

export interface LabelWish {
  key: string
  text: string
  /** where the label would like to sit (its centre), in view-box units */
  x: number
  y: number
  /** larger first: the more important label keeps its place, the other moves or goes */
  priority: number
}

export interface PlacedLabel extends LabelWish {
  width: number
  height: number
  /** true when the label had to move off its point (a leader line joins them) */
  moved: boolean
  /** the label's centre */
  lx: number
  ly: number
}

/**
 * Labels that do not overlap: the most important first, each at its point if its box is free,
 * else at the nearest free spot of a ring of candidates around it (with a leader line back), else
 * left out — its area keeps its name in the tooltip. `measure` gives a text's width at the
 * font size (the page measures with a canvas in the same font); boxes stay inside the view box.
 */
export function placeLabels(
  wishes: LabelWish[],
  {
    width,
    height,
    fontSize,
    measure,
    gap = 2,
    blocked = [],
  }: {
    width: number
    height: number
    fontSize: number
    measure(text: string): number
    gap?: number
    /** boxes no label may cover (controls drawn over the map) */
    blocked?: Array<{ left: number; top: number; right: number; bottom: number }>
  },
): PlacedLabel[] {
  const placed: PlacedLabel[] = blocked.map((b, i) => ({
    key: `blocked-${i}`,
    text: '',
    x: 0,
    y: 0,
    priority: 0,
    width: b.right - b.left,
    height: b.bottom - b.top,
    moved: false,
    lx: (b.left + b.right) / 2,
    ly: (b.top + b.bottom) / 2,
  }))
  // a CJK font's line box (Noto Sans CJK: ascent + descent ≈ 1.45 em), which is what the page measures
  const boxH = fontSize * 1.5
  const free = (cx: number, cy: number, w: number) => {
    const [l, r, t, b] = [cx - w / 2 - gap, cx + w / 2 + gap, cy - boxH / 2 - gap, cy + boxH / 2 + gap]
    if (l < 0 || t < 0 || r > width || b > height) return false
    return placed.every((p) => r <= p.lx - p.width / 2 || l >= p.lx + p.width / 2 || b <= p.ly - p.height / 2 || t >= p.ly + p.height / 2)
  }
  for (const wish of [...wishes].sort((a, b) => b.priority - a.priority)) {
    const w = measure(wish.text)
    const candidates: Array<[number, number]> = [[wish.x, wish.y]]
    for (const r of [1, 1.6, 2.4]) {
      const [dx, dy] = [(w / 2 + fontSize) * r * 0.8, boxH * r]
      candidates.push(
        [wish.x, wish.y - dy],
        [wish.x, wish.y + dy],
        [wish.x + dx, wish.y],
        [wish.x - dx, wish.y],
        [wish.x + dx, wish.y - dy],
        [wish.x - dx, wish.y - dy],
        [wish.x + dx, wish.y + dy],
        [wish.x - dx, wish.y + dy],
      )
    }
    const spot = candidates.find(([cx, cy]) => free(cx, cy, w))
    if (!spot) continue
    placed.push({ ...wish, width: w, height: boxH, lx: spot[0], ly: spot[1], moved: spot[0] !== wish.x || spot[1] !== wish.y })
  }
  return placed.slice(blocked.length)
}

/** A measure for `placeLabels`: the text's width in the page's font, by a canvas (an estimate without one). */
export function textMeasure(fontSize: number, fontFamily: string, fontWeight = 'normal'): (text: string) => number {
  const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  if (context) context.font = `${fontWeight} ${fontSize}px ${fontFamily}`
  return (text) =>
    context ? context.measureText(text).width : [...text].reduce((s, ch) => s + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.6), 0) * fontSize
}

/** The font every SVG map writes its labels in (and measures them with). */
export const MAP_FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
