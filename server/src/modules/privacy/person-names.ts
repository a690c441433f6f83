/**
 * Names of people other than the reporter, found in text that goes public (DESIGN §10): a staff
 * note may name a neighbour, a contact or an official, and the masker only knows the reporter.
 * Two readers, either of which suffices: jieba's part-of-speech tagging (a word tagged `nr` is a
 * person's name; a known surname followed by one or two single characters is merged into one),
 * and cue words that introduce a person (居民 / 业主 / 联系人 / …, a name before 先生 / 女士, 姓X名YY).
 *
 * Over-masking a place in a public view is acceptable; the org directory's unit names, the
 * category words and a small stop list of words jieba takes for names are kept as written.
 * Public views only: staff read notes as written.
 */
import { createRequire } from 'node:module'

interface Tagged {
  word: string
  tag: string
}
interface Tagger {
  tag(sentence: string, hmm?: boolean): Tagged[]
}

let tagger: Tagger | undefined
/** jieba and its dictionary, loaded on first use (~0.3 s, once per process). */
function jieba(): Tagger {
  if (!tagger) {
    const require = createRequire(import.meta.url)
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): Tagger } }
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
    tagger = Jieba.withDict(dict)
  }
  return tagger
}

const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '司徒',
  '夏侯',
  '长孙',
  '宇文',
  '轩辕',
  '端木',
]
/** The common single-character surnames (the top of the census list). */
const SURNAMES = new Set(
  [
    ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ].filter((c) => c.trim() !== ''),
)
/** Characters that end a name read after a surname: particles, verbs and nouns that follow a name in a note. */
const NOT_IN_NAME = new Set([
  ...'的了在说称反和及与等是也都已于向家电住先女老阿师表打来去到对把被让给不没很就还要会能问叫找请或并又再因所以而但称讲去处理联回核实反映投诉现楼号栋单室区路街村镇市省县外内上下前后左右旁边处里中间',
])
/** Characters that end a place's name (or follow one): what stands before them is not a person. */
const PLACE_AFTER = new Set([...'区路街道巷村庄镇乡县市省苑园城厂局委院校站桥港湾坪坡沟堡寨营屯'])
const PLACE_END = new Set([...'区路街巷村庄镇乡县省局委院校站堡寨屯'])
/** Words that introduce a person's name. */
const CUES = [
  '居民',
  '市民',
  '村民',
  '住户',
  '租户',
  '户主',
  '业主',
  '房东',
  '联系人',
  '来电人',
  '反映人',
  '报事人',
  '当事人',
  '投诉人',
  '申请人',
  '家属',
  '老人',
  '老太太',
  '老大爷',
  '大爷',
  '大妈',
  '阿姨',
  '师傅',
  '先生',
  '女士',
  '同志',
  '网格员',
  '某某',
  '姓名',
  '名叫',
  '叫做',
]
/** Titles after a name: 张三丰先生 is a name; 张先生 alone says no more than the surname. */
const TITLES = ['先生', '女士', '小姐', '阿姨', '师傅', '大爷', '大妈', '老人', '同志', '老师', '书记', '主任']
/** Words jieba tags `nr` that are not names in a governance text (beyond the category words). */
const STOP_WORDS = [
  '谢谢',
  '井盖',
  '红绿灯',
  '养老金',
  '养老院',
  '养老',
  '幼儿园',
  '麻将馆',
  '老虎机',
  '孤儿',
  '牛羊',
  '惠农',
  '宰客',
  '师傅',
  '王女士',
  '张先生',
  '文明',
  '和谐',
  '平安',
  '安康',
  '康宁',
  '金城',
  '白塔山',
  '五泉山',
  '黄河',
  '兰州',
]

/** Words never masked as a name, indexed by their first two characters for a fast scan. */
export interface KeepWords {
  readonly byPrefix: ReadonlyMap<string, readonly string[]>
}

/** Suffixes a unit's name is also written without: 刘家堡街道 is also 刘家堡. */
const UNIT_SUFFIX =
  /(?:社区居民委员会|居民委员会|村民委员会|街道办事处|办事处|社区|街道|小区|委员会|有限公司|公司|中心|局|区|县|镇|乡|村|市)$/

