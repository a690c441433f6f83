import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { OrgSeed } from './city-chain.ts'
import { lanzhouChain } from './lanzhou.ts'
import { mulberry32 } from './layout.ts'
import { polygonContains } from './locator.ts'
import { partsOf, squareKm, tilingProblem } from './tiling.ts'

const chain = lanzhouChain()
const byId = new Map(chain.map((u) => [u.id, u]))
const level = (n: number) => chain.filter((u) => u.level === n)
const childrenOf = (u: OrgSeed) => chain.filter((c) => c.parentId === u.id)
const byCode = (code: string) => chain.find((u) => u.code === code)

describe('Lanzhou: the official command chain', () => {
  it('is the city, its 8 districts, 112 streets and 1,089 communities of the 2023 codes, and the README says so beside the seed’s counts', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => level(n).length),
      [1, 8, 112, 1089],
    )
    assert.equal(chain.length, 1210)
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8')
    for (const figure of ['112', '1,089', '114', '1,164']) assert.ok(readme.includes(figure), `README lacks ${figure}`)
  })

  it('has 幸福里社区 as 620105007010 under 刘家堡街道 620105007 in 安宁区', () => {
    const xingfuli = byCode('620105007010')!
    assert.equal(xingfuli.name, '幸福里社区')
    const street = byId.get(xingfuli.parentId!)!
    assert.deepEqual([street.code, street.name], ['620105007', '刘家堡街道'])
    assert.deepEqual([byId.get(street.parentId!)!.code, byId.get(street.parentId!)!.name], ['620105', '安宁区'])
  })

  it('has the real district codes and names, and every code under its parent’s', () => {
    assert.deepEqual(
      level(2).map((d) => `${d.code} ${d.name}`),
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
    for (const u of chain) {
      if (u.parentId === null) continue
      const parent = byId.get(u.parentId)!
      assert.equal(u.level, parent.level + 1)
      assert.equal(u.code.length, [0, 6, 6, 9, 12][u.level])
      if (u.level > 2) assert.ok(u.code.startsWith(parent.code), u.code)
    }
  })

  it('names committees the way people say them', () => {
    for (const c of level(4)) assert.doesNotMatch(c.name, /委会$|委员会$/, c.code)
    assert.ok(level(4).filter((c) => /(社区|村)$/.test(c.name)).length >= 1087)
  })

  it('is read the same every time', () => {
    assert.deepEqual(lanzhouChain(), chain)
  })
})

describe('Lanzhou: the map', () => {
  it('draws each district with its real outline, about its published area', () => {
    // 2023 yearbook figures, km²; the outlines are AMap's of before 忠和镇 and 九合镇 moved to 安宁区
    const published: Record<string, number> = {
      '620102': 220,
      '620103': 397,
      '620104': 385,
      '620105': 86,
      '620111': 574,
      '620121': 5717,
      '620122': 2484,
      '620123': 3301,
    }
    for (const d of level(2)) {
      const vertices = partsOf(d.geometry!).reduce((n, part) => n + part[0].length, 0)
      assert.ok(vertices > 400, `${d.name}: ${vertices} vertices, not an outline`)
      const km2 = squareKm(d.geometry!)
      assert.ok(Math.abs(km2 - published[d.code]) < published[d.code] * 0.12, `${d.name}: ${km2.toFixed(0)} km²`)
    }
    assert.ok(Math.abs(squareKm(level(1)[0].geometry!) - 13_085) < 300)
  })

  it('every level tiles its parent: the districts the city, streets their district, communities their street', () => {
    const random = mulberry32(2026)
    for (const parent of chain.filter((u) => u.level < 4)) {
      const problem = tilingProblem(
        parent.geometry!,
        childrenOf(parent).map((c) => c.geometry!),
        parent.level === 1 ? 1000 : 200,
        random,
      )
      assert.equal(problem, null, `${parent.code} ${parent.name}: ${problem}`)
    }
  })

  it('gives every unit a seat inside its own area', () => {
    for (const u of chain) assert.ok(u.seat && polygonContains(u.geometry!.coordinates, u.seat.lat, u.seat.lng), u.code)
  })
})
