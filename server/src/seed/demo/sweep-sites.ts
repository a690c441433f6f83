/**
 * The demo's sweep sites (issue 20 item 2): in every grid a few residential buildings (楼栋 of a compound) and street
 * shops, at points inside the grid. Invented but plausible, and deterministic: each grid's sites come
 * from a random stream seeded by its code, so they stay the same whatever else the chain holds.
 */
import type { OrgSeed } from '../../modules/orgs/city-chain.ts'
import { mulberry32, words } from '../../modules/orgs/layout.ts'
import type { SiteSeed } from '../../modules/sweeps/queries.ts'
import { hash, pointIn } from './places.ts'

const COMPOUNDS = words('阳光 金城 兰苑 滨河 锦绣 和谐 华庭 紫金 翠园 康乐 安居 丽景 水岸 梨花 桃园 牡丹 祥和 泰和 陇原 黄河 瑞祥 润泽')
const COMPOUND_SUFFIXES = words('小区 花园 家园 嘉园 新村 家属院')
const SHOP_WORDS = words('惠民 顺发 老兰州 金鑫 德顺 福源 兴旺 万家 好运 百味 平安 众鑫')
const SHOP_KINDS = words('便民超市 牛肉面馆 五金店 电动车维修店 小吃店 理发店 药店 烧烤店 洗衣店 蔬菜店')
const ROADS = words('建设路 民主路 和平路 团结路 兴隆路 文化街 光明路 胜利路 育才巷 健康路 天水路 酒泉路')

/** Three buildings of one compound and two shops per grid. */
export function demoSweepSites(units: readonly OrgSeed[]) {
  const byId = new Map(units.map((u) => [u.id, u]))
  const out: SiteSeed[] = []
  for (const grid of units) {
    if (grid.kind !== 'grid') continue
    const community = grid.parentId === null ? undefined : byId.get(grid.parentId)
    const rnd = mulberry32(hash(grid.code))
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
    const compound = `${pick(COMPOUNDS)}${pick(COMPOUND_SUFFIXES)}`
    const road = pick(ROADS)
    const first = 1 + Math.floor(rnd() * 10)
    const wanted = [
      ...[0, 1, 2].map((i) => ({ kind: 'building' as const, name: `${compound}${first + i}号楼`, address: `${compound}${first + i}号楼` })),
      ...[0, 1].map(() => {
        const number = 1 + Math.floor(rnd() * 300)
        return { kind: 'shop' as const, name: `${pick(SHOP_WORDS)}${pick(SHOP_KINDS)}`, address: `${road}${number}号` }
      }),
    ]
    for (const site of wanted) {
      const at = pointIn(grid, rnd)
      if (!at) continue
      out.push({ grid_id: grid.id, ...site, address: `${community?.name ?? ''}${site.address}`, ...at })
    }
  }
  return out
}
