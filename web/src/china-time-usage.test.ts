/**
 * Every time the web shows is China time (Asia/Shanghai), whatever zone the browser runs in: a date
 * is formatted or taken apart only in lib/china-time.ts. A source that formats or reads an instant
 * by the browser's zone itself — toLocaleDateString, an Intl.DateTimeFormat, a Date's local getters,
 * dayjs() — fails here with its line.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = dirname(fileURLToPath(import.meta.url))
const HOME = join('lib', 'china-time.ts')

/** What reads an instant in the browser's zone (or names a zone) instead of asking lib/china-time.ts. */
const BROWSER_ZONE: Array<[RegExp, string]> = [
  [/\.toLocale(Date|Time)String\(/, 'toLocaleDateString / toLocaleTimeString'],
  // a number's toLocaleString() (1,000) is no time; a date's is, and so is any with options (a zone, hour12)
  [/(\)|[Dd]ate|[Tt]ime|At|Until)\.toLocaleString\(|\.toLocaleString\([^)]/, 'a date’s toLocaleString'],
  [/Intl\.DateTimeFormat/, 'Intl.DateTimeFormat'],
  [/\.get(FullYear|Month|Date|Day|Hours|Minutes|Seconds|TimezoneOffset)\(/, 'a Date’s local getter'],
  [/\.set(FullYear|Month|Date|Hours|Minutes|Seconds)\(/, 'a Date’s local setter'],
  [/\bdayjs\(/, 'dayjs() (the browser’s day)'],
  [/timeZone\s*:/, 'a time zone named outside lib/china-time.ts'],
]

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : []
  })
}

/** `file:line: what` for each line of `text` that reads time by the browser's zone. */
export function browserZoneUses(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, n) =>
      BROWSER_ZONE.filter(([pattern]) => pattern.test(line)).map(([, what]) => `${file}:${n + 1}: ${what}: ${line.trim()}`),
    )
}

test('no source but lib/china-time.ts formats or reads a time by the browser’s zone', () => {
  const files = sources(root)
  assert.ok(files.length > 50, 'the sources were found')
  const found = files.filter((f) => relative(root, f) !== HOME).flatMap((f) => browserZoneUses(relative(root, f), readFileSync(f, 'utf8')))
  assert.deepEqual(found, [])
})

test('the scan tells a time formatted by the browser from a number and from China time', () => {
  const bad = [
    'const s = new Date(e.createdAt).toLocaleString()',
    "at.toLocaleString('zh-CN', { hour12: false })",
    'createdAt.toLocaleString()',
    'd.toLocaleDateString()',
    "new Intl.DateTimeFormat('zh-CN').format(d)",
    'const year = new Date().getFullYear()',
    'dayjs().startOf("day")',
    "{ timeZone: 'Asia/Shanghai' }",
  ]
  for (const line of bad) assert.equal(browserZoneUses('x.ts', line).length, 1, line)
  const good = [
    'INBOX_COUNT_CAP.toLocaleString()',
    'progress.rows.toLocaleString()',
    'formatChinaTime(e.at)',
    'Date.parse(d) < Date.now()',
    'new Date(d).getTime()',
    "range[0].format('YYYY-MM-DD')",
    'd.getUTCHours()',
  ]
  for (const line of good) assert.deepEqual(browserZoneUses('x.ts', line), [], line)
})