/** An index of the words to keep: the given ones (unit names, category names and keywords), their stems, and the stop list. */
export function keepWords(words: Iterable<string>): KeepWords {
  const all = new Set<string>(STOP_WORDS)
  for (const w of words) {
    const word = w.trim()
    if (word.length < 2) continue
    all.add(word)
    const stem = word.replace(UNIT_SUFFIX, '')
    if (stem.length >= 2 && stem !== word) all.add(stem)
  }
  const byPrefix = new Map<string, string[]>()
  for (const w of all) {
    const key = w.slice(0, 2)
    const list = byPrefix.get(key) ?? []
    list.push(w)
    byPrefix.set(key, list)
  }
  for (const list of byPrefix.values()) list.sort((a, b) => b.length - a.length)
  return { byPrefix }
}

const DEFAULT_KEEP = keepWords([])

/** Which UTF-16 offsets of the text are inside a word to keep. */
function keptOffsets(text: string, keep: KeepWords): Uint8Array {
  const kept = new Uint8Array(text.length)
  for (let i = 0; i + 1 < text.length; i++) {
    const list = keep.byPrefix.get(text.slice(i, i + 2))
    if (!list) continue
    const word = list.find((w) => text.startsWith(w, i))
    if (word) kept.fill(1, i, i + word.length)
  }
  return kept
}

const HAN = /^\p{Script=Han}+$/u
/** Spaces, colons and commas a cue may stand apart from the name by (联系人：欧阳娜娜). */
const CUE_GAP = /^[\s:：,，]+$/u

interface Token {
  word: string
  tag: string
  start: number
  end: number
}

/** The spans of the text that are the names of people, as [start, end) UTF-16 offsets, in order. */
export function findPersonNames(text: string, keep: KeepWords = DEFAULT_KEEP): Array<[number, number]> {
  if (!/\p{Script=Han}/u.test(text)) return []
  const tokens: Token[] = []
  let at = 0
  for (const { word, tag } of jieba().tag(text, true)) {
    tokens.push({ word, tag, start: at, end: at + word.length })
    at += word.length
  }
  const startingAt = new Map(tokens.map((t, i) => [t.start, i]))
  const kept = keptOffsets(text, keep)
  const isKept = (start: number, end: number) => kept.subarray(start, end).some((k) => k === 1)
  const spans: Array<[number, number]> = []
  const add = (start: number, end: number) => {
    // 高新区, 王家庄村, 向阳路: a place's name, not a person's
    if (PLACE_AFTER.has(text[end] ?? '') || PLACE_END.has(text[end - 1])) return
    if (end - start >= 2 && end - start <= 4 && !isKept(start, end)) spans.push([start, end])
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (!HAN.test(t.word)) continue
    const cued = cueBefore(tokens, i)
    // a surname (one character or two) and one or two characters after it, however jieba cut them
    const surname = t.word.length === 1 ? SURNAMES.has(t.word) : COMPOUND_SURNAMES.includes(t.word)
    // after a digit it is a measure or a place (3米外), not a surname
    if (surname && /\d/u.test(text[t.start - 1] ?? '')) continue
    // after a cue or before a title (赵建国女士), any word of one or two characters may be the given name
    const loose = surname ? givenNameEnd(tokens, i, true) : t.end
    const titled = TITLES.includes(tokens[startingAt.get(loose) ?? -1]?.word ?? '')
    const end = cued || titled ? loose : surname ? givenNameEnd(tokens, i, false) : t.end
    if (surname && (cued || titled || t.tag === 'nr' || nameLikeAfter(tokens, i))) {
      if (end > t.end) {
        add(t.start, end)
        i = (startingAt.get(end) ?? tokens.length) - 1
        continue
      }
    }
    // a word jieba's HMM found (not in its dictionary) that starts with a surname: 李伟, 赵丽娟
    if (t.tag === 'x' && t.word.length >= 2 && t.word.length <= 4 && startsWithSurname(t.word)) {
      if (![...t.word.slice(surnameLength(t.word))].some((c) => NOT_IN_NAME.has(c))) add(t.start, t.end)
      continue
    }
    if (t.tag === 'nr' || (cued && (t.tag === 'nrt' || t.tag === 'nrfg'))) {
      // 张三丰先生 → 张三丰; 王女士 alone shows no more than the surname
      const title = TITLES.find((x) => t.word.endsWith(x))
      const end = title ? t.end - title.length : t.end
      if (end - t.start >= 2 && (!title || SURNAMES.has(t.word[0]) || COMPOUND_SURNAMES.includes(t.word.slice(0, 2)))) add(t.start, end)
    }
  }
  // names after a cue word however jieba cut them (网格员马小明, 业主：陈子涵), and 姓张名三丰
  for (const m of text.matchAll(CUED_NAME)) {
    const name = m.groups?.name ?? ''
    const given = [...name.slice(surnameLength(name))]
    const stop = given.findIndex((c) => NOT_IN_NAME.has(c))
    const length = surnameLength(name) + (stop === -1 ? given.length : stop)
    const start = (m.index ?? 0) + m[0].length - name.length
    // 居民高度评价: a dictionary word where the name would start is that word, not a name
    const word = tokens[startingAt.get(start) ?? -1]
    const dictionaryWord = word && word.word.length === 2 && surnameLength(name) === 1 && !word.tag.startsWith('nr') && word.tag !== 'x'
    if (length > surnameLength(name) && !dictionaryWord) add(start, start + length)
  }
  return merged(spans)
}

