/**
 * Crash safety (issue 12, deliverable 10): SIGKILL the real server in the middle of a concurrent
 * write load, restart it on the same database, and check that nothing acknowledged was lost and
 * nothing was half written.
 *
 *   node --import tsx scripts/crash-check.ts [--db both|postgres|pglite] [--rounds 3] [--clients 32]
 *        [--kill-min 10] [--kill-max 30] [--url postgres://postgres@127.0.0.1:5432/postgres] [--seed 1]
 *
 * Each round starts from a fresh copy of the seeded demo city (a PostgreSQL database created from a
 * template — `--url` is the admin connection — or a copy of a PGlite data directory in a temp dir),
 * starts `server/src/main.ts start` as a child in its own process group, and drives it over HTTP
 * with `--clients` concurrent clients: 12345 operators registering calls (POST /events), verified
 * residents reporting (POST /resident/events), and the holding units acting through the lifecycle
 * (sign, escalate, dispatch, whistle, check-in, resolve, supervise, comment, evaluate), one action in
 * flight per event, each naming the version it saw. Every 2xx is recorded: the event (id, number)
 * and the log entry (seq = the version it produced, action) it acknowledges. At a random moment
 * between --kill-min and --kill-max seconds the whole process group gets SIGKILL; the server is
 * restarted on the same data, must serve, and must accept writes (a new call, its signing, and an
 * action on an event from before the crash); then it is stopped and the database is checked:
 *  - every acknowledged event exists with its number and every acknowledged log entry is there;
 *  - every event (acknowledged or not) has a gap-free log starting with its submit entry, its row
 *    equals the replay of that log, and its version is the log's length;
 *  - event_units equals the units its log reached, event_scopes the units on those paths;
 *  - event numbers are unique and each day's counter is not behind the numbers it handed out;
 *  - the rollups (per area and state, per created day × category × channel [× state]), folded +
 *    pending as the screen reads them, equal a recount of the events.
 * Exit 0 when every check of every round passed; 1 otherwise (a 5xx during the load fails too).
 * Processes are killed by process group in `finally` and on SIGINT/SIGTERM, databases dropped.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { seededRandom } from '../bench/support.ts'
import { chinaDateOf } from '../server/src/china-time.ts'
import { type Database, openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { createSession } from '../server/src/modules/accounts/sessions.ts'
import { areaResolver } from '../server/src/modules/analytics/rollups.ts'
import { type LogEntry, replay } from '../server/src/modules/events/lifecycle.ts'
import { readLog, toState } from '../server/src/modules/events/queries.ts'
import { loadOrgDirectory } from '../server/src/modules/orgs/directory.ts'
import { seed } from '../server/src/seed.ts'

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '32' },
    'kill-min': { type: 'string', default: '10' },
    'kill-max': { type: 'string', default: '30' },
    url: { type: 'string', default: process.env.CRASH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
})
const ROUNDS = Number(args.rounds)
const CLIENTS = Number(args.clients)
const KILL_MIN_MS = Number(args['kill-min']) * 1000
const KILL_MAX_MS = Number(args['kill-max']) * 1000
const KINDS = args.db === 'both' ? (['postgres', 'pglite'] as const) : ([args.db] as Array<'postgres' | 'pglite'>)
if (!KINDS.every((k) => k === 'postgres' || k === 'pglite')) throw new Error('--db is both, postgres or pglite')
if (!(ROUNDS >= 1 && CLIENTS >= 1 && KILL_MAX_MS >= KILL_MIN_MS && KILL_MIN_MS >= 0)) throw new Error('bad --rounds/--clients/--kill-*')

const ROOT = new URL('..', import.meta.url).pathname
const WORK = mkdtempSync(join(tmpdir(), 'xiaolan-crash-'))
/** The districts the load runs in: 安宁区 and 城关区 (communities, streets, departments of both). */
const DISTRICTS = ['620105', '620102']
const RESIDENTS = 24

// a small seeded generator, so a failing round can be replayed with its --seed
const random = seededRandom(Number(args.seed))
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
const chance = (p: number) => random() < p

// ---------------------------------------------------------------- processes and clean-up

const children = new Set<ChildProcess>()
const databases = new Set<string>()

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal) // the server and whatever it spawned (a web build)
  } catch {}
}

