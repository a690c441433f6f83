import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEPARTMENT_FUNCTIONS } from '@xiaolan/contracts'
import type { OrgSeed } from '../../modules/orgs/city-chain.ts'
import { lanzhouChain } from '../../modules/orgs/lanzhou.ts'
import { mulberry32, rectOf } from '../../modules/orgs/layout.ts'
import { buildLocator, type Location, polygonContains } from '../../modules/orgs/locator.ts'
import { tilingProblem } from '../../modules/orgs/tiling.ts'
import { generateDemoCity } from './city.ts'
import { demoMediationNetwork } from './mediation.ts'

const city = generateDemoCity()
const locator = buildLocator(city)

const byId = new Map(city.map((o) => [o.id, o]))
const childrenOf = new Map<number, OrgSeed[]>()
for (const o of city) {
  if (o.parentId === null) continue
  const list = childrenOf.get(o.parentId)
  if (list) list.push(o)
  else childrenOf.set(o.parentId, [o])
}
const kids = (o: OrgSeed, kind: OrgSeed['kind']) => (childrenOf.get(o.id) ?? []).filter((c) => c.kind === kind)
const centers = (level: number) => city.filter((o) => o.kind === 'center' && o.level === level)
const grids = city.filter((o) => o.kind === 'grid')

/** Functions that exist only at city level (no district counterpart). */
const CITY_ONLY_FUNCTIONS: readonly string[] = ['hotline_kb']

const LEVEL_KEY: Record<number, keyof Location> = {
  1: 'cityId',
  2: 'districtId',
  3: 'streetId',
  4: 'communityId',
  5: 'gridId',
}

