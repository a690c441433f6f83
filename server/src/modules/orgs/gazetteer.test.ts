import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildOrgDirectory } from './directory.ts'
import { buildGazetteer, fit, type GazetteerPlace } from './gazetteer.ts'
import { normalisePlaceQuery, placesNamedBy } from './place-names.ts'

describe('the query a caller’s words make', () => {
  const cases: Array<[string, string]> = [
    ['幸福里小区3号楼', '幸福里小区'],
    ['幸福里小区 3号楼 2单元 301室', '幸福里小区'],
    ['幸福里小区三号楼二单元', '幸福里小区'],
    ['幸福里小区3-2-301', '幸福里小区'],
    ['幸福里小区B座12层', '幸福里小区'],
    ['建兰路123号门口', '建兰路'],
    ['我家住在幸福里小区东门附近', '幸福里小区'],
    ['幸福里小区（对面）', '幸福里小区'],
    ['ＡＢＣ花园５号楼', 'abc花园'],
    ['十里店', '十里店'],
    ['3号楼2单元', ''],
    ['！！！@@@###', ''],
  ]
  for (const [said, searched] of cases)
    test(`${said} → ${searched || '(nothing)'}`, () => assert.equal(normalisePlaceQuery(said), searched))
})

describe('the places a community’s own name tells of', () => {
  test('a community named after a compound is that compound, also called by its core', () => {
    assert.deepEqual(placesNamedBy('幸福里社区'), [{ name: '幸福里小区', kind: 'compound', aliases: ['幸福里'] }])
    assert.deepEqual(placesNamedBy('幸福里社区居民委员会'), placesNamedBy('幸福里社区'))
    assert.deepEqual(placesNamedBy('桥头社区委会'), placesNamedBy('桥头社区'))
  })
  test('a core that already names a compound is kept as it is', () => {
    assert.deepEqual(placesNamedBy('滨河家园社区'), [{ name: '滨河家园', kind: 'compound', aliases: [] }])
    assert.deepEqual(placesNamedBy('长城新村'), [{ name: '长城新村', kind: 'compound', aliases: [] }])
  })
  test('a community named after a road is on that road', () => {
    assert.deepEqual(placesNamedBy('建兰路社区'), [{ name: '建兰路', kind: 'road', aliases: [] }])
    assert.deepEqual(placesNamedBy('中街社区'), [{ name: '中街', kind: 'road', aliases: [] }])
  })
  test('a village is itself, also called without 村', () => {
    assert.deepEqual(placesNamedBy('张家湾村'), [{ name: '张家湾村', kind: 'village', aliases: ['张家湾'] }])
    assert.deepEqual(placesNamedBy('张家湾村民委员会'), placesNamedBy('张家湾村'))
    assert.deepEqual(placesNamedBy('石村'), [{ name: '石村', kind: 'village', aliases: [] }])
  })
  test('a name that tells of no place gives none', () => {
    assert.deepEqual(placesNamedBy('社区'), [])
    assert.deepEqual(placesNamedBy('东区'), [])
  })
})

describe('how a name fits the query', () => {
  test('exact, prefix either way, contains either way, or not at all', () => {
    assert.equal(fit('幸福里小区', '幸福里小区'), 0)
    assert.equal(fit('幸福里小区', '幸福里'), 1) // typing in progress
    assert.equal(fit('幸福里', '幸福里小区东单元'), 1) // the name, then more words
    assert.equal(fit('东幸福里小区', '幸福里'), 2)
    assert.equal(fit('建兰路', '去年在建兰路修的'), 2)
    assert.equal(fit('幸福', '我说幸福'), -1) // two characters inside a sentence say too little
    assert.equal(fit('幸福', '幸福里小区'), -1) // 幸福 is not 幸福里
    assert.equal(fit('幸福', '幸福小区'), 1) // 幸福社区's core said with 小区
    assert.equal(fit('幸福里小区', '幸'), 1)
    assert.equal(fit('东幸福里小区', '幸'), -1) // one character inside a name says too little
    assert.equal(fit('建兰路', '幸福里'), -1)
  })
})

