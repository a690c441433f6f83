/**
 * The write path beside its ceiling, in one run on PostgreSQL (issue 15):
 *   - the bare ceiling: Fastify (the server's own version and validator compiler) validating the
 *     hotline body schema, then one INSERT of an events-like row through `pg` (a pool of the app's size);
 *   - the real app: intake `POST /api/v1/events` as a 12345 operator, and the handling actions
 *     `POST /api/v1/events/:id/actions` sign (a community), dispatch by a district center to one of
 *     its departments, dispatch by a street center to one of its communities, and resolve (a community);
 * at each connection count, with a PGlite single-client intake latency at the end.
 *
 *   node --import tsx bench/write.ts [--url postgres://postgres@127.0.0.1:5432/postgres] [--duration 10]
 *     [--connections 8,32,128] [--label before] [--write]
 *
 * The script makes its own database (xiaolan_wbench_…) next to --url, seeds the demo city, and drops
 * it at the end. The two servers run in child processes (`--serve ceiling|app`), so the load generator
 * (autocannon, in this process) and the server under load have separate event loops; they still
 * share the machine's cores with each other and with PostgreSQL.
 *
 * Every action request needs its own event in the right state with its current version: before each
 * connection count's action windows the pools are filled through the API (intake, then a sign or a
 * dispatch where the state needs it), and each request takes the next event of its pool. A pool holds
 * what the action would do in --duration seconds at --pool-factor × the intake rate just measured (at
 * least --min-per-connection 10 per connection), and its window runs the whole pool: an action much faster than intake
 * has a window shorter than --duration, which the table shows. After each window the rows written are
 * counted (events, or the log entries of that action) and set beside the 2xx count.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type as T } from '@sinclair/typebox'
import { CreateEventBody, replies } from '@xiaolan/contracts'
import autocannon, { type Request as CannonRequest, type Result } from 'autocannon'
import Fastify from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { type Database, openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { startRollupFolding } from '../server/src/modules/analytics/fold.ts'
import { loadCategories } from '../server/src/modules/events/categories.ts'
import { loadOrgDirectory, type OrgUnit } from '../server/src/modules/orgs/directory.ts'
import { DEMO_PASSWORD } from '../server/src/seed/demo/accounts.ts'
import { seed } from '../server/src/seed.ts'
import { compileValidator } from '../server/src/validation.ts'
import { seededRandom } from './support.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8,32,128' },
    'pool-factor': { type: 'string', default: '2' },
    'max-pool': { type: 'string', default: '50000' },
    'min-per-connection': { type: 'string', default: '10' },
    'pglite-requests': { type: 'string', default: '300' },
    port: { type: 'string', default: '8150' },
    label: { type: 'string', default: 'run' },
    write: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    // internal: this file as one of the two servers
    serve: { type: 'string' },
  },
})
const DURATION = Number(args.duration)
const CONNECTIONS = (args.connections as string).split(',').map(Number)
const POOL_FACTOR = Number(args['pool-factor'])
const MAX_POOL = Number(args['max-pool'])
const MIN_PER_CONNECTION = Number(args['min-per-connection'])
const PORT = Number(args.port)
/** The app's pool (server/src/db/index.ts `max: 10`): the ceiling gets the same. */
const POOL_SIZE = 10
/** The app logs only errors (no request log lines), and the bench's logins are not rate limited. */
const QUIET = { LOG_LEVEL: 'error', RATE_LIMIT_AUTH_PER_MINUTE: '1000000' }

// ---------------------------------------------------------------------------------------------
// the two servers, each in its own process

async function serveApp(url: string) {
  const database = await openDatabase({ url })
  const app = await buildApp({ config: loadConfig(QUIET, { demo: true }), database })
  // as `xiaolan start` runs it: the rollup fold takes its share of the database beside the writes
  const stopFolding = startRollupFolding(app.ctx)
  await app.listen({ port: PORT, host: '127.0.0.1' })
  return async () => {
    await stopFolding()
    await app.close()
    await database.close()
  }
}

