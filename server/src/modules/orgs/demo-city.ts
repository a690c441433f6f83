/**
 * Deterministic demo geography of Lanzhou (兰州市) for Xiaolan.
 *
 * THE GEOMETRY IS SCHEMATIC. It is not the real administrative map: every center and grid
 * is an axis-aligned rectangle in [lng, lat] degrees, produced by recursive guillotine
 * slicing of its parent with areas proportional to the number of child communities/grids.
 * The eight districts are laid out roughly like the real map inside the city bbox
 * lng 102.9–104.6, lat 35.55–37.2 (红古 far west, 西固 west, 七里河 south-centre, 安宁 north
 * of it on the river, 城关 centre-east, 榆中 south-east, 永登 north-west, 皋兰 north-east).
 *
 * Tiling is exact: every cut coordinate is rounded to 6 decimals BEFORE it is used, and
 * both neighbours reuse the very same number, so the polygons of one level tile their parent
 * with no gaps and no overlaps. With the half-open point-in-polygon rule of `locator.ts`
 * (a rectangle owns its west and south edges, not its east and north edges) every point of
 * the city belongs to exactly one grid.
 *
 * Names and district/street codes follow the real administrative division where known
 * (street codes: 街道 001…, 镇 100…, 乡 200…; community codes: 社区 001…, 村 201…, as in
 * GB/T 10114); community, village, company and grid names are invented but plausible.
 * The output is a pure function of this file: a seeded PRNG (mulberry32), no Math.random.
 */

export type OrgKind = 'center' | 'department' | 'mediation' | 'force' | 'grid'

export interface OrgSeed {
  /** 1..N, deterministic, every parent appears before its children */
  id: number
  /** unique, stable */
  code: string
  /** Chinese name */
  name: string
  kind: OrgKind
  /** centers: 1 city, 2 district, 3 street, 4 community; grids 5; departments/mediation: level of their center; forces 4 */
  level: 1 | 2 | 3 | 4 | 5
  parentId: number | null
  /** departments only: a function key, see DEPARTMENT_FUNCTIONS */
  function?: string
  /** centers and grids only, [lng, lat] rings, closed */
  geometry?: { type: 'Polygon'; coordinates: number[][][] }
  /** centers and grids: a point strictly inside the polygon */
  seat?: { lat: number; lng: number }
}

/** The schematic city bbox: [minLng, minLat, maxLng, maxLat]. */
export const CITY_BBOX = [102.9, 35.55, 104.6, 37.2] as const

export const DEPARTMENT_FUNCTIONS = [
  'urban_management',
  'ecology',
  'housing',
  'property',
  'natural_resources',
  'water',
  'power',
  'gas',
  'heating',
  'transport',
  'human_resources',
  'market',
  'public_security',
  'emergency',
  'education',
  'health',
  'medical_insurance',
  'civil_affairs',
  'agriculture',
  'justice',
  'culture_tourism',
  'hotline_kb',
  'general',
] as const
export type DepartmentFunction = (typeof DEPARTMENT_FUNCTIONS)[number]

/** Functions that exist only at city level (no district counterpart). */
export const CITY_ONLY_FUNCTIONS: readonly DepartmentFunction[] = ['hotline_kb']

// ---------------------------------------------------------------------------------------
// PRNG and helpers

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6
const pad = (n: number, width: number): string => String(n).padStart(width, '0')

type Rect = readonly [x0: number, y0: number, x1: number, y1: number]

/** Ratio of a degree of longitude to a degree of latitude around Lanzhou (≈ cos 36°). */
const LNG_SCALE = Math.cos((36 * Math.PI) / 180)

/**
 * Slice `rect` into `weights.length` rectangles with areas proportional to the weights,
 * in order (neighbours in the list are neighbours on the map). Cuts are rounded to 6
 * decimals before use so that the two sides share the exact same number.
 */