async function cleanUp() {
  for (const child of children) killGroup(child, 'SIGKILL')
  if (databases.size > 0) {
    const admin = new pg.Client({ connectionString: args.url })
    await admin.connect().catch(() => {})
    for (const name of databases) await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`).catch(() => {})
    await admin.end().catch(() => {})
    databases.clear()
  }
  rmSync(WORK, { recursive: true, force: true })
}
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the server and removing the crash databases`)
    cleanUp().finally(() => process.exit(130))
  })
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

interface Server {
  child: ChildProcess
  base: string
  exited: Promise<void>
  logFile: string
}

async function startServer(env: Record<string, string>, label: string): Promise<{ server: Server; seconds: number }> {
  const port = await freePort()
  const logFile = join(WORK, `${label}.log`)
  const out = createWriteStream(logFile)
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'start'], {
    cwd: ROOT,
    detached: true, // its own process group, killed as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO: 'true', LOG_LEVEL: 'warn', ...env },
  })
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  children.add(child)
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      children.delete(child)
      resolve()
    })
  })
  const server = { child, base: `http://127.0.0.1:${port}`, exited, logFile }
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    const ok = await fetch(`${server.base}/api/v1/health`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { server, seconds: (performance.now() - started) / 1000 }
    await new Promise((r) => setTimeout(r, 200))
  }
  killGroup(child, 'SIGKILL')
  await exited
  throw new Error(`the server did not come up (${label}); its log ends:\n${tail(logFile)}`)
}

/** The server's own account of its 5xx answers (pino's `request failed` lines). */
function serverErrorsIn(file: string) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('request failed'))
    .slice(0, 5)
    .map((line) => {
      try {
        const { err, req } = JSON.parse(line)
        return `  server log: ${req?.method ?? ''} ${req?.url ?? ''} ${err?.type}: ${err?.message}\n      ${String(err?.stack ?? '')
          .split('\n')
          .slice(1, 5)
          .join('\n      ')}`
      } catch {
        return `  server log: ${line.slice(0, 500)}`
      }
    })
}

const tail = (file: string) => readFileSync(file, 'utf8').split('\n').slice(-25).join('\n')

async function stopServer(server: Server, signal: NodeJS.Signals) {
  killGroup(server.child, signal)
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref())
  if ((await Promise.race([server.exited, timeout])) === 'timeout') {
    killGroup(server.child, 'SIGKILL')
    await server.exited
  }
  // nothing of the group may survive: a straggler would keep the data directory open
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(-(server.child.pid as number), 0)
    } catch {
      return
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`process group ${server.child.pid} survived ${signal}`)
}

// ---------------------------------------------------------------- the demo city and its actors

interface Unit {
  id: number
  code: string
  kind: string
  level: number
  parentId: number | null
  path: string
}
interface Fixture {
  units: Map<number, Unit>
  communities: Unit[]
  departmentsOf: Map<string, Unit[]>
  /** session cookie + CSRF token per username, or per resident phone */
  staff: Map<string, Session>
  residents: Array<{ id: number; session: Session }>
  categories: { local: string[]; district: string[] }
}
type Session = { cookie: string; csrf: string }

