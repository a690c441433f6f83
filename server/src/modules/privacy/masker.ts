/**
 * The one masker (DESIGN §10): every view that shows personal data to someone who may not read it
 * in full goes through here. It works on whole texts, before any truncation or derivation, and
 * reads numbers the way people write them: with spaces, hyphens, dots, dashes, full-width or
 * circled digits, zero-width characters, a +86 / 0086 prefix, in any grouping.
 *
 * Its own module rather than a corner of `accounts`: the events, channels and analytics modules
 * all build views through it, and none of it needs accounts' tables or sessions.
 */
import { type KeepWords, maskPersonNames } from './person-names.ts'

export { type KeepWords, keepWords } from './person-names.ts'

/** Who a text may be about: the reporter's names as written on the event and on their account, and their phone. */
export interface KnownPersonalData {
  names?: ReadonlyArray<string | null | undefined>
  numbers?: ReadonlyArray<string | null | undefined>
}

/** A contact field shown to staff who have not asked to see it: 139****5678. */
export const maskPhone = (phone: string | null) => (phone ? phone.replace(/^(.{3}).*(.{4})$/, '$1****$2') : null)

/** A name shown masked: its first character, then one star per further character (王**). */
export const maskName = (name: string | null) => (name ? `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}` : null)

/** How many characters of the description make an event's title when none was given. */
export const TITLE_CHARS = 24

/** The title an event gets when its reporter gave none: the start of its description. */
export const deriveTitle = (description: string) => [...description].slice(0, TITLE_CHARS).join('')

/**
 * An event's title through a masker. A title that was derived from the description is derived
 * again from the masked description, so a cut can never leave part of a number that the whole text
 * would have shown as one; a title of its own is masked whole.
 */
export function maskedTitle(event: { title: string; description: string }, mask: (text: string) => string) {
  return event.title === deriveTitle(event.description) ? deriveTitle(mask(event.description)) : mask(event.title)
}

/** Phones and ID numbers in free text, in any spelling (staff screens: the command hall). */
export const maskNumbers = (text: string, known: KnownPersonalData = {}) => maskDigitRuns(text, knownDigits(known))

/**
 * Free text shown to the public: phones, ID numbers and the reporter's known numbers in any
 * spelling, the reporter's names even with spaces inside, the names of anyone else the text
 * names (person-names.ts; `keep` holds the unit and category names never to take for one), and
 * the address below the building (幸福里小区3号楼2单元5楼502室 → 幸福里小区3号楼…), and e-mail addresses.
 */
export function maskForPublic(text: string, known: KnownPersonalData = {}, keep?: KeepWords) {
  return maskHouseNumbers(maskPersonNames(maskNames(maskDigitRuns(maskEmails(text), knownDigits(known)), known.names ?? []), keep))
}

/**
 * E-mail addresses, whole (the domain can name an employer): a partner's or an Open311 client's
 * reporter writes them into descriptions; full-width letters, ＠ and ． count too. The local part
 * stops at the first character outside an address's own (邮箱wang@… keeps 邮箱).
 */
const EMAIL = /[A-Za-z0-9Ａ-Ｚａ-ｚ０-９._%+-]+\s*[@＠]\s*[A-Za-z0-9Ａ-Ｚａ-ｚ０-９-]+(?:\s*[.．。]\s*[A-Za-z0-9Ａ-Ｚａ-ｚ０-９-]+)+/g
const maskEmails = (text: string) => text.replace(EMAIL, '***@***')

// ---- numbers ----------------------------------------------------------------------------------

/**
 * Characters people put between the digits of one number: spaces, dashes, dots, brackets, +,
 * zero-width, and the CJK punctuation a caller's words may carry (138、0013、8000, 138｜0013,
 * 138～0013, quotes and book marks).
 */