function sliceRect(rect: Rect, weights: readonly number[]): Rect[] {
  const out: Rect[] = new Array(weights.length)
  const prefix = new Float64Array(weights.length + 1)
  for (let i = 0; i < weights.length; i++) prefix[i + 1] = prefix[i] + weights[i]
  const rec = (r: Rect, lo: number, hi: number): void => {
    if (hi - lo === 1) {
      out[lo] = r
      return
    }
    const total = prefix[hi] - prefix[lo]
    // split point: cumulative weight closest to half (at least one item on each side)
    let k = lo + 1
    let best = Number.POSITIVE_INFINITY
    for (let j = lo + 1; j < hi; j++) {
      const d = Math.abs(prefix[j] - prefix[lo] - total / 2)
      if (d < best) {
        best = d
        k = j
      }
    }
    const frac = (prefix[k] - prefix[lo]) / total
    const [x0, y0, x1, y1] = r
    const vertical = (x1 - x0) * LNG_SCALE >= y1 - y0 // wider than tall: cut along lng
    if (vertical) {
      let cut = round6(x0 + (x1 - x0) * frac)
      if (!(cut > x0 && cut < x1)) cut = round6((x0 + x1) / 2)
      rec([x0, y0, cut, y1], lo, k)
      rec([cut, y0, x1, y1], k, hi)
    } else {
      let cut = round6(y0 + (y1 - y0) * frac)
      if (!(cut > y0 && cut < y1)) cut = round6((y0 + y1) / 2)
      rec([x0, y0, x1, cut], lo, k)
      rec([x0, cut, x1, y1], k, hi)
    }
  }
  if (weights.length > 0) rec(rect, 0, weights.length)
  return out
}

function rectGeometry(r: Rect): { type: 'Polygon'; coordinates: number[][][] } {
  const [x0, y0, x1, y1] = r
  // counter-clockwise exterior ring (RFC 7946), closed
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  }
}

function rectSeat(r: Rect): { lat: number; lng: number } {
  return { lat: round6((r[1] + r[3]) / 2), lng: round6((r[0] + r[2]) / 2) }
}

// ---------------------------------------------------------------------------------------
// Static data

interface DistrictDef {
  code: string
  name: string
  /** name without 区/县, used for a few company names */
  short: string
  county: boolean
  communities: number
  rect: Rect
  /** street/township names in code order; type from suffix (街道 / 镇 / 乡) */
  streets: readonly string[]
  /** the seat town of a county (several 社区) */
  seatTown?: string
}

// Shared cuts of the district layout (already 6-decimal numbers).
const [CX0, CY0, CX1, CY1] = CITY_BBOX
const LAT_NS = 36.4 // north band (永登 | 皋兰) / south band
const LNG_NORTH = 103.8 // 永登 | 皋兰
const LNG_WEST = 103.3 // 红古 | middle
const LNG_EAST = 103.95 // middle | east
const LAT_MID = 36.1 // 西固/安宁 above 七里河
const LNG_MID = 103.65 // 西固 | 安宁
const LAT_EAST = 36.0 // 城关 above 榆中