// A small city: 兰州市 → 安宁区 / 城关区 → one street each → communities.
const square = (x: number, y: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ],
  ],
})
const unit = (id: number, code: string, name: string, level: number, parentId: number | null, path: string, active = true) => ({
  id,
  code,
  name,
  kind: 'center' as const,
  level,
  parentId,
  path,
  function: null,
  active,
  seat: { lat: id + 0.5, lng: id + 0.5 },
  geometry: level === 4 ? square(id, id) : null,
})
const orgs = buildOrgDirectory([
  unit(1, '620100', '兰州市', 1, null, '620100.'),
  unit(2, '620105', '安宁区', 2, 1, '620100.620105.'),
  unit(3, '620102', '城关区', 2, 1, '620100.620102.'),
  unit(4, '620105007', '刘家堡街道', 3, 2, '620100.620105.620105007.'),
  unit(5, '620102001', '酒泉路街道', 3, 3, '620100.620102.620102001.'),
  unit(6, '620105007010', '幸福里社区', 4, 4, '620100.620105.620105007.620105007010.'),
  unit(7, '620105007011', '建兰路社区', 4, 4, '620100.620105.620105007.620105007011.'),
  unit(8, '620102001001', '东幸福社区', 4, 5, '620100.620102.620102001.620102001001.'),
  unit(9, '620102001002', '旧城社区', 4, 5, '620100.620102.620102001.620102001002.', false),
  unit(10, '620102001003', '张家湾村', 4, 5, '620100.620102.620102001.620102001003.'),
])
const place = (communityId: number, name: string, kind: GazetteerPlace['kind'], aliases: string[] = []): GazetteerPlace => ({
  communityId,
  name,
  kind,
  aliases,
  lat: communityId + 0.25,
  lng: communityId + 0.25,
})
const gazetteer = buildGazetteer(
  [
    place(6, '幸福里小区', 'compound', ['幸福里']),
    place(6, '幸福里小学', 'landmark'),
    place(7, '建兰路', 'road'),
    place(8, '幸福里花园', 'compound', ['幸福里花园小区']),
    place(8, '东幸福里小区', 'compound'),
    place(9, '旧城小区', 'compound'),
  ],
  orgs,
)
const found = (q: string) => gazetteer.search(q).items.map((m) => `${m.name}>${m.community.name}:${m.rank}`)

describe('the gazetteer’s search', () => {
  test('幸福里小区3号楼 finds 幸福里小区 in 幸福里社区 first, with its street, district and point', () => {
    const { searched, items } = gazetteer.search('幸福里小区3号楼')
    assert.equal(searched, '幸福里小区')
    assert.equal(items[0].name, '幸福里小区')
    assert.equal(items[0].rank, 'exact')
    assert.equal(items[0].community.code, '620105007010')
    assert.equal(items[0].street?.name, '刘家堡街道')
    assert.equal(items[0].district?.name, '安宁区')
    assert.deepEqual(items[0].point, { lat: 6.25, lng: 6.25 })
  })

  test('exact before prefix before contains; within a rank the name closest in length, then compounds before landmarks', () => {
    assert.deepEqual(found('幸福里'), [
      '幸福里小区>幸福里社区:exact', // by its alias
      '幸福里花园>东幸福社区:prefix',
      '幸福里小学>幸福里社区:prefix',
      '东幸福里小区>东幸福社区:contains',
    ])
  })

  test('a road is found by its name and a door number on it', () => {
    assert.deepEqual(found('建兰路123号'), ['建兰路>建兰路社区:exact'])
  })

  test('a community is found by its own name, and by its name’s core, when none of its places matches', () => {
    assert.deepEqual(found('东幸福社区'), ['东幸福社区>东幸福社区:exact'])
    // typed whole, the community comes before its place that matched only by a part
    assert.deepEqual(found('幸福里社区'), ['幸福里社区>幸福里社区:exact', '幸福里小区>幸福里社区:prefix'])
    assert.deepEqual(found('幸福里小区'), ['幸福里小区>幸福里社区:exact', '东幸福里小区>东幸福社区:contains'])
    assert.deepEqual(found('张家湾'), ['张家湾村>张家湾村:exact'])
    assert.deepEqual(found('张家湾村5组'), ['张家湾村>张家湾村:exact'])
  })

  test('the areas a query starts with are cut off and keep only the matches inside them', () => {
    assert.deepEqual(found('城关区幸福里'), ['幸福里花园>东幸福社区:prefix', '东幸福里小区>东幸福社区:contains'])
    assert.deepEqual(found('兰州市安宁区刘家堡街道幸福里3号楼'), ['幸福里小区>幸福里社区:exact', '幸福里小学>幸福里社区:prefix'])
  })

  test('a retired community’s places lead nowhere', () => {
    assert.deepEqual(found('旧城小区'), [])
  })

  test('garbage, numbers alone and unknown names find nothing', () => {
    for (const q of ['！！！', '3号楼2单元301', 'asdfghjkl', '火星基地']) assert.deepEqual(gazetteer.search(q).items, [], q)
  })

  test('at most `limit` matches', () => {
    assert.equal(gazetteer.search('幸福', 2).items.length, 2)
  })
})