/** Seeds the demo city into an open database and gives the load's actors sessions of their own. */
async function prepareCity(database: Database): Promise<Fixture> {
  await migrate(database)
  await seed(database.db, { demo: true, log: { info() {} } })
  const db = database.db
  const rows = await db.selectFrom('org_units').select(['id', 'code', 'kind', 'level', 'parent_id', 'path']).execute()
  const units = new Map(
    rows.map((r) => [r.id, { id: r.id, code: r.code, kind: r.kind, level: r.level, parentId: r.parent_id, path: r.path }]),
  )
  const inLoad = (u: Unit) => DISTRICTS.some((d) => u.path.split('.')[1] === d)
  const communities = [...units.values()].filter((u) => inLoad(u) && u.kind === 'center' && u.level === 4)
  const departmentsOf = new Map(
    DISTRICTS.map((d) => [d, [...units.values()].filter((u) => u.kind === 'department' && u.path.split('.')[1] === d)]),
  )
  // sessions straight in the table: logging 200 accounts in through the API would only meet its rate limit
  const users = await db.selectFrom('users').select(['id', 'username', 'unit_id']).execute()
  const staff = new Map<string, Session>()
  for (const u of users) {
    const unit = units.get(u.unit_id)
    const shared = /^operator\d$/.test(u.username) || u.username === 'supervisor'
    if (!shared && !(unit && inLoad(unit) && /^[cd]-/.test(u.username))) continue
    const { token, csrfToken } = await createSession(db, { userId: u.id }, 7)
    staff.set(u.username, { cookie: `xiaolan_session=${token}`, csrf: csrfToken })
  }
  const residents: Fixture['residents'] = []
  for (let i = 0; i < RESIDENTS; i++) {
    const { id } = await db
      .insertInto('residents')
      .values({ phone: `1390000${String(i).padStart(4, '0')}`, name: `居民${i}`, id_number: null, verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { token, csrfToken } = await createSession(db, { residentId: id }, 7)
    residents.push({ id, session: { cookie: `xiaolan_session=${token}`, csrf: csrfToken } })
  }
  const categories = await db
    .selectFrom('categories')
    .select(['code', 'community_resolvable'])
    .where('parent_code', 'is not', null)
    .execute()
  return {
    units,
    communities,
    departmentsOf,
    staff,
    residents,
    categories: {
      local: categories.filter((c) => c.community_resolvable).map((c) => c.code),
      district: categories.filter((c) => !c.community_resolvable).map((c) => c.code),
    },
  }
}

// ---------------------------------------------------------------- the load

interface Tracked {
  id: number
  number: string
  reporter: number | null
  version: number
  state: string
  unitId: number | null
  /** summoned units of a whistle that have not checked in */
  summoned: number[]
  /** what the server acknowledged: the version each 2xx produced and its action */
  acks: Map<number, string>
}

interface Stats {
  sent: number
  ok: number
  created: number
  actions: number
  status: Map<string, number>
  serverErrors: string[]
  inFlightAtKill: number
}

/** The part of an EventView the driver reads. */
interface View {
  id: number
  number: string
  version: number
  state: string
  currentUnit: { id: number } | null
}
type Result = { status: number; body: unknown } | { status: 'network'; error: string }
const viewOf = (res: Result) => (res as { body: View }).body

function client(base: string, session: Session) {
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result> => {
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          cookie: session.cookie,
          ...(method === 'POST' ? { 'x-csrf-token': session.csrf, 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      })
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {}
      return { status: res.status, body: parsed }
    } catch (error) {
      return { status: 'network', error: String((error as Error).cause ?? error) }
    }
  }
}

const accountOf = (unit: Unit) => `${unit.kind === 'center' ? 'c' : 'd'}-${unit.code}`

/** One action for an event from what the driver knows of it, by the actor the lifecycle wants. */
function nextAction(f: Fixture, e: Tracked): { who: Session; body: Record<string, unknown>; checkIn?: number } | null {
  const holder = e.unitId === null ? undefined : f.units.get(e.unitId)
  const operator = f.staff.get(`operator${1 + Math.floor(random() * 5)}`) as Session
  if (e.state === 'closed') return null
  if (e.state === 'resolved') {
    const who = e.reporter !== null ? (f.residents.find((r) => r.id === e.reporter)?.session as Session) : operator
    return { who, body: { type: 'evaluate', rating: chance(0.8) ? 'satisfied' : 'unsatisfied', note: '回访记录' } }
  }
  if (!holder) return null
  const holderSession = f.staff.get(accountOf(holder))
  if (!holderSession) return null
  if (chance(0.06)) return { who: operator, body: { type: 'comment', note: '来电人再次来电询问进度' } }
  if (chance(0.04)) return { who: f.staff.get('supervisor') as Session, body: { type: 'supervise', note: '请加快办理' } }
  const waiting = e.summoned.find((id) => id !== e.unitId)
  if (waiting !== undefined && chance(0.5)) {
    const unit = f.units.get(waiting) as Unit
    return { who: f.staff.get(accountOf(unit)) as Session, body: { type: 'check_in', note: '已到场，负责配合部分' }, checkIn: waiting }
  }
  const as = (body: Record<string, unknown>) => ({ who: holderSession, body })
  if (e.state === 'assigned') return as({ type: 'sign' })
  const district = holder.path.split('.')[1] as string
  const departments = f.departmentsOf.get(district) ?? []
  if (holder.kind !== 'center') return as({ type: 'resolve', note: '已按要求处理完毕' })
  if (holder.level === 4) return chance(0.75) ? as({ type: 'resolve', note: '社区已处理' }) : as({ type: 'escalate', note: '需街道协调' })
  const below = f.communities.filter((c) => c.path.startsWith(holder.path))
  if (holder.level === 3) {
    if (chance(0.2) && departments.length >= 2) {
      const [lead, other] = [pick(departments), pick(departments)]
      if (lead.id !== other.id) return as({ type: 'whistle', units: [lead.id, other.id], leadUnitId: lead.id, note: '街道吹哨' })
    }
    return chance(0.5) && below.length
      ? as({ type: 'dispatch', unitId: pick(below).id, note: '请社区办理' })
      : as({ type: 'escalate', note: '需区级协调' })
  }
  return as({ type: 'dispatch', unitId: pick(departments).id, note: '请职能部门办理' })
}

async function runLoad(f: Fixture, base: string, events: Map<number, Tracked>, killAt: number, kill: () => void) {
  const stats: Stats = { sent: 0, ok: 0, created: 0, actions: 0, status: new Map(), serverErrors: [], inFlightAtKill: 0 }
  const idle: Tracked[] = []
  let inFlight = 0
  let killed = false
  const started = performance.now()
  const count = (key: string) => stats.status.set(key, (stats.status.get(key) ?? 0) + 1)
  const send = async (session: Session, method: 'GET' | 'POST', path: string, body?: unknown) => {
    stats.sent++
    inFlight++
    const res = await client(base, session)(method, path, body)
    inFlight--
    if (res.status === 'network') {
      count(killed ? 'network error (killed)' : `network error: ${res.error}`)
    } else {
      count(String(res.status))
      if (res.status >= 500) stats.serverErrors.push(`${method} ${path} ${res.status} ${JSON.stringify(res.body)}`)
      if (res.status >= 200 && res.status < 300) stats.ok++
      else if (res.status >= 400 && res.status < 500) count(`${res.status} ${(res.body as { error?: { code?: string } })?.error?.code}`)
    }
    return res
  }
  const track = (e: Tracked, view: View, action: string) => {
    e.version = view.version
    e.state = view.state
    e.unitId = view.currentUnit?.id ?? null
    e.acks.set(view.version, action)
  }

  const create = async () => {
    const community = pick(f.communities)
    const local = chance(0.7)
    const category = pick(local ? f.categories.local : f.categories.district)
    const resident = chance(0.3) ? pick(f.residents) : null
    const res = resident
      ? await send(resident.session, 'POST', '/api/v1/resident/events', {
          category,
          description: `居民反映：${category} 问题，请尽快处理`,
          communityCode: community.code,
        })
      : await send(f.staff.get(`operator${1 + Math.floor(random() * 5)}`) as Session, 'POST', '/api/v1/events', {
          category,
          description: `12345来电：${category} 问题，请尽快处理`,
          channel: 'hotline',
          communityCode: community.code,
          reporterName: '张先生',
          reporterPhone: '13800000001',
        })
    if (res.status !== 201) return
    const view = viewOf(res)
    const e: Tracked = {
      id: view.id,
      number: view.number,
      reporter: resident?.id ?? null,
      version: 0,
      state: '',
      unitId: null,
      summoned: [],
      acks: new Map(),
    }
    for (let v = 1; v < view.version; v++) e.acks.set(v, v === 1 ? 'submit' : 'route')
    track(e, view, view.version === 2 ? 'route' : 'submit')
    events.set(e.id, e)
    stats.created++
    idle.push(e)
  }

  const act = async () => {
    const i = Math.floor(random() * idle.length)
    const e = idle[i] as Tracked
    idle[i] = idle[idle.length - 1] as Tracked
    idle.pop()
    const next = nextAction(f, e)
    if (!next) return
    const res = await send(next.who, 'POST', `/api/v1/events/${e.id}/actions`, { ...next.body, version: e.version })
    if (res.status === 200) {
      track(e, viewOf(res), next.body.type as string)
      if (next.body.type === 'whistle') e.summoned = [...(next.body.units as number[])]
      if (next.checkIn !== undefined) e.summoned = e.summoned.filter((u) => u !== next.checkIn)
      stats.actions++
    }
    // a refused action (a rare 4xx: an edge of the model above) leaves the event to try again
    if (res.status !== 'network' && e.state !== 'closed') idle.push(e)
  }

  const worker = async () => {
    while (!killed) {
      if (idle.length === 0 || chance(0.3)) await create()
      else await act()
    }
  }
  const progress = setInterval(() => {
    const s = (performance.now() - started) / 1000
    console.log(
      `  ${s.toFixed(0).padStart(3)} s  ${stats.sent} requests (${Math.round(stats.sent / s)}/s)  ${stats.ok} acknowledged: ${stats.created} events, ${stats.actions} actions  ${inFlight} in flight`,
    )
  }, 2000)
  const workers = Array.from({ length: CLIENTS }, worker)
  await new Promise((r) => setTimeout(r, killAt))
  stats.inFlightAtKill = inFlight
  killed = true
  kill()
  clearInterval(progress)
  await Promise.all(workers)
  return { stats, seconds: (performance.now() - started) / 1000 }
}

// ---------------------------------------------------------------- the checks

interface Findings {
  events: number
  entries: number
  unacknowledgedEvents: number
  unacknowledgedEntries: number
  problems: string[]
}

async function checkDatabase(database: Database, events: Map<number, Tracked>): Promise<Findings> {
  const db = database.db
  const problems: string[] = []
  const note = (p: string) => {
    if (problems.length < 40) problems.push(p)
    else if (problems.length === 40) problems.push('… (more)')
  }
  const rows = await db.selectFrom('events').selectAll().execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const orgs = await loadOrgDirectory(db)
  const unitPathCodes = (path: string) =>
    path
      .split('.')
      .filter(Boolean)
      .map((c) => orgs.byCode(c))
      .filter((u) => u !== undefined && u.parentId !== null)
      .map((u) => u?.id as number)

  // 1. everything acknowledged is there
  let acknowledgedEntries = 0
  for (const e of events.values()) {
    const row = byId.get(e.id)
    if (!row) {
      note(`acknowledged event ${e.id} (${e.number}) is missing`)
      continue
    }
    if (row.number !== e.number) note(`event ${e.id} has number ${row.number}, acknowledged as ${e.number}`)
    if (row.version < e.version) note(`event ${e.id} is at version ${row.version}, acknowledged ${e.version}`)
  }

  // 2. every event is whole: its log, the row as its replay, its units and scope rows
  const units = await db.selectFrom('event_units').select(['event_id', 'unit_id']).execute()
  const scopes = await db.selectFrom('event_scopes').select(['event_id', 'unit_id']).execute()
  const group = (list: Array<{ event_id: number; unit_id: number }>) => {
    const m = new Map<number, Set<number>>()
    for (const r of list) m.set(r.event_id, (m.get(r.event_id) ?? new Set()).add(r.unit_id))
    return m
  }
  const unitsOf = group(units)
  const scopesOf = group(scopes)
  const orphans = await sql<{
    n: number
  }>`select count(*)::int as n from event_actions a where not exists (select 1 from events e where e.id = a.event_id)`.execute(db)
  if ((orphans.rows[0]?.n ?? 0) > 0) note(`${orphans.rows[0]?.n} log entries without their event`)
  for (const id of [...unitsOf.keys(), ...scopesOf.keys()])
    if (!byId.has(id)) note(`event_units/event_scopes rows of a missing event ${id}`)

  let entries = 0
  for (const row of rows) {
    const log = await readLog(db, row.id)
    entries += log.length
    const tracked = events.get(row.id)
    for (const [version, action] of tracked?.acks ?? []) {
      acknowledgedEntries++
      const entry = log[version - 1]
      if (!entry || entry.seq !== version || entry.action !== action) {
        note(
          `event ${row.id}: acknowledged ${action} as version ${version}, the log has ${entry ? `${entry.action} @${entry.seq}` : 'nothing'}`,
        )
      }
    }
    if (log.length === 0) {
      note(`event ${row.id} has no log (half written)`)
      continue
    }
    if (log[0]?.action !== 'submit') note(`event ${row.id}'s log starts with ${log[0]?.action}`)
    if (!log.every((e, i) => e.seq === i + 1)) note(`event ${row.id}'s log has gaps: ${log.map((e) => e.seq).join(',')}`)
    if (row.version !== log.length) note(`event ${row.id} is at version ${row.version} with ${log.length} log entries`)
    try {
      assert.deepEqual(toState(row), replay(log as LogEntry[]))
    } catch (error) {
      note(`event ${row.id}: the row is not the replay of its log: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`)
    }
    const reached = new Set<number>()
    for (const e of log) {
      if (e.action === 'whistle') for (const s of e.changes.summoned ?? []) reached.add(s.unitId)
      if (e.toUnitId !== null && e.toUnitId !== e.fromUnitId) reached.add(e.toUnitId)
    }
    const scope = new Set(unitPathCodes(row.area_path))
    for (const u of reached) for (const s of unitPathCodes(orgs.unit(u)?.path ?? '')) scope.add(s)
    const same = (a: Set<number>, b: Set<number> | undefined) => a.size === (b?.size ?? 0) && [...a].every((x) => b?.has(x))
    if (!same(reached, unitsOf.get(row.id)))
      note(`event ${row.id}: event_units ${[...(unitsOf.get(row.id) ?? [])]} ≠ reached ${[...reached]}`)
    if (!same(scope, scopesOf.get(row.id))) note(`event ${row.id}: event_scopes differ from the paths it reached`)
  }

  // 3. numbers: unique, and no day's sequence behind what it handed out (a restart would reuse one)
  const { rows: sequences } = await sql<{ day: string; last: string }>`
    select substring(sequencename from 14) as day, last_value as last from pg_sequences
    where sequencename ~ '^event_number_[0-9]{8}$' and last_value is not null`.execute(db)
  const counters = new Map(sequences.map((r) => [r.day, Number(r.last)]))
  const numbers = new Set<string>()
  for (const row of rows) {
    if (numbers.has(row.number)) note(`number ${row.number} twice`)
    numbers.add(row.number)
    const [, day, seq] = /^LZ(\d{8})-(\d{6})$/.exec(row.number) ?? []
    if (day && Number(seq) > (counters.get(day) ?? 0)) note(`${row.number} is beyond the counter of ${day} (${counters.get(day)})`)
  }

  // 4. rollups equal a recount of the events
  const areasOf = areaResolver(orgs)
  const expected = { state: new Map<string, number>(), created: new Map<string, number>(), daily: new Map<string, number>() }
  const add = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1)
  for (const row of rows) {
    const day = chinaDateOf(row.created_at)
    const top = row.category_code.split('.')[0]
    for (const unit of areasOf({ communityId: row.community_id, districtId: row.district_id })) {
      add(expected.state, `${unit}|${row.state}`)
      add(expected.created, `${unit}|${day}|${top}|${row.channel}`)
      add(expected.daily, `${unit}|${day}|${top}|${row.channel}|${row.state}`)
    }
  }
  const stored = async (query: string) =>
    new Map(((await sql.raw(query).execute(db)).rows as Array<{ k: string; n: number }>).map((r) => [r.k, Number(r.n)]))
  const compare = (name: string, want: Map<string, number>, have: Map<string, number>) => {
    for (const key of new Set([...want.keys(), ...have.keys()])) {
      if ((want.get(key) ?? 0) !== (have.get(key) ?? 0)) note(`${name} ${key}: ${have.get(key) ?? 0}, a recount says ${want.get(key) ?? 0}`)
    }
  }
  compare(
    'rollup_unit_state',
    expected.state,
    await stored(`select unit_id || '|' || state as k, n from rollup_unit_state_exact where n <> 0`),
  )
  compare(
    'rollup_created',
    expected.created,
    await stored(`select unit_id || '|' || day || '|' || category || '|' || channel as k, n from rollup_created_exact where n <> 0`),
  )
  compare(
    'rollup_daily',
    expected.daily,
    await stored(
      `select unit_id || '|' || day || '|' || category || '|' || channel || '|' || state as k, n from rollup_daily_exact where n <> 0`,
    ),
  )

  return {
    events: rows.length,
    entries,
    unacknowledgedEvents: rows.filter((r) => !events.has(r.id)).length,
    unacknowledgedEntries: entries - acknowledgedEntries,
    problems,
  }
}

