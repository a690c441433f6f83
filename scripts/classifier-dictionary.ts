/**
 * Writes server/data/classifier/dictionary.txt once (issue 16): the words jieba must keep whole
 * when it segments a complaint — Lanzhou's place names (districts, streets, communities and the
 * places their names tell of, from server/data/lanzhou/divisions.csv through the gazetteer's name
 * rules) and governance terms (the categories' keywords and the 12345 hotline's vocabulary).
 * Run again with `npx tsx scripts/classifier-dictionary.ts`; the file is committed and read
 * at start, nothing is fetched. Format: jieba's `word freq tag` lines (tag `ns` place, `n` term).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { categorySeeds } from '../server/src/modules/events/categories-data.ts'
import { placesNamedBy, spokenName } from '../server/src/modules/orgs/place-names.ts'

const divisions = fileURLToPath(new URL('../server/data/lanzhou/divisions.csv', import.meta.url))
const out = fileURLToPath(new URL('../server/data/classifier/dictionary.txt', import.meta.url))

/** Words the 12345 hotline and its complaints use that the general dictionary cuts apart. */
const GOVERNANCE = [
  '12345',
  '市民热线',
  '政务热线',
  '来电人',
  '市民来电',
  '网格员',
  '网格长',
  '街道办',
  '居委会',
  '村委会',
  '物业公司',
  '业委会',
  '开发商',
  '城管',
  '环卫工',
  '派出所',
  '住建局',
  '市场监管局',
  '人社局',
  '生态环境局',
  '供热公司',
  '燃气公司',
  '自来水公司',
  '供电公司',
  '公交公司',
  '垃圾桶',
  '垃圾箱',
  '垃圾清运',
  '垃圾分类',
  '占道经营',
  '流动摊贩',
  '乱停乱放',
  '违章停车',
  '违章建筑',
  '私搭乱建',
  '噪音扰民',
  '油烟扰民',
  '广场舞',
  '共享单车',
  '电动车',
  '充电桩',
  '飞线充电',
  '井盖',
  '路灯',
  '下水道',
  '化粪池',
  '暖气不热',
  '供暖费',
  '物业费',
  '停车费',
  '拖欠工资',
  '农民工',
  '社保卡',
  '医保卡',
  '低保',
  '养老金',
  '廉租房',
  '公租房',
  '房产证',
  '不动产证',
  '学区房',
  '校外培训',
  '食品安全',
  '过期食品',
  '消防通道',
  '电梯故障',
  '高空抛物',
  '燃气泄漏',
  '天然气',
  '煤气罐',
  '黄河',
  '牛肉面',
  '老旧小区',
  '加装电梯',
  '二次供水',
  '水压低',
]

const lines = new Map<string, string>()
const add = (word: string, tag: string) => {
  const w = word.trim()
  if (w.length >= 2 && !lines.has(w)) lines.set(w, `${w} 2000 ${tag}`)
}

for (const row of readFileSync(divisions, 'utf8').split('\n').slice(1)) {
  const name = row.split(',')[1]?.trim()
  if (!name) continue
  const spoken = spokenName(name)
  add(spoken, 'ns')
  add(name, 'ns')
  // 城关区 → 城关, 张掖路街道 → 张掖路, 榆中县 → 榆中
  const core = spoken.replace(/(?:街道办事处|街道|镇|乡|区|县|市)$/, '')
  if (core !== spoken) add(core, 'ns')
  for (const place of placesNamedBy(name)) {
    add(place.name, 'ns')
    for (const alias of place.aliases) add(alias, 'ns')
  }
}
for (const c of categorySeeds) {
  add(c.nameZh, 'n')
  for (const k of c.keywords) add(k, 'n')
}
for (const w of GOVERNANCE) add(w, 'n')

writeFileSync(out, `${[...lines.values()].join('\n')}\n`)
console.log(`wrote ${lines.size} words to ${out}`)
