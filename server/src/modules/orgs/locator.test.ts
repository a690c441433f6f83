import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { generateDemoCity } from '../../seed/demo/city.ts'
import { CITY_BBOX, generateCityChain, type OrgSeed } from './city-chain.ts'
import { buildLocator, type LocatorUnit, polygonContains } from './locator.ts'

const city = generateDemoCity()
const locator = buildLocator(city)
// same units in reverse order: a different R-tree, the same answers
const reversed = buildLocator([...city].reverse())
const grids = city.filter((o) => o.kind === 'grid')
const gridRects = grids.map((g) => {
  const ring = g.geometry!.coordinates[0]
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const
})
const [X0, Y0, X1, Y1] = CITY_BBOX

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
  it('property: any point of the city bbox is in exactly one grid, the one located', () => {
    fc.assert(
      fc.property(latArb, lngArb, (lat, lng) => {
        const hits = containing(lat, lng)
        const loc = locator.locate(lat, lng)
        if (lng === X1 || lat === Y1) {
          // east/north edge of the city: outside under the half-open rule
          assert.equal(hits.length, 0)
          assert.equal(loc, null)
          return
        }
        assert.equal(hits.length, 1, `(${lat}, ${lng}) in ${hits.length} grids`)
        assert.ok(loc)
        assert.equal(loc.gridId, hits[0].id)
        assert.equal(loc.communityId, hits[0].parentId)
        assert.deepEqual(reversed.locate(lat, lng), loc)
      }),
      { numRuns: 3000 },
    )
  })

  it('property: points on grid edges and corners are deterministic and owned by exactly one grid', () => {
    const edgePoint = fc
      .record({
        g: fc.integer({ min: 0, max: grids.length - 1 }),
        sx: fc.constantFrom(0, 1, 2),
        sy: fc.constantFrom(0, 1, 2),
        t: fc.double({ min: 0, max: 1, noNaN: true }),
        u: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ g, sx, sy, t, u }) => {
        const [x0, y0, x1, y1] = gridRects[g]
        const lng = sx === 0 ? x0 : sx === 1 ? x1 : x0 + t * (x1 - x0)
        const lat = sy === 0 ? y0 : sy === 1 ? y1 : y0 + u * (y1 - y0)
        return { g, lat, lng }
      })
    fc.assert(
      fc.property(edgePoint, ({ g, lat, lng }) => {
        const loc = locator.locate(lat, lng)
        assert.deepEqual(locator.locate(lat, lng), loc)
        assert.deepEqual(reversed.locate(lat, lng), loc)
        const hits = containing(lat, lng)
        if (lng >= X1 || lat >= Y1) {
          assert.equal(loc, null)
          assert.equal(hits.length, 0)
          return
        }
        assert.equal(hits.length, 1, `(${lat}, ${lng}) in ${hits.length} grids`)
        assert.equal(loc?.gridId, hits[0].id)
        // half-open rectangles: a grid owns its west and south edges
        const [x0, y0, x1, y1] = gridRects[g]
        if (lng >= x0 && lng < x1 && lat >= y0 && lat < y1) assert.equal(loc?.gridId, grids[g].id)
        else assert.notEqual(loc?.gridId, grids[g].id)
      }),
      { numRuns: 3000 },
    )
  })

  it('a shared vertical edge belongs to the east grid, a shared horizontal edge to the north grid', () => {
    const xfl = city.find((o) => o.name === '幸福里社区')!
    const gs = grids.filter((g) => g.parentId === xfl.id)
    for (const g of gs) {
      const i = grids.indexOf(g)
      const [x0, y0] = gridRects[i]
      assert.equal(locator.locate(y0, x0)?.gridId, g.id, 'south-west corner')
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
    const ring = grid.geometry!.coordinates[0]
    const inside = { lat: (ring[0][1] + ring[2][1]) / 2, lng: (ring[0][0] + ring[2][0]) / 2 }
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
    const chain = generateCityChain().units
    const chainLocator = buildLocator(chain)
    assert.equal(chainLocator.groundCount, 1164)
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