function surnameLength(word: string) {
  return COMPOUND_SURNAMES.includes(word.slice(0, 2)) ? 2 : 1
}
function startsWithSurname(word: string) {
  return COMPOUND_SURNAMES.includes(word.slice(0, 2)) || SURNAMES.has(word[0])
}

const CUED_NAME = new RegExp(
  `(?:${CUES.join('|')}|姓(?=\\p{Script=Han}名))[\\s:：,，]*(?<name>(?:${COMPOUND_SURNAMES.join('|')}|[${[...SURNAMES].join('')}])(?:名)?\\p{Script=Han}{1,2})`,
  'gu',
)

/** Spans in order, overlapping ones joined. */
function merged(spans: Array<[number, number]>) {
  const out: Array<[number, number]> = []
  for (const [s, e] of spans.sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/** Whether a cue word stands right before token i (with at most a colon or spaces between). */
function cueBefore(tokens: Token[], i: number) {
  let j = i - 1
  if (j >= 0 && CUE_GAP.test(tokens[j].word)) j--
  if (j < 0) return false
  const w = tokens[j].word
  return CUES.some((c) => w.endsWith(c))
}

/** Whether the characters after a surname read as a given name to jieba (tagged as part of a name). */
function nameLikeAfter(tokens: Token[], i: number) {
  const next = tokens[i + 1]
  if (!next) return false
  return next.tag.startsWith('nr') && HAN.test(next.word) && !TITLES.includes(next.word)
}

/** Where a given name after the surname at token i ends: one or two characters, single ones or a token jieba took for a name. */
function givenNameEnd(tokens: Token[], i: number, loose: boolean) {
  let end = tokens[i].end
  let chars = 0
  for (let j = i + 1; j < tokens.length && chars < 2; j++) {
    const t = tokens[j]
    if (!HAN.test(t.word) || TITLES.includes(t.word)) break
    const single = t.word.length === 1 && !NOT_IN_NAME.has(t.word)
    // a word jieba tagged as (part of) a name, or a new word its HMM found (tagged x)
    const nameWord =
      (loose || t.tag.startsWith('nr') || t.tag === 'x') && t.word.length <= 2 - chars && ![...t.word].some((c) => NOT_IN_NAME.has(c))
    if (!single && !nameWord) break
    chars += t.word.length
    end = t.end
  }
  return end
}

/** The text with every person's name found masked as the reporter's is: first character kept, one star per further character. */
export function maskPersonNames(text: string, keep?: KeepWords) {
  const spans = findPersonNames(text, keep)
  if (spans.length === 0) return text
  let out = ''
  let at = 0
  for (const [start, end] of spans) {
    out += text.slice(at, start) + text[start] + '*'.repeat(end - start - 1)
    at = end
  }
  return out + text.slice(at)
}
