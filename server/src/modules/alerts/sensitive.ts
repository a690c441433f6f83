/**
 * Sensitive content at intake (研判预警, issue 16 item 5): a curated list of words and phrases in
 * groups, each with context rules, and exclusions so ordinary complaints whose words only look
 * alarming ("燃气费太贵", "火锅店油烟", "煤气灶维修咨询") are not flagged. A flagged report is made
 * urgent and an alert goes to its district center with the words that triggered it.
 *
 * A term matches where it appears and no exclusion of its group covers the same spot; a group may
 * also need a context word anywhere in the text (e.g. 聚集 only with people: 群众/村民/工人/人…).
 */
export type SensitiveGroup = 'group_incident' | 'wage_protest' | 'self_harm' | 'gas_fire' | 'threat' | 'extreme'

interface Rule {
  group: SensitiveGroup
  terms: string[]
  /** phrases that, covering a term's occurrence, make it harmless */
  exclude?: string[]
  /** when present, at least one must appear in the text for the group's terms to count */
  context?: string[]
}

const RULES: Rule[] = [
  {
    group: 'group_incident',
    terms: ['群体性', '集体上访', '上访', '堵路', '堵门', '围堵', '聚集', '静坐', '拉横幅', '打横幅', '冲击政府', '闹事'],
    exclude: ['聚集地', '聚集区', '商业聚集', '产业聚集', '积水聚集', '垃圾聚集', '蚊虫聚集', '苍蝇聚集', '鸽子聚集', '上访流程', '信访'],
  },
  // a protest over wages, not every wage complaint (those are labor.wage_arrears, handled as usual)
  { group: 'wage_protest', terms: ['跳楼讨薪', '集体讨薪', '围堵讨薪', '以死讨薪'] },
  {
    group: 'wage_protest',
    terms: ['讨薪', '讨要工资', '拖欠工资', '欠薪', '农民工工资'],
    exclude: ['工资条', '工资标准咨询', '工资保证金'],
    context: [
      '集体',
      '一起去',
      '堵门',
      '堵路',
      '堵在',
      '围堵',
      '拉横幅',
      '打横幅',
      '上访',
      '聚集',
      '静坐',
      '几十',
      '上百',
      '一群',
      '跳楼',
      '闹事',
      '跑路',
      '工友',
    ],
  },
  {
    group: 'self_harm',
    terms: ['不想活了', '不想活', '轻生', '自杀', '跳楼', '割腕', '喝农药', '寻死', '活不下去', '一了百了'],
    exclude: ['跳楼价', '跳楼甩卖', '自杀式涨价', '笑死', '防自杀热线宣传'],
  },
  {
    group: 'gas_fire',
    terms: ['闻到煤气味', '煤气味', '燃气味', '天然气味', '燃气泄漏', '煤气泄漏', '漏气', '着火', '起火', '失火', '冒烟', '火灾', '爆炸'],
    exclude: [
      '不着火',
      '打不着火',
      '点不着火',
      '冒烟囱',
      '爆炸头',
      '信息爆炸',
      '爆炸性新闻',
      '火锅',
      '油烟',
      '轮胎漏气',
      '车胎漏气',
      '气球漏气',
      '暖气漏气',
      '暖气片漏气',
      '烟囱冒烟',
      '火灾隐患',
      '火灾风险',
      '发生火灾',
      '引发火灾',
      '造成火灾',
      '导致火灾',
      '引起火灾',
      '防止火灾',
      '预防火灾',
      '酿成火灾',
    ],
  },
  {
    group: 'threat',
    terms: ['砍死', '弄死', '杀了他', '杀了你', '同归于尽', '炸了', '报复社会', '血债血偿', '要他的命'],
    exclude: ['笑得要死'],
  },
  {
    group: 'extreme',
    terms: ['汽油瓶', '浇汽油', '自焚', '持刀', '拿刀', '人质', '炸药'],
  },
]

/** Words that mean people are gathering (聚集/静坐 alone are not an incident). */
const GATHERING_PEOPLE = ['群众', '村民', '居民', '业主', '工人', '农民工', '商户', '多人', '几十人', '上百人', '一群人', '很多人', '人员']
const NEEDS_PEOPLE = new Set(['聚集', '静坐', '围堵', '堵门'])

export interface SensitiveHit {
  group: SensitiveGroup
  word: string
}

/** The sensitive words of a text with their groups (longest term first per spot), or [] when none. */
export function sensitiveWords(text: string): SensitiveHit[] {
  const t = text.replace(/\s+/g, '')
  const hits: SensitiveHit[] = []
  const taken: Array<[number, number]> = []
  for (const rule of RULES) {
    if (rule.context && !rule.context.some((c) => t.includes(c))) continue
    const excluded: Array<[number, number]> = []
    for (const ex of rule.exclude ?? []) for (const i of indexesOf(t, ex)) excluded.push([i, i + ex.length])
    const terms = [...rule.terms].sort((a, b) => b.length - a.length)
    for (const term of terms) {
      if (NEEDS_PEOPLE.has(term) && !GATHERING_PEOPLE.some((p) => t.includes(p))) continue
      for (const i of indexesOf(t, term)) {
        const span: [number, number] = [i, i + term.length]
        if (excluded.some(([a, b]) => a < span[1] && span[0] < b)) continue
        if (taken.some(([a, b]) => a <= span[0] && span[1] <= b)) continue
        taken.push(span)
        if (!hits.some((h) => h.word === term)) hits.push({ group: rule.group, word: term })
      }
    }
  }
  return hits
}

function indexesOf(text: string, word: string): number[] {
  const out: number[] = []
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push(i)
  return out
}