/** After the restart: it serves, takes a new call, lets its holder sign it, and continues an old event. */
async function writesAfterRestart(f: Fixture, base: string, events: Map<number, Tracked>) {
  const problems: string[] = []
  const operator = client(base, f.staff.get('operator1') as Session)
  const health = await operator('GET', '/api/v1/health')
  if (health.status !== 200) problems.push(`health after restart: ${JSON.stringify(health)}`)
  const community = pick(f.communities)
  const created = await operator('POST', '/api/v1/events', {
    category: pick(f.categories.local),
    description: '重启后的第一个来电',
    channel: 'hotline',
    communityCode: community.code,
  })
  if (created.status !== 201) return [...problems, `a call after the restart: ${JSON.stringify(created)}`]
  const view = viewOf(created)
  const fresh: Tracked = {
    id: view.id,
    number: view.number,
    reporter: null,
    version: view.version,
    state: view.state,
    unitId: view.currentUnit?.id ?? null,
    summoned: [],
    acks: new Map([
      [1, 'submit'],
      [2, 'route'],
    ]),
  }
  events.set(fresh.id, fresh)
  const holder = client(base, f.staff.get(accountOf(f.units.get(fresh.unitId as number) as Unit)) as Session)
  const signed = await holder('POST', `/api/v1/events/${fresh.id}/actions`, { type: 'sign', version: fresh.version })
  if (signed.status !== 200) problems.push(`signing after the restart: ${JSON.stringify(signed)}`)
  else fresh.acks.set(viewOf(signed).version, 'sign')
  // an event from before the crash, at whatever version the restarted server holds
  const old = [...events.values()].find((e) => e.id !== fresh.id && e.state !== 'closed')
  if (old) {
    const seen = await operator('GET', `/api/v1/events/${old.id}`)
    const version = seen.status === 200 ? viewOf(seen).version : old.version
    const commented = await operator('POST', `/api/v1/events/${old.id}/actions`, { type: 'comment', note: '重启后补记', version })
    if (commented.status !== 200) problems.push(`an action on event ${old.id} after the restart: ${JSON.stringify(commented)}`)
    else old.acks.set(viewOf(commented).version, 'comment')
  }
  return problems
}