const DISTRICTS: readonly DistrictDef[] = [
  {
    code: '620102',
    name: '城关区',
    short: '城关',
    county: false,
    communities: 170,
    rect: [LNG_EAST, LAT_EAST, CX1, LAT_NS],
    streets: [
      '酒泉路街道',
      '张掖路街道',
      '雁南街道',
      '临夏路街道',
      '雁北街道',
      '五泉街道',
      '白银路街道',
      '皋兰路街道',
      '广武门街道',
      '伏龙坪街道',
      '靖远路街道',
      '草场街街道',
      '火车站街道',
      '拱星墩街道',
      '东岗街道',
      '团结新村街道',
      '东岗西路街道',
      '铁路东村街道',
      '铁路西村街道',
      '渭源路街道',
      '盐场路街道',
      '嘉峪关路街道',
      '焦家湾街道',
      '青白石街道',
      '雁园街道',
    ],
  },
  {
    code: '620103',
    name: '七里河区',
    short: '七里河',
    county: false,
    communities: 140,
    rect: [LNG_WEST, CY0, LNG_EAST, LAT_MID],
    streets: [
      '西园街道',
      '西湖街道',
      '建兰路街道',
      '敦煌路街道',
      '西站街道',
      '晏家坪街道',
      '龚家湾街道',
      '土门墩街道',
      '秀川街道',
      '阿干镇',
      '八里镇',
      '彭家坪镇',
      '西果园镇',
      '魏岭乡',
      '黄峪乡',
    ],
  },
  {
    code: '620104',
    name: '西固区',
    short: '西固',
    county: false,
    communities: 120,
    rect: [LNG_WEST, LAT_MID, LNG_MID, LAT_NS],
    streets: [
      '陈坪街道',
      '先锋路街道',
      '福利路街道',
      '西固城街道',
      '临洮街街道',
      '四季青街道',
      '西柳沟街道',
      '新城镇',
      '东川镇',
      '河口镇',
      '达川镇',
      '柳泉镇',
      '金沟乡',
    ],
  },
  {
    code: '620105',
    name: '安宁区',
    short: '安宁',
    county: false,
    communities: 64,
    rect: [LNG_MID, LAT_MID, LNG_EAST, LAT_NS],
    streets: ['培黎街道', '西路街道', '沙井驿街道', '十里店街道', '孔家崖街道', '银滩路街道', '刘家堡街道', '安宁堡街道'],
  },
  {
    code: '620111',
    name: '红古区',
    short: '红古',
    county: false,
    communities: 80,
    rect: [CX0, CY0, LNG_WEST, LAT_NS],
    streets: ['窑街街道', '下窑街道', '矿区街道', '华龙街道', '海石湾镇', '花庄镇', '平安镇', '红古乡'],
    seatTown: '海石湾镇',
  },
  {
    code: '620121',
    name: '永登县',
    short: '永登',
    county: true,
    communities: 230,
    rect: [CX0, LAT_NS, LNG_NORTH, CY1],
    streets: [
      '城关镇',
      '红城镇',
      '中堡镇',
      '武胜驿镇',
      '河桥镇',
      '连城镇',
      '苦水镇',
      '大同镇',
      '龙泉寺镇',
      '树屏镇',
      '上川镇',
      '柳树镇',
      '坪城乡',
      '民乐乡',
      '通远乡',
      '七山乡',
    ],
    seatTown: '城关镇',
  },
  {
    code: '620122',
    name: '皋兰县',
    short: '皋兰',
    county: true,
    communities: 90,
    rect: [LNG_NORTH, LAT_NS, CX1, CY1],
    streets: ['石洞镇', '忠和镇', '什川镇', '九合镇', '水阜镇', '黑石镇', '西岔镇', '中心乡'],
    seatTown: '石洞镇',
  },
  {
    code: '620123',
    name: '榆中县',
    short: '榆中',
    county: true,
    communities: 270,
    rect: [LNG_EAST, CY0, CX1, LAT_EAST],
    streets: [
      '城关镇',
      '夏官营镇',
      '高崖镇',
      '金崖镇',
      '和平镇',
      '甘草店镇',
      '青城镇',
      '定远镇',
      '连搭镇',
      '新营镇',
      '贡井镇',
      '来紫堡乡',
      '小康营乡',
      '清水驿乡',
      '龙泉乡',
      '韦营乡',
      '中连川乡',
      '园子岔乡',
      '上花岔乡',
      '马坡乡',
      '哈岘乡',
    ],
    seatTown: '城关镇',
  },
]

