/**
 * The early-warning scan's cost (研判预警, issue 16 item 5) on a loaded PostgreSQL database: the
 * time of `runScan` (hotspot over the 7-day window's events read by created_at, surge from the
 * rollups) as the minute job runs it, p50 and max of --runs scans, with the window's event count.
 *
 *   node --import tsx bench/load.ts --events 200000 --url postgres://…/xiaolan_k4   # fill it first
 *   node --import tsx bench/alerts.ts [--url …] [--runs 10]
 */
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { runScan } from '../server/src/modules/alerts/scan.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_bench' },
    runs: { type: 'string', default: '10' },
  },
})

const database = await openDatabase({ url: args.url as string })
await migrate(database)
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }), database })
const db = database.db
const total = Number((await sql<{ n: string }>`select count(*) as n from events`.execute(db)).rows[0].n)
const now = app.ctx.now()
const windowed = Number(
  (await sql<{ n: string }>`select count(*) as n from events where created_at >= ${new Date(now.getTime() - 7 * 86_400_000)}`.execute(db))
    .rows[0].n,
)
const times: number[] = []
let last = { raised: 0, updated: 0 }
for (let i = 0; i < Number(args.runs); i++) {
  const started = performance.now()
  const r = await runScan(app.ctx)
  times.push(performance.now() - started)
  if (i === 0) last = { raised: r.raised, updated: r.updated }
}
times.sort((a, b) => a - b)
const alerts = await sql<{ kind: string; n: string }>`select kind, count(*) as n from alerts group by kind`.execute(db)
console.log(
  JSON.stringify(
    {
      events: total,
      windowEvents: windowed,
      runs: times.length,
      p50ms: Math.round(times[Math.floor(times.length / 2)]),
      maxms: Math.round(times[times.length - 1]),
      firstRun: last,
      alerts: Object.fromEntries(alerts.rows.map((r) => [r.kind, Number(r.n)])),
    },
    null,
    2,
  ),
)
await app.close()
await database.close()
