/**
 * Demo departments: every department function at city level, and a counterpart in each district
 * for all but the city-only ones. Names follow Lanzhou's real bureaus and utilities.
 */
import type { DepartmentFunction } from '@xiaolan/contracts'
import type { OrgSeed } from '../../modules/orgs/city-chain.ts'
import { pad } from '../../modules/orgs/layout.ts'
import type { DemoUnits } from './city.ts'

/** The city department, and the suffix a district's counterpart puts after the district's name (null: city only). */
const DEPARTMENTS: readonly { fn: DepartmentFunction; city: string; district: string | null; county?: string }[] = [
  { fn: 'urban_management', city: '兰州市城市管理局', district: '城市管理局' },
  { fn: 'ecology', city: '兰州市生态环境局', district: '生态环境局' },
  { fn: 'housing', city: '兰州市住房和城乡建设局', district: '住房和城乡建设局' },
  { fn: 'property', city: '兰州市房产服务中心', district: '房产服务中心' },
  { fn: 'natural_resources', city: '兰州市自然资源局', district: '自然资源局' },
  { fn: 'water', city: '兰州威立雅水务（集团）有限责任公司', district: '供水分公司' },
  { fn: 'power', city: '国网兰州供电公司', district: '供电分公司' },
  { fn: 'gas', city: '兰州城市燃气有限公司', district: '燃气分公司' },
  { fn: 'heating', city: '兰州热力集团有限公司', district: '热力分公司' },
  { fn: 'transport', city: '兰州市交通运输局', district: '交通运输局' },
  { fn: 'human_resources', city: '兰州市人力资源和社会保障局', district: '人力资源和社会保障局' },
  { fn: 'market', city: '兰州市市场监督管理局', district: '市场监督管理局' },
  // a county has a 公安局, an urban district a branch of the city's
  { fn: 'public_security', city: '兰州市公安局', district: '公安分局', county: '公安局' },
  { fn: 'emergency', city: '兰州市应急管理局', district: '应急管理局' },
  { fn: 'education', city: '兰州市教育局', district: '教育局' },
  { fn: 'health', city: '兰州市卫生健康委员会', district: '卫生健康局' },
  { fn: 'medical_insurance', city: '兰州市医疗保障局', district: '医疗保障局' },
  { fn: 'civil_affairs', city: '兰州市民政局', district: '民政局' },
  { fn: 'agriculture', city: '兰州市农业农村局', district: '农业农村局' },
  { fn: 'justice', city: '兰州市司法局', district: '司法局' },
  { fn: 'culture_tourism', city: '兰州市文化和旅游局', district: '文化和旅游局' },
  { fn: 'hotline_kb', city: '兰州市12345政务服务便民热线知识库', district: null },
  { fn: 'general', city: '兰州市人民政府办公室', district: '人民政府办公室' },
  // 政法: with public security and justice, stationed permanently at each district center (issue 19)
  { fn: 'court', city: '兰州市中级人民法院', district: '人民法院' },
  { fn: 'procuratorate', city: '兰州市人民检察院', district: '人民检察院' },
]

export function addDepartments({ city, districts, add }: DemoUnits) {
  DEPARTMENTS.forEach((dep, i) => {
    add({ code: `${city.code}D${pad(i + 1, 2)}`, name: dep.city, kind: 'department', level: 1, parentId: city.id, function: dep.fn })
  })
  for (const district of districts) {
    let n = 0
    for (const dep of DEPARTMENTS) {
      if (dep.district === null) continue
      add({
        code: `${district.code}D${pad(++n, 2)}`,
        name: `${district.name}${isCounty(district) ? (dep.county ?? dep.district) : dep.district}`,
        kind: 'department',
        level: 2,
        parentId: district.id,
        function: dep.fn,
      })
    }
  }
}

const isCounty = (district: OrgSeed) => district.name.endsWith('县')