/** City-level department name and district-level name builder per function. */
const DEPARTMENTS: readonly {
  fn: DepartmentFunction
  city: string
  district: ((d: DistrictDef) => string) | null
}[] = [
  { fn: 'urban_management', city: '兰州市城市管理局', district: (d) => `${d.name}城市管理局` },
  { fn: 'ecology', city: '兰州市生态环境局', district: (d) => `${d.name}生态环境局` },
  { fn: 'housing', city: '兰州市住房和城乡建设局', district: (d) => `${d.name}住房和城乡建设局` },
  { fn: 'property', city: '兰州市房产服务中心', district: (d) => `${d.name}房产服务中心` },
  { fn: 'natural_resources', city: '兰州市自然资源局', district: (d) => `${d.name}自然资源局` },
  { fn: 'water', city: '兰州威立雅水务（集团）有限责任公司', district: (d) => `${d.name}供水分公司` },
  { fn: 'power', city: '国网兰州供电公司', district: (d) => `${d.name}供电分公司` },
  { fn: 'gas', city: '兰州城市燃气有限公司', district: (d) => `${d.name}燃气分公司` },
  { fn: 'heating', city: '兰州热力集团有限公司', district: (d) => `${d.name}热力分公司` },
  { fn: 'transport', city: '兰州市交通运输局', district: (d) => `${d.name}交通运输局` },
  {
    fn: 'human_resources',
    city: '兰州市人力资源和社会保障局',
    district: (d) => `${d.name}人力资源和社会保障局`,
  },
  { fn: 'market', city: '兰州市市场监督管理局', district: (d) => `${d.name}市场监督管理局` },
  {
    fn: 'public_security',
    city: '兰州市公安局',
    district: (d) => (d.county ? `${d.name}公安局` : `${d.name}公安分局`),
  },
  { fn: 'emergency', city: '兰州市应急管理局', district: (d) => `${d.name}应急管理局` },
  { fn: 'education', city: '兰州市教育局', district: (d) => `${d.name}教育局` },
  { fn: 'health', city: '兰州市卫生健康委员会', district: (d) => `${d.name}卫生健康局` },
  { fn: 'medical_insurance', city: '兰州市医疗保障局', district: (d) => `${d.name}医疗保障局` },
  { fn: 'civil_affairs', city: '兰州市民政局', district: (d) => `${d.name}民政局` },
  { fn: 'agriculture', city: '兰州市农业农村局', district: (d) => `${d.name}农业农村局` },
  { fn: 'justice', city: '兰州市司法局', district: (d) => `${d.name}司法局` },
  { fn: 'culture_tourism', city: '兰州市文化和旅游局', district: (d) => `${d.name}文化和旅游局` },
  { fn: 'hotline_kb', city: '兰州市12345政务服务便民热线知识库', district: null },
  { fn: 'general', city: '兰州市人民政府办公室', district: (d) => `${d.name}人民政府办公室` },
]

const DISTRICT_MEDIATION = [
  '医疗纠纷人民调解委员会',
  '劳动人事争议调解中心',
  '物业纠纷人民调解委员会',
  '婚姻家庭纠纷人民调解委员会',
] as const

/** Total street/community mediation rooms (114 street rooms + this many minus 114 in communities). */
const STREET_COMMUNITY_ROOMS = 363

