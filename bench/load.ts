/**
 * Load generator: N events with the demo city's realistic mix, written in bulk through the same
 * code as production — every step is the lifecycle's pure `transition` (routing, deadlines,
 * signing, escalation, resolution, evaluation, auto-close), the log entries are the ones it
 * returns, and the rollups are summed by the analytics listener's own `addDeltas` and written
 * straight into the folded rollup tables (`writeFolded` below) — only batched: one transaction per
 * batch of events, its rows streamed with COPY.
 *
 *   node --import tsx bench/load.ts --events 1000000 [--residents 4000000] [--url postgres://…/xiaolan_bench]
 *     [--days 365] [--batch 5000] [--workers 1] [--rebuild-indexes]
 *
 * --residents N first adds N registered residents (unique mobile numbers of the mainland's
 * operators' prefixes, names, valid ID numbers with their check character — stored as the app's
 * real-name check stores them: plain, the ID number upper-cased; 85 % real-name verified), in
 * batches; the app's share of events is then reported by verified residents (reporter_resident_id,
 * name and phone as POST /resident/events writes them; the reporter evaluates), each active reporter
 * with 1–20 events, so 我的 has data.
 * Traffic as it goes: what routes to a district center is mostly dispatched to the department that
 * owns the category (of the district, else the city's), which signs, resolves (a few drag on for
 * weeks: the departments' old queues) and goes to 办结审核 at the dispatching center; a few are
 * returned; some streets dispatch what their communities escalate.
 * --rebuild-indexes drops the secondary indexes of residents, events and their log tables before
 * the bulk load and builds them again after it (then vacuum analyze): for a fresh big database.
 *
 * Distributions: district volume ∝ population; weekdays busier than weekends, office hours busier
 * than nights; category and channel mixes of a 12345 centre (mostly hotline and app); progress by
 * age — each step happens at a sampled delay after the previous one (a few drag on for weeks), and
 * only steps before now are applied, so old events are closed and today's still wait to be signed.
 * --workers K: K processes plan and write at once, each the days `day % K` (so each day's public
 * numbers are one process's) with one connection and its batches in sequence (the next planned
 * while the last is written); ids come from the sequences in contiguous ranges under a lock.
 */
import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { Kysely, PostgresDialect, type PostgresPool, sql } from 'kysely'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { loadConfig } from '../server/src/config.ts'
import type { AppContext } from '../server/src/context.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import type { DB } from '../server/src/db/types.ts'
import { withCheckDigit } from '../server/src/modules/accounts/id-number.ts'
import * as rollups from '../server/src/modules/analytics/rollups.ts'
import { addDeltas, areaResolver, emptyDeltas, type RollupDeltas } from '../server/src/modules/analytics/rollups.ts'
import { loadCategories } from '../server/src/modules/events/categories.ts'
import { transitionContext } from '../server/src/modules/events/commands/write.ts'
import {
  type ActionRequest,
  type Actor,
  type EventState,
  initialState,
  type LogEntry,
  submitEntry,
  transition,
} from '../server/src/modules/events/lifecycle.ts'
import { actionRow, stateColumns } from '../server/src/modules/events/queries.ts'
import { loadOrgDirectory, type OrgUnit } from '../server/src/modules/orgs/directory.ts'
import { firstUnit, ownerDepartment } from '../server/src/modules/routing/route.ts'
import { loadSlaSettings } from '../server/src/modules/sla/settings.ts'
import { seed } from '../server/src/seed.ts'
import { seededRandom } from './support.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_bench' },
    days: { type: 'string', default: '365' },
    batch: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    residents: { type: 'string', default: '0' },
    'rebuild-indexes': { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
    // internal: the index of a worker process among --workers
    worker: { type: 'string' },
  },
})
const RESIDENTS = Number(args.residents)
const WORKERS = Math.max(1, Number(args.workers))
const WORKER = args.worker === undefined ? null : Number(args.worker)
const TOTAL = Number(args.events)
const DAYS = Number(args.days)
const BATCH = Number(args.batch)

