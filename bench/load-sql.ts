/**
 * SQL-side bulk loader for read and scan benchmarks (the early-warning scan at 10 M events, issue 16
 * item 5): bench/load.ts plays every event's life through the app's code at ~1,300 events/s, far too
 * slow for 10 M; this one has PostgreSQL generate the rows itself, `insert into events … select …
 * from generate_series(…)`, a batch of whole days (~500 k events) per statement.
 *
 *   node --import tsx bench/load-sql.ts --events 10000000 --residents 4000000 --url postgres://postgres@127.0.0.1:5432/xiaolan_10m
 *     [--days 365] [--batch 500000] [--seed 1] [--no-scopes] [--keep-indexes]
 *
 * The database is created if missing, migrated and seeded with the demo city by the app's own code
 * (as bench/load.ts starts); its events table must be empty. What it fills, deterministically from
 * --seed (a hash of the event id, not a random generator):
 * - residents (--residents N, in batches of 500,000 with progress and rate): bench/load.ts's
 *   registered residents — unique mobile numbers (a bijection of the index over the operators'
 *   prefixes × 8 digits), names, valid ID numbers with their check character, 85 % real-name
 *   verified, registered over the last three years; about one verified resident in five reports
 *   through the app, 1–20 times (most once or twice; drawn with replacement, so a few more), mostly
 *   around their own community: every app report is then theirs (reporter_resident_id, their name
 *   and phone, as POST /resident/events writes them), so 我的 has content;
 * - events: --days back from now, each day's count by weekday × a slow growth (bench/load.ts's curve),
 *   spread over the day by the hour-of-day curve of a 12345 center, ids and numbers (LZYYYYMMDD-NNNNNN,
 *   unique, in time order within a day) ascending with created_at; a community chosen by district
 *   population, the point near its seat (jittered ± ~400 m); the demo catalogue's subcategory codes
 *   by load.ts's top-level mix; channels by its mix; a hotline or app report carries a caller's phone
 *   (a few thousand frequent callers, who report around their own community, among millions of
 *   one-off ones); routing as the router does it (the community if the category is community-
 *   resolvable, else the district center, which dispatches 80 % to the owning department); the state
 *   by age — sign and resolve delays drawn per event (a few drag on for weeks), so last year's events
 *   are closed (evaluated or 默认满意), the last days' a realistic few open, today's mostly waiting.
 *   A department's result waits at 办结审核 (reviewing, at the dispatching center) for a few hours
 *   before it counts as resolved, so departments and district centers have the queues real traffic
 *   leaves them. Deadlines are a plain approximation of the SLA rules (sign 2 h; resolve 1/3/7 days
 *   by priority); an open event past its deadline is overdue (75 % of its time used: warning), as the
 *   overdue scan marks it, and one overdue in five is supervised (督办).
 * - the rollups (rollup_daily, rollup_created, rollup_unit_day, rollup_unit_state, rollup_unit_due),
 *   summed exactly from those events by SQL aggregation, as the listener would have kept them for
 *   these lives (the scan's surge rule and the screen read them; rollup_pending stays empty);
 * - event_units and event_scopes (the data scope: the units on the paths of the place and of every
 *   unit reached), unless --no-scopes; event_numbers (each day's last number).
 * It does not fill the action log (event_actions: no history behind the states; a tracked
 * event's timeline is empty), attachments, supervision records, extensions,
 * whistles, press counts, reopenings, merges or the analytics of anything but these lives: for read
 * and scan benchmarks only, never as a test of the write path (bench/load.ts is that).
 *
 * Unless --keep-indexes, the events table's secondary indexes (and its unique number constraint) are
 * dropped before the load and built after it, then vacuum analyze: inserting 10 M rows into ten
 * b-trees, some keyed all over the table (area paths, units), is several times slower than building
 * them once. Foreign keys are not checked row by row (session_replication_role = replica, as
 * pg_restore --disable-triggers: the rows reference the seeded units and categories by
 * construction), so it needs a superuser.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { loadCategories } from '../server/src/modules/events/categories.ts'
import { loadOrgDirectory } from '../server/src/modules/orgs/directory.ts'
import { ownerDepartment } from '../server/src/modules/routing/route.ts'
import { seed } from '../server/src/seed.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    residents: { type: 'string', default: '0' },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_10m' },
    days: { type: 'string', default: '365' },
    batch: { type: 'string', default: '500000' },
    seed: { type: 'string', default: '1' },
    'no-scopes': { type: 'boolean', default: false },
    'keep-indexes': { type: 'boolean', default: false },
    // prints the first batch's plan (explain analyze: the batch is written) before the load
    explain: { type: 'boolean', default: false },
  },
})
const TOTAL = Number(args.events)
const RESIDENTS = Number(args.residents)
const DAYS = Number(args.days)
const BATCH = Number(args.batch)
const SEED = Number(args.seed)
const URL_ = args.url as string
const HOUR = 3600_000
const DAY = 24 * HOUR

/** bench/load.ts's mixes: district population (10k, 2020 census), top-level categories, channels, hours, weekdays. */
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
const HOURS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 9, 12, 12, 10, 7, 7, 10, 11, 10, 9, 6, 5, 4, 3, 2, 1.5]
const WEEKDAYS = [1.15, 1.05, 1, 1, 0.95, 0.7, 0.6]
/** Callers: a few frequent ones (3 % of the calls, each around their own community), many one-off. */
const FREQUENT_CALLERS = 5000
const CALLERS = 3_000_000
const PHONE_PREFIXES = [
  134, 135, 136, 137, 138, 139, 150, 151, 152, 157, 158, 159, 182, 183, 187, 188, 130, 131, 132, 155, 156, 185, 186, 133, 153, 177, 180,
  181, 189, 199,
]
/** Registered residents as bench/load.ts makes them: its operators' prefixes, names and ID numbers' issuing places. */
const RESIDENT_PREFIXES = [
  134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 157, 158, 159, 178, 182, 183, 184, 187, 188, 198, 130, 131, 132, 155, 156, 166, 175,
  176, 185, 186, 133, 149, 153, 173, 177, 180, 181, 189, 191, 199,
]
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰春梅海燕文斌辉鹏宇浩然子轩欣怡梓涵雨萱佳琪晨阳俊杰博文思远嘉怡晓东海波永清德福国庆小龙金花红梅淑珍'
const ID_AREAS = ['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123', '620402', '620502', '621102', '622901']
/** Birth dates of the ID numbers: 1940-01-01 … 2007-12-31. */
const BIRTH_DAYS = Math.floor((Date.UTC(2007, 11, 31) - Date.UTC(1940, 0, 1)) / DAY)
const RESIDENT_BATCH = 500_000
/** The share of the verified residents who report through the app in the period. */
const APP_REPORTERS = 0.2
/** Slots of the pick tables: a weighted choice is one hash-join on slot = floor(u × SLOTS). */
const SLOTS = 100_000