// Name material for invented communities, villages and companies.
const URBAN_PREFIXES = [
  '和平',
  '团结',
  '建设',
  '光明',
  '东方',
  '民主',
  '胜利',
  '友谊',
  '红星',
  '向阳',
  '文化',
  '科技',
  '滨河',
  '金城',
  '黄河',
  '五泉',
  '白塔',
  '兰园',
  '雁滩',
  '银滩',
  '万新',
  '桃园',
  '梨园',
  '枣林',
  '榆林',
  '柳园',
  '杏花',
  '牡丹',
  '春晖',
  '锦华',
  '华林',
  '西津',
  '南关',
  '北关',
  '东湖',
  '西湖',
  '庆阳',
  '静宁',
  '天水',
  '武都',
  '平凉',
  '定西',
  '甘南',
  '永昌',
  '中山',
  '民勤',
  '广武',
  '安西',
  '瑞岭',
  '新港',
  '汇通',
  '长城',
  '碧水',
  '翠园',
  '康乐',
  '康宁',
  '福兴',
  '兴隆',
  '祥和',
  '丰泽',
  '嘉园',
  '润泽',
  '明仁',
  '惠民',
  '兴华',
  '新华',
  '振华',
  '金港',
  '金昌',
  '红山',
  '北滨',
  '南滨',
  '水车',
  '铁桥',
  '莲荷',
  '凤栖',
  '双城',
  '盛达',
  '上西园',
  '下西园',
  '东郊',
  '西郊',
  '孔雀',
]
const URBAN_SUFFIXES = ['', '路', '里', '园', '苑', '街', '新村', '坪', '湾', '巷', '佳园', '花园']
const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '田',
  '董',
  '潘',
  '袁',
  '蔡',
  '蒋',
  '魏',
  '苏',
  '吕',
  '丁',
  '任',
  '卢',
  '姚',
  '沈',
  '钟',
  '姜',
  '崔',
  '谭',
  '陆',
  '范',
  '汪',
  '石',
  '金',
  '贾',
  '夏',
  '付',
  '方',
  '白',
  '孟',
  '秦',
  '邱',
  '侯',
  '尹',
  '薛',
  '闫',
  '段',
  '雷',
  '史',
  '陶',
  '贺',
  '毛',
  '郝',
  '顾',
  '龚',
  '邵',
  '万',
  '武',
  '钱',
  '严',
  '孔',
  '常',
  '汤',
  '牛',
]
const VILLAGE_SURNAME_SUFFIXES = [
  '家湾',
  '家坪',
  '家庄',
  '家川',
  '家岘',
  '家沟',
  '家营',
  '家堡',
  '家台',
  '家窑',
  '家岔',
  '家寨',
  '家滩',
  '家山',
  '家河',
  '家塬',
]
const VILLAGE_PLACE_PREFIXES = [
  '新',
  '大',
  '小',
  '上',
  '下',
  '中',
  '东',
  '西',
  '南',
  '北',
  '红',
  '黑',
  '白',
  '青',
  '石',
  '沙',
  '水',
  '柳',
  '杏',
  '梨',
  '马',
  '牛',
  '羊',
  '金',
  '银',
  '清',
  '黄',
  '三',
  '五',
  '八',
  '古',
  '高',
]
const VILLAGE_PLACE_SUFFIXES = [
  '庄',
  '坪',
  '川',
  '湾',
  '沟',
  '岘',
  '营',
  '堡',
  '台',
  '窑',
  '岔',
  '寨',
  '滩',
  '山',
  '河',
  '塬',
  '峡',
  '泉',
  '磨',
  '城',
  '口',
  '门',
  '坡',
]
const SEAT_TOWN_COMMUNITIES = ['东街', '西街', '南街', '北街', '新城', '建设路', '文化路', '兴隆', '人民路', '滨河']
const COMPANY_BRANDS = [
  '金城',
  '鸿运',
  '安居',
  '华宇',
  '城建',
  '瑞德',
  '恒通',
  '宏达',
  '兰石',
  '德福',
  '嘉和',
  '颐和',
  '盛世',
  '佳园',
  '黄河',
  '白塔',
  '皋兰山',
  '五泉',
  '滨河',
  '陇原',
  '雁滩',
  '祥和',
  '锦绣',
  '万和',
  '润泽',
  '天庆',
  '正宁',
  '陇星',
  '金港',
  '安泰',
  '宏业',
  '永盛',
  '鑫源',
  '博文',
  '瑞丰',
  '隆盛',
  '金辉',
  '泰和',
  '汇丰源',
  '同和',
  '永信',
  '长青',
  '明珠',
  '兴陇',
  '和美',
  '福临',
  '瑞祥',
  '陇兴',
]

// ---------------------------------------------------------------------------------------
// Generator

type StreetType = 'street' | 'town' | 'township'

interface CommunityPlan {
  code: string
  name: string
  urban: boolean
  grids: number
}

/** Split `total` into `weights.length` integers ≥ `min`, proportional to weights (largest remainder). */
function allocate(total: number, weights: readonly number[], min: number): number[] {
  const n = weights.length
  const rest = total - min * n
  if (rest < 0) throw new Error('allocate: total too small')
  const sum = weights.reduce((a, b) => a + b, 0)
  const raw = weights.map((w) => (rest * w) / sum)
  const out = raw.map((r) => min + Math.floor(r))
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let i = 0; left > 0; i = (i + 1) % n, left--) out[order[i][1]]++
  return out
}