describe('demo city: structure', () => {
  it('has the official chain: 1/8/112/1089 centers at levels 1-4, 幸福里社区 under 刘家堡街道', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => centers(n).length),
      [1, 8, 112, 1089],
    )
    assert.equal(city.filter((o) => o.kind === 'center').length, 1 + 8 + 112 + 1089)
    const xfl = city.find((o) => o.code === '620105007010')!
    assert.equal(xfl.name, '幸福里社区')
    assert.equal(byId.get(xfl.parentId!)!.name, '刘家堡街道')
    assert.ok(kids(xfl, 'grid').some((g) => g.name === '幸福里社区第1网格'))
  })

  it('has 3-5 grids per community, named after it', () => {
    for (const c of centers(4)) {
      const gs = kids(c, 'grid')
      assert.ok(gs.length >= 3 && gs.length <= 5, `${c.name}: ${gs.length} grids`)
      gs.forEach((g, i) => {
        assert.equal(g.name, `${c.name}第${i + 1}网格`)
        assert.equal(g.level, 5)
      })
    }
    assert.equal(
      grids.length,
      centers(4).reduce((a, c) => a + kids(c, 'grid').length, 0),
    )
  })

  it('has 32 district mediation organisations and 363 street/community rooms', () => {
    const med = city.filter((o) => o.kind === 'mediation')
    const district = med.filter((m) => m.level === 2)
    assert.equal(district.length, 32)
    for (const d of centers(2)) {
      const ms = kids(d, 'mediation')
      assert.equal(ms.length, 4)
      for (const m of ms) assert.ok(m.name.startsWith(d.name) && /调解|评估/.test(m.name), m.name)
    }
    const rooms = med.filter((m) => m.level === 3 || m.level === 4)
    assert.equal(rooms.length, 363)
    assert.equal(med.length, 32 + 363)
    for (const s of centers(3)) {
      const ms = kids(s, 'mediation')
      assert.equal(ms.length, 1)
      assert.equal(ms[0].name, `${s.name}人民调解室`)
      assert.equal(ms[0].level, 3)
    }
    const communityRooms = med.filter((m) => m.level === 4)
    assert.equal(communityRooms.length, 363 - centers(3).length)
    for (const m of communityRooms) {
      const p = byId.get(m.parentId!)!
      assert.equal(p.kind, 'center')
      assert.equal(p.level, 4)
      assert.ok(
        m.name === `${p.name}人民调解室` || m.name === `${p.name}心理咨询室` || /^.+(老.|大姐|阿姨|大妈|姐)调解室$/.test(m.name),
        m.name,
      )
    }
    // personal-brand rooms (老马调解室) and psychological counselling rooms among them
    assert.ok(communityRooms.some((m) => m.name.endsWith('老马调解室')))
    assert.ok(communityRooms.filter((m) => m.name.endsWith('心理咨询室')).length > 30)
  })

  it('gives every mediation organisation its specialty and named mediators, a district all eight specialties between them', () => {
    const network = demoMediationNetwork(city)
    assert.equal(network.length, 32 + 363)
    const district = network.filter((n) => byId.get(n.unitId)!.level === 2)
    assert.deepEqual([...new Set(district.map((n) => n.specialty))].sort(), [
      'construction',
      'consumer',
      'evaluation',
      'family',
      'labor',
      'medical',
      'property',
      'traffic',
    ])
    for (const n of network) assert.ok(n.mediators.length >= 2 && n.mediators.length <= 3, `${n.unitId}`)
    const laoMa = network.find((n) => n.brand === '老马')!
    assert.equal(laoMa.mediators[0].name, '马忠福')
    const counselling = city.filter((o) => o.kind === 'mediation' && o.name.endsWith('心理咨询室'))
    assert.equal(network.filter((n) => n.specialty === 'counselling').length, counselling.length)
  })

  it('has ≥20 city departments covering all function keys, each with a counterpart in every district', () => {
    const cityDeps = kids(centers(1)[0], 'department')
    assert.ok(cityDeps.length >= 20)
    for (const d of cityDeps) assert.equal(d.level, 1)
    assert.deepEqual(
      cityDeps.map((d) => d.function).sort(),
      [...DEPARTMENT_FUNCTIONS].sort(),
      'every function key exactly once at city level',
    )
    const shared = cityDeps.filter((d) => !CITY_ONLY_FUNCTIONS.includes(d.function!))
    assert.ok(shared.length >= 20)
    for (const dist of centers(2)) {
      const deps = kids(dist, 'department')
      for (const d of deps) {
        assert.equal(d.level, 2)
        assert.ok(d.name.startsWith(dist.name), d.name)
        assert.ok((DEPARTMENT_FUNCTIONS as readonly string[]).includes(d.function!))
      }
      for (const cd of shared) {
        assert.equal(deps.filter((d) => d.function === cd.function).length, 1, `${dist.name} lacks a ${cd.function} department`)
      }
    }
    for (const o of city) if (o.kind !== 'department') assert.equal(o.function, undefined)
    assert.ok(city.filter((o) => o.kind === 'department').every((o) => byId.get(o.parentId!)!.kind === 'center'))
  })

  it('every community has a property company, a party-member station and a volunteer team', () => {
    for (const c of centers(4)) {
      const fs = kids(c, 'force')
      const property = fs.filter((f) => /^兰州.+物业(管理|服务)有限公司（/.test(f.name))
      assert.ok(property.length >= 1 && property.length <= 2, `${c.code} ${c.name}`)
      for (const p of property) assert.ok(p.name.endsWith(`（${c.name}）`))
      assert.equal(fs.filter((f) => f.name === `${c.name}党员服务站`).length, 1)
      assert.equal(fs.filter((f) => f.name === `${c.name}志愿服务队`).length, 1)
      assert.equal(fs.length, property.length + 2)
      for (const f of fs) assert.equal(f.level, 4)
    }
  })

  it('ids are 1..N, parents come before children, levels follow the parent', () => {
    city.forEach((o, i) => {
      assert.equal(o.id, i + 1)
    })
    for (const o of city) {
      if (o.parentId === null) {
        assert.equal(o.id, 1)
        continue
      }
      assert.ok(o.parentId < o.id, `${o.code} appears before its parent`)
      const p = byId.get(o.parentId)!
      assert.equal(p.kind, 'center', `${o.code} hangs under a non-center`)
      if (o.kind === 'center' || o.kind === 'grid') assert.equal(o.level, p.level + 1)
      else if (o.kind === 'force') assert.equal(p.level, 4)
      else assert.equal(o.level, p.level)
    }
  })

  it('codes are unique, with the right lengths and prefixes', () => {
    assert.equal(new Set(city.map((o) => o.code)).size, city.length)
    for (const o of city) {
      const p = o.parentId === null ? null : byId.get(o.parentId)!
      switch (o.kind) {
        case 'center':
          if (o.level === 1) assert.equal(o.code, '620100')
          else if (o.level === 2) assert.match(o.code, /^6201\d\d$/)
          else {
            assert.equal(o.code.length, o.level === 3 ? 9 : 12)
            assert.match(o.code, /^\d+$/)
            assert.ok(o.code.startsWith(p!.code), o.code)
          }
          break
        case 'grid':
          assert.equal(o.code.length, 15)
          assert.ok(o.code.startsWith(p!.code))
          break
        case 'department':
          assert.match(o.code, new RegExp(`^${p!.code}D\\d{2}$`))
          break
        case 'mediation':
          assert.match(o.code, new RegExp(`^${p!.code}M\\d{2}$`))
          break
        case 'force':
          assert.match(o.code, new RegExp(`^${p!.code}F\\d$`))
          break
      }
    }
  })

  it('is deterministic', () => {
    assert.deepEqual(generateDemoCity(), city)
  })

  it('begins with the command chain of production seeding, ids and all; every other unit hangs under it', () => {
    const chain = lanzhouChain()
    assert.deepEqual(city.slice(0, chain.length), chain)
    assert.ok(city.slice(chain.length).every((o) => o.kind !== 'center'))
  })
})

