/**
 * Schema-driven fuzzing of every route (issue 12): requests generated from each route's own schema
 * (the OpenAPI document @fastify/swagger builds from the route table, so a new route is fuzzed the
 * day it is added) plus the hostile classes of server/test/fuzz/arbitraries.ts, sent as anonymous,
 * residents and staff of several roles. Two properties per request: no 5xx, and a rejected request
 * (4xx) changed nothing in the database.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed at the start), FUZZ_RUNS=<n> sets the requests
 * per route (default 30), FUZZ_ROUTE=<part of "METHOD /path"> fuzzes only the matching routes,
 * FUZZ_DEBUG=1 prints every request with its status.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type as T } from '@sinclair/typebox'
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { sql } from 'kysely'
import { invalid } from '../../src/errors.ts'
import { describe, type FuzzRequest, type Pools, type RouteSpec, requestFor, routesOf } from '../fuzz/arbitraries.ts'
import { build, type Client, DEMO_PASSWORD, registerCall, type TestApp, XINGFULI } from '../helper.ts'

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
const RUNS = Number(process.env.FUZZ_RUNS ?? 30)
const ONLY = process.env.FUZZ_ROUTE

const ID_NUMBER = '11010519491231002X'

// every limit lifted through the configuration the server reads, so that fuzzing reaches the
// handlers instead of collecting 429s (a 429 would pass, but cover nothing)
const LIFTED = {
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  RATE_LIMIT_TRACK_PER_MINUTE: '1000000',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
  RATE_LIMIT_UPLOAD_PER_MINUTE: '1000000',
  RATE_LIMIT_CLASSIFY_PER_MINUTE: '1000000',
  RATE_LIMIT_OPEN_DATA_PER_MINUTE: '1000000',
  LOGIN_LOCK_AFTER: '1000',
  OTP_RESEND_SECONDS: '1',
  OTP_PHONE_PER_HOUR: '1000000',
  OTP_PHONE_PER_DAY: '1000000',
  OTP_CLIENT_PER_HOUR: '1000000',
  OTP_CLIENT_PER_DAY: '1000000',
  OTP_WRONG_PER_DAY: '10000',
}

/**
 * Tables a rejected request may change by design, left out of the fingerprint by name (a new
 * table is in it until it is named here, with its reason):
 * - otp_codes: a wrong code is a 401 that counts the attempt (attempts and wrong_codes cap guesses);
 * - login_throttle (0017): a refused login is exactly what it counts, per username;
 * - schema_migrations: not touched by requests.
 */
const CHANGES_WHEN_REJECTED = new Set(['otp_codes', 'login_throttle', 'schema_migrations'])

/**
 * What the database holds, cheaply: per table its row count and the newest row version's
 * transaction id (`xmin`: an insert or an update writes a row version with a newer one, a delete
 * lowers the count). Before that, the next transaction id: when it has not moved, nothing was
 * written anywhere and the tables need not be read.
 */