/** Resident population (10k) of the districts, 2020 census, rounded: volume follows it. */
const POPULATION: Record<string, number> = {
  城关区: 150,
  七里河区: 70,
  西固区: 38,
  安宁区: 39,
  红古区: 14,
  永登县: 35,
  皋兰县: 16,
  榆中县: 44,
}
const CATEGORY_MIX: Record<string, number> = {
  municipal: 12,
  sanitation: 14,
  environment: 6,
  property: 12,
  utilities: 9,
  transport: 7,
  labor: 5,
  market: 6,
  housing: 4,
  safety: 4,
  security: 3,
  dispute: 5,
  education: 3,
  health: 3,
  civil: 3,
  rural: 2,
  consult: 8,
  suggestion: 2,
}
const CHANNEL_MIX: Record<string, number> = { hotline: 52, app: 28, grid: 9, netizen: 5, platform_3d: 2, platform_safety: 2, linkage: 2 }
/** Calls per hour of day (Asia/Shanghai), relative. */
const HOURS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 9, 12, 12, 10, 7, 7, 10, 11, 10, 9, 6, 5, 4, 3, 2, 1.5]
/** Monday … Sunday */
const WEEKDAYS = [1.15, 1.05, 1, 1, 0.95, 0.7, 0.6]

// a small seeded generator: the same --seed (and --workers) gives the same city of events
const random = seededRandom(Number(args.seed) + 7919 * (WORKER ?? 0))
const weighted = <T>(entries: Array<[T, number]>) => {
  const total = entries.reduce((s, [, w]) => s + w, 0)
  return () => {
    let r = random() * total
    for (const [v, w] of entries) {
      r -= w
      if (r < 0) return v
    }
    return entries[entries.length - 1][0]
  }
}
const exponential = (meanMs: number) => -Math.log(1 - random()) * meanMs
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
const HOUR = 3600_000
const DAY = 24 * HOUR

/** The mainland's mobile prefixes (China Mobile, Unicom, Telecom, Broadcast), the first three digits of a number. */
const PHONE_PREFIXES = [
  134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 157, 158, 159, 178, 182, 183, 184, 187, 188, 198, 130, 131, 132, 155, 156, 166, 175,
  176, 185, 186, 133, 149, 153, 173, 177, 180, 181, 189, 191, 199,
]
/** The commonest surnames (about half of the population), roughly by frequency. */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰春梅海燕文斌辉鹏宇浩然子轩欣怡梓涵雨萱佳琪晨阳俊杰博文思远嘉怡晓东海波永清德福国庆小龙金花红梅淑珍'
/** Where residents' ID numbers were issued: the eight districts/counties and a few other Gansu places. */
const ID_AREAS = ['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123', '620402', '620502', '621102', '622901']
const BIRTH_FROM = Date.UTC(1940, 0, 1)
const BIRTH_DAYS = Math.floor((Date.UTC(2007, 11, 31) - BIRTH_FROM) / DAY)
const ID_SPACE = ID_AREAS.length * BIRTH_DAYS * 999

/** A small integer hash (the resident's fields follow from its index alone, so a reporter's name needs no lookup). */
const mix = (i: number, salt: number) => {
  let h = Math.imul(i ^ salt, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h, 0x85ebca77)
  h ^= h >>> 13
  return h >>> 0
}
const PHONE_SPACE = PHONE_PREFIXES.length * 100_000_000
/** Resident i's mobile number: a bijection of i over prefix × 8 digits (so no two collide), scattered over the space. */
const phoneOf = (i: number) => {
  const p = (i * 7_368_787 + 20_361_118) % PHONE_SPACE
  return `${PHONE_PREFIXES[p % PHONE_PREFIXES.length]}${String(Math.floor(p / PHONE_PREFIXES.length)).padStart(8, '0')}`
}
const nameOf = (i: number) => {
  const h = mix(i, 11)
  const surname = SURNAMES[Math.floor(SURNAMES.length * (mix(i, 3) / 4294967296) ** 1.6)]
  const a = GIVEN[h % GIVEN.length]
  const b = GIVEN[(h >>> 8) % GIVEN.length]
  return h % 10 < 3 ? surname + a : surname + a + b
}
/** A valid, unique ID number: issuing area, birth date, sequence (odd for men) and check character. */
const idNumberOf = (i: number) => {
  let k = (i * 104_729 + 7_777) % ID_SPACE
  const seq = (k % 999) + 1
  k = Math.floor(k / 999)
  const birth = new Date(BIRTH_FROM + (k % BIRTH_DAYS) * DAY)
  const area = ID_AREAS[Math.floor(k / BIRTH_DAYS)]
  const date = birth.toISOString().slice(0, 10).replaceAll('-', '')
  return withCheckDigit(`${area}${date}${String(seq).padStart(3, '0')}`).toUpperCase()
}
const isVerified = (i: number) => mix(i, 5) % 100 < 85

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'string') return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (v instanceof Date) return v.toISOString()
  // objects and arrays are jsonb; an int[] column's value comes as its literal (pgArray)
  return copyValue(JSON.stringify(v))
}
/**
 * The bulk writer of the folded rollup tables (one multi-row upsert per table under the rollup
 * writers' lock): `writeFolded` once the write path appends deltas to a pending table folded by a
 * job (issue 15), `writeDeltas` before — the loader always writes the folded tables directly.
 */
