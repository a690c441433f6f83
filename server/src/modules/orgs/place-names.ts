/**
 * How callers name places, as text: the normal form names and queries are compared in, and the
 * places a community's own name tells of (幸福里社区 → 幸福里小区, 张家湾村 → 张家湾村, 建兰路社区 →
 * 建兰路). Pure functions; the gazetteer (gazetteer.ts) indexes what they give.
 */
import type { PlaceKind } from '@xiaolan/contracts'

/** Full-width to half-width (NFKC), lower case, without spaces, punctuation or symbols. */
export function normalisePlaceName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{C}]+/gu, '')
}

const NUMERAL = '[0-9零〇一二三四五六七八九十百千两]+'
/** 3号楼, 2单元, 301室, 5层, 12号, 3栋, 甲2号: where in a compound, not which compound */
const BUILDING = new RegExp(`[甲乙丙丁]?${NUMERAL}\\s*(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|户|排|组)`, 'g')
/** 3-2-301, 2#301, b座, 12a */
const DOOR_NUMBER = /[0-9a-z]+(?:[-–—_#/][0-9a-z]+)+|\b[a-z][座栋区]|[0-9]+[a-z]?/g
/** where near the place, and the filler around it */
const NOISE =
  /(?:十字路口|交叉口|路口|附近|旁边|边上|对面|门口|楼下|楼上|楼道|院内|院里|里面|里边|一带|周边|周围|那边|这边|这里|那里|东门|西门|南门|北门|大门|正门|后门|侧门|东侧|西侧|南侧|北侧|东边|西边|南边|北边)/g
const LEADING = /^(?:我家住在|我家在|我住在|住在|家住|我在|位于|就在|在)/

/**
 * The query a caller's words make: building, unit, room and door numbers cut out (幸福里小区3号楼2单元301室
 * → 幸福里小区), words saying where near the place (门口, 对面, 附近…) and the filler before it dropped, then
 * normalised like a name. May be empty (a query of nothing but numbers and noise).
 */
export function normalisePlaceQuery(text: string): string {
  const plain = text.normalize('NFKC').toLowerCase()
  const cut = plain.replace(BUILDING, ' ').replace(DOOR_NUMBER, ' ').replace(NOISE, ' ')
  return normalisePlaceName(cut).replace(LEADING, '')
}

/**
 * How people say a committee's name: 幸福里社区居委会 → 幸福里社区, X社区居民委员会 (or 社区委会) → X社区,
 * X村委会 / X村民委员会 (and X村村委会 / X村村民委员会, as the statistics write many) → X村, and a
 * residents' committee without 社区 in its name, X居委会 / X居民委员会 → X社区. Anything else as written.
 */
export function spokenName(official: string): string {
  const community = /^(.+社区)(?:居委会|居民委员会|委会)$/.exec(official)
  if (community) return community[1]
  const village = /^(.+?)村?(?:村委会|村民委员会)$/.exec(official)
  if (village) return `${village[1]}村`
  const residents = /^(.+?)(?:居委会|居民委员会)$/.exec(official)
  if (residents) return `${residents[1]}社区`
  return official
}

export interface NamedPlace {
  name: string
  kind: PlaceKind
  aliases: string[]
}

const ROAD = /(?:大道|大街|路|街|巷)$/
/** a core that already names a compound: 兰炼小区, 滨河家园, 西站家属院 */
const COMPOUND = /(?:小区|花园|家园|嘉园|新村|家属院|生活区|公寓|苑|园)$/

/**
 * The places a community's own name tells of — what the data knows of its real places: a community
 * named after a compound is that compound (幸福里社区 → 幸福里小区, also called 幸福里), one named after a
 * road is on that road (建兰路社区 → 建兰路), a village is itself (张家湾村, also called 张家湾). Official
 * full names are said first (`spokenName`: 幸福里社区居民委员会 → 幸福里社区). Other names tell of nothing.
 */
export function placesNamedBy(communityName: string): NamedPlace[] {
  const name = spokenName(communityName.trim())
  const core = name.endsWith('社区') ? name.slice(0, -2) : name
  if (core.length < 2) return []
  if (core.endsWith('村') && !core.endsWith('新村')) {
    const stem = core.slice(0, -1)
    return [{ name: core, kind: 'village', aliases: stem.length >= 2 ? [stem] : [] }]
  }
  // 长城新村 is a compound, not a village
  if (!name.endsWith('社区')) return COMPOUND.test(core) ? [{ name: core, kind: 'compound', aliases: [] }] : []
  if (ROAD.test(core)) return [{ name: core, kind: 'road', aliases: [] }]
  if (COMPOUND.test(core)) return [{ name: core, kind: 'compound', aliases: [] }]
  return [{ name: `${core}小区`, kind: 'compound', aliases: [core] }]
}