const started = performance.now()
const seconds = () => ((performance.now() - started) / 1000).toFixed(0)
const log = (m: string) => console.log(`[${seconds()} s] ${m}`)

await ensureDatabase(URL_)
const database = await openDatabase({ url: URL_ })
await migrate(database)
{
  const units = await database.db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  // the seed logs as pino does, (fields, message)
  const info = (fields: unknown, message?: string) => console.log(message ? `${message} ${JSON.stringify(fields)}` : String(fields))
  if (Number(units.n) === 0) await seed(database.db, { demo: true, log: { info } as never })
}
const orgs = await loadOrgDirectory(database.db)
const categories = await loadCategories(database.db)
await database.close()

const client = new pg.Client({ connectionString: URL_ })
await client.connect()
const q = (text: string, values?: unknown[]) => client.query(text, values)
{
  const { rows } = await q('select exists (select 1 from events) as any')
  if (rows[0].any) throw new Error('events is not empty: load-sql.ts fills a fresh database (drop it or use another --url)')
}
await q(`set work_mem = '256MB'`)
await q(`set maintenance_work_mem = '1GB'`)
await q('set synchronous_commit = off')
// the batch statements are big expressions over few rows each: compiling them (JIT) cost more than running them
await q('set jit = off')
await q('set session_replication_role = replica')

// ---- the pick tables (temporary, this session's) ----
const districts = orgs.children(orgs.root().id).filter((u) => u.kind === 'center')
const communities = orgs.all().filter((u) => u.kind === 'center' && u.level === 4 && u.seat)
const districtOf = (path: string) => orgs.byCode(path.split('.')[1])
const perDistrict = new Map<number, number>()
for (const c of communities) {
  const d = districtOf(c.path)
  if (d) perDistrict.set(d.id, (perDistrict.get(d.id) ?? 0) + 1)
}
const places = communities
  .map((c) => ({ c, d: districtOf(c.path) }))
  .filter((p) => p.d && p.c.seat && perDistrict.get(p.d.id))
  .map((p) => ({
    community_id: p.c.id,
    district_id: p.d?.id as number,
    path: p.c.path,
    name: p.c.name,
    lat: p.c.seat?.lat as number,
    lng: p.c.seat?.lng as number,
    w: (POPULATION[p.d?.name ?? ''] ?? 20) / (perDistrict.get(p.d?.id as number) as number),
  }))