const SEPARATOR =
  /^[\s\p{Cf}\-‐‑‒–—―−－﹣.．。·・•‧∙/／\\_＿()（）[\]【】〔〕〖〗+＋,，:：;；、､|｜~～〜'＇"＂“”‘’「」『』〈〉《》<>＜＞*＊]$/u
/** Separators that also part the items of a list (3、5、7号楼): a span across them must not read as a list. */
const LIST_SEPARATOR = /^[,，;；、､]$/u
/** At most this many separator characters inside one number ("138 - 0000"). */
const MAX_GAP = 3
/** The longest number looked for: 0086 + 11 digits, an 18-character ID, a 12-digit landline. */
const MAX_DIGITS = 20
/** Event numbers (LZ20261130-000123) are public and never part of a phone or ID number. */
const EVENT_NUMBER = /LZ\d{8}-\d{6,7}/gi

const MOBILE = /^(?:0086|86|0)?(1[3-9]\d{9})$/
const ID_18 = /^[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/
const ID_15 = /^[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/
const LANDLINE = /^0[1-9]\d{1,2}[2-9]\d{6,7}$/

/** One character's digit (full-width, circled, mathematical … by NFKC), 'X' for an ID's check character, else null. */
function digitOf(ch: string): string | null {
  if (ch >= '0' && ch <= '9') return ch
  if (ch === 'X' || ch === 'x' || ch === 'Ｘ' || ch === 'ｘ') return 'X'
  if (ch.charCodeAt(0) < 0x80) return null
  const n = ch.normalize('NFKC')
  return n.length === 1 && n >= '0' && n <= '9' ? n : null
}

function knownDigits(known: KnownPersonalData) {
  const out = new Set<string>()
  for (const n of known.numbers ?? []) {
    const digits = [...(n ?? '')]
      .map(digitOf)
      .filter((d) => d !== null && d !== 'X')
      .join('')
    if (digits.length >= 5) out.add(digits)
  }
  return out
}

/** What a run of digits is, if it is personal: the masked form to show instead. */
function maskedNumber(digits: string, known: Set<string>): string | null {
  const mobile = MOBILE.exec(digits)
  if (mobile) return `${mobile[1].slice(0, 3)}****${mobile[1].slice(-4)}`
  if (ID_18.test(digits) || ID_15.test(digits)) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`
  if (LANDLINE.test(digits)) return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`
  const plain = digits.replace(/X$/, '')
  for (const k of known) if (plain === k || plain.endsWith(k)) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`
  return null
}

interface Group {
  start: number
  end: number
  digits: string
}

/**
 * Finds the groups of digits (a group may end in X), chains the groups that only separators
 * part, and masks every span of whole groups that reads as a phone or ID number, the longest
 * first. Spans are taken group by group, so a date or an amount written next to a number neither
 * hides it nor is swallowed by it.
 */
function maskDigitRuns(text: string, known: Set<string>): string {
  const chars = [...text]
  const shielded = new Set<number>()
  // code-point offsets of the event numbers, which stay as they are
  for (const m of text.matchAll(EVENT_NUMBER)) {
    const from = [...text.slice(0, m.index)].length
    for (let i = 0; i < m[0].length; i++) shielded.add(from + i)
  }
  const chains: Group[][] = []
  let chain: Group[] = []
  let gap = 0
  let i = 0
  while (i < chars.length) {
    const d = shielded.has(i) ? null : digitOf(chars[i])
    // an ID's check character may stand apart too (…0112 3 X), but never starts a number
    if (d !== null && (d !== 'X' || chain.length > 0)) {
      const start = i
      let digits = ''
      while (i < chars.length && !shielded.has(i)) {
        const c = digitOf(chars[i])
        if (c === null) break
        digits += c
        i++
        if (c === 'X') break
      }
      chain.push({ start, end: i, digits })
      gap = 0
      continue
    }
    if (chain.length > 0 && SEPARATOR.test(chars[i]) && gap < MAX_GAP && !chain[chain.length - 1].digits.endsWith('X')) {
      gap++
      i++
      continue
    }
    if (chain.length > 0) chains.push(chain)
    chain = []
    gap = 0
    i++
  }
  if (chain.length > 0) chains.push(chain)

  const replacements: Array<{ start: number; end: number; text: string }> = []
  for (const groups of chains) {
    let g = 0
    while (g < groups.length) {
      let best: { end: number; text: string; next: number } | null = null
      let digits = ''
      for (let j = g; j < groups.length; j++) {
        // an X ends an ID number: it cannot sit inside a longer one
        if (j > g && groups[j - 1].digits.endsWith('X')) break
        digits += groups[j].digits
        if (digits.length > MAX_DIGITS) break
        const masked = maskedNumber(digits, known)
        if (masked && !isList(chars, groups, g, j)) best = { end: groups[j].end, text: masked, next: j + 1 }
      }
      if (best) {
        // +86 138…: the plus goes with the number
        const start = groups[g].start - (groups[g].start > 0 && /^[+＋]$/.test(chars[groups[g].start - 1]) ? 1 : 0)
        replacements.push({ start, end: best.end, text: best.text })
        g = best.next
      } else g++
    }
  }
  if (replacements.length === 0) return text
  let out = ''
  let at = 0
  for (const r of replacements) {
    out += chars.slice(at, r.start).join('') + r.text
    at = r.end
  }
  return out + chars.slice(at).join('')
}

/**
 * Whether groups g..j are the items of a list rather than one number: three or more short groups
 * (≤ 3 digits) parted by list punctuation (、，;) and rising (1、2、3; 13、15、17、19、21、23号楼).
 *
 * Not a list, though short and rising: exactly four chunks of two or three digits (13、456、789、999:
 * 2-3-3-3 is the only way four items of at most three digits make a mobile's 11, and the lists
 * that spell one, 1、3、5、7、9、11、13、15 or 13、15、17、19、201号楼, have five items or more), and
 * an item with a leading zero its predecessor does not share in width (8、071 is part of a number;
 * 01、02、03 is a list). Five or more short rising items stay a list even when their digits spell a mobile.
 */
function isList(chars: string[], groups: Group[], g: number, j: number) {
  if (j - g < 2) return false
  let chunks = true
  for (let k = g; k <= j; k++) {
    const digits = groups[k].digits
    if (digits.length > 3 || digits.endsWith('X')) return false
    if (digits.length < 2) chunks = false
    if (k > g) {
      const previous = groups[k - 1].digits
      const between = chars.slice(groups[k - 1].end, groups[k].start)
      if (!between.some((c) => LIST_SEPARATOR.test(c))) return false
      if (Number(digits) <= Number(previous)) return false
      if (digits.length > 1 && digits[0] === '0' && digits.length !== previous.length) return false
    }
  }
  return !(chunks && j - g === 3)
}

// ---- names ------------------------------------------------------------------------------------

/** What may stand between the characters of a written name: spaces of any width, dots, dashes, zero-width. */
const NAME_GAP = '[\\s\\p{Cf}·・.．\\-－_]{0,3}'

function maskNames(text: string, names: ReadonlyArray<string | null | undefined>) {
  let out = text
  const distinct = new Set(names.map((n) => (n ?? '').replace(/[\s\p{Cf}·・.．\-－_]/gu, '')).filter((n) => [...n].length >= 2))
  // longer names first, so 欧阳小兰 is masked whole before 小兰 is looked for
  for (const name of [...distinct].sort((a, b) => b.length - a.length)) {
    const chars = [...name]
    const pattern = new RegExp(chars.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(NAME_GAP), 'giu')
    out = out.replace(pattern, maskName(name) as string)
  }
  return out
}

// ---- house, unit and room numbers -------------------------------------------------------------

const N = '[0-9０-９一二三四五六七八九十百零〇两]+'
const D = '[0-9０-９]'
const DASH = '\\s*[-－–—]\\s*'
/** Where a flat's address goes below the building: everything after these is a unit, floor or room. */
const BUILDING = '(?:号楼|楼栋|栋|幢|座|单元)'
/** Words after a number that make it an amount, a duration, a count or a date, not a room. */
const NOT_A_ROOM = '(?:米|元|块|年|月|日|天|周|小时|分钟|个|次|人|名|辆|平|公里|斤|吨|%|％)'
const LETTER = '[A-Za-zＡ-Ｚａ-ｚ]'
/** One step below the building: a unit, a floor (5楼, 5层, F5, 5F, 负1层), a room (502号, 502室, 502户, 5-502, -502, B1203, 502). */
const BELOW_BUILDING = [
  `${N}\\s*单元`,
  `${D}{1,2}${DASH}${D}{2,4}(?!${D})`,
  `(?:负|-|－)?${N}\\s*(?:层|楼(?!道|下|上|梯|顶|前|后|里|内|外|房))`,
  `[FfＦｆ]\\s*${D}{1,2}(?!${D})`,
  `${D}{1,2}\\s*[FfＦｆ]`,
  `${LETTER}?${D}{1,4}\\s*(?:号房|房间|室(?!\\s*[0-9０-９一二三四五六七八九两]?\\s*厅)|房)`,
  `${LETTER}?${D}{3,4}\\s*(?:号|户)`,
  `${LETTER}?${D}{3,4}(?![0-9０-９\\-－–—]|\\s*${NOT_A_ROOM})`,
].join('|')
const HOUSE_PATTERNS = [
  // 3号楼2单元5楼502号, 3栋5层, 3号楼F5, 3号楼5-502, 3号楼-502, 3栋B1203: all of it below the building
  new RegExp(`(?<=${BUILDING})(?:\\s*[-－]?\\s*(?:${BELOW_BUILDING}))+`, 'gu'),
  // 2-1-502: building-unit-room (a date is written 2026-11-30 in Chinese text: its year is too long to be a building)
  new RegExp(`(?<![0-9０-９\\-－–—])${D}{1,3}${DASH}${D}{1,2}${DASH}${D}{3,4}(?![0-9０-９])`, 'gu'),
  // 3-502室
  new RegExp(`${N}${DASH}${N}\\s*(?:室|号房|房间)`, 'gu'),
  // 2单元, 2单元502, 2单元5层502室
  new RegExp(`${N}\\s*单元(?:\\s*[-－]?\\s*${N}\\s*(?:层|楼(?!${D})))?(?:\\s*[-－]?\\s*${N}\\s*(?:号房|房间|室|号|房)?)?`, 'gu'),
  // 502室, 502号房 (not 2室1厅, a flat's layout)
  new RegExp(`${N}\\s*(?:号房|房间|室(?!\\s*[0-9０-９一二三四五六七八九两]?\\s*厅))`, 'gu'),
  // 5栋301: the room right after the building
  new RegExp(
    `(?<=(?:号楼|栋|幢|座)\\s*)[-－]?\\s*${D}{3,4}(?![0-9０-９]|\\s*(?:米|元|年|月|日|天|号|个|次|人|户|单元|层|楼|平|公里|%|％))`,
    'gu',
  ),
]

function maskHouseNumbers(text: string) {
  let out = text
  for (const pattern of HOUSE_PATTERNS) {
    out = out.replace(pattern, '…')
  }
  return out.replace(/…(?:\s*…)+/g, '…')
}
