/**
 * Partner batch ingestion beside its ceiling, in one run on PostgreSQL (issue 17, item 3):
 *   - the ceiling: the same 1,000 items as one multi-row INSERT of events-like rows per statement
 *     (a table `like events`, its primary key and unique number, no other index, no log, no rollups),
 *     taking turns with the app batch by batch so both see the same load of the shared machine;
 *   - the app: `POST /api/v1/ingest/events` with an API client's key, batches of 1,000 items that
 *     carry a category and a community (so no classifier and no gazetteer), through `app.inject` in
 *     this process (no HTTP, no second process: what is measured is the server's own work).
 *
 *   node --import tsx bench/ingest.ts [--url postgres://postgres@127.0.0.1:5432/postgres] [--batches 3] [--write]
 *
 * Makes its own database (xiaolan_ibench_…) next to --url, seeds the demo city, drops it at the end.
 * Checks that every item was created and that the log and the rollups count exactly the events made.
 */
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { DEMO_PASSWORD } from '../server/src/seed/demo/accounts.ts'
import { seed } from '../server/src/seed.ts'
import { seededRandom, writeReadmeSection } from './support.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    batches: { type: 'string', default: '3' },
    size: { type: 'string', default: '1000' },
    write: { type: 'boolean', default: false },
  },
})
const BATCHES = Number(args.batches)
const commit = () => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
const SIZE = Number(args.size)

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2))
  const name = `xiaolan_ibench_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: args.url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(args.url as string)
  url.pathname = `/${name}`
  const database = await openDatabase({ url: url.toString() })
  try {
    await migrate(database)
    await seed(database.db, { demo: true, log: { info() {} } })
    await sql`create table bench_ceiling (like events including defaults including identity including constraints)`.execute(database.db)
    await sql`alter table bench_ceiling add primary key (id), add unique (number)`.execute(database.db)
    // the same rows into a table with every index of events: what the events table's own indexes cost
    await sql`create table bench_indexed (like events including all)`.execute(database.db)
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'error', RATE_LIMIT_CLIENT_PER_MINUTE: '1000000' }, { demo: true }),
      database,
    })
    const ctx = app.ctx
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } })
    const cookie = `xiaolan_session=${login.cookies.find((c) => c.name === 'xiaolan_session')?.value}`
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/api-clients',
      headers: { cookie, 'x-csrf-token': login.json().csrfToken },
      payload: { name: '基准测试平台', channels: ['platform_3d'] },
    })
    const key = created.json().key as string

    const communities = ctx.orgs.all().filter((u) => u.kind === 'center' && u.level === 4 && u.active)
    const categories = ['sanitation.garbage', 'roads.streetlight', 'environment.noise'].filter((c) => ctx.categories.get(c))
    const random = seededRandom(17)
    let n = 0
    const batch = () =>
      Array.from({ length: SIZE }, () => {
        const community = communities[Math.floor(random() * communities.length)]
        n++
        return {
          externalId: `B-${n}`,
          category: categories[n % categories.length],
          description: `批量接入基准测试第${n}件：小区门口垃圾堆积`,
          communityCode: community.code,
        }
      })

    // the ceiling: one multi-row INSERT per batch of like rows
    const root = ctx.orgs.root().path
    const ceilingBatch = async (b: number, items: ReturnType<typeof batch>, table = 'bench_ceiling') => {
      const now = new Date()
      const rows = items.map((it, i) => {
        const community = ctx.orgs.byCode(it.communityCode)
        const district = community ? ctx.orgs.byCode(community.path.split('.')[1]) : undefined
        return {
          number: `C${b}-${i}`,
          title: it.description.slice(0, 20),
          description: it.description,
          category_code: it.category,
          priority: 'normal',
          channel: 'platform_3d',
          community_id: community?.id ?? null,
          district_id: district?.id ?? null,
          area_path: community?.path ?? root,
          external_id: it.externalId,
          state: 'assigned',
          current_unit_id: community?.id ?? null,
          sign_deadline: now,
          resolve_deadline: new Date(now.getTime() + 86_400_000),
          created_at: now,
          updated_at: now,
        }
      })
      await (database.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>)
        .insertInto(table)
        .values(rows)
        .execute()
      return rows.length
    }
    // the app: POST /ingest/events, one batch per request
    const appBatch = async (items: ReturnType<typeof batch>) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/ingest/events', headers: { 'x-api-key': key }, payload: { items } })
      if (res.statusCode !== 200) throw new Error(`ingest ${res.statusCode}: ${res.body}`)
      return (res.json().items as Array<{ status: string }>).filter((r) => r.status === 'created').length
    }
    // turn about, a ceiling batch then an app batch, so both see the same load of the shared machine
    let ceilingRows = 0
    let ceilingMs = 0
    let indexedRows = 0
    let indexedMs = 0
    let made = 0
    let appMs = 0
    for (let b = 0; b < BATCHES; b++) {
      const ceilingItems = batch()
      let started = performance.now()
      ceilingRows += await ceilingBatch(b, ceilingItems)
      ceilingMs += performance.now() - started
      started = performance.now()
      indexedRows += await ceilingBatch(b, ceilingItems, 'bench_indexed')
      indexedMs += performance.now() - started
      const items = batch()
      started = performance.now()
      made += await appBatch(items)
      appMs += performance.now() - started
      console.log(
        `batch ${b + 1}/${BATCHES}: ceiling ${ceilingRows} rows, app ${made} events (${(made / (appMs / 1000)).toFixed(0)} events/s so far)`,
      )
    }

    const events = Number(
      (await sql<{ n: string }>`select count(*) as n from events where source_client_id is not null`.execute(database.db)).rows[0].n,
    )
    const submits = Number(
      (
        await sql<{ n: string }>`select count(*) as n from event_actions a join events e on e.id = a.event_id
          where e.source_client_id is not null and a.action = 'submit'`.execute(database.db)
      ).rows[0].n,
    )
    const rolled = Number(
      (
        await sql<{ n: string }>`select coalesce(sum(n), 0) as n from rollup_created_exact
          where channel = 'platform_3d' and unit_id = ${ctx.orgs.root().id}`.execute(database.db)
      ).rows[0]?.n ?? 0,
    )
    await app.close()

    const ceilingRate = ceilingRows / (ceilingMs / 1000)
    const appRate = made / (appMs / 1000)
    const results = [
      `ceiling (one multi-row INSERT of ${SIZE} like rows per statement): ${ceilingRows} rows in ${(ceilingMs / 1000).toFixed(2)} s = ${ceilingRate.toFixed(0)} rows/s`,
      `the same rows into a table with all of events' indexes: ${indexedRows} rows in ${(indexedMs / 1000).toFixed(2)} s = ${(indexedRows / (indexedMs / 1000)).toFixed(0)} rows/s`,
      `POST /api/v1/ingest/events (${BATCHES} batches of ${SIZE}, category and community given): ${made} created in ${(appMs / 1000).toFixed(2)} s = ${appRate.toFixed(0)} events/s`,
      `of the ceiling: ${((appRate / ceilingRate) * 100).toFixed(1)} % (target ≥ 50 %: ${appRate / ceilingRate >= 0.5 ? 'PASS' : 'FAIL'})`,
      `exact: ${events} events with a source, ${submits} submit entries, ${rolled} in the city's platform_3d created rollup (expected ${made} each)`,
    ]
    for (const line of results) console.log(line)
    if (args.write) {
      writeReadmeSection({
        title: '## Partner batch ingestion beside its ceiling (bench/ingest.ts)',
        machine: `nproc ${os.cpus().length}, ${os.cpus()[0]?.model}, ${os.platform()} ${os.arch()}, load average ${loadAtStart.join(' ')} at the start; PostgreSQL 15 on the same machine`,
        command: `node --import tsx bench/ingest.ts --batches ${BATCHES} --size ${SIZE} --write`,
        results,
        notes: [
          "The app writes each batch through the events module's batch path (events/commands/batch.ts): every item",
          'checked, placed and planned in JS, the numbers reserved in one statement, then one transaction of a few',
          'statements for the whole batch (the events rows with ON CONFLICT on client and external id; the log with its',
          'units and scopes; the rollup deltas, the webhook messages and the NOTIFY once each). The ceiling and the app',
          `take turns batch by batch; load average ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')} at the end; commit ${commit()}.`,
        ],
      })
    }
  } finally {
    await database.close()
    const drop = new pg.Client({ connectionString: args.url })
    await drop.connect()
    await drop.query(`drop database if exists ${name} with (force)`)
    await drop.end()
  }
}

await main()