/** Fastify with the app's validator on the hotline body; one INSERT of an events-like row. */
async function serveCeiling(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE })
  // the app keeps its org directory in memory; so does the ceiling, for the community's columns
  const units = new Map<string, { id: number; path: string }>()
  for (const row of (await pool.query('select id, code, path from org_units')).rows) units.set(row.code, { id: row.id, path: row.path })
  const root = (await pool.query('select path from org_units where parent_id is null')).rows[0].path as string
  const fastify = Fastify({ logger: false, bodyLimit: 1024 * 1024 }).withTypeProvider<TypeBoxTypeProvider>()
  fastify.setValidatorCompiler(compileValidator)
  let seq = 0
  fastify.post(
    '/ceiling',
    { schema: { body: CreateEventBody, response: replies({ 201: T.Object({ id: T.Integer(), number: T.String() }) }) } },
    async (request, reply) => {
      const b = request.body
      const community = b.communityCode ? units.get(b.communityCode) : undefined
      const district = community ? units.get(community.path.split('.')[1]) : undefined
      const now = new Date()
      const number = `C${process.pid}-${++seq}`
      const { rows } = await pool.query(
        `insert into bench_ceiling (number, title, description, category_code, priority, channel, lat, lng, address,
           community_id, district_id, area_path, reporter_name, reporter_phone, state, current_unit_id, summoned,
           sign_deadline, resolve_deadline, created_at, updated_at)
         values ($1, $2, $3, $4, 'normal', $5, $6, $7, $8, $9, $10, $11, $12, $13, 'assigned', $14, '[]', $15, $16, $15, $15)
         returning id`,
        [
          number,
          b.title ?? b.description.slice(0, 20),
          b.description,
          b.category,
          b.channel,
          b.lat ?? null,
          b.lng ?? null,
          b.address ?? null,
          community?.id ?? null,
          district?.id ?? null,
          community?.path ?? root,
          b.reporterName ?? null,
          b.reporterPhone ?? null,
          community?.id ?? null,
          now,
          new Date(now.getTime() + 86_400_000),
        ],
      )
      return reply.status(201).send({ id: Number(rows[0].id), number })
    },
  )
  await fastify.listen({ port: PORT, host: '127.0.0.1' })
  return async () => {
    await fastify.close()
    await pool.end()
  }
}

/** A child server: says `ready` on stdout; ends when its stdin closes (the parent ended, or stopped it). */
async function serve(kind: string) {
  const url = process.env.BENCH_DATABASE_URL as string
  const close = kind === 'ceiling' ? await serveCeiling(url) : await serveApp(url)
  process.stdout.write('ready\n')
  process.stdin.resume()
  process.stdin.on('end', () => close().then(() => process.exit(0)))
}

function startServer(kind: 'ceiling' | 'app', port: number, databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', kind, '--port', String(port)], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line === 'ready') resolve({ child, base: `http://127.0.0.1:${port}` })
      else console.log(`  [${kind}] ${line}`) // the app logs its errors (a 500's cause)
    })
  })
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.stdin?.end()
    // a server that does not finish closing within 10 s is ended
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref()
  })
}

// ---------------------------------------------------------------------------------------------
// what the requests carry

const random = seededRandom(15)
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
const OPENINGS = ['您好，我要反映', '我是附近居民，', '市民来电反映：', '老人代孙女来电，', '外卖骑手反映，', '商户来电称']
const SPOTS = ['小区东门', '3号楼楼下', '菜市场门口', '公交站旁', '幼儿园对面', '十字路口西北角', '巷子深处', '地下车库入口']
const PROBLEMS = [
  '垃圾堆放多日无人清运，气味很大',
  '路灯不亮，晚上出行很不安全',
  '井盖松动，车辆经过响声很大',
  '噪音扰民，夜里十一点后仍在施工',
  '自来水管爆裂，路面积水结冰',
  '占道经营，行人只能走机动车道',
  '楼道堆放杂物，存在消防隐患',
  '下水道堵塞，污水外溢',
]
const NAMES = ['张先生', '李女士', '王阿姨', '赵师傅', '刘同学', '陈大爷', '马女士', '杨先生']