export function generateDemoCity(): OrgSeed[] {
  const rnd = mulberry32(0x5a1a_2026)
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rnd() * arr.length)]

  const out: OrgSeed[] = []
  const push = (o: Omit<OrgSeed, 'id'>): number => {
    const id = out.length + 1
    // keep a stable key order for readability and deep-equality
    const seed: OrgSeed = { id, code: o.code, name: o.name, kind: o.kind, level: o.level, parentId: o.parentId }
    if (o.function !== undefined) seed.function = o.function
    if (o.geometry !== undefined) seed.geometry = o.geometry
    if (o.seat !== undefined) seed.seat = o.seat
    out.push(seed)
    return id
  }

  // ---- plan the tree (names, counts) -------------------------------------------------
  const reservedNames = new Set(['幸福里社区'])
  const streetPlans = DISTRICTS.map((d) => {
    const types: StreetType[] = d.streets.map((s) => (s.endsWith('街道') ? 'street' : s.endsWith('镇') ? 'town' : 'township'))
    let nStreet = 0
    let nTown = 0
    let nTownship = 0
    const codes = types.map((t) => {
      const n = t === 'street' ? ++nStreet : t === 'town' ? 100 + nTown++ : 200 + nTownship++
      return d.code + pad(n, 3)
    })
    const weights = d.streets.map(() => 0.65 + 0.7 * rnd())
    const counts = allocate(d.communities, weights, 4)
    const usedInDistrict = new Set<string>()
    const streets = d.streets.map((name, si) => {
      const type = types[si]
      const count = counts[si]
      const isSeat = d.seatTown === name
      // how many of the units are urban 社区
      const nUrban = type === 'street' ? count : type === 'township' ? 0 : isSeat ? Math.min(count - 2, d.county ? 5 : 4) : d.county ? 1 : 2
      const communities: CommunityPlan[] = []
      const usedInStreet = new Set<string>()
      let nCommunity = 0
      let nVillage = 0
      for (let ci = 0; ci < count; ci++) {
        const urban = ci < nUrban
        let cname: string
        if (name === '刘家堡街道' && ci === 0) {
          cname = '幸福里社区'
        } else if (urban && type !== 'street') {
          const stem = name.replace(/[镇乡]$/, '')
          cname = `${ci === 0 ? stem : SEAT_TOWN_COMMUNITIES[(ci - 1) % SEAT_TOWN_COMMUNITIES.length]}社区`
        } else {
          for (let attempt = 0; ; attempt++) {
            if (urban) {
              cname = `${pick(URBAN_PREFIXES)}${pick(URBAN_SUFFIXES)}社区`
            } else if (rnd() < 0.6) {
              cname = `${pick(SURNAMES)}${pick(VILLAGE_SURNAME_SUFFIXES)}村`
            } else {
              cname = `${pick(VILLAGE_PLACE_PREFIXES)}${pick(VILLAGE_PLACE_SUFFIXES)}村`
            }
            const clash = usedInStreet.has(cname) || reservedNames.has(cname)
            if (!clash && (attempt > 50 || !usedInDistrict.has(cname))) break
          }
        }
        usedInStreet.add(cname)
        usedInDistrict.add(cname)
        communities.push({
          code: codes[si] + pad(urban ? ++nCommunity : 200 + ++nVillage, 3),
          name: cname,
          urban,
          grids: 3 + Math.floor(rnd() * 3),
        })
      }
      return { code: codes[si], name, type, communities }
    })
    return { d, streets }
  })

  // ---- geometry ----------------------------------------------------------------------
  const cityRect: Rect = [CX0, CY0, CX1, CY1]
  const streetRects = streetPlans.map(({ d, streets }) =>
    sliceRect(
      d.rect,
      streets.map((s) => s.communities.reduce((a, c) => a + c.grids, 0)),
    ),
  )
  const communityRects = streetPlans.map(({ streets }, di) =>
    streets.map((s, si) =>
      sliceRect(
        streetRects[di][si],
        s.communities.map((c) => c.grids),
      ),
    ),
  )

  // ---- emit: city, districts --------------------------------------------------------
  const cityId = push({
    code: '620100',
    name: '兰州市',
    kind: 'center',
    level: 1,
    parentId: null,
    geometry: rectGeometry(cityRect),
    seat: rectSeat(cityRect),
  })
  const districtIds = DISTRICTS.map((d) =>
    push({
      code: d.code,
      name: d.name,
      kind: 'center',
      level: 2,
      parentId: cityId,
      geometry: rectGeometry(d.rect),
      seat: rectSeat(d.rect),
    }),
  )

  // ---- departments --------------------------------------------------------------------
  DEPARTMENTS.forEach((dep, i) => {
    push({
      code: `620100D${pad(i + 1, 2)}`,
      name: dep.city,
      kind: 'department',
      level: 1,
      parentId: cityId,
      function: dep.fn,
    })
  })
  DISTRICTS.forEach((d, di) => {
    let n = 0
    for (const dep of DEPARTMENTS) {
      if (!dep.district) continue
      push({
        code: `${d.code}D${pad(++n, 2)}`,
        name: dep.district(d),
        kind: 'department',
        level: 2,
        parentId: districtIds[di],
        function: dep.fn,
      })
    }
  })

  // ---- district mediation organisations (32) ----------------------------------------
  DISTRICTS.forEach((d, di) => {
    DISTRICT_MEDIATION.forEach((m, mi) => {
      push({
        code: `${d.code}M${pad(mi + 1, 2)}`,
        name: `${d.name}${m}`,
        kind: 'mediation',
        level: 2,
        parentId: districtIds[di],
      })
    })
  })

  // ---- streets and their mediation rooms --------------------------------------------
  const streetIds = streetPlans.map(({ streets }, di) =>
    streets.map((s, si) =>
      push({
        code: s.code,
        name: s.name,
        kind: 'center',
        level: 3,
        parentId: districtIds[di],
        geometry: rectGeometry(streetRects[di][si]),
        seat: rectSeat(streetRects[di][si]),
      }),
    ),
  )
  streetPlans.forEach(({ streets }, di) => {
    streets.forEach((s, si) => {
      push({
        code: `${s.code}M01`,
        name: `${s.name}人民调解室`,
        kind: 'mediation',
        level: 3,
        parentId: streetIds[di][si],
      })
    })
  })

  // ---- communities --------------------------------------------------------------------
  const flatCommunities: { plan: CommunityPlan; id: number; rect: Rect }[] = []
  streetPlans.forEach(({ streets }, di) => {
    streets.forEach((s, si) => {
      s.communities.forEach((c, ci) => {
        const rect = communityRects[di][si][ci]
        const id = push({
          code: c.code,
          name: c.name,
          kind: 'center',
          level: 4,
          parentId: streetIds[di][si],
          geometry: rectGeometry(rect),
          seat: rectSeat(rect),
        })
        flatCommunities.push({ plan: c, id, rect })
      })
    })
  })

  // ---- community mediation / counselling rooms (363 − 114 = 249) --------------------
  const nStreets = streetPlans.reduce((a, p) => a + p.streets.length, 0)
  const nRooms = STREET_COMMUNITY_ROOMS - nStreets
  const shuffled = flatCommunities.map((_, i) => i)
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    const t = shuffled[i]
    shuffled[i] = shuffled[j]
    shuffled[j] = t
  }
  const withRoom = shuffled.slice(0, nRooms).sort((a, b) => a - b)
  for (const idx of withRoom) {
    const c = flatCommunities[idx]
    const counselling = rnd() < 0.3
    push({
      code: `${c.plan.code}M01`,
      name: `${c.plan.name}${counselling ? '心理咨询室' : '人民调解室'}`,
      kind: 'mediation',
      level: 4,
      parentId: c.id,
    })
  }

  // ---- forces -------------------------------------------------------------------------
  for (const c of flatCommunities) {
    const nProperty = c.plan.urban && rnd() < 0.45 ? 2 : 1
    const b1 = pick(COMPANY_BRANDS)
    let b2 = pick(COMPANY_BRANDS)
    while (b2 === b1) b2 = pick(COMPANY_BRANDS)
    const brands = nProperty === 2 ? [b1, b2] : [b1]
    let f = 0
    for (const brand of brands) {
      const kindWord = c.plan.urban ? '物业管理有限公司' : '物业服务有限公司'
      push({
        code: `${c.plan.code}F${++f}`,
        name: `兰州${brand}${kindWord}（${c.plan.name}）`,
        kind: 'force',
        level: 4,
        parentId: c.id,
      })
    }
    push({
      code: `${c.plan.code}F${++f}`,
      name: `${c.plan.name}党员服务站`,
      kind: 'force',
      level: 4,
      parentId: c.id,
    })
    push({
      code: `${c.plan.code}F${++f}`,
      name: `${c.plan.name}志愿服务队`,
      kind: 'force',
      level: 4,
      parentId: c.id,
    })
  }

  // ---- grids --------------------------------------------------------------------------
  for (const c of flatCommunities) {
    const rects = sliceRect(
      c.rect,
      Array.from({ length: c.plan.grids }, () => 1),
    )
    rects.forEach((r, gi) => {
      push({
        code: c.plan.code + pad(gi + 1, 3),
        name: `${c.plan.name}第${gi + 1}网格`,
        kind: 'grid',
        level: 5,
        parentId: c.id,
        geometry: rectGeometry(r),
        seat: rectSeat(r),
      })
    })
  }

  return out
}
