/**
 * The bulk import's rate (issue 17, item 7: ≥ 10,000 events/s on PostgreSQL for rows that carry a
 * category): writes a CSV of N historical events over the last year (mostly closed, the demo
 * city's communities, categories and channels), imports it into a fresh database through the
 * app's own importer (channels/import.ts: read and check every row, then the events module's
 * importEvents), and prints the check's and the write's events/s; then folds the rollup deltas the
 * import appended to rollup_pending, as the fold job would, and prints that apart.
 *
 *   node --import tsx bench/import.ts [--rows 100000] [--url postgres://…/xiaolan_import_bench | --pglite]
 *
 * The database named by --url is dropped and made again; --pglite imports into an in-memory PGlite.
 */

import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { foldRollups } from '../server/src/modules/analytics/fold.ts'
import { importFile } from '../server/src/modules/channels/import.ts'
import { seed } from '../server/src/seed.ts'
import { seededRandom } from './support.ts'

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/xiaolan_import_bench' },
    pglite: { type: 'boolean', default: false },
    file: { type: 'string', default: '/tmp/xiaolan-import-bench.csv' },
  },
})
const ROWS = Number(args.rows)
const DAY = 86_400_000

async function freshDatabase() {
  if (args.pglite) return openDatabase({})
  const url = new URL(args.url as string)
  const name = url.pathname.slice(1)
  const adminUrl = new URL(url)
  adminUrl.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: adminUrl.toString() })
  await admin.connect()
  await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)
  await admin.query(`create database ${pg.escapeIdentifier(name)}`)
  await admin.end()
  return openDatabase({ url: url.toString() })
}

const database = await freshDatabase()
await migrate(database)
await seed(database.db, { demo: true, log: { info() {} } })
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }), database })
const ctx = app.ctx

// the file: N rows over the last 365 days, a China-time minute each
const random = seededRandom(17)
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]
const communities = ctx.orgs.all().filter((u) => u.kind === 'center' && u.level === 4 && u.active)
const categories = ctx.categories.all().filter((c) => c.parentCode !== null)
const channels = ['hotline', 'hotline', 'hotline', 'app', 'app', 'grid', 'netizen', 'platform_3d', 'platform_safety', 'linkage']
const minute = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
const out = createWriteStream(args.file as string)
out.write('external_id,category,description,channel,created_at,community_code,address,state,resolved_at,closed_at,evaluation\n')
const now = Date.now()
for (let i = 0; i < ROWS; i++) {
  const created = now - 365 * DAY + Math.floor(random() * 355 * DAY)
  const resolved = created + Math.floor(random() * 5 * DAY) + 3_600_000
  const closed = resolved + Math.floor(random() * 3 * DAY) + 3_600_000
  const r = random()
  const state = r < 0.9 ? 'closed' : r < 0.95 ? 'resolved' : r < 0.97 ? 'in_progress' : r < 0.99 ? 'rejected' : 'assigned'
  const category = pick(categories)
  const line = [
    `HIS-${i}`,
    category.code,
    `${category.nameZh}：居民反映的历史工单第${i}号，已处理`,
    pick(channels),
    minute(created),
    pick(communities).code,
    '',
    state,
    state === 'closed' || state === 'resolved' ? minute(resolved) : '',
    state === 'closed' || state === 'rejected' ? minute(closed) : '',
    state === 'closed' ? pick(['satisfied', 'basically_satisfied', '', '']) : '',
  ].join(',')
  if (!out.write(`${line}\n`)) await once(out, 'drain')
}
out.end()
await once(out, 'finish')

let readAt = 0
const started = performance.now()
const report = await importFile(ctx, createReadStream(args.file as string), {
  format: 'csv',
  dryRun: false,
  onProgress: (phase, n) => {
    if (phase === 'read' && n === ROWS) readAt = performance.now()
    const s = (performance.now() - started) / 1000
    console.log(`${phase} ${n.toLocaleString('en')} rows at ${s.toFixed(1)} s`)
  },
})
const done = performance.now()
if (report.problems.length) throw new Error(`bad rows: ${JSON.stringify(report.problems.slice(0, 5))}`)
const checkS = (readAt - started) / 1000
const writeS = (done - readAt) / 1000
const totalS = (done - started) / 1000
console.log(
  `${database.kind}: ${report.imported.toLocaleString('en')} events — read and checked in ${checkS.toFixed(1)} s (${Math.round(ROWS / checkS)} rows/s), ` +
    `written in ${writeS.toFixed(1)} s (${Math.round(ROWS / writeS)} events/s); whole import ${totalS.toFixed(1)} s, ${Math.round(ROWS / totalS)} events/s`,
)
// the deltas the import appended to rollup_pending, folded as the fold job would (not part of the import's time)
const foldStarted = performance.now()
const folded = await foldRollups(database.db)
const foldS = (performance.now() - foldStarted) / 1000
console.log(`fold: ${folded.changed.toLocaleString('en')} pending rollup rows folded in ${foldS.toFixed(1)} s`)
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end`,
)
await app.close()
await database.close()