// ---------------------------------------------------------------- rounds

interface RoundReport {
  kind: string
  round: number
  killAfter: number
  stats: Stats
  seconds: number
  restartSeconds: number
  findings: Findings
  problems: string[]
}

async function roundOn(kind: 'postgres' | 'pglite', round: number, template: string, f: Fixture): Promise<RoundReport> {
  let env: Record<string, string>
  let open: () => Promise<Database>
  let drop: () => Promise<void>
  if (kind === 'postgres') {
    const name = `xiaolan_crash_${process.pid}_${round}`
    const admin = new pg.Client({ connectionString: args.url })
    await admin.connect()
    await admin.query(`create database ${name} template ${template}`)
    await admin.end()
    databases.add(name)
    const url = new URL(args.url as string)
    url.pathname = `/${name}`
    env = { DATABASE_URL: url.toString() }
    open = () => openDatabase({ url: url.toString() })
    drop = async () => {
      const a = new pg.Client({ connectionString: args.url })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
      databases.delete(name)
    }
  } else {
    const dir = join(WORK, `pglite-round-${round}`)
    cpSync(template, dir, { recursive: true })
    env = { DATA_DIR: dir }
    open = () => openDatabase({ dataDir: dir })
    drop = async () => rmSync(dir, { recursive: true, force: true })
  }

  const killAfter = KILL_MIN_MS + random() * (KILL_MAX_MS - KILL_MIN_MS)
  const events = new Map<number, Tracked>()
  let server: Server | undefined
  try {
    server = (await startServer(env, `${kind}-${round}-first`)).server
    console.log(`  loading with ${CLIENTS} clients; SIGKILL after ${(killAfter / 1000).toFixed(1)} s`)
    const first = server
    const { stats, seconds } = await runLoad(f, first.base, events, killAfter, () => killGroup(first.child, 'SIGKILL'))
    await stopServer(first, 'SIGKILL')
    console.log(`  killed with ${stats.inFlightAtKill} requests in flight; restarting on the same data`)
    const restarted = await startServer(env, `${kind}-${round}-restart`)
    server = restarted.server
    console.log(`  serving again after ${restarted.seconds.toFixed(1)} s`)
    const problems = await writesAfterRestart(f, server.base, events)
    await stopServer(server, 'SIGTERM')
    server = undefined
    const database = await open()
    let findings: Findings
    try {
      findings = await checkDatabase(database, events)
    } finally {
      await database.close()
    }
    problems.push(
      ...stats.serverErrors.slice(0, 10).map((e) => `5xx during the load: ${e}`),
      ...(stats.serverErrors.length ? serverErrorsIn(first.logFile) : []),
      ...findings.problems,
    )
    return { kind, round, killAfter, stats, seconds, restartSeconds: restarted.seconds, findings, problems }
  } finally {
    if (server) await stopServer(server, 'SIGKILL').catch(() => {})
    await drop().catch(() => {})
  }
}

