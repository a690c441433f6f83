import assert from 'node:assert/strict'
import { test } from 'node:test'
import { simplifyGeometry } from './simplify.ts'

type Ring = number[][]
const M = 111_320

/** A wobbly closed ring around (lng, lat): `n` vertices, radius about 3 km, deterministic. */
function wobbly(lng: number, lat: number, n: number): Ring {
  const ring: Ring = []
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n
    const r = (3000 + 400 * Math.sin(7 * a) + 80 * Math.sin(53 * a)) / M
    ring.push([lng + (r * Math.cos(a)) / Math.cos((lat * Math.PI) / 180), lat + r * Math.sin(a)])
  }
  ring.push(ring[0])
  return ring
}

/** Distance in metres from p to the nearest segment of the ring (recomputed independently). */
function distanceToRing(p: number[], ring: Ring): number {
  const k = Math.cos((p[1] * Math.PI) / 180)
  const xy = (q: number[]) => [q[0] * k * M, q[1] * M]
  const [px, py] = xy(p)
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = xy(ring[i])
    const [bx, by] = xy(ring[i + 1])
    const [dx, dy] = [bx - ax, by - ay]
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)))
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy))
  }
  return best
}

test('a ring of thousands of vertices keeps a few dozen, every original vertex within the tolerance (plus rounding)', () => {
  const ring = wobbly(103.8, 36.06, 4000)
  const out = simplifyGeometry({ type: 'Polygon', coordinates: [ring] }, 100) as { type: string; coordinates: Ring[] }
  assert.equal(out.type, 'Polygon')
  const simple = out.coordinates[0]
  assert.ok(simple.length < 400 && simple.length >= 4, `${simple.length} vertices`)
  assert.deepEqual(simple[0], simple[simple.length - 1], 'still closed')
  for (const p of ring) assert.ok(distanceToRing(p, simple) <= 100 + 30, `vertex ${p} is ${distanceToRing(p, simple)} m away`)
})

test('a rectangle stays a rectangle and a MultiPolygon keeps its parts larger than the tolerance', () => {
  const rect = [
    [103.7, 36.0],
    [103.8, 36.0],
    [103.8, 36.1],
    [103.7, 36.1],
    [103.7, 36.0],
  ]
  assert.deepEqual((simplifyGeometry({ type: 'Polygon', coordinates: [rect] }, 50) as { coordinates: Ring[] }).coordinates, [rect])
  const speck = wobbly(104.2, 36.3, 50).map(([x, y]) => [104.2 + (x - 104.2) / 1000, 36.3 + (y - 36.3) / 1000])
  const multi = simplifyGeometry({ type: 'MultiPolygon', coordinates: [[wobbly(103.8, 36.06, 500)], [speck]] }, 200) as {
    coordinates: Ring[][]
  }
  assert.equal(multi.coordinates.length, 1, 'the 3 m speck is dropped at 200 m')
})

test('geometry of another type passes unchanged', () => {
  const point = { type: 'Point', coordinates: [103.8, 36.06] }
  assert.equal(simplifyGeometry(point, 100), point)
  assert.equal(simplifyGeometry(null, 100), null)
})