interface Community {
  unit: OrgUnit
  street: OrgUnit
  district: OrgUnit
  /** a point that locates to this community, when one was found */
  point: { lat: number; lng: number } | null
}

interface Fixtures {
  communities: Community[]
  /** community-resolvable categories (routed to the community) and the rest (to the district center) */
  local: string[]
  central: string[]
  /** departments of each district center */
  departments: Map<number, OrgUnit[]>
}

let calls = 0
function hotlineBody(f: Fixtures, routed: 'community' | 'district' | 'any') {
  const c = pick(f.communities)
  const category = pick(routed === 'community' ? f.local : routed === 'district' ? f.central : random() < 0.5 ? f.local : f.central)
  const where = c.point && random() < 0.5 ? { ...c.point } : { communityCode: c.unit.code }
  return {
    community: c,
    body: {
      channel: 'hotline',
      category,
      description: `${pick(OPENINGS)}${c.unit.name}${pick(SPOTS)}${pick(PROBLEMS)}，已经${1 + Math.floor(random() * 14)}天了，希望尽快处理（来电${++calls}）`,
      address: `${c.street.name}${c.unit.name}${pick(SPOTS)}`,
      reporterName: pick(NAMES),
      reporterPhone: `13${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
      ...where,
    },
  }
}

async function fixtures(database: Database): Promise<Fixtures> {
  const orgs = await loadOrgDirectory(database.db)
  const categories = await loadCategories(database.db)
  const leaves = categories.all().filter((c) => c.parentCode)
  const communities: Community[] = []
  const departments = new Map<number, OrgUnit[]>()
  // in each district, the first two streets and the first two communities of each
  for (const district of orgs.children(orgs.root().id).filter((u) => u.kind === 'center' && u.active)) {
    const own = orgs.all().filter((u) => u.kind === 'department' && u.active && u.path.startsWith(district.path))
    if (own.length === 0) continue // a district center with no department to dispatch to
    departments.set(district.id, own)
    for (const street of orgs
      .children(district.id)
      .filter((u) => u.kind === 'center' && u.active)
      .slice(0, 2)) {
      for (const unit of orgs
        .children(street.id)
        .filter((u) => u.kind === 'center' && u.active)
        .slice(0, 2)) {
        const places = await database.db.selectFrom('places').select(['lat', 'lng']).where('community_id', '=', unit.id).limit(20).execute()
        const candidates = [...(unit.seat ? [unit.seat] : []), ...places]
        const point = candidates.find((p) => orgs.locate(p.lat, p.lng)?.communityId === unit.id) ?? null
        communities.push({ unit, street, district, point: point && { lat: point.lat, lng: point.lng } })
      }
    }
  }
  return {
    communities,
    local: leaves.filter((c) => c.communityResolvable).map((c) => c.code),
    central: leaves.filter((c) => !c.communityResolvable).map((c) => c.code),
    departments,
  }
}

// ---------------------------------------------------------------------------------------------
// sessions, pools and measuring

interface Session {
  headers: Record<string, string>
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  const me = (await res.json()) as { csrfToken: string }
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session=')) ?? '').split(';')[0]
  return { headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' } }
}

interface EventReply {
  id: number
  version: number
  state: string
  currentUnit: { id: number } | null
}

async function post(base: string, session: Session, path: string, body: unknown, expect: number): Promise<EventReply> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: session.headers, body: JSON.stringify(body) })
  if (res.status !== expect) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as EventReply
}

/** Runs `count` jobs, `concurrency` at a time, printing the count and rate every 2 s and at the end. */
async function prepare<T>(what: string, count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count)
  let next = 0
  let done = 0
  const started = performance.now()
  const report = () => {
    const s = (performance.now() - started) / 1000
    console.log(
      `  preparing ${what}: ${done.toLocaleString('en')} / ${count.toLocaleString('en')}, ${s.toFixed(1)} s, ${Math.round(done / s)}/s`,
    )
  }
  const timer = setInterval(report, 2000)
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++
          out[i] = await job(i)
          done++
        }
      }),
    )
  } finally {
    clearInterval(timer)
  }
  report()
  return out
}

interface Row {
  connections: number
  name: string
  result: Result
  /** rows found written after the window, and what was counted */
  written: number
  counted: string
  ratio?: number
}

const rate = (r: Result) => r['2xx'] / r.duration
const socketErrors = (r: Result) => r.errors
const nonOk = (r: Result) => r.non2xx
const codes = (r: Result) =>
  Object.entries(r.statusCodeStats)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ')

async function count(database: Database, table: 'events' | 'bench_ceiling' | 'actions', action?: string): Promise<number> {
  const query =
    table === 'actions'
      ? sql<{ n: number }>`select count(*)::int as n from event_actions where action = ${action as string}`
      : sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`
  return (await query.execute(database.db)).rows[0].n
}

async function main() {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2))
  const started = performance.now()
  const name = `xiaolan_wbench_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: args.url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(args.url as string)
  url.pathname = `/${name}`
  const databaseUrl = url.toString()
  console.log(
    `database ${name}; nproc ${os.cpus().length}, load average at start ${loadAtStart.join(' ')}: this process (autocannon and the ` +
      'pools), the server under load (a child process) and PostgreSQL share these cores with whatever else runs',
  )

  const database = await openDatabase({ url: databaseUrl })
  const servers: ChildProcess[] = []
  try {
    await migrate(database)
    const seeding = performance.now()
    await seed(database.db, { demo: true, log: { info() {} } })
    console.log(`demo city seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`)
    // an events row's columns and types, its primary key and unique number; none of its other indexes, no foreign keys
    await sql`create table bench_ceiling (like events including defaults including identity including constraints)`.execute(database.db)
    await sql`alter table bench_ceiling add primary key (id), add unique (number)`.execute(database.db)
    const f = await fixtures(database)
    console.log(
      `${f.communities.length} communities (${f.communities.filter((c) => c.point).length} with a point that locates to them), ` +
        `${f.local.length} community / ${f.central.length} district categories`,
    )

    const ceiling = await startServer('ceiling', PORT, databaseUrl)
    servers.push(ceiling.child)
    const app = await startServer('app', PORT + 1, databaseUrl)
    servers.push(app.child)

    const operator = await login(app.base, 'operator1')
    const sessions = new Map<number, Session>()
    for (const c of f.communities) {
      for (const unit of [c.unit, c.street, c.district]) {
        if (!sessions.has(unit.id)) sessions.set(unit.id, await login(app.base, `c-${unit.code}`))
      }
    }
    const sessionOf = (unitId: number) => sessions.get(unitId) as Session

    const rows: Row[] = []
    const measure = async (c: number, label: string, options: { path: string; amount?: number; next: () => CannonRequest }) => {
      const result = await autocannon({
        url: label === 'ceiling' ? ceiling.base : app.base,
        connections: c,
        ...(options.amount ? { amount: options.amount } : { duration: DURATION }),
        timeout: 30,
        requests: [{ method: 'POST', path: options.path, setupRequest: () => options.next() }],
      })
      return result
    }
    const show = (row: Row) => {
      const r = row.result
      console.log(
        `${String(row.connections).padStart(4)} conn  ${row.name.padEnd(26)} ${rate(r).toFixed(0).padStart(6)}/s  ` +
          `p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  ` +
          `non-2xx ${nonOk(r)}${codes(r) ? ` (${codes(r)})` : ''}  socket errors ${socketErrors(r)}  ` +
          `${row.ratio === undefined ? '' : `${(row.ratio * 100).toFixed(1)} % of ceiling  `}` +
          `window ${r.duration.toFixed(1)} s  written ${row.written} ${row.counted} for ${r['2xx']} 2xx`,
      )
    }

    for (const c of CONNECTIONS) {
      console.log(`\n— ${c} connections —`)
      // the ceiling
      let before = await count(database, 'bench_ceiling')
      const ceilingResult = await measure(c, 'ceiling', {
        path: '/ceiling',
        next: () => ({
          method: 'POST',
          path: '/ceiling',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(hotlineBody(f, 'any').body),
        }),
      })
      const ceilingRow: Row = {
        connections: c,
        name: 'ceiling (Fastify + INSERT)',
        result: ceilingResult,
        written: (await count(database, 'bench_ceiling')) - before,
        counted: 'rows',
      }
      rows.push(ceilingRow)
      show(ceilingRow)
      const ratio = (r: Result) => rate(r) / rate(ceilingResult)

      // intake
      before = await count(database, 'events')
      const intake = await measure(c, 'intake', {
        path: '/api/v1/events',
        next: () => ({
          method: 'POST',
          path: '/api/v1/events',
          headers: { ...operator.headers }, // autocannon adds content-length to the object it is given
          body: JSON.stringify(hotlineBody(f, 'any').body),
        }),
      })
      const intakeRow: Row = {
        connections: c,
        name: 'intake POST /events',
        result: intake,
        written: (await count(database, 'events')) - before,
        counted: 'events',
        ratio: ratio(intake),
      }
      rows.push(intakeRow)
      show(intakeRow)

      // the pools: one event per request of each action, in the state it needs, with its version
      const size = Math.min(MAX_POOL, Math.max(MIN_PER_CONNECTION * c, Math.ceil(rate(intake) * DURATION * POOL_FACTOR)))
      const concurrency = 16
      const create = (routed: 'community' | 'district') => async () => {
        const { body, community } = hotlineBody(f, routed)
        return { event: await post(app.base, operator, '/api/v1/events', body, 201), community }
      }
      const signPool = await prepare('sign pool (intake)', size, concurrency, create('community'))
      const resolvePool = await prepare('resolve pool (intake)', size, concurrency, create('community'))
      const districtPool = await prepare('district dispatch pool (intake)', size, concurrency, create('district'))
      const streetPool = await prepare('street dispatch pool (intake)', size, concurrency, create('district'))
      const act = (item: { event: EventReply }, body: Record<string, unknown>) =>
        post(
          app.base,
          sessionOf(item.event.currentUnit?.id as number),
          `/api/v1/events/${item.event.id}/actions`,
          { ...body, version: item.event.version },
          200,
        )
      const resolvable = await prepare('resolve pool (sign)', size, concurrency, async (i) => ({
        ...resolvePool[i],
        event: await act(resolvePool[i], { type: 'sign' }),
      }))
      const atStreet = await prepare('street dispatch pool (district dispatches to the street)', size, concurrency, async (i) => ({
        ...streetPool[i],
        event: await act(streetPool[i], { type: 'dispatch', unitId: streetPool[i].community.street.id }),
      }))

      const actions: Array<
        [
          string,
          string,
          Array<{ event: EventReply; community: Community }>,
          (item: { event: EventReply; community: Community }) => Record<string, unknown>,
        ]
      > = [
        ['sign (community)', 'sign', signPool, () => ({ type: 'sign' })],
        [
          'dispatch district → dept',
          'dispatch',
          districtPool,
          (item) => ({
            type: 'dispatch',
            unitId: pick(f.departments.get(item.community.district.id) as OrgUnit[]).id,
            note: '请职能部门处理',
          }),
        ],
        [
          'dispatch street → community',
          'dispatch',
          atStreet,
          (item) => ({ type: 'dispatch', unitId: item.community.unit.id, note: '请社区核实处理' }),
        ],
        ['resolve (community)', 'resolve', resolvable, () => ({ type: 'resolve', note: '已现场处理完毕，居民认可' })],
      ]
      for (const [label, action, pool, body] of actions) {
        let taken = 0
        before = await count(database, 'actions', action)
        const result = await measure(c, label, {
          path: '/api/v1/events/0/actions',
          amount: pool.length,
          next: () => {
            const item = pool[taken++ % pool.length]
            return {
              method: 'POST',
              path: `/api/v1/events/${item.event.id}/actions`,
              headers: { ...sessionOf(item.event.currentUnit?.id as number).headers },
              body: JSON.stringify({ ...body(item), version: item.event.version }),
            }
          },
        })
        const row: Row = {
          connections: c,
          name: label,
          result,
          written: (await count(database, 'actions', action)) - before,
          counted: `${action} log entries`,
          ratio: ratio(result),
        }
        if (taken > pool.length) console.log(`  ${label}: ${taken - pool.length} requests reused an event (pool of ${pool.length})`)
        rows.push(row)
        show(row)
      }
    }

    for (const s of servers.splice(0)) await stopServer(s)
    await database.close()
    const pglite = await pgliteIntake(Number(args['pglite-requests']))
    const report = summary(rows, pglite)
    console.log(`\n${report.join('\n')}`)
    console.log(`\nall in ${((performance.now() - started) / 1000).toFixed(0)} s`)
    const loadAtEnd = os.loadavg().map((l) => l.toFixed(2))
    console.log(`load average at the end ${loadAtEnd.join(' ')}`)
    if (args.write) writeReadme([loadAtStart, loadAtEnd], rows, report)
  } finally {
    for (const s of servers) await stopServer(s)
    await database.close().catch(() => {})
    if (!args.keep) {
      const a = new pg.Client({ connectionString: args.url })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    } else console.log(`kept ${databaseUrl}`)
  }
}

/** N sequential intakes through the app on an in-memory PGlite (app.inject: no socket), after 20 to warm up. */
async function pgliteIntake(n: number) {
  const database = await openDatabase({})
  await migrate(database)
  await seed(database.db, { demo: true, log: { info() {} } })
  const app = await buildApp({ config: loadConfig(QUIET, { demo: true }), database })
  const f = await fixtures(database)
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: DEMO_PASSWORD } })
  const cookie = `xiaolan_session=${res.cookies.find((k) => k.name === 'xiaolan_session')?.value}`
  const headers = { cookie, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken }
  const times: number[] = []
  let errors = 0
  for (let i = 0; i < n + 20; i++) {
    const t = performance.now()
    const r = await app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: hotlineBody(f, 'any').body })
    if (i >= 20) times.push(performance.now() - t)
    if (r.statusCode !== 201) errors++
  }
  const written = (await sql<{ n: number }>`select count(*)::int as n from events`.execute(database.db)).rows[0].n
  await app.close()
  await database.close()
  times.sort((a, b) => a - b)
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]
  return { n, p50: q(0.5), p99: q(0.99), errors, written }
}

function summary(rows: Row[], pglite: { n: number; p50: number; p99: number; errors: number; written: number }) {
  const lines = [
    '| conn | route | req/s | p50 ms | p99 ms | non-2xx | socket errors | of ceiling | window s | rows written / 2xx |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const row of rows) {
    const r = row.result
    lines.push(
      `| ${row.connections} | ${row.name} | ${rate(r).toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${nonOk(r)}${codes(r) ? ` (${codes(r)})` : ''} | ${socketErrors(r)} | ` +
        `${row.ratio === undefined ? '' : `${(row.ratio * 100).toFixed(1)} %`} | ${r.duration.toFixed(1)} | ${row.written} ${row.counted} / ${r['2xx']} |`,
    )
  }
  lines.push('', 'targets (issue 15):')
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
  const names = [...new Set(rows.filter((r) => r.ratio !== undefined).map((r) => r.name))]
  for (const name of names) {
    const at32 = rows.find((r) => r.name === name && r.connections === 32)
    const at128 = rows.find((r) => r.name === name && r.connections === 128)
    if (at32) {
      const r = at32.result
      lines.push(
        `- ${verdict((at32.ratio as number) >= 0.33)} ${name}: ${((at32.ratio as number) * 100).toFixed(1)} % of the ceiling at 32 (≥ 33 %); ` +
          `${verdict(r.latency.p99 < 50)} p99 ${r.latency.p99} ms (< 50); ${verdict(nonOk(r) + socketErrors(r) === 0)} ${nonOk(r) + socketErrors(r)} errors`,
      )
    }
    if (at32 && at128) {
      const kept = rate(at128.result) / rate(at32.result)
      const errors = nonOk(at128.result) + socketErrors(at128.result)
      lines.push(
        `- ${verdict(kept >= 0.9)} ${name}: at 128 ${(kept * 100).toFixed(0)} % of its rate at 32 (≥ 90 %); ${verdict(errors === 0)} ${errors} errors at 128`,
      )
    }
  }
  lines.push(
    `- ${verdict(pglite.p50 < 5)} PGlite, one client, ${pglite.n} sequential intakes: p50 ${pglite.p50.toFixed(2)} ms (< 5), p99 ${pglite.p99.toFixed(2)} ms, ` +
      `${pglite.errors} errors, ${pglite.written} events in the database (with 20 to warm up)`,
  )
  return lines
}

/** The commit measured, and whether the server or contracts had changes not committed yet. */
function codeVersion() {
  const root = new URL('..', import.meta.url).pathname
  const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim()
  const dirty = git('status', '--porcelain', '--', 'server', 'contracts') !== ''
  return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in server/ or contracts/' : ' (nothing uncommitted in server/ or contracts/)'}`
}

/** A section at the top of bench/README.md (replacing one of the same label). */
function writeReadme([loadStart, loadEnd]: string[][], rows: Row[], report: string[]) {
  const path = new URL('./README.md', import.meta.url).pathname
  let text = readFileSync(path, 'utf8')
  const title = `## Writes beside their ceiling (bench/write.ts): ${args.label}`
  const cpu = os.cpus()[0]?.model.trim()
  const command = `node --import tsx bench/write.ts ${process.argv
    .slice(2)
    .filter((a) => a !== '--write')
    .join(' ')}`.trim()
  const section = [
    title,
    '',
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- machine: nproc ${os.cpus().length}, ${cpu}, ${os.platform()} ${os.arch()}, load average ${loadStart.join(' ')} at the start, ${loadEnd.join(' ')} at the end; ` +
      'the load generator (autocannon, the parent process), the server under load (a child process) and PostgreSQL 15 share these cores',
    `- node: ${process.version}; PostgreSQL 15 on the same machine; ${rows.length} windows`,
    `- code: ${codeVersion()}`,
    `- command: \`${command}\` (then \`--write\` to put it here)`,
    '',
    ...report,
    '',
    'Each window after its pools were filled; an action window runs its whole pool (one event per request),',
    'so its length is what the pool took. A duration window (ceiling, intake) can show a few more rows than',
    '2xx: requests in flight when autocannon stops are answered after it stopped counting. A 409 (stale',
    'version, wrong state) is an error here, as is any other non-2xx.',
    '',
  ].join('\n')
  const start = text.indexOf(title)
  if (start >= 0) {
    const end = text.indexOf('\n## ', start + 1)
    text = text.slice(0, start) + section + (end >= 0 ? text.slice(end + 1) : '')
  } else {
    const first = text.indexOf('\n## ')
    text = first >= 0 ? `${text.slice(0, first + 1)}${section}\n${text.slice(first + 1)}` : `${text.trimEnd()}\n\n${section}`
  }
  writeFileSync(path, text)
  console.log(`updated ${path}`)
}

if (args.serve) {
  serve(args.serve).catch((error) => {
    console.error(error)
    process.exit(1)
  })
} else {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