const writers = rollups as unknown as Record<'writeFolded' | 'writeDeltas', typeof rollups.writeDeltas | undefined>
const writeFolded = (writers.writeFolded ?? writers.writeDeltas) as typeof rollups.writeDeltas

/** An int[] value in COPY's text format. */
const pgArray = (ids: number[]) => `{${ids.join(',')}}`
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** Streams rows (objects with the same keys in the same order) into a table with COPY … FROM STDIN. */
async function copyRows(client: pg.PoolClient | pg.Client, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const lines: string[] = new Array(rows.length)
  for (const [i, row] of rows.entries()) {
    let line = ''
    for (const [k, c] of columns.entries()) line += (k === 0 ? '' : '\t') + copyValue(row[c])
    lines[i] = line
  }
  const stream = client.query(copyFrom(`copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`))
  const text = `${lines.join('\n')}\n`
  await pipeline(Readable.from([text]), stream)
}

/** A Kysely that runs on one client (so the rollup writer joins the batch's transaction). */
function kyselyOn(client: pg.Client): Kysely<DB> {
  const pool = {
    connect: async () => Object.assign(client, { release() {} }),
    end: async () => {},
  }
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) })
}

/**
 * Contiguous ids from a table's identity sequence: the loader's processes are the only writers of
 * the bench database, and take turns (a session lock) between the sequence's nextval and setval.
 */
async function reserveRange(client: pg.Client, table: string, n: number): Promise<number> {
  await client.query(`select pg_advisory_lock(hashtext('xiaolan_bench_load_ids'))`)
  try {
    const { rows } = await client.query<{ first: string }>(
      `select setval(pg_get_serial_sequence($1, 'id'), nextval(pg_get_serial_sequence($1, 'id')) + $2 - 1) - $2 + 1 as first`,
      [table, n],
    )
    return Number(rows[0].first)
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('xiaolan_bench_load_ids'))`)
  }
}

const BULK_TABLES = ['residents', 'events', 'event_actions', 'event_units', 'event_scopes']
interface DroppedIndex {
  table: string
  name: string
  definition: string
  constraint: boolean
}

/**
 * The secondary indexes (and unique constraints; event_scopes' key too, whose inserts land all over
 * it) of the bulk tables, dropped for the load; their definitions are printed and kept in a file so
 * that a crashed load can put them back.
 */
async function dropIndexes(client: pg.Client): Promise<DroppedIndex[]> {
  const { rows } = await client.query<{ table: string; name: string; def: string; con: string | null; condef: string | null }>(
    `select t.relname as table, ic.relname as name, pg_get_indexdef(i.indexrelid) as def, c.conname as con,
            pg_get_constraintdef(c.oid) as condef
       from pg_index i
       join pg_class t on t.oid = i.indrelid
       join pg_class ic on ic.oid = i.indexrelid
       join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = t.oid and c.contype in ('u', 'p', 'x')
      where t.relname = any($1) and (not i.indisprimary or t.relname = 'event_scopes')
      order by t.relname, ic.relname`,
    [BULK_TABLES],
  )
  const dropped = rows.map((r) => ({
    table: r.table,
    name: r.con ?? r.name,
    definition: r.con ? `alter table ${r.table} add constraint ${r.con} ${r.condef}` : r.def,
    constraint: r.con !== null,
  }))
  writeFileSync('/tmp/xiaolan-load-indexes.json', JSON.stringify(dropped, null, 2))
  for (const d of dropped) {
    console.log(`dropping ${d.name}: ${d.definition}`)
    await client.query(d.constraint ? `alter table ${d.table} drop constraint ${d.name}` : `drop index ${d.name}`)
  }
  return dropped
}

async function rebuildIndexes(client: pg.Client, dropped: DroppedIndex[]) {
  await client.query(`set maintenance_work_mem = '1GB'`)
  await client.query('set max_parallel_maintenance_workers = 1')
  for (const d of dropped) {
    const t = performance.now()
    await client.query(d.definition)
    console.log(`built ${d.name} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
}

