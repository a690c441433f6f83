import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEPARTMENT_FUNCTIONS } from '@xiaolan/contracts'
import { CITY_BBOX, generateCityChain, type OrgSeed } from '../../modules/orgs/city-chain.ts'
import { mulberry32, rectOf as rectOfPolygon } from '../../modules/orgs/layout.ts'
import { buildLocator, type Location, polygonContains } from '../../modules/orgs/locator.ts'
import { generateDemoCity } from './city.ts'

const t0 = performance.now()
const city = generateDemoCity()
const genMs = performance.now() - t0
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

const rectOf = (o: OrgSeed) => rectOfPolygon(o.geometry!)
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
  it('generates quickly', () => {
    assert.ok(genMs < 1000, `generateDemoCity took ${genMs.toFixed(1)} ms`)
  })

  it('has exactly 1/8/114/1164 centers at levels 1-4', () => {
    assert.equal(centers(1).length, 1)
    assert.equal(centers(2).length, 8)
    assert.equal(centers(3).length, 114)
    assert.equal(centers(4).length, 1164)
    assert.equal(city.filter((o) => o.kind === 'center').length, 1 + 8 + 114 + 1164)
  })

  it('has the real city and district codes and names', () => {
    const c = centers(1)[0]
    assert.deepEqual([c.code, c.name, c.parentId], ['620100', '兰州市', null])
    assert.deepEqual(
      centers(2).map((d) => `${d.code} ${d.name}`),
      [
        '620102 城关区',
        '620103 七里河区',
        '620104 西固区',
        '620105 安宁区',
        '620111 红古区',
        '620121 永登县',
        '620122 皋兰县',
        '620123 榆中县',
      ],
    )
    for (const d of centers(2)) assert.equal(d.parentId, c.id)
  })

  it('安宁区 has exactly its 8 streets, with 幸福里社区 under 刘家堡街道', () => {
    const anning = centers(2).find((d) => d.code === '620105')!
    assert.deepEqual(
      kids(anning, 'center')
        .map((s) => s.name)
        .sort(),
      ['培黎街道', '西路街道', '沙井驿街道', '十里店街道', '孔家崖街道', '银滩路街道', '刘家堡街道', '安宁堡街道'].sort(),
    )
    const ljb = kids(anning, 'center').find((s) => s.name === '刘家堡街道')!
    const xfl = kids(ljb, 'center').filter((c) => c.name === '幸福里社区')
    assert.equal(xfl.length, 1)
    assert.equal(city.filter((o) => o.kind === 'center' && o.name === '幸福里社区').length, 1)
    assert.ok(kids(xfl[0], 'grid').some((g) => g.name === '幸福里社区第1网格'))
  })

  it('streets: 街道 have 社区, 乡 have only 村; names unique within a street', () => {
    for (const s of centers(3)) {
      const cs = kids(s, 'center')
      assert.ok(cs.length >= 4, `${s.name} has ${cs.length} communities`)
      assert.equal(new Set(cs.map((c) => c.name)).size, cs.length, `duplicate names in ${s.name}`)
      if (s.name.endsWith('街道')) for (const c of cs) assert.match(c.name, /社区$/)
      if (s.name.endsWith('乡')) for (const c of cs) assert.match(c.name, /村$/)
      if (s.name.endsWith('镇')) {
        assert.ok(cs.some((c) => c.name.endsWith('村')))
        for (const c of cs) assert.match(c.name, /(社区|村)$/)
      }
    }
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
      for (const m of ms) assert.ok(m.name.startsWith(d.name) && /调解/.test(m.name), m.name)
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
    assert.equal(communityRooms.length, 363 - 114)
    for (const m of communityRooms) {
      const p = byId.get(m.parentId!)!
      assert.equal(p.kind, 'center')
      assert.equal(p.level, 4)
      assert.ok(m.name === `${p.name}人民调解室` || m.name === `${p.name}心理咨询室`, m.name)
    }
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
    const chain = generateCityChain().units
    assert.deepEqual(city.slice(0, chain.length), chain)
    assert.ok(city.slice(chain.length).every((o) => o.kind !== 'center'))
  })
})

