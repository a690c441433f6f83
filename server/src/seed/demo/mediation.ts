/**
 * Demo mediation organisations (issue 19 item 1, the seed's "32家…专业化调解组织以及评估机构" and
 * "个人品牌调解室、心理咨询室等各类组织363家"): four professional organisations stationed at each
 * district center, by specialty; a people's mediation room in every street; and rooms in enough
 * communities to make 363 street and community rooms — people's mediation rooms, psychological
 * counselling rooms and personal-brand rooms named after their mediator (老马调解室). Each has two or
 * three named mediators (`demoMediationNetwork`), the brand room's own first.
 */
import type { MediationSpecialty } from '@xiaolan/contracts'
import type { MediationOrgSeed } from '../../modules/mediation/network.ts'
import type { OrgSeed } from '../../modules/orgs/city-chain.ts'
import { mulberry32, pad } from '../../modules/orgs/layout.ts'
import type { DemoUnits } from './city.ts'

/** A district professional organisation's name after the district's, by specialty. */
const DISTRICT_NAMES: Record<Exclude<MediationSpecialty, 'general' | 'counselling'>, string> = {
  labor: '劳动人事争议调解中心',
  property: '物业纠纷人民调解委员会',
  medical: '医疗纠纷人民调解委员会',
  traffic: '道路交通事故纠纷人民调解委员会',
  family: '婚姻家庭纠纷人民调解委员会',
  consumer: '消费纠纷人民调解委员会',
  construction: '建设工程纠纷人民调解委员会',
  evaluation: '矛盾纠纷损害评估中心',
}
/** Every district has labour and property; the other two take turns over the rest. */
const ROTATING = ['medical', 'traffic', 'family', 'consumer', 'construction', 'evaluation'] as const

/** The specialties of district `i` (0-based, in the chain's order). */
export const districtSpecialties = (i: number) => ['labor', 'property', ROTATING[(2 * i) % 6], ROTATING[(2 * i + 1) % 6]] as const

/** Total street and community rooms: one per street, the rest in communities. */
const STREET_COMMUNITY_ROOMS = 363

/** Personal-brand rooms (个人品牌调解室): the brand and its mediator's name. */
const BRANDS: Array<[brand: string, mediator: string]> = [
  ['老马', '马忠福'],
  ['老杨', '杨建国'],
  ['老王', '王德顺'],
  ['李大姐', '李秀兰'],
  ['老张', '张志成'],
  ['刘阿姨', '刘桂英'],
  ['老赵', '赵文明'],
  ['陈姐', '陈玉梅'],
  ['老周', '周永胜'],
  ['孙大妈', '孙凤英'],
  ['老何', '何继红'],
  ['老郭', '郭振华'],
]

export function addMediation({ districts, streets, communities, add, rnd }: DemoUnits) {
  districts.forEach((district, di) => {
    districtSpecialties(di).forEach((specialty, mi) => {
      const name = `${district.name}${DISTRICT_NAMES[specialty]}`
      add({ code: `${district.code}M${pad(mi + 1, 2)}`, name, kind: 'mediation', level: 2, parentId: district.id })
    })
  })
  for (const street of streets) {
    add({ code: `${street.code}M01`, name: `${street.name}人民调解室`, kind: 'mediation', level: 3, parentId: street.id })
  }
  // the communities with a room: the first of a shuffle, in the chain's order
  const shuffled = communities.map((_, i) => i)
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
  }
  const withRoom = shuffled.slice(0, STREET_COMMUNITY_ROOMS - streets.length).sort((a, b) => a - b)
  // brand rooms from a stream of their own, so the demo's shared stream (and every unit after) is unchanged
  const brandRnd = mulberry32(0x1a0_3a)
  let brands = 0
  for (const index of withRoom) {
    const community = communities[index]
    const counselling = rnd() < 0.3
    const brand = !counselling && brands < BRANDS.length && brandRnd() < 0.08 ? BRANDS[brands++][0] : null
    const name = counselling ? `${community.name}心理咨询室` : brand ? `${community.name}${brand}调解室` : `${community.name}人民调解室`
    add({ code: `${community.code}M01`, name, kind: 'mediation', level: 4, parentId: community.id })
  }
}

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
]
const GIVEN = [...'建国秀英志强桂兰文华明玉梅海燕丽娟永红德胜春花振华凤霞国庆淑珍立新小兰晓东红梅俊杰淑芬家和宏伟']

/** The specialty of a demo mediation unit, from the name it was given above. */
function specialtyOf(unit: OrgSeed): MediationSpecialty {
  if (unit.level === 2) {
    const hit = Object.entries(DISTRICT_NAMES).find(([, suffix]) => unit.name.endsWith(suffix))
    return (hit?.[0] as MediationSpecialty | undefined) ?? 'general'
  }
  return unit.name.endsWith('心理咨询室') ? 'counselling' : 'general'
}

/**
 * The specialty, brand and named mediators of every demo mediation unit: two or three mediators
 * each (a brand room's own mediator first, as 首席调解员), names drawn from a stream seeded by the
 * unit's code, so each unit's mediators stay the same whatever else the demo adds.
 */
export function demoMediationNetwork(units: OrgSeed[]): MediationOrgSeed[] {
  return units
    .filter((u) => u.kind === 'mediation')
    .map((unit) => {
      const brandEntry = BRANDS.find(([brand]) => unit.name.endsWith(`${brand}调解室`))
      const draw = mulberry32([...unit.code].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261))
      const pickOf = <T>(list: readonly T[]) => list[Math.floor(draw() * list.length)]
      const count = 2 + Math.floor(draw() * 2)
      const mediators: MediationOrgSeed['mediators'] = brandEntry ? [{ name: brandEntry[1], title: '首席调解员' }] : []
      while (mediators.length < count) {
        const name = `${pickOf(SURNAMES)}${pickOf(GIVEN)}${pickOf(GIVEN)}`
        if (!mediators.some((m) => m.name === name)) mediators.push({ name, title: mediators.length === 0 ? '调解员（负责人）' : '调解员' })
      }
      return { unitId: unit.id, specialty: specialtyOf(unit), brand: brandEntry?.[0] ?? null, mediators }
    })
}