/**
 * The coordinator: migrates and seeds, drops the indexes, adds the residents, then has --workers
 * processes plan and write the events (each its share of the days, so each day's numbers are one
 * process's), and rebuilds the indexes when they are done.
 */
async function coordinate() {
  const database = await openDatabase({ url: args.url as string })
  await migrate(database)
  const db = database.db
  const { n: units } = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (Number(units) === 0) await seed(db, { demo: true, log: { info: (m: unknown) => console.log(String(m)) } })
  const client = new pg.Client({ connectionString: args.url as string })
  await client.connect()
  const started = performance.now()
  const dropped = args['rebuild-indexes'] ? await dropIndexes(client) : []
  await addResidents(client)

  const eventsStarted = performance.now()
  const made = new Array<number>(WORKERS).fill(0)
  await Promise.all(
    Array.from(
      { length: WORKERS },
      (_, w) =>
        new Promise<void>((resolve, reject) => {
          const argv = process.argv.slice(2).filter((a) => a !== '--rebuild-indexes')
          const child = fork(new URL(import.meta.url).pathname, [...argv, '--residents', '0', '--worker', String(w)], {
            execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
          })
          child.on('message', (m: { made: number; phases: string }) => {
            made[w] = m.made
            const total = made.reduce((s, n) => s + n, 0)
            const seconds = (performance.now() - eventsStarted) / 1000
            console.log(
              `${total.toLocaleString('en')} / ${TOTAL.toLocaleString('en')} events, ${seconds.toFixed(0)} s, ${Math.round(total / seconds)} events/s (worker ${w}: ${m.phases})`,
            )
          })
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))))
        }),
    ),
  )
  const total = made.reduce((s, n) => s + n, 0)
  const eventSeconds = (performance.now() - eventsStarted) / 1000
  console.log(
    `events: ${total.toLocaleString('en')} in ${eventSeconds.toFixed(0)} s, ${Math.round(total / Math.max(eventSeconds, 0.001))} events/s`,
  )
  if (dropped.length > 0) {
    const t = performance.now()
    await rebuildIndexes(client, dropped)
    console.log(`indexes rebuilt in ${((performance.now() - t) / 1000).toFixed(0)} s`)
    const v = performance.now()
    for (const table of BULK_TABLES) await client.query(`vacuum (analyze) ${table}`)
    console.log(`vacuum analyze in ${((performance.now() - v) / 1000).toFixed(0)} s`)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`done: ${RESIDENTS.toLocaleString('en')} residents and ${total.toLocaleString('en')} events in ${seconds.toFixed(0)} s`)
  await client.end()
  await database.close()
}