describe('demo city: geometry', () => {
  it('centers and grids have an area and a seat inside it; other units have neither', () => {
    for (const o of city) {
      if (o.kind === 'center' || o.kind === 'grid') {
        assert.ok(o.geometry?.type === 'Polygon' || o.geometry?.type === 'MultiPolygon', o.code)
        assert.ok(polygonContains(o.geometry.coordinates, o.seat!.lat, o.seat!.lng), `${o.code}: seat outside`)
      } else {
        assert.equal(o.geometry, undefined)
        assert.equal(o.seat, undefined)
      }
    }
  })

  it("every community's grids tile it", () => {
    const random = mulberry32(14)
    for (const c of centers(4)) {
      const problem = tilingProblem(
        c.geometry!,
        kids(c, 'grid').map((g) => g.geometry!),
        60,
        random,
      )
      assert.equal(problem, null, `${c.code} ${c.name}: ${problem}`)
    }
  })

  it('random points inside every center locate to one of its descendants, through a consistent chain', () => {
    const rnd = mulberry32(42)
    const samples: Record<number, number> = { 1: 2000, 2: 300, 3: 40, 4: 8 }
    for (const o of city) {
      if (o.kind !== 'center') continue
      const [x0, y0, x1, y1] = rectOf(o.geometry!)
      for (let k = 0; k < samples[o.level]; k++) {
        const lng = x0 + rnd() * (x1 - x0)
        const lat = y0 + rnd() * (y1 - y0)
        if (!polygonContains(o.geometry!.coordinates, lat, lng)) continue
        const loc = locator.locate(lat, lng)
        assert.ok(loc, `${o.code}: (${lat}, ${lng}) not located`)
        assert.equal(loc[LEVEL_KEY[o.level]], o.id, `${o.code}: (${lat}, ${lng}) located elsewhere`)
        const g = byId.get(loc.gridId!)!
        assert.equal(g.parentId, loc.communityId)
        assert.equal(byId.get(loc.communityId!)!.parentId, loc.streetId)
        assert.equal(byId.get(loc.streetId!)!.parentId, loc.districtId)
        assert.equal(byId.get(loc.districtId!)!.parentId, loc.cityId)
      }
    }
  })

  it("every grid's seat locates to that grid, every center's seat inside it", () => {
    for (const o of city) {
      if (!o.seat) continue
      const loc = locator.locate(o.seat.lat, o.seat.lng)
      assert.ok(loc)
      assert.equal(loc[LEVEL_KEY[o.level]], o.id, o.code)
    }
  })

  it("points outside Lanzhou's outline are not located", () => {
    const cityArea = centers(1)[0].geometry!
    const [x0, y0, x1, y1] = rectOf(cityArea)
    const rnd = mulberry32(7)
    let outside = 0
    for (let k = 0; k < 4000; k++) {
      const lng = x0 - 0.5 + rnd() * (x1 - x0 + 1)
      const lat = y0 - 0.5 + rnd() * (y1 - y0 + 1)
      if (polygonContains(cityArea.coordinates, lat, lng)) continue
      outside++
      assert.equal(locator.locate(lat, lng), null, `(${lat}, ${lng})`)
    }
    assert.ok(outside > 1000)
    assert.equal(locator.locate(Number.NaN, 104), null)
    assert.equal(locator.locate(36, Number.POSITIVE_INFINITY), null)
    assert.equal(locator.locate(0, 0), null)
  })
})
