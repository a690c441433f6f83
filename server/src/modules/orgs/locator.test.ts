import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { generateDemoCity } from '../../seed/demo/city.ts'
import type { OrgSeed } from './city-chain.ts'
import { lanzhouChain } from './lanzhou.ts'
import { type Polygon, rectOf } from './layout.ts'
import { buildLocator, type LocatorUnit, polygonContains } from './locator.ts'

const city = generateDemoCity()
const locator = buildLocator(city)
// same units in reverse order: a different R-tree, the same answers
const reversed = buildLocator([...city].reverse())
const grids = city.filter((o) => o.kind === 'grid')
const gridRects = grids.map((g) => rectOf(g.geometry!))
const cityArea = city.find((o) => o.level === 1)!.geometry!
const [X0, Y0, X1, Y1] = rectOf(cityArea)
const inCity = (lat: number, lng: number) => polygonContains(cityArea.coordinates, lat, lng)
/** the outer rings' edges of every grid, as [grid index, from, to] */
const gridEdges = grids.flatMap((g, gi) =>
  (g.geometry!.type === 'Polygon' ? [g.geometry!.coordinates] : g.geometry!.coordinates).flatMap((part) =>
    part[0].slice(1).map((to, k) => [gi, part[0][k], to] as const),
  ),
)
const edgeKey = (a: readonly number[], b: readonly number[]) => `${a[0]},${a[1]}>${b[0]},${b[1]}`
const edgeSet = new Set(gridEdges.map(([, a, b]) => edgeKey(a, b)))

/** Brute force: every grid whose polygon contains the point (candidates by closed bbox). */
function containing(lat: number, lng: number): OrgSeed[] {
  const out: OrgSeed[] = []
  for (let i = 0; i < grids.length; i++) {
    const r = gridRects[i]
    if (lng < r[0] || lng > r[2] || lat < r[1] || lat > r[3]) continue
    if (polygonContains(grids[i].geometry!.coordinates, lat, lng)) out.push(grids[i])
  }
  return out
}

const lngArb = fc.double({ min: X0, max: X1, noNaN: true })
const latArb = fc.double({ min: Y0, max: Y1, noNaN: true })