function fingerprints(h: TestApp) {
  const db = h.database.db
  let tables: string[] = []
  const nextXid = async () => (await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db)).rows[0]?.x
  const read = async () => {
    if (tables.length === 0) {
      const rows = await sql<{ t: string }>`select table_name as t from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)
      tables = rows.rows.map((r) => r.t).filter((t) => !CHANGES_WHEN_REJECTED.has(t))
    }
    const parts = tables.map(
      (t) => sql`select ${t} as t, count(*)::text || '/' || coalesce(max(x.xmin::text::bigint), 0)::text as v from ${sql.table(t)} x`,
    )
    const rows = await sql<{ t: string; v: string }>`${sql.join(parts, sql` union all `)}`.execute(db)
    return Object.fromEntries(rows.rows.map((r) => [r.t, r.v]))
  }
  let known: Record<string, string> | null = null
  return {
    /** Call before a request: reads the tables only when the last request wrote. */
    async before() {
      known ??= await read()
      return { xid: await nextXid(), tables: known }
    },
    /** After writes of the test's own (signing in again): read the tables afresh before the next request. */
    forget() {
      known = null
    },
    /** The tables that changed since `before`, or none. */
    async changedSince(mark: { xid: string | undefined; tables: Record<string, string> }) {
      if ((await nextXid()) === mark.xid) return []
      const now = await read()
      known = now
      return Object.keys(now).filter((t) => now[t] !== mark.tables[t])
    },
  }
}

/** What the fuzzing knows of the demo city and of a few events it made, to reach past "not found". */
async function poolsOf(h: TestApp, identityUsers: string[]): Promise<Pools> {
  const db = h.database.db
  const orgs = await db.selectFrom('org_units').select(['id', 'code', 'level', 'kind', 'seat_lat', 'seat_lng']).orderBy('id').execute()
  const pick = <T>(rows: T[], n: number) => rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / n)) === 0).slice(0, n)
  const communities = orgs.filter((o) => o.kind === 'center' && o.level === 4)
  const users = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', 'not in', [...identityUsers, ''])
    .orderBy('id')
    .limit(40)
    .execute()
  const events = await db.selectFrom('events').select(['id', 'number']).execute()
  const attachments = await db.selectFrom('attachments').select('id').execute()
  const categories = await db
    .selectFrom('categories')
    .select('code')
    .where('parent_code', 'is not', null)
    .where('active', '=', true)
    .execute()
  const chosen = [...pick(orgs, 30), ...orgs.filter((o) => o.level <= 2), ...orgs.filter((o) => o.code.startsWith(XINGFULI.slice(0, 9)))]
  return {
    eventIds: events.map((e) => Number(e.id)),
    eventNumbers: events.map((e) => e.number),
    attachmentIds: attachments.map((a) => Number(a.id)),
    unitIds: [...new Set(chosen.map((o) => o.id))],
    userIds: users.map((u) => u.id),
    usernames: [...users.map((u) => u.username), ...identityUsers],
    orgCodes: [...new Set(chosen.map((o) => o.code))],
    communityCodes: [XINGFULI, ...pick(communities, 10).map((o) => o.code)],
    districtCodes: orgs.filter((o) => o.kind === 'center' && o.level === 2).map((o) => o.code),
    categoryCodes: ['*', ...categories.map((c) => c.code)],
    phones: ['13900000001', '13900000002', '13800000009'],
    idNumbers: [ID_NUMBER],
    password: DEMO_PASSWORD,
    points: [...communities.slice(0, 20), ...orgs.filter((o) => o.code === XINGFULI)]
      .filter((o) => o.seat_lat !== null && o.seat_lng !== null)
      .map((o) => ({ lat: o.seat_lat as number, lng: o.seat_lng as number })),
  }
}

type Sender = Pick<Client, 'inject'>

const COMMUNITY = `c-${XINGFULI}`
const GRID_WORKER = 'g-620105007010001'
/** Who a route's OpenAPI tag says it is for: half the requests come from them, to get past 401 / 403. */
const LIKELY_BY_TAG: Record<string, string[]> = {
  admin: ['admin'],
  residents: ['resident', 'unverified resident'],
  hotline: ['operator1', 'supervisor'],
  grid: [GRID_WORKER],
  events: ['operator1', COMMUNITY, 'c-620105', GRID_WORKER, 'resident'],
  workbench: [COMMUNITY, 'c-620105', 'd-620105D01'],
  kpis: ['leader', 'c-620105'],
  analytics: ['leader', 'c-620105'],
  realtime: ['leader', COMMUNITY, 'resident'],
}

async function send(client: Sender, req: FuzzRequest) {
  const options = { method: req.method, url: req.url, headers: req.headers, payload: req.payload }
  if (req.url.startsWith('/api/v1/stream') || req.url.startsWith('/api/v1/resident/stream')) {
    // a change stream never ends by itself: take the status and headers, then hang up
    const abort = new AbortController()
    const res = await client.inject({ ...options, payloadAsStream: true, signal: abort.signal })
    abort.abort()
    res.stream().on('error', () => {})
    return { status: res.statusCode, body: '(stream)', session: false }
  }
  const res = await client.inject(options)
  return {
    status: res.statusCode,
    body: res.body.length > 400 ? `${res.body.slice(0, 400)}…` : res.body,
    // logged out, or logged in anew: the identity's session is no longer the one it started with
    session: res.cookies.some((c) => c.name === 'xiaolan_session'),
  }
}

test('every route answers generated and hostile input without a 5xx, and a rejected request changes nothing', async (t) => {
  const h = await build(t, { env: LIFTED })
  await h.app.ready()
  t.diagnostic(`FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}${ONLY ? ` FUZZ_ROUTE=${ONLY}` : ''}`)

  // a little of everything to act on: a resident's report with a photo, a hotline call
  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: ID_NUMBER })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const photo = await resident.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
    payload: Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]),
      Buffer.from('\r\n--b--\r\n'),
    ]),
  })
  assert.equal(photo.statusCode, 201, photo.body)
  const report = await resident.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '小区门口垃圾三天没人清运',
    lat: community.seat.lat,
    lng: community.seat.lng,
    attachmentIds: [photo.json().id],
  })
  assert.equal(report.status, 201, JSON.stringify(report.body))
  const operator = await h.as('operator1')
  await registerCall(operator, '路灯不亮，晚上很黑', { reporterPhone: '13900000002' })

  const staff = ['admin', 'operator1', 'supervisor', 'leader', COMMUNITY, 'c-620105', 'd-620105D01', GRID_WORKER]
  const login: Record<string, () => Promise<Sender>> = {
    // no cookie jar: a session cookie that a fuzzed login hands out is not kept
    anonymous: async () => ({ inject: (options) => h.app.inject(options) }),
    resident: () => h.resident('13900000001', { name: '王小兰', idNumber: ID_NUMBER }),
    'unverified resident': () => h.resident('13900000003'),
  }
  for (const username of staff) login[username] = () => h.as(username)
  const clients: Record<string, Sender> = { resident, operator1: operator }
  for (const [identity, signIn] of Object.entries(login)) clients[identity] ??= await signIn()
  // signs an identity in again after a fuzzed logout or login changed its session
  const renew = async (identity: string) => {
    h.clock.now = new Date(h.clock.now.getTime() + 120_000) // past the OTP resend interval
    clients[identity] = await (login[identity] as () => Promise<Sender>)().catch(() => clients[identity] as Sender)
  }
  const pools = await poolsOf(h, staff)

  const routes = routesOf(h.app.swagger() as Parameters<typeof routesOf>[0])
  assert.ok(routes.length > 40, `the route table has ${routes.length} routes`)
  const fuzzer = { pools, clients, renew, fingerprint: fingerprints(h), tally: new Map<string, Tally>() }
  for (const route of routes) {
    const name = `${route.method} ${route.path}`
    if (ONLY && !name.includes(ONLY)) continue
    await t.test(name, () => fuzzRoute(route, fuzzer, RUNS))
  }
  const tallies = [...fuzzer.tally.values()]
  const total = tallies.reduce((sum, n) => ({ ok: sum.ok + n.ok, rejected: sum.rejected + n.rejected }), { ok: 0, rejected: 0 })
  t.diagnostic(`${total.ok + total.rejected} requests over ${tallies.length} routes: ${total.ok} accepted, ${total.rejected} rejected`)
  const neverAccepted = [...fuzzer.tally].filter(([, n]) => n.ok === 0).map(([route]) => route)
  if (neverAccepted.length) t.diagnostic(`never accepted (only rejections were checked): ${neverAccepted.join(', ')}`)
})

test('the fuzzing finds a route it was not told about, and fails on its 5xx and on its write before a 400', async (t) => {
  const h = await build(t)
  // two planted bugs on routes added after the app was built: the fuzz test must catch both
  const Body = T.Object({ n: T.Integer({ minimum: 1, maximum: 10 }), note: T.Optional(T.String({ maxLength: 20 })) })
  h.app.post('/api/v1/fuzz-canary/crash', { schema: { body: Body } }, async (request) => {
    if ((request.body as { n: number }).n === 10) throw new TypeError('planted: the largest allowed value crashes')
    return { ok: true }
  })
  h.app.post('/api/v1/fuzz-canary/half-write', { schema: { body: Body } }, async (request) => {
    await h.database.db.insertInto('audit_log').values({ action: 'fuzz.canary', target_kind: 'none', target_id: '0' }).execute()
    if ((request.body as { n: number }).n % 2 === 1) throw invalid('n', 'planted: refused after writing')
    return { ok: true }
  })
  await h.app.ready()
  const routes = routesOf(h.app.swagger() as Parameters<typeof routesOf>[0]).filter((r) => r.path.startsWith('/api/v1/fuzz-canary/'))
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), [
    'POST /api/v1/fuzz-canary/crash',
    'POST /api/v1/fuzz-canary/half-write',
  ])
  const fuzzer = {
    pools: await poolsOf(h, []),
    clients: { anonymous: { inject: (options: InjectOptions) => h.app.inject(options) } },
    renew: async () => {},
    fingerprint: fingerprints(h),
    tally: new Map<string, Tally>(),
  }
  const [crash, halfWrite] = routes.sort((a, b) => a.path.localeCompare(b.path)) as [RouteSpec, RouteSpec]
  await assert.rejects(fuzzRoute(crash, fuzzer, 100), /fuzz-canary\/crash: 500 [\s\S]*as anonymous: POST/)
  await assert.rejects(fuzzRoute(halfWrite, fuzzer, 100), /rejected with 400 .* but changed audit_log/s)
})

interface Tally {
  ok: number
  rejected: number
}

interface Fuzzer {
  pools: Pools
  clients: Record<string, Sender>
  renew(identity: string): Promise<void>
  fingerprint: ReturnType<typeof fingerprints>
  tally: Map<string, Tally>
}

/** `runs` generated requests to one route; throws the first 5xx or the first rejected request that wrote. */
async function fuzzRoute(route: RouteSpec, f: Fuzzer, runs: number) {
  const name = `${route.method} ${route.path}`
  const tally = f.tally.get(name) ?? { ok: 0, rejected: 0 }
  f.tally.set(name, tally)
  const identities = Object.keys(f.clients)
  const likely = route.tags.flatMap((tag) => LIKELY_BY_TAG[tag] ?? []).filter((i) => identities.includes(i))
  const property = fc.asyncProperty(requestFor(route, f.pools, identities, likely), async (req) => {
    const mark = await f.fingerprint.before()
    const res = await send(f.clients[req.identity] as Sender, req)
    if (process.env.FUZZ_DEBUG) console.log(res.status, req.identity, req.method, req.url.slice(0, 120), res.body.slice(0, 160))
    if (res.status >= 500) throw new Error(`${res.status} ${res.body}\n  ${describe(req)}`)
    const changed = await f.fingerprint.changedSince(mark)
    if (res.status >= 400) {
      tally.rejected++
      if (changed.length) throw new Error(`rejected with ${res.status} ${res.body} but changed ${changed.join(', ')}\n  ${describe(req)}`)
    } else tally.ok++
    if (res.session) {
      await f.renew(req.identity)
      f.fingerprint.forget()
    }
  })
  // no shrinking: the database has moved on since the failure, so a shrunk request need not fail;
  // the message names the exact request that did
  await fc.assert(property, { numRuns: runs, seed: SEED, endOnFailure: true, reporter: failureReport(route) })
}

/** The failing request itself, with what replays it. */
const failureReport = (route: RouteSpec) => (details: fc.RunDetails<[FuzzRequest]>) => {
  if (!details.failed) return
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
  throw new Error(
    `${route.method} ${route.path}: ${error}\n  replay: FUZZ_SEED=${SEED} FUZZ_ROUTE='${route.method} ${route.path}' (or the whole run with FUZZ_SEED=${SEED})`,
  )
}
