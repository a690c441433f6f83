/**
 * Demo local forces: in every community one property company (two in some urban ones), the
 * party-member service station and the volunteer team.
 */
import { words } from '../../modules/orgs/layout.ts'
import type { DemoUnits } from './city.ts'

const COMPANY_BRANDS = words(
  '金城 鸿运 安居 华宇 城建 瑞德 恒通 宏达 兰石 德福 嘉和 颐和 盛世 佳园 黄河 白塔 皋兰山 五泉 滨河 陇原 雁滩 祥和 锦绣 万和 润泽 天庆 正宁 陇星 金港 安泰 宏业 永盛 鑫源 博文 瑞丰 隆盛 金辉 泰和 汇丰源 同和 永信 长青 明珠 兴陇 和美 福临 瑞祥 陇兴',
)

export function addForces({ communities, add, rnd, pick }: DemoUnits) {
  for (const community of communities) {
    const urban = community.name.endsWith('社区')
    const twoCompanies = urban && rnd() < 0.45
    const first = pick(COMPANY_BRANDS)
    let second = pick(COMPANY_BRANDS)
    while (second === first) second = pick(COMPANY_BRANDS)
    const kindWord = urban ? '物业管理有限公司' : '物业服务有限公司'
    const names = [
      ...(twoCompanies ? [first, second] : [first]).map((brand) => `兰州${brand}${kindWord}（${community.name}）`),
      `${community.name}党员服务站`,
      `${community.name}志愿服务队`,
    ]
    names.forEach((name, i) => {
      add({ code: `${community.code}F${i + 1}`, name, kind: 'force', level: 4, parentId: community.id })
    })
  }
}