async function main() {
  console.log(`crash check: ${KINDS.join(' + ')}, ${ROUNDS} round(s), ${CLIENTS} clients, seed ${args.seed}`)
  const reports: RoundReport[] = []
  for (const kind of KINDS) {
    console.log(`\n== ${kind}: seeding the demo city once`)
    let template: string
    let database: Database
    if (kind === 'postgres') {
      template = `xiaolan_crash_${process.pid}_template`
      const admin = new pg.Client({ connectionString: args.url })
      await admin.connect()
      await admin.query(`create database ${template}`)
      await admin.end()
      databases.add(template)
      const url = new URL(args.url as string)
      url.pathname = `/${template}`
      database = await openDatabase({ url: url.toString() })
    } else {
      template = join(WORK, 'pglite-template')
      database = await openDatabase({ dataDir: template })
    }
    const fixture = await prepareCity(database).finally(() => database.close())
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`\n== ${kind}, round ${round}/${ROUNDS}`)
      const report = await roundOn(kind, round, template, fixture)
      reports.push(report)
      const { stats, findings } = report
      console.log(
        `  ${stats.sent} requests in ${report.seconds.toFixed(1)} s (${Math.round(stats.sent / report.seconds)}/s), ${stats.ok} acknowledged ` +
          `(${stats.created} events, ${stats.actions} actions), ${stats.inFlightAtKill} in flight at the kill`,
      )
      console.log(`  statuses: ${[...stats.status].map(([k, n]) => `${k} ×${n}`).join(', ')}`)
      console.log(
        `  after the restart: ${findings.events} events, ${findings.entries} log entries; committed but never acknowledged: ` +
          `${findings.unacknowledgedEvents} events, ${findings.unacknowledgedEntries} log entries`,
      )
      console.log(
        report.problems.length === 0
          ? '  ✔ round passed'
          : `  ✘ ${report.problems.length} problem(s):\n    ${report.problems.join('\n    ')}`,
      )
    }
  }
  const failed = reports.filter((r) => r.problems.length > 0)
  console.log('\n== verdict')
  for (const r of reports) {
    console.log(
      `  ${r.problems.length === 0 ? '✔' : '✘'} ${r.kind} round ${r.round}: killed at ${(r.killAfter / 1000).toFixed(1)} s, ` +
        `${r.stats.ok} acknowledged writes, ${r.findings.events} events checked, restart ${r.restartSeconds.toFixed(1)} s` +
        (r.problems.length ? `, ${r.problems.length} problem(s)` : ''),
    )
  }
  console.log(failed.length === 0 ? 'CRASH CHECK PASSED' : `CRASH CHECK FAILED (${failed.length} of ${reports.length} rounds)`)
  return failed.length === 0 ? 0 : 1
}

let code = 1
try {
  code = await main()
} catch (error) {
  console.error('crash check aborted:', error)
} finally {
  await cleanUp()
}
process.exit(code)