/** Adds RESIDENTS registered residents in batches of 50,000, each one COPY. */
async function addResidents(client: pg.Client) {
  if (RESIDENTS === 0) return
  // a second run adds residents with indexes past the first run's (numbers stay unique)
  const { rows } = await client.query<{ n: string }>('select count(*) as n from residents')
  const offset = Number(rows[0].n)
  const t0 = performance.now()
  const now = Date.now()
  const RESIDENT_BATCH = 50_000
  for (let done = 0; done < RESIDENTS; ) {
    const n = Math.min(RESIDENT_BATCH, RESIDENTS - done)
    await client.query('begin')
    await client.query('set local synchronous_commit = off')
    const firstId = await reserveRange(client, 'residents', n)
    const batch: Record<string, unknown>[] = []
    for (let k = 0; k < n; k++) {
      const i = offset + done + k
      // registered over the last three years, more of them lately
      const createdAt = new Date(now - 3 * 365 * DAY * (1 - Math.sqrt(mix(i, 7) / 4294967296)))
      const ok = isVerified(i)
      batch.push({
        id: firstId + k,
        phone: phoneOf(i),
        name: ok ? nameOf(i) : null,
        id_number: ok ? idNumberOf(i) : null,
        verified_at: ok ? new Date(createdAt.getTime() + (mix(i, 9) % 600_000)) : null,
        created_at: createdAt,
      })
    }
    await copyRows(client, 'residents', batch)
    await client.query('commit')
    done += n
    const seconds = (performance.now() - t0) / 1000
    console.log(
      `${done.toLocaleString('en')} / ${RESIDENTS.toLocaleString('en')} residents, ${seconds.toFixed(0)} s, ${Math.round(done / seconds)} residents/s`,
    )
  }
  console.log(`residents: ${RESIDENTS.toLocaleString('en')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
}

/** A worker: plans and writes the events of the days `day % WORKERS === WORKER`, reporting its progress to the coordinator. */
async function work(worker: number) {
  const database = await openDatabase({ url: args.url as string })
  const db = database.db
  const orgs = await loadOrgDirectory(db)
  const categories = await loadCategories(db)
  const sla = await loadSlaSettings(db)
  const app = {
    orgs,
    categories,
    sla,
    calendar: sla.calendar,
    config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }),
  } as unknown as AppContext
  const areasOf = areaResolver(orgs)

  // the bulk writes: one connection of their own, one transaction per batch
  const client = new pg.Client({ connectionString: args.url as string })
  await client.connect()
  const tx = kyselyOn(client)
  // the app's reporters: this worker's share of the verified residents
  const reporters = (
    await db
      .selectFrom('residents')
      .select(['id', 'phone', 'name'])
      .where('verified_at', 'is not', null)
      .where(sql<boolean>`id % ${WORKERS} = ${worker}`)
      .orderBy('id')
      .execute()
  ).map((r) => ({ id: r.id, phone: r.phone, name: r.name ?? '' }))

  const users = await db.selectFrom('users').select(['id', 'username', 'role', 'unit_id']).execute()
  const staffOf = new Map<number, Actor>()
  for (const u of users) {
    if (!/^[cdmg]-/.test(u.username) || staffOf.has(u.unit_id)) continue
    staffOf.set(u.unit_id, { kind: 'staff', userId: u.id, role: u.role as 'center_staff', unitId: u.unit_id })
  }
  const operatorUser = users.find((u) => u.username === 'operator1')
  if (!operatorUser) throw new Error('no operator1: is the demo city seeded?')
  const operator: Actor = { kind: 'staff', userId: operatorUser.id, role: 'operator', unitId: operatorUser.unit_id }

  const districts = orgs.children(orgs.root().id).filter((u) => u.kind === 'center')
  const communitiesOf = new Map<number, OrgUnit[]>()
  for (const u of orgs.all()) {
    if (u.kind !== 'center' || u.level !== 4) continue
    const district = orgs.byCode(u.path.split('.')[1])
    if (!district) continue
    communitiesOf.set(district.id, [...(communitiesOf.get(district.id) ?? []), u])
  }
  const pickDistrict = weighted(districts.map((d) => [d, POPULATION[d.name] ?? 20]))
  const leaves = new Map<string, string[]>()
  for (const c of categories.all()) {
    if (!c.parentCode) continue
    const top = c.code.split('.')[0]
    leaves.set(top, [...(leaves.get(top) ?? []), c.code])
  }
  const pickCategory = weighted(Object.entries(CATEGORY_MIX).filter(([top]) => leaves.has(top) || categories.get(top)))
  const pickChannel = weighted(Object.entries(CHANNEL_MIX))
  const pickHour = weighted(HOURS.map((w, h) => [h, w]))
  const nextReporter = reporterSlots(reporters)

  const counters = new Map<string, number>(
    (await db.selectFrom('event_numbers').select(['day', 'last']).execute()).map((r) => [r.day, r.last]),
  )

  // events per day, oldest first: weekday pattern × a slow growth of volume
  const now = Date.now()
  const todayStart = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR
  const dayStarts = Array.from({ length: DAYS }, (_, i) => todayStart - (DAYS - 1 - i) * DAY)
  const dayWeights = dayStarts.map((start, i) => {
    const weekday = (new Date(start + 8 * HOUR).getUTCDay() + 6) % 7
    const partOfToday = start === todayStart ? (now - start) / DAY : 1
    return WEEKDAYS[weekday] * (0.85 + (0.3 * i) / DAYS) * partOfToday
  })
  const weightSum = dayWeights.reduce((s, w) => s + w, 0)

  let made = 0
  let planned = 0
  let carry = 0
  let pending: Planned[] = []
  // the next batch is planned while the previous one is written: still one connection
  let writing: Promise<void> = Promise.resolve()
  // where the time goes (ms): planning in JS, and each part of a batch's transaction
  const phases = { plan: 0, batch: 0, rows: 0, events: 0, actions: 0, units: 0, rollups: 0, commit: 0 }
  const flush = async () => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    await writing
    writing = writeBatch(batch, areasOf).then(() => {
      made += batch.length
      const spent = Object.entries(phases)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`)
        .join(', ')
      process.send?.({ made, phases: `${made.toLocaleString('en')} events, s: ${spent}` })
    })
  }

  for (const [i, start] of dayStarts.entries()) {
    const exact = (TOTAL * dayWeights[i]) / weightSum + carry
    const count = i === dayStarts.length - 1 ? TOTAL - planned : Math.floor(exact)
    planned += count
    carry = exact - count
    if (i % WORKERS !== worker) continue
    const times: number[] = []
    for (let k = 0; k < count; k++) {
      let t = start + pickHour() * HOUR + random() * HOUR
      if (t >= now) t = start + random() * (now - start)
      times.push(t)
    }
    times.sort((a, b) => a - b)
    for (const t of times) {
      const p0 = performance.now()
      pending.push(plan(new Date(t)))
      phases.plan += performance.now() - p0
      if (pending.length >= BATCH) await flush()
    }
  }
  await flush()
  await writing
  await tx.destroy()
  await client.end()
  await database.close()

  /**
   * The reporter of each app event, in turn: a share of the verified residents report, each 1–20
   * times in the period (most once or twice), in a shuffled order. Null without residents.
   */
  function reporterSlots(verified: Reporter[]): () => Reporter | null {
    if (verified.length === 0) return () => null
    const expected = Math.ceil(((TOTAL * CHANNEL_MIX.app) / WORKERS / Object.values(CHANNEL_MIX).reduce((s, w) => s + w, 0)) * 1.05)
    const counts = Array.from({ length: 20 }, (_, c) => 0.72 ** c)
    const pickCount = weighted(counts.map((w, c) => [c + 1, w]))
    const slots = new Int32Array(expected)
    const pool = Int32Array.from(verified.keys())
    let filled = 0
    for (let left = pool.length; filled < expected && left > 0; left--) {
      const r = Math.floor(random() * left)
      const who = pool[r]
      pool[r] = pool[left - 1]
      for (let c = pickCount(); c > 0 && filled < expected; c--) slots[filled++] = who
    }
    for (let k = filled - 1; k > 0; k--) {
      const r = Math.floor(random() * (k + 1))
      const t = slots[k]
      slots[k] = slots[r]
      slots[r] = t
    }
    let next = 0
    return () => verified[slots[next < filled ? next++ : Math.floor(random() * filled)]]
  }

  /** One event's whole life up to now, decided step by step by the lifecycle itself. */
  function plan(createdAt: Date): Planned {
    const district = pickDistrict()
    const community = pick(communitiesOf.get(district.id) ?? [])
    const top = pickCategory()
    const code = pick(leaves.get(top) ?? [top])
    const category = categories.get(code) ?? categories.get(top)
    if (!category) throw new Error(`no category ${code}`)
    const channel = pickChannel()
    const priority = random() < 0.02 ? 'urgent' : random() < 0.08 ? 'high' : category.priority
    const day = new Date(createdAt.getTime() + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')
    const seq = (counters.get(day) ?? 0) + 1
    counters.set(day, seq)
    // the app's reports come from a verified resident, who also rates the result
    const reporter = channel === 'app' ? nextReporter() : null
    const reporterActor: Actor = reporter ? { kind: 'resident', residentId: reporter.id } : operator

    const steps: Array<{ entry: LogEntry; after: EventState }> = []
    const submit = submitEntry({
      actor: reporterActor,
      at: createdAt,
      unitId: orgs.root().id,
      reporterResidentId: reporter?.id ?? null,
      category: category.code,
    })
    steps.push({ entry: submit, after: initialState(submit) })
    let at = createdAt.getTime()
    const step = (request: ActionRequest, actor: Actor | undefined, delayMs: number) => {
      if (!actor) return false
      at += delayMs
      if (at >= now) return false
      const last = steps[steps.length - 1].after
      const result = transition(last, request, actor, transitionContext(app, priority, new Date(at), category.code))
      if (!result.ok) return false
      steps.push({ entry: result.entry, after: result.next })
      return true
    }
    const state = () => steps[steps.length - 1].after
    const holder = () => staffOf.get(state().currentUnitId ?? 0)
    /** A center sends it to the department owning the category; the department signs and resolves, or returns it. */
    const toDepartment = (center: Actor | undefined, life: number) => {
      const department = ownerDepartment(category.owner, district.id, orgs)
      if (!department || !step({ type: 'dispatch', unitId: department.id }, center, exponential(3 * HOUR))) return
      const staff = holder()
      if (!step({ type: 'sign' }, staff, exponential(life < 0.03 ? 5 * DAY : 4 * HOUR))) return
      if (random() < 0.04) {
        step({ type: 'return', note: '不属于本部门职责，请重新派单' }, staff, exponential(10 * HOUR))
        return
      }
      // departments take longer than centers, and some matters drag on for weeks
      step({ type: 'resolve', note: '已办结，处理情况已回复' }, staff, exponential(life < 0.1 ? 20 * DAY : 2 * DAY))
    }
    const target = firstUnit(
      { communityResolvable: category.communityResolvable, communityId: community.id, districtId: district.id },
      orgs,
    )
    if (target && step({ type: 'route', unitId: target.id }, { kind: 'system' }, 1000)) {
      const life = random()
      const signer = holder()
      // a few drag on for weeks: the overdue ones of the screen
      if (step({ type: 'sign' }, signer, exponential(life < 0.02 ? 8 * DAY : 2 * HOUR))) {
        if (target.level === 2 && random() < 0.8) {
          // the district center dispatches to its department (or the city's), as a 12345 center does
          toDepartment(signer, life)
        } else if (target.level === 4 && random() < 0.08) {
          // some communities pass the matter up to their street, which signs it in turn
          if (step({ type: 'escalate', note: '需要街道协调' }, signer, exponential(6 * HOUR))) {
            const street = holder()
            if (step({ type: 'sign' }, street, exponential(2 * HOUR)) && random() < 0.3) toDepartment(street, life)
          }
        }
        const s = state()
        if (s.state === 'assigned' && s.dispatcherUnitId === null) {
          // returned by the department: the center signs it again and handles it itself
          step({ type: 'sign' }, holder(), exponential(2 * HOUR))
        }
        if (state().state === 'in_progress')
          step({ type: 'resolve', note: '已处理' }, holder(), exponential(life < 0.06 ? 15 * DAY : 30 * HOUR))
        if (state().state === 'reviewing') {
          // 办结审核 at the dispatching center
          step({ type: 'approve_resolution', note: '审核通过' }, staffOf.get(state().dispatcherUnitId ?? 0), exponential(8 * HOUR))
        }
        if (state().state === 'resolved') {
          const rating = random()
          if (rating < 0.45) {
            const rater = reporter ? reporterActor : operator
            step({ type: 'evaluate', rating: rating < 0.38 ? 'satisfied' : 'basically_satisfied' }, rater, exponential(20 * HOUR))
          } else {
            step({ type: 'close', note: '评价期满未评价，默认满意' }, { kind: 'system' }, 3 * DAY)
          }
        }
      }
    }
    return {
      number: `LZ${day}-${String(seq).padStart(6, '0')}`,
      day,
      seq,
      title: `${category.nameZh}问题`,
      category: category.code,
      priority,
      channel,
      community,
      district,
      reporter,
      createdAt,
      steps,
    }
  }

  async function writeBatch(batch: Planned[], areas: typeof areasOf) {
    const begun = performance.now()
    const actionCount = batch.reduce((s, e) => s + e.steps.length, 0)
    await client.query('begin')
    try {
      // a batch's rows are parsed in memory, and a lost bench batch on a crash is only rerun
      await client.query(`set local work_mem = '256MB'`)
      await client.query('set local synchronous_commit = off')
      // as pg_restore --disable-triggers: the rows come from the lifecycle itself, so their foreign
      // keys hold; skipping the per-row checks halves the cost of the log (needs a superuser)
      await client.query('set local session_replication_role = replica')
      const firstEvent = await reserveRange(client, 'events', batch.length)
      const firstAction = await reserveRange(client, 'event_actions', actionCount)
      const events: Record<string, unknown>[] = []
      const actions: Record<string, unknown>[] = []
      const eventUnits: Record<string, unknown>[] = []
      const eventScopes: Record<string, unknown>[] = []
      const deltas: RollupDeltas = emptyDeltas()
      let a = 0
      for (const [i, e] of batch.entries()) {
        const id = firstEvent + i
        const final = e.steps[e.steps.length - 1].after
        const resolvedAt = e.steps.find((s) => s.entry.action === 'resolve')?.entry.at ?? null
        events.push({
          id,
          number: e.number,
          title: e.title,
          description: `${e.community.name}居民反映${e.title}，请尽快处理`,
          priority: e.priority,
          channel: e.channel,
          lat: e.community.seat?.lat ?? null,
          lng: e.community.seat?.lng ?? null,
          community_id: e.community.id,
          district_id: e.district.id,
          area_path: e.community.path,
          reporter_name: e.reporter?.name ?? null,
          reporter_phone: e.reporter?.phone ?? null,
          reporter_anonymous: false,
          created_at: e.createdAt.toISOString(),
          resolved_at: resolvedAt,
          ...stateColumns(final),
          escalated_by: pgArray(final.escalatedBy),
        })
        const facts = {
          id,
          number: e.number,
          category: e.category,
          priority: e.priority,
          channel: e.channel,
          districtId: e.district.id,
          communityId: e.community.id,
          createdAt: e.createdAt,
          sourceClientId: null,
          externalId: null,
          callerPhone: null,
          reporterResidentId: null,
        }
        const units = new Set<number>()
        const scopes = new Set<number>()
        const widen = (unit: OrgUnit | undefined) => {
          for (let u = unit; u && u.parentId !== null; u = orgs.unit(u.parentId)) scopes.add(u.id)
        }
        widen(e.community)
        let before: EventState | null = null
        for (const [k, { entry, after }] of e.steps.entries()) {
          actions.push({ id: firstAction + a++, ...actionRow(id, k + 1, entry) })
          if (entry.toUnitId !== null && entry.toUnitId !== entry.fromUnitId && !units.has(entry.toUnitId)) {
            units.add(entry.toUnitId)
            eventUnits.push({ event_id: id, unit_id: entry.toUnitId })
            widen(orgs.unit(entry.toUnitId))
          }
          addDeltas(deltas, { event: facts, before, after, entry }, areas(facts))
          before = after
        }
        for (const unitId of scopes) eventScopes.push({ unit_id: unitId, event_id: id })
      }
      let t = performance.now()
      const lap = (what: keyof typeof phases) => {
        const n = performance.now()
        phases[what] += n - t
        t = n
      }
      lap('rows')
      await copyRows(client, 'events', events)
      lap('events')
      await copyRows(client, 'event_actions', actions)
      lap('actions')
      await copyRows(client, 'event_units', eventUnits)
      await copyRows(client, 'event_scopes', eventScopes)
      lap('units')
      for (const part of chunks(deltas, 4000)) await writeFolded(tx, part)
      lap('rollups')
      const days = new Map<string, number>()
      for (const e of batch) days.set(e.day, Math.max(days.get(e.day) ?? 0, e.seq))
      for (const [day, last] of days) {
        await client.query(
          `insert into event_numbers (day, last) values ($1, $2)
            on conflict (day) do update set last = greatest(event_numbers.last, excluded.last)`,
          [day, last],
        )
      }
      await client.query('commit')
      phases.commit += performance.now() - t
      phases.batch += performance.now() - begun
    } catch (error) {
      await client.query('rollback').catch(() => {})
      throw error
    }
  }
}

interface Reporter {
  id: number
  phone: string
  name: string
}

interface Planned {
  number: string
  day: string
  seq: number
  title: string
  category: string
  priority: string
  channel: string
  community: OrgUnit
  district: OrgUnit
  reporter: Reporter | null
  createdAt: Date
  steps: Array<{ entry: LogEntry; after: EventState }>
}

function* chunks(deltas: RollupDeltas, size: number): Generator<RollupDeltas> {
  const parts = (['daily', 'created', 'unitDay', 'state', 'due'] as const).map((k) => [k, [...deltas[k].entries()]] as const)
  const longest = Math.max(...parts.map(([, e]) => e.length))
  for (let i = 0; i < longest; i += size) {
    const part = emptyDeltas()
    for (const [k, entries] of parts) for (const [key, row] of entries.slice(i, i + size)) (part[k] as Map<string, unknown>).set(key, row)
    yield part
  }
}

;(WORKER === null ? coordinate() : work(WORKER)).catch((error) => {
  console.error(error)
  process.exit(1)
})