if (places.length === 0) throw new Error('no communities with a seat: is the demo city seeded?')
const leaves = categories.all().filter((c) => c.parentCode && CATEGORY_MIX[c.code.split('.')[0]])
const leavesOf = new Map<string, number>()
for (const c of leaves) leavesOf.set(c.code.split('.')[0], (leavesOf.get(c.code.split('.')[0]) ?? 0) + 1)
const kinds = leaves.map((c) => ({
  code: c.code,
  top: c.code.split('.')[0],
  name: c.nameZh,
  priority: c.priority,
  community: c.communityResolvable,
  owner: c.owner,
  w: CATEGORY_MIX[c.code.split('.')[0]] / (leavesOf.get(c.code.split('.')[0]) as number),
}))
const channels = Object.entries(CHANNEL_MIX).map(([channel, w]) => ({ channel, w }))

/** A weighted list as SLOTS slots: [slot, index] with index repeated by weight. */
function slotsOf<T extends { w: number }>(list: T[]): Array<[number, number]> {
  const total = list.reduce((s, x) => s + x.w, 0)
  const out: Array<[number, number]> = []
  let acc = 0
  for (const [i, x] of list.entries()) {
    const to = i === list.length - 1 ? SLOTS : Math.round(((acc + x.w) / total) * SLOTS)
    for (let s = Math.round((acc / total) * SLOTS); s < to; s++) out.push([s, i])
    acc += x.w
  }
  return out
}
const json = (v: unknown) => JSON.stringify(v)
await q(
  `create temp table b_place as
  select (p->>'i')::int as i, (p->>'community_id')::int as community_id, (p->>'district_id')::int as district_id,
    p->>'path' as path, p->>'name' as name, (p->>'lat')::float8 as lat, (p->>'lng')::float8 as lng
  from jsonb_array_elements($1::jsonb) p`,
  [json(places.map((p, i) => ({ ...p, i })))],
)
await q(
  `create temp table b_kind as
  select (k->>'i')::int as i, k->>'code' as code, k->>'top' as top, k->>'name' as name, k->>'priority' as priority,
    (k->>'community')::boolean as community, k->>'owner' as owner
  from jsonb_array_elements($1::jsonb) k`,
  [json(kinds.map((k, i) => ({ ...k, i })))],
)
await q(
  `create temp table b_channel as
  select (c->>'i')::int as i, c->>'channel' as channel from jsonb_array_elements($1::jsonb) c`,
  [json(channels.map((c, i) => ({ ...c, i })))],
)
for (const [table, list] of [
  ['b_place_slot', places],
  ['b_kind_slot', kinds],
  ['b_channel_slot', channels],
] as Array<[string, Array<{ w: number }>]>) {
  await q(`create temp table ${table} (slot int not null, i int not null)`)
  await q(`insert into ${table} select (s->>0)::int, (s->>1)::int from jsonb_array_elements($1::jsonb) s`, [json(slotsOf(list))])
  await q(`create index on ${table} (slot)`)
}
// the department each district center dispatches a category's owner to (the district's, else the city's)
const owners = [...new Set(kinds.map((k) => k.owner))]
const departments = districts.flatMap((d) =>
  owners.map((owner) => ({ owner, district_id: d.id, department_id: ownerDepartment(owner, d.id, orgs)?.id ?? null })),
)
await q(
  `create temp table b_department as
  select x->>'owner' as owner, (x->>'district_id')::int as district_id, (x->>'department_id')::int as department_id
  from jsonb_array_elements($1::jsonb) x`,
  [json(departments)],
)
// the area centers above each community (city … community), as the analytics listener counts them
await q(`create temp table b_area as
  select p.community_id, o.id as unit_id
  from b_place p cross join unnest(string_to_array(rtrim(p.path, '.'), '.')) as c (code)
  join org_units o on o.code = c.code`)
await q(`create index on b_area (community_id)`)
await q(`analyze b_place; analyze b_kind; analyze b_channel; analyze b_department; analyze b_area`)
log(
  `${places.length} communities, ${kinds.length} subcategories, ${channels.length} channels, ${departments.length} owner × district dispatch targets`,
)