describe('locator', () => {
  it("property: any point inside Lanzhou's outline is in exactly one grid, the one located; outside it, none", () => {
    fc.assert(
      fc.property(latArb, lngArb, (lat, lng) => {
        const hits = containing(lat, lng)
        const loc = locator.locate(lat, lng)
        assert.deepEqual(reversed.locate(lat, lng), loc)
        if (!inCity(lat, lng)) {
          assert.equal(hits.length, 0, `(${lat}, ${lng}) is outside the city but in ${hits.length} grids`)
          assert.equal(loc, null)
          return
        }
        assert.equal(hits.length, 1, `(${lat}, ${lng}) in ${hits.length} grids`)
        assert.ok(loc)
        assert.equal(loc.gridId, hits[0].id)
        assert.equal(loc.communityId, hits[0].parentId)
      }),
      { numRuns: 3000 },
    )
  })

  it('property: a point on a grid edge or vertex is owned by at most one grid, by exactly one where two grids meet', () => {
    const edgePoint = fc
      .record({
        e: fc.integer({ min: 0, max: gridEdges.length - 1 }),
        t: fc.oneof(fc.constantFrom(0, 0.5), fc.double({ min: 0, max: 1, noNaN: true })),
      })
      .map(({ e, t }) => {
        const [, a, b] = gridEdges[e]
        const [lat, lng] = [a[1] + t * (b[1] - a[1]), a[0] + t * (b[0] - a[0])]
        const vertex = [a, b].some(([x, y]) => x === lng && y === lat)
        return { shared: edgeSet.has(edgeKey(b, a)), lat, lng, vertex }
      })
    fc.assert(
      fc.property(edgePoint, ({ shared, lat, lng, vertex }) => {
        const loc = locator.locate(lat, lng)
        assert.deepEqual(locator.locate(lat, lng), loc)
        assert.deepEqual(reversed.locate(lat, lng), loc)
        const hits = containing(lat, lng)
        assert.ok(hits.length <= 1, `(${lat}, ${lng}) in ${hits.length} grids`)
        assert.equal(loc?.gridId ?? null, hits[0]?.id ?? null)
        // on an edge two grids share, between its ends, the point is one of theirs (a vertex may be the outline's)
        if (shared && !vertex) assert.equal(hits.length, 1, `(${lat}, ${lng}) on a shared edge, in no grid`)
      }),
      { numRuns: 3000 },
    )
  })

  it('the grids of 幸福里社区 are located at their seats, and a vertex they share belongs to one of them', () => {
    const xfl = city.find((o) => o.name === '幸福里社区')!
    const gs = grids.filter((g) => g.parentId === xfl.id)
    assert.ok(gs.length >= 3)
    for (const g of gs) assert.equal(locator.locate(g.seat!.lat, g.seat!.lng)?.gridId, g.id)
    const vertices = gs.flatMap((g) => (g.geometry as Polygon).coordinates[0].map((p) => p.join(',')))
    const shared = vertices.filter((v, i) => vertices.indexOf(v) !== i)
    assert.ok(shared.length > 0)
    for (const v of shared) {
      const [lng, lat] = v.split(',').map(Number)
      assert.equal(containing(lat, lng).length, 1, v)
    }
  })

  describe('arbitrary simple polygons', () => {
    // A community tiled by a fan of triangles around an off-centre hub, plus a concave
    // (L-shaped) neighbour: shared edges are slanted, so their intersections are not exact.
    const hub = [0.3137, 0.2719]
    const n = 7
    const verts = Array.from({ length: n }, (_, k) => {
      const a = (2 * Math.PI * k) / n + 0.1
      return [Math.cos(a) * (1 + 0.3 * Math.sin(3 * k)), Math.sin(a) * (1 + 0.3 * Math.cos(2 * k))]
    })
    const base = (id: number, level: 1 | 2 | 3 | 4, parentId: number | null): LocatorUnit => ({
      id,
      kind: 'center',
      level,
      parentId,
    })
    /** a grid of community 4 with one closed ring of [lng, lat] points */
    const grid = (id: number, ring: number[][]): LocatorUnit => ({
      id,
      kind: 'grid',
      level: 5,
      parentId: 4,
      geometry: { type: 'Polygon', coordinates: [ring] },
    })
    const triangles = verts.map((v, k) => grid(10 + k, [hub, v, verts[(k + 1) % n], hub]))
    // L-shape east of x = 2 (concave), sharing its west edge x = 2 with a rectangle
    const lshape = grid(30, [
      [2, -1],
      [4, -1],
      [4, 0],
      [3, 0],
      [3, 1],
      [2, 1],
      [2, -1],
    ])
    const rect = grid(31, [
      [1.5, -1],
      [2, -1],
      [2, 1],
      [1.5, 1],
      [1.5, -1],
    ])
    const units = [base(1, 1, null), base(2, 2, 1), base(3, 3, 2), base(4, 4, 3), ...triangles, lshape, rect]
    const loc = buildLocator(units)
    const hexagon = [...verts, verts[0]]

    it('locates the L-shape correctly (concave part is outside)', () => {
      assert.equal(loc.locate(0.5, 3.5), null)
      assert.equal(loc.locate(-0.5, 3.5)?.gridId, 30)
      assert.equal(loc.locate(0.5, 2.5)?.gridId, 30)
      assert.equal(loc.locate(0.5, 2)?.gridId, 30, 'shared west edge belongs to the east polygon')
      assert.equal(loc.locate(0.5, 1.9)?.gridId, 31)
      assert.deepEqual(loc.locate(0.5, 2.5), { gridId: 30, communityId: 4, streetId: 3, districtId: 2, cityId: 1 })
    })

    it('property: points on and near the slanted spokes are in exactly one triangle', () => {
      const spokePoint = fc
        .record({
          k: fc.integer({ min: 0, max: n - 1 }),
          t: fc.double({ min: 0, max: 1, noNaN: true }),
          jitter: fc.constantFrom(0, 0, 1e-15, -1e-15, 1e-9, -1e-9),
        })
        .map(({ k, t, jitter }) => ({
          lng: hub[0] + t * (verts[k][0] - hub[0]) + jitter,
          lat: hub[1] + t * (verts[k][1] - hub[1]),
        }))
      const anyPoint = fc.record({
        lng: fc.double({ min: -1.45, max: 1.45, noNaN: true }),
        lat: fc.double({ min: -1.45, max: 1.45, noNaN: true }),
      })
      const corner = fc.constantFrom(...verts.map(([lng, lat]) => ({ lng, lat })), { lng: hub[0], lat: hub[1] })
      fc.assert(
        fc.property(fc.oneof(spokePoint, anyPoint, corner), ({ lat, lng }) => {
          const inHull = polygonContains([hexagon], lat, lng)
          const hits = triangles.filter((tr) => polygonContains(tr.geometry!.coordinates, lat, lng))
          assert.equal(hits.length, inHull ? 1 : 0, `(${lat}, ${lng}) in ${hits.length} triangles`)
          const r = loc.locate(lat, lng)
          assert.deepEqual(loc.locate(lat, lng), r)
          assert.equal(r?.gridId ?? null, inHull ? hits[0].id : null)
        }),
        { numRuns: 5000 },
      )
    })
  })

  describe('retired units (an administrator deactivated them)', () => {
    const grid = grids[0]
    const community = city.find((o) => o.id === grid.parentId) as OrgSeed
    const street = city.find((o) => o.id === community.parentId) as OrgSeed
    const district = city.find((o) => o.id === street.parentId) as OrgSeed
    const inside = grid.seat!
    const retire = (...ids: number[]) => buildLocator(city.map((o) => ({ ...o, active: !ids.includes(o.id) })))
    const all = {
      gridId: grid.id,
      communityId: community.id,
      streetId: street.id,
      districtId: district.id,
      cityId: district.parentId as number,
    }

    it('a point in a retired grid belongs to its community', () => {
      assert.deepEqual(locator.locate(inside.lat, inside.lng), all)
      assert.deepEqual(retire(grid.id).locate(inside.lat, inside.lng), { ...all, gridId: null })
    })

    it('a retired community or street takes every level below it out of service, never the levels above', () => {
      const below = retire(community.id).locate(inside.lat, inside.lng)
      assert.deepEqual(below, { ...all, gridId: null, communityId: null })
      const streetOff = retire(street.id).locate(inside.lat, inside.lng)
      assert.deepEqual(streetOff, { ...all, gridId: null, communityId: null, streetId: null })
    })

    it('a grid whose ancestry is broken is skipped instead of failing the build', () => {
      const orphan = buildLocator(city.filter((o) => o.id !== community.id))
      assert.equal(orphan.locate(inside.lat, inside.lng), null)
      assert.equal(orphan.groundCount, locator.groundCount - city.filter((o) => o.parentId === community.id && o.kind === 'grid').length)
    })
  })

  it('the command chain alone, before any grid, locates to the communities', () => {
    const chain = lanzhouChain()
    const chainLocator = buildLocator(chain)
    const parts = (o: OrgSeed) => (o.geometry!.type === 'Polygon' ? 1 : o.geometry!.coordinates.length)
    assert.equal(
      chainLocator.groundCount,
      chain.filter((o) => o.level === 4).reduce((n, c) => n + parts(c), 0),
    )
    for (const c of chain.filter((o) => o.level === 4)) {
      const loc = chainLocator.locate(c.seat!.lat, c.seat!.lng)
      assert.equal(loc?.communityId, c.id, c.code)
      assert.equal(loc?.gridId, null)
    }
  })

  it('is fast (well under 50 µs per point)', () => {
    const N = 200_000
    let sink = 0
    const t0 = performance.now()
    for (let i = 0; i < N; i++) {
      const r = locator.locate(Y0 + ((i * 0.618034) % 1) * (Y1 - Y0), X0 + ((i * 0.414214) % 1) * (X1 - X0))
      if (r) sink += r.gridId ?? 0
    }
    const usPerPoint = ((performance.now() - t0) * 1000) / N
    assert.ok(sink > 0)
    assert.ok(usPerPoint < 50, `${usPerPoint.toFixed(2)} µs/point`)
  })
})
