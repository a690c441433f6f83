import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEPARTMENT_FUNCTIONS } from '@xiaolan/contracts'
import { categorySeeds } from './categories-data.ts'

/** DESIGN §6, in its order, with its Chinese names and community-resolvability. */
const designTopLevel: Array<[code: string, nameZh: string, communityResolvable: boolean]> = [
  ['municipal', '市政设施', false],
  ['sanitation', '市容环卫', true],
  ['environment', '生态环境', false],
  ['property', '物业管理', true],
  ['utilities', '水电气暖', false],
  ['transport', '交通出行', false],
  ['labor', '劳动保障', false],
  ['market', '市场监管', false],
  ['housing', '住房建设', false],
  ['safety', '安全隐患', true],
  ['security', '社会治安', false],
  ['dispute', '矛盾纠纷', true],
  ['education', '教育', false],
  ['health', '医疗卫生', false],
  ['civil', '民政服务', true],
  ['rural', '农业农村', true],
  ['consult', '政策咨询', false],
  ['suggestion', '意见建议', false],
]

const byCode = new Map(categorySeeds.map((c) => [c.code, c]))
const subcategories = categorySeeds.filter((c) => c.parentCode !== null)

test('the top level is exactly the 18 categories of DESIGN §6, names and community-resolvability included', () => {
  const topLevel = categorySeeds.filter((c) => c.parentCode === null)
  assert.deepEqual(
    topLevel.map((c) => [c.code, c.nameZh, c.communityResolvable]),
    designTopLevel,
  )
})

test('there are at least 60 subcategories, each one level below a top-level category', () => {
  assert.ok(subcategories.length >= 60, `${subcategories.length} subcategories`)
  for (const c of subcategories) {
    const parent = byCode.get(c.parentCode!)
    assert.ok(parent, `${c.code}: parent ${c.parentCode} exists`)
    assert.equal(parent.parentCode, null, `${c.code}: parent is top-level`)
    assert.ok(c.code.startsWith(`${parent.code}.`), `${c.code} is named under ${parent.code}`)
  }
  for (const top of designTopLevel) {
    assert.ok(
      subcategories.some((c) => c.parentCode === top[0]),
      `${top[0]} has subcategories`,
    )
  }
})

test('codes are unique and well-formed', () => {
  assert.equal(byCode.size, categorySeeds.length)
  for (const c of categorySeeds) assert.match(c.code, /^[a-z]+(\.[a-z_]+)?$/)
})

test('every owner is a known department function', () => {
  const known = new Set<string>(DEPARTMENT_FUNCTIONS)
  for (const c of categorySeeds) assert.ok(known.has(c.owner), `${c.code}: unknown owner ${c.owner}`)
})

test('names are non-empty in both languages and every category has keywords', () => {
  for (const c of categorySeeds) {
    assert.ok(c.nameZh.trim() && /\p{Script=Han}/u.test(c.nameZh), `${c.code}: Chinese name`)
    assert.ok(c.nameEn.trim() && /^[\x20-\x7e–']+$/.test(c.nameEn), `${c.code}: English name`)
    assert.ok(c.keywords.length > 0 && c.keywords.every((k) => k.trim() !== ''), `${c.code}: keywords`)
  }
})

test('owners, community-resolvability and priorities follow the domain', () => {
  const expect = (code: string, owner: string, communityResolvable: boolean, priority: string) =>
    assert.deepEqual(
      (({ owner, communityResolvable, priority }) => ({ owner, communityResolvable, priority }))(byCode.get(code)!),
      { owner, communityResolvable, priority },
      code,
    )
  expect('safety.gas_leak', 'gas', false, 'urgent')
  expect('safety.ebike_charging', 'emergency', true, 'high')
  expect('safety.dangerous_building', 'housing', false, 'urgent')
  expect('safety.fire_hazard', 'emergency', false, 'urgent')
  expect('municipal.streetlight', 'urban_management', false, 'normal')
  expect('sanitation.garbage', 'urban_management', true, 'normal')
  expect('dispute.neighbour', 'justice', true, 'normal')
  expect('utilities.heating', 'heating', false, 'normal')
  expect('consult.social_security', 'hotline_kb', false, 'normal')
  for (const c of subcategories.filter((s) => s.parentCode === 'utilities')) {
    assert.ok(['water', 'power', 'gas', 'heating'].includes(c.owner), c.code)
  }
  for (const c of subcategories.filter((s) => s.parentCode === 'property' && s.code !== 'property.repair_fund')) {
    assert.equal(c.communityResolvable, true, c.code)
  }
  for (const c of subcategories.filter((s) => s.parentCode === 'municipal')) assert.equal(c.communityResolvable, false, c.code)
  for (const c of subcategories.filter((s) => s.parentCode === 'dispute')) assert.equal(c.owner, 'justice', c.code)
})