// ---- the days and hours: how many events each hour gets ----
const now = Date.now()
const todayStart = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR
const dayStarts = Array.from({ length: DAYS }, (_, i) => todayStart - (DAYS - 1 - i) * DAY)
const dayWeights = dayStarts.map((start, i) => {
  const weekday = (new Date(start + 8 * HOUR).getUTCDay() + 6) % 7
  const partOfToday =
    start === todayStart
      ? HOURS.reduce((s, w, h) => s + w * clamp((now - start - h * HOUR) / HOUR), 0) / HOURS.reduce((s, w) => s + w, 0)
      : 1
  return WEEKDAYS[weekday] * (0.85 + (0.3 * i) / DAYS) * partOfToday
})
function clamp(x: number) {
  return Math.max(0, Math.min(1, x))
}
const weightSum = dayWeights.reduce((s, w) => s + w, 0)
interface HourRow {
  batch: number
  day: string
  start: string
  /** the hour's length in hours (today's current hour: the part of it already past) */
  span: number
  n: number
  first_seq: number
  first_id: number
}
const hours: HourRow[] = []
const dayLast = new Map<string, number>()
{
  let planned = 0
  let carry = 0
  let id = 1
  let batch = 0
  let inBatch = 0
  for (const [i, start] of dayStarts.entries()) {
    const exact = (TOTAL * dayWeights[i]) / weightSum + carry
    const count = i === dayStarts.length - 1 ? TOTAL - planned : Math.floor(exact)
    planned += count
    carry = exact - count
    if (inBatch > 0 && inBatch + count > BATCH) {
      batch++
      inBatch = 0
    }
    inBatch += count
    const day = new Date(start + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')
    const spans = HOURS.map((_, h) => clamp((now - start - h * HOUR) / HOUR))
    const weights = HOURS.map((w, h) => w * spans[h])
    const wsum = weights.reduce((s, w) => s + w, 0)
    let seq = 1
    let given = 0
    let hc = 0
    for (const [h, w] of weights.entries()) {
      if (spans[h] === 0) continue
      const exactH = (count * w) / wsum + hc
      const last = h === 23 || spans[h + 1] === 0
      const n = last ? count - given : Math.floor(exactH)
      hc = exactH - n
      given += n
      if (n > 0)
        hours.push({ batch, day, start: new Date(start + h * HOUR).toISOString(), span: spans[h], n, first_seq: seq, first_id: id })
      seq += n
      id += n
    }
    dayLast.set(day, seq - 1)
  }
}
await q(
  `create temp table b_hour as
  select (h->>'batch')::int as batch, h->>'day' as day, (h->>'start')::timestamptz as start, (h->>'span')::float8 as span,
    (h->>'n')::int as n, (h->>'first_seq')::int as first_seq, (h->>'first_id')::bigint as first_id
  from jsonb_array_elements($1::jsonb) h`,
  [json(hours)],
)
const batches = hours[hours.length - 1].batch + 1

// u(id, k): a uniform in [0, 1) from the event id and a salt, the same for the same --seed
await q(`create function pg_temp.u(id bigint, k int) returns float8 language sql immutable parallel safe as
  $$ select (hashint8extended(id, ${SEED} * 1000 + k) & 9007199254740991)::float8 / 9007199254740992.0 $$`)
await q(`create function pg_temp.phone(caller bigint) returns text language sql immutable parallel safe as $$
  select (array[${PHONE_PREFIXES.join(',')}])[1 + (caller * 7368787 % ${PHONE_PREFIXES.length})]::text
    || lpad(((caller * 7368787 + 20361118) % 100000000)::text, 8, '0') $$`)

if (RESIDENTS > 0) {
  const { rows } = await q('select exists (select 1 from residents) as any')
  if (rows[0].any) throw new Error('residents is not empty: --residents fills a fresh database (or load with --residents 0)')
}

// ---- indexes out of the way ----
const dropped = args['keep-indexes']
  ? []
  : await dropIndexes(['events', 'event_units', 'event_scopes', ...(RESIDENTS > 0 ? ['residents'] : [])])

// ---- the residents, a batch of 500,000 per statement ----
if (RESIDENTS > 0) {
  // GB 11643: the check character of an ID number's first 17 digits
  await q(`create function pg_temp.id_check(body text) returns text language sql immutable parallel safe as $$
    select substr('10X98765432', 1 + (sum(substr(body, k, 1)::int * (array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k]) % 11)::int, 1)
    from generate_series(1, 17) k $$`)
  // resident i's fields follow from i alone (bench/load.ts's phoneOf, nameOf, idNumberOf, isVerified in SQL)
  await q(`create function pg_temp.resident_phone(i bigint) returns text language sql immutable parallel safe as $$
    select (array[${RESIDENT_PREFIXES.join(',')}])[1 + p % ${RESIDENT_PREFIXES.length}]::text || lpad((p / ${RESIDENT_PREFIXES.length})::text, 8, '0')
    from (select (i * 7368787 + 20361118) % ${RESIDENT_PREFIXES.length * 100_000_000}::bigint as p) x $$`)
  await q(`create function pg_temp.resident_id_number(i bigint) returns text language sql immutable parallel safe as $$
    select body || pg_temp.id_check(body) from (
      select (array['${ID_AREAS.join("','")}'])[1 + (k / 999) / ${BIRTH_DAYS}]
        || to_char(date '1940-01-01' + ((k / 999) % ${BIRTH_DAYS})::int, 'YYYYMMDD') || lpad((k % 999 + 1)::text, 3, '0') as body
      from (select (i * 104729 + 7777) % ${ID_AREAS.length * BIRTH_DAYS * 999}::bigint as k) x) y $$`)
  const residentsStarted = performance.now()
  for (let done = 0; done < RESIDENTS; ) {
    const n = Math.min(RESIDENT_BATCH, RESIDENTS - done)
    await q(
      `insert into residents (id, phone, name, id_number, verified_at, created_at)
      select i + 1, pg_temp.resident_phone(i),
        case when verified then substr($3, 1 + floor(length($3) * pg_temp.u(i, 103) ^ 1.6)::int, 1)
          || substr($4, 1 + floor(length($4) * pg_temp.u(i, 104))::int, 1)
          || case when pg_temp.u(i, 105) < 0.3 then '' else substr($4, 1 + floor(length($4) * pg_temp.u(i, 106))::int, 1) end end,
        case when verified then pg_temp.resident_id_number(i) end,
        case when verified then created_at + pg_temp.u(i, 109) * interval '10 minutes' end,
        created_at
      from (
        select i, pg_temp.u(i, 107) < 0.85 as verified,
          to_timestamp($5::float8 / 1000) - (1 - sqrt(pg_temp.u(i, 108))) * interval '1095 days' as created_at
        from generate_series($1::bigint, $2::bigint) i
      ) r`,
      [done, done + n - 1, SURNAMES, GIVEN, now],
    )
    done += n
    const s = (performance.now() - residentsStarted) / 1000
    log(
      `residents ${done.toLocaleString('en')} / ${RESIDENTS.toLocaleString('en')}, ${Math.round(done / s).toLocaleString('en')} residents/s`,
    )
  }
  await q(`select setval(pg_get_serial_sequence('residents', 'id'), (select max(id) from residents))`)
}
// the app's reporters: a share of the verified residents, each with 1–20 slots (most one or two), in a shuffled order
await q(`create temp table b_reporter as
  select (row_number() over (order by pg_temp.u(r.id * 32 + j, 111)) - 1)::int as slot, r.id as resident_id, r.phone, r.name
  from residents r
  cross join lateral generate_series(1, least(20, 1 + floor(ln(1 - pg_temp.u(r.id, 112)) / ln(0.72))::int)) j
  where r.verified_at is not null and pg_temp.u(r.id, 110) < ${APP_REPORTERS}`)
await q('create index on b_reporter (slot)')
await q('analyze b_reporter')
const reporterSlots = Number((await q('select count(*)::int as n from b_reporter')).rows[0].n)
log(`${reporterSlots.toLocaleString('en')} app report slots among the verified residents`)

// ---- the events, a batch of whole days per statement ----
const eventsStarted = performance.now()
let made = 0
for (let b = 0; b < batches; b++) {
  const t = performance.now()
  if (b === 0 && args.explain) {
    await q('begin')
    const { rows } = await q(`explain (analyze, buffers) ${insertEventsSql()}`, [b, now])
    console.log(rows.map((r) => r['QUERY PLAN']).join('\n'))
    await q('rollback')
  }
  const { rowCount } = await q(insertEventsSql(), [b, now])
  made += rowCount ?? 0
  const s = (performance.now() - eventsStarted) / 1000
  log(
    `batch ${b + 1}/${batches}: ${(rowCount ?? 0).toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
      `${made.toLocaleString('en')} / ${TOTAL.toLocaleString('en')}, ${Math.round(made / s).toLocaleString('en')} events/s`,
  )
}
await q(`select setval(pg_get_serial_sequence('events', 'id'), (select max(id) from events))`)
await q(
  `insert into event_numbers (day, last) select x->>0, (x->>1)::int from jsonb_array_elements($1::jsonb) x
   on conflict (day) do update set last = greatest(event_numbers.last, excluded.last)`,
  [json([...dayLast])],
)
log(`events: ${made.toLocaleString('en')} in ${((performance.now() - eventsStarted) / 1000).toFixed(0)} s`)

// ---- the data scope ----
if (!args['no-scopes']) {
  await timed('event_scopes', async () => {
    // every unit on the path of the place and of each unit reached, the city center left out (0012)
    await q(`create temp table b_path as
      select u.id as unit_id, o.id as scope_id from org_units u
      cross join unnest(string_to_array(rtrim(u.path, '.'), '.')) as c (code)
      join org_units o on o.code = c.code and o.parent_id is not null`)
    await q('create index on b_path (unit_id)')
    await q('analyze b_path')
    // event by event (a lateral of three paths), not one union of ~35 M rows sorted to drop duplicates
    await q(`insert into event_scopes (unit_id, event_id)
      select s.scope_id, e.id from events e
      cross join lateral (
        select distinct p.scope_id from b_path p
        where p.unit_id = any (array[e.community_id, e.current_unit_id, e.dispatcher_unit_id])
      ) s`)
  })
}

// ---- what residents' and workbenches' reads need first: the events' and the scope's indexes, statistics ----
const later = (d: DroppedIndex) => d.table === 'event_units'
if (dropped.length > 0) await timed('indexes', () => rebuildIndexes(dropped.filter((d) => !later(d))))
await timed('vacuum analyze', () => vacuumAnalyze(['events', 'event_scopes', 'residents', 'event_numbers']))
log('events, scope and residents ready: the people and workbench reads can be measured while the rest is written')

// ---- the units each event reached (the KPIs' rows), then the rollups ----
if (!args['no-scopes']) {
  await timed('event_units', () =>
    q(`insert into event_units (event_id, unit_id)
      select id, unit from events e
      cross join lateral (values (case when e.dispatcher_unit_id is not null then e.dispatcher_unit_id else e.current_unit_id end),
        (case when e.dispatcher_unit_id is not null then e.current_unit_id end)) as r (unit)
      where unit is not null`),
  )
}
if (dropped.some(later)) await timed('event_units indexes', () => rebuildIndexes(dropped.filter(later)))
// ---- the rollups, summed from the events ----
await timed('rollups', async () => {
  await q('truncate rollup_daily, rollup_created, rollup_unit_day, rollup_unit_state, rollup_unit_due, rollup_pending')
  // per community first (a few million rows), then fanned out to its four area centers
  await q(`create temp table b_daily as
    select community_id, (created_at at time zone 'Asia/Shanghai')::date as day, split_part(category_code, '.', 1) as category,
      channel, state, count(*)::int as n
    from events group by 1, 2, 3, 4, 5`)
  await q(`insert into rollup_daily (unit_id, day, category, channel, state, n)
    select a.unit_id, d.day, d.category, d.channel, d.state, sum(d.n)::int
    from b_daily d join b_area a using (community_id) group by 1, 2, 3, 4, 5`)
  await q(`insert into rollup_created (unit_id, day, category, channel, n)
    select a.unit_id, d.day, d.category, d.channel, sum(d.n)::int
    from b_daily d join b_area a using (community_id) group by 1, 2, 3, 4`)
  await q(`insert into rollup_unit_state (unit_id, state, n)
    select a.unit_id, d.state, sum(d.n)::int from b_daily d join b_area a using (community_id) group by 1, 2`)
  // what happened on a day: created on its created day, resolved on the resolve's day (on time if
  // by the deadline), evaluated (and satisfied: every rating here is) on the evaluation's or the
  // default close's day, which is the event's last change
  await q(`insert into rollup_unit_day (unit_id, day, created, resolved, resolved_on_time, evaluated, satisfied)
    with acts as (
      select community_id, (created_at at time zone 'Asia/Shanghai')::date as day, count(*) as created, 0 as resolved, 0 as on_time, 0 as evaluated
      from events group by 1, 2
      union all
      select community_id, (resolved_at at time zone 'Asia/Shanghai')::date, 0, count(*),
        count(*) filter (where resolve_deadline is null or resolved_at <= resolve_deadline), 0
      from events where resolved_at is not null group by 1, 2
      union all
      select community_id, (updated_at at time zone 'Asia/Shanghai')::date, 0, 0, 0, count(*)
      from events where evaluation is not null group by 1, 2
    )
    select a.unit_id, x.day, sum(x.created)::int, sum(x.resolved)::int, sum(x.on_time)::int, sum(x.evaluated)::int, sum(x.evaluated)::int
    from acts x join b_area a using (community_id) group by 1, 2`)
  // open events by the hour their first deadline falls in (analytics/rollups.ts firstDeadline,
  // dueHour), and each area's total at 9999-12-31
  await q(`insert into rollup_unit_due (unit_id, due_hour, n)
    with due as (
      select community_id, to_timestamp(ceil(extract(epoch from
        case when state = 'assigned' and sign_deadline is not null then least(sign_deadline, coalesce(resolve_deadline, sign_deadline))
        else resolve_deadline end) / 3600) * 3600) as due_hour
      from events where state in ('assigned', 'in_progress')
    ), hours as (select community_id, due_hour, count(*) as n from due where due_hour is not null group by 1, 2)
    select a.unit_id, h.due_hour, sum(h.n)::int from hours h join b_area a using (community_id) group by 1, 2
    union all
    select a.unit_id, timestamptz '9999-12-31 00:00:00+00', sum(h.n)::int from hours h join b_area a using (community_id) group by 1`)
})
await timed('vacuum analyze', () =>
  vacuumAnalyze(['event_units', 'rollup_daily', 'rollup_created', 'rollup_unit_day', 'rollup_unit_state', 'rollup_unit_due']),
)
const { rows: size } = await q('select pg_size_pretty(pg_database_size(current_database())) as size')
log(`done: ${made.toLocaleString('en')} events, database ${size[0].size}`)
await client.end()

/** One batch: the events of batch $1's hours, now = $2 (ms). */
function insertEventsSql(): string {
  return `
  with g as (
    select h.first_id + j as id, h.first_seq + j as seq, h.day,
      h.start + ((j + pg_temp.u(h.first_id + j, 0)) / h.n * h.span) * interval '1 hour' as created_at
    from b_hour h cross join lateral generate_series(0, h.n - 1) as j
    where h.batch = $1
  ), picked as (
    select g.*, c.channel, k.code, k.top, k.name as kind_name, k.priority as kind_priority, k.community, k.owner,
      case when c.channel = 'hotline' or (c.channel = 'app' and rep.resident_id is null) then
        case when pg_temp.u(g.id, 5) < 0.03 then floor(pg_temp.u(g.id, 6) * ${FREQUENT_CALLERS})::bigint
        else ${FREQUENT_CALLERS} + floor(pg_temp.u(g.id, 6) * ${CALLERS})::bigint end
      end as caller,
      rep.resident_id, rep.phone as resident_phone, rep.name as resident_name
    from g
    join b_channel_slot cs on cs.slot = floor(pg_temp.u(g.id, 3) * ${SLOTS})::int join b_channel c on c.i = cs.i
    join b_kind_slot ks on ks.slot = floor(pg_temp.u(g.id, 2) * ${SLOTS})::int join b_kind k on k.i = ks.i
    -- an app report is a registered resident's (mostly a few residents' many)
    left join b_reporter rep on c.channel = 'app' and rep.slot = floor(pg_temp.u(g.id, 19) * ${reporterSlots})::int
  ), placed as (
    select x.*, p.community_id, p.district_id, p.path, p.name as place_name, p.lat as seat_lat, p.lng as seat_lng,
      -- the life's delays in hours: signing, then resolving (a few drag on for weeks)
      -ln(1 - pg_temp.u(x.id, 11)) * (case when pg_temp.u(x.id, 12) < 0.02 then 192 else 2 end) as sign_h,
      -ln(1 - pg_temp.u(x.id, 13)) * (case when pg_temp.u(x.id, 12) < 0.1 then 360 else 36 end) as resolve_h,
      -ln(1 - pg_temp.u(x.id, 14)) * 20 as rate_h,
      extract(epoch from (to_timestamp($2::float8 / 1000) - x.created_at)) / 3600 as age_h,
      case when pg_temp.u(x.id, 4) < 0.02 then 'urgent' when pg_temp.u(x.id, 4) < 0.1 then 'high' else x.kind_priority end as priority
    from picked x
    join b_place_slot ps on ps.slot = case
      when x.caller < ${FREQUENT_CALLERS} then floor(pg_temp.u(x.caller, 7) * ${SLOTS})::int
      -- a resident reports around home seven times in ten
      when x.resident_id is not null and pg_temp.u(x.id, 20) < 0.7 then floor(pg_temp.u(x.resident_id, 7) * ${SLOTS})::int
      else floor(pg_temp.u(x.id, 1) * ${SLOTS})::int end
    join b_place p on p.i = ps.i
  ), routed as (
    select y.*, case when y.community then y.community_id else y.district_id end as target,
      case when not y.community and pg_temp.u(y.id, 15) < 0.8 then dep.department_id end as department
    from placed y
    left join b_department dep on dep.owner = y.owner and dep.district_id = y.district_id
  ), reviewed as (
    -- a department's result waits at 办结审核 (its dispatching center) for some hours
    select r.*, case when r.department is not null then -ln(1 - pg_temp.u(r.id, 21)) * 6 else 0 end as review_h
    from routed r
  ), lived as (
    select v.*, v.sign_h + v.resolve_h + v.review_h as done_h,
      case
        when v.age_h < v.sign_h then 'assigned'
        when v.age_h < v.sign_h + v.resolve_h then 'in_progress'
        when v.age_h < v.sign_h + v.resolve_h + v.review_h then 'reviewing'
        when pg_temp.u(v.id, 16) < 0.45 and v.age_h >= v.sign_h + v.resolve_h + v.review_h + v.rate_h then 'rated'
        when v.age_h >= v.sign_h + v.resolve_h + v.review_h + 72 then 'lapsed'
        else 'resolved'
      end as life,
      v.created_at + interval '2 hours' as sign_by,
      v.created_at + case v.priority when 'urgent' then interval '1 day' when 'high' then interval '3 days' else interval '7 days' end as resolve_by
    from reviewed v
  ), marked as (
    -- the overdue scan's marks on what is still open: overdue past a deadline, warning at 75 % of the time used
    select l.*, case when l.life not in ('assigned', 'in_progress') then 'normal'
        when to_timestamp($2::float8 / 1000) > l.resolve_by or (l.life = 'assigned' and to_timestamp($2::float8 / 1000) > l.sign_by) then 'overdue'
        when to_timestamp($2::float8 / 1000) > l.created_at + (l.resolve_by - l.created_at) * 0.75 then 'warning'
        else 'normal' end as sla
    from lived l
  )
  insert into events (id, number, title, description, category_code, priority, channel, lat, lng, community_id, district_id,
    area_path, reporter_resident_id, reporter_name, reporter_phone, reporter_anonymous, state, current_unit_id, dispatcher_unit_id,
    last_handler_unit_id, evaluation, sign_deadline, resolve_deadline, resolved_at, sla_status, supervised, version, created_at, updated_at)
  select id, 'LZ' || day || '-' || lpad(seq::text, 6, '0'), kind_name || '问题', place_name || '居民反映' || kind_name || '问题，请尽快处理',
    code, priority, channel,
    seat_lat + (pg_temp.u(id, 8) + pg_temp.u(id, 9) - 1) * 0.0036,
    seat_lng + (pg_temp.u(id, 10) + pg_temp.u(id, 17) - 1) * 0.0045,
    community_id, district_id, path,
    resident_id,
    case when resident_id is not null then resident_name
      when caller is not null then substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + (caller % 20)::int, 1) || case when caller % 2 = 0 then '先生' else '女士' end end,
    case when resident_id is not null then resident_phone when caller is not null then pg_temp.phone(caller) end,
    false,
    case life when 'rated' then 'closed' when 'lapsed' then 'closed' else life end,
    coalesce(department, target),
    case when department is not null then target end,
    case when life in ('reviewing', 'resolved', 'rated', 'lapsed') then coalesce(department, target) end,
    case life when 'rated' then case when pg_temp.u(id, 18) < 0.84 then 'satisfied' else 'basically_satisfied' end
      when 'lapsed' then 'default_satisfied' end,
    sign_by,
    resolve_by,
    case when life in ('resolved', 'rated', 'lapsed') then created_at + done_h * interval '1 hour' end,
    sla,
    sla = 'overdue' and pg_temp.u(id, 22) < 0.2,
    case life when 'assigned' then 2 when 'in_progress' then 3 when 'reviewing' then 4 when 'resolved' then 4 else 5 end
      + case when department is not null then 1 else 0 end + case when review_h > 0 and life not in ('assigned', 'in_progress', 'reviewing') then 1 else 0 end
      + case when sla = 'overdue' and pg_temp.u(id, 22) < 0.2 then 1 else 0 end,
    created_at,
    created_at + case life
      when 'assigned' then interval '1 second'
      when 'in_progress' then sign_h * interval '1 hour'
      when 'reviewing' then (sign_h + resolve_h) * interval '1 hour'
      when 'resolved' then done_h * interval '1 hour'
      when 'rated' then (done_h + rate_h) * interval '1 hour'
      else (done_h + 72) * interval '1 hour' end
  from marked`
}

async function vacuumAnalyze(tables: string[]) {
  for (const table of tables) await q(`vacuum (analyze) ${table}`)
}

async function timed(what: string, f: () => Promise<unknown>) {
  const t = performance.now()
  await f()
  log(`${what} in ${((performance.now() - t) / 1000).toFixed(0)} s`)
}

interface DroppedIndex {
  table: string
  name: string
  definition: string
  constraint: boolean
}

/** The tables' secondary indexes and unique constraints (event_scopes' key too), dropped; kept in a file so a crashed load can put them back. */
async function dropIndexes(tables: string[]): Promise<DroppedIndex[]> {
  const { rows } = await q(
    `select t.relname as table, ic.relname as name, pg_get_indexdef(i.indexrelid) as def, c.conname as con,
            pg_get_constraintdef(c.oid) as condef
       from pg_index i
       join pg_class t on t.oid = i.indrelid
       join pg_class ic on ic.oid = i.indexrelid
       join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = t.oid and c.contype in ('u', 'p', 'x')
      where t.relname = any($1) and (not i.indisprimary or t.relname = 'event_scopes')
      order by t.relname, ic.relname`,
    [tables],
  )
  const out = rows.map((r) => ({
    table: r.table,
    name: r.con ?? r.name,
    definition: r.con ? `alter table ${r.table} add constraint ${r.con} ${r.condef}` : r.def,
    constraint: r.con !== null,
  }))
  writeFileSync('/tmp/xiaolan-load-sql-indexes.json', JSON.stringify(out, null, 2))
  for (const d of out) await q(d.constraint ? `alter table ${d.table} drop constraint ${d.name}` : `drop index ${d.name}`)
  log(`dropped ${out.length} indexes (definitions in /tmp/xiaolan-load-sql-indexes.json)`)
  return out
}

async function rebuildIndexes(list: DroppedIndex[]) {
  await q('set max_parallel_maintenance_workers = 1')
  for (const d of list) {
    const t = performance.now()
    await q(d.definition)
    log(`built ${d.name} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
}

/** Creates the database of `url` if it is missing (through the server's postgres database). */
async function ensureDatabase(url: string) {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1))
  u.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: u.toString() })
  await admin.connect()
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (rows.length === 0) {
      await admin.query(`create database "${name.replaceAll('"', '""')}"`)
      console.log(`created database ${name}`)
    }
  } finally {
    await admin.end()
  }
}