describe('demo city: geometry', () => {
  it('centers and grids have closed rings and a seat strictly inside; others have none', () => {
    for (const o of city) {
      if (o.kind === 'center' || o.kind === 'grid') {
        assert.equal(o.geometry?.type, 'Polygon')
        const ring = o.geometry!.coordinates[0]
        assert.ok(ring.length >= 4)
        assert.deepEqual(ring[0], ring[ring.length - 1])
        for (const [x, y] of ring) {
          assert.equal(x, Math.round(x * 1e6) / 1e6)
          assert.equal(y, Math.round(y * 1e6) / 1e6)
        }
        const [x0, y0, x1, y1] = rectOf(o)
        const { lat, lng } = o.seat!
        assert.ok(lng > x0 && lng < x1 && lat > y0 && lat < y1, `${o.code} seat not strictly inside`)
        assert.ok(polygonContains(o.geometry!.coordinates, lat, lng))
      } else {
        assert.equal(o.geometry, undefined)
        assert.equal(o.seat, undefined)
      }
    }
  })

  it('the city covers the schematic bbox; each level tiles its parent exactly', () => {
    assert.deepEqual(rectOf(centers(1)[0]), [...CITY_BBOX])
    const area = (r: readonly number[]) => (r[2] - r[0]) * (r[3] - r[1])
    for (const p of city.filter((o) => o.kind === 'center')) {
      const cs = (childrenOf.get(p.id) ?? []).filter((c) => c.geometry)
      assert.ok(cs.length > 0)
      const pr = rectOf(p)
      const rs = cs.map((c) => {
        // the demo geometry is axis-aligned rectangles
        assert.equal(c.geometry!.coordinates[0].length, 5)
        return rectOf(c)
      })
      for (const r of rs) {
        assert.ok(r[0] >= pr[0] && r[1] >= pr[1] && r[2] <= pr[2] && r[3] <= pr[3], `${p.code}: child outside`)
        assert.ok(r[0] < r[2] && r[1] < r[3])
      }
      for (let i = 0; i < rs.length; i++)
        for (let j = i + 1; j < rs.length; j++) {
          const a = rs[i]
          const b = rs[j]
          const overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
          assert.ok(!overlap, `${cs[i].code} overlaps ${cs[j].code}`)
        }
      const sum = rs.reduce((s, r) => s + area(r), 0)
      assert.ok(Math.abs(sum - area(pr)) <= 1e-9 * area(pr), `${p.code}: children do not cover it`)
    }
  })

  it('the districts are laid out roughly like the real map', () => {
    const c = (code: string) => {
      const r = rectOf(centers(2).find((d) => d.code === code)!)
      return { x: (r[0] + r[2]) / 2, y: (r[1] + r[3]) / 2 }
    }
    const [chengguan, qilihe, xigu, anning, honggu, yongdeng, gaolan, yuzhong] = [
      '620102',
      '620103',
      '620104',
      '620105',
      '620111',
      '620121',
      '620122',
      '620123',
    ].map(c)
    assert.ok(honggu.x < xigu.x && xigu.x < anning.x && anning.x < chengguan.x)
    assert.ok(anning.y > qilihe.y && yuzhong.y < chengguan.y && yuzhong.x > qilihe.x)
    assert.ok(yongdeng.x < gaolan.x && yongdeng.y > chengguan.y && gaolan.y > chengguan.y)
  })

  it('random points inside every center locate to one of its descendants', () => {
    const rnd = mulberry32(42)
    const samples: Record<number, number> = { 1: 2000, 2: 300, 3: 40, 4: 8 }
    for (const o of city) {
      if (o.kind !== 'center') continue
      const [x0, y0, x1, y1] = rectOf(o)
      for (let k = 0; k < samples[o.level]; k++) {
        const lng = x0 + rnd() * (x1 - x0)
        const lat = y0 + rnd() * (y1 - y0)
        if (!polygonContains(o.geometry!.coordinates, lat, lng)) continue
        const loc = locator.locate(lat, lng)
        assert.ok(loc, `${o.code}: (${lat}, ${lng}) not located`)
        assert.equal(loc[LEVEL_KEY[o.level]], o.id, `${o.code}: (${lat}, ${lng}) located elsewhere`)
        // the chain is consistent
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

  it('points outside the city return null', () => {
    const [x0, y0, x1, y1] = CITY_BBOX
    const rnd = mulberry32(7)
    for (let k = 0; k < 2000; k++) {
      const side = k % 4
      const lng = side === 0 ? x0 - rnd() * 5 : side === 1 ? x1 + 1e-9 + rnd() * 5 : x0 + rnd() * (x1 - x0)
      const lat = side === 2 ? y0 - 1e-9 - rnd() * 5 : side === 3 ? y1 + 1e-9 + rnd() * 5 : y0 + rnd() * (y1 - y0)
      assert.equal(locator.locate(lat, lng), null, `(${lat}, ${lng})`)
    }
    // half-open: the east and north edges of the city are outside, west and south inside
    assert.equal(locator.locate(36, x1), null)
    assert.equal(locator.locate(y1, 104), null)
    assert.notEqual(locator.locate(36, x0), null)
    assert.notEqual(locator.locate(y0, 104), null)
    assert.equal(locator.locate(Number.NaN, 104), null)
    assert.equal(locator.locate(36, Number.POSITIVE_INFINITY), null)
    assert.equal(locator.locate(0, 0), null)
  })
})
