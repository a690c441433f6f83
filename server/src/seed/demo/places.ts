/**
 * The demo gazetteer's generated part: besides the places the communities' own names tell of (the
 * real ones, orgs/places.ts's `namedPlaces`), a few plausible invented ones per community — compounds
 * and a road in an urban community, the school, clinic and square of a village, a market or a park —
 * each at a point inside its community. Deterministic: each community's places come from a random
 * stream seeded by its code, so they stay the same whatever other communities the chain holds.
 */

import type { OrgSeed } from '../../modules/orgs/city-chain.ts'
import { mulberry32, rectOf, round6, words } from '../../modules/orgs/layout.ts'
import { polygonContains } from '../../modules/orgs/locator.ts'
import type { PlaceSeed } from '../../modules/orgs/places.ts'

const COMPOUND_WORDS = words(
  '阳光 金城 兰苑 滨河 锦绣 和谐 盛世 华庭 紫金 翠园 康乐 安居 欣苑 丽景 水岸 梨花 桃园 牡丹 银河 鸿运 民安 祥和 泰和 天庆 世纪 陇原 雁滩 白塔 五泉 黄河 金港 瑞祥 福临 颐和 润泽 万和 嘉和 鑫源 长青 明珠',
)
const COMPOUND_SUFFIXES = words('小区 花园 家园 嘉园 苑 新村 家属院 公寓 名苑 华府')
/** many of Lanzhou's roads are named after the province's cities and counties */
const ROAD_WORDS = words(
  '建设 民主 和平 团结 兴隆 文化 光明 胜利 友谊 育才 健康 永昌 秦安 武都 静宁 天水 酒泉 张掖 庆阳 定西 平凉 临夏 武威 金昌 白银 陇西 通渭 会宁 靖远 景泰',
)
const ROAD_SUFFIXES = words('路 路 街 巷 东路 西路 南路 北路')
const URBAN_LANDMARKS = words('小学 中学 幼儿园 社区卫生服务站 菜市场 农贸市场 公园 广场 医院 超市')
const VILLAGE_LANDMARKS = words('小学 卫生室 文化广场 村委会 幼儿园')

/** A string's hash (FNV-1a): the seed of its community's stream. */
export function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A point inside the community (rejection sampling in its bounding box), or its seat; a grid's too. */
export function pointIn(community: OrgSeed, rnd: () => number): { lat: number; lng: number } | null {
  const { geometry } = community
  if (geometry) {
    const [x0, y0, x1, y1] = rectOf(geometry)
    for (let i = 0; i < 40; i++) {
      const lng = round6(x0 + rnd() * (x1 - x0))
      const lat = round6(y0 + rnd() * (y1 - y0))
      if (polygonContains(geometry.coordinates, lat, lng)) return { lat, lng }
    }
  }
  return community.seat ?? null
}

/** The generated places of every community, none named like a place already known there (`known`). */
export function demoPlaces(units: readonly OrgSeed[], known: readonly PlaceSeed[]): PlaceSeed[] {
  const taken = new Map<number, Set<string>>()
  for (const p of known) taken.set(p.communityId, (taken.get(p.communityId) ?? new Set()).add(p.name))
  const out: PlaceSeed[] = []
  for (const community of units) {
    if (community.kind !== 'center' || community.level !== 4) continue
    const rnd = mulberry32(hash(community.code))
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
    const names = taken.get(community.id) ?? new Set<string>()
    const village = community.name.endsWith('村')
    const stem = community.name.replace(/(?:社区|村)$/, '')
    const wanted: Array<Omit<PlaceSeed, 'communityId' | 'lat' | 'lng' | 'generated'>> = []
    if (village) {
      const landmark = pick(VILLAGE_LANDMARKS)
      wanted.push({ name: `${community.name}${landmark}`, kind: 'landmark', aliases: [`${stem}${landmark}`] })
      if (rnd() < 0.5) wanted.push({ name: `${stem}${pick(['路', '大道', '街'])}`, kind: 'road', aliases: [] })
    } else {
      for (let i = 1 + Math.floor(rnd() * 2); i > 0; i--) {
        const word = pick(COMPOUND_WORDS)
        const suffix = pick(COMPOUND_SUFFIXES)
        wanted.push({ name: `${word}${suffix}`, kind: 'compound', aliases: suffix === '小区' ? [] : [`${word}${suffix}小区`] })
      }
      wanted.push({ name: `${pick(ROAD_WORDS)}${pick(ROAD_SUFFIXES)}`, kind: 'road', aliases: [] })
      const landmark = pick(URBAN_LANDMARKS)
      wanted.push({ name: `${stem}${landmark}`, kind: 'landmark', aliases: [] })
    }
    for (const place of wanted) {
      if (names.has(place.name)) continue
      const at = pointIn(community, rnd)
      if (!at) continue
      names.add(place.name)
      out.push({ ...place, communityId: community.id, ...at, generated: true })
    }
  }
  return out
}
