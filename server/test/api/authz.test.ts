/**
 * The authorization matrix (issue 12, deliverable 9) against the running app: every route of the
 * router has a row in server/test/authz-matrix.ts and every row a route; every probe of a row is
 * sent as every actor and classed as the matrix's header says; a denied request must answer like a
 * missing id (IDOR) and change nothing; and the lists show an event exactly to those who may open it.
 */
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { deflateSync } from 'node:zlib'
import type { SlaRuleBody } from '@xiaolan/contracts'
import { sql } from 'kysely'
import { createSession, SESSION_COOKIE } from '../../src/modules/accounts/sessions.ts'
import { ACTOR_NAMES, ACTORS, type ActorName, type Fixtures, MATRIX, type Outcome, type Probe, type ProbeRequest } from '../authz-matrix.ts'
import { build, type TestApp } from '../helper.ts'
import { smallPng } from '../photo.ts'

interface Session {
  cookie?: string
  csrf?: string
  /** each actor calls from its own address, as separate people do, so per-address limits stay apart */
  address: string
}

interface Answer {
  status: number
  body: unknown
}

const ID_NUMBER = '11010519491231002X'
const XINGFULI = '620105007010'

/**
 * `METHOD /path` of every route in the router, read from the router's own table (printRoutes), so
 * a route hidden from the OpenAPI document is listed too. Skipped: HEAD (Fastify adds it to every
 * GET, same handler and hooks), /api/docs (the OpenAPI viewer's static files) and anything outside
 * /api but /metrics (the web app's pages, registered only with `web: true`, which carry no data).
 */
function routesOf(tree: string): string[] {
  const routes: string[] = []
  const prefixes: string[] = []
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m) continue
    const depth = m[1].length / 4
    prefixes.length = depth
    const path = prefixes.join('') + m[2]
    prefixes.push(m[2])
    for (const method of m[3]?.split(', ') ?? []) {
      if (
        method === 'HEAD' ||
        !(path.startsWith('/api/') || path.startsWith('/open311/') || path === '/metrics') ||
        path.startsWith('/api/docs')
      )
        continue
      routes.push(`${method} ${path}`)
    }
  }
  return [...new Set(routes)].sort()
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text.slice(0, 200)
  }
}

async function send(h: TestApp, session: Session, method: string, req: ProbeRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...req.raw?.headers }
  if (session.cookie) headers.cookie = session.cookie
  if (session.csrf && method !== 'GET') headers['x-csrf-token'] = session.csrf
  const res = await h.app.inject({
    method: method as 'GET',
    url: req.url,
    headers,
    remoteAddress: session.address,
    ...(req.raw ? { payload: req.raw.payload } : req.body !== undefined ? { payload: req.body as object } : {}),
  })
  const type = String(res.headers['content-type'] ?? '')
  return { status: res.statusCode, body: type.includes('json') ? parse(res.body) : `(${type}, ${res.rawPayload.length} bytes)` }
}

/** A stream stays open: over real HTTP, an allowed caller is one whose stream opened (200). */
async function sendStream(base: string, session: Session, req: ProbeRequest): Promise<Answer> {
  const abort = new AbortController()
  const res = await fetch(base + req.url, { headers: session.cookie ? { cookie: session.cookie } : {}, signal: abort.signal })
  if (res.status === 200) {
    abort.abort()
    return { status: 200, body: '(stream)' }
  }
  return { status: res.status, body: parse(await res.text()) }
}

function classify(answer: Answer, refusals: number[] = []): Outcome | string {
  const code = (answer.body as { error?: { code?: string } })?.error?.code
  if (code === 'csrf' || code === 'rate_limited' || answer.status === 429) return `${answer.status} ${code} (a fault of the test)`
  if (answer.status >= 200 && answer.status < 300) return 'allow'
  if (answer.status === 401) return 'unauthenticated'
  if (answer.status === 403) return 'forbidden'
  if (answer.status === 404) return 'hidden'
  if (refusals.includes(answer.status) && answer.status < 500) return 'allow'
  return `${answer.status}`
}

/** A digest of every table a request could write (sessions and one-time codes aside: signing in writes them). */
async function digest(h: TestApp) {
  const tables = [
    'events',
    'event_actions',
    'event_units',
    'event_scopes',
    'event_numbers',
    'attachments',
    'audit_log',
    'change_log',
    'users',
    'residents',
    'org_units',
    'categories',
    'sla_rules',
    'calendar_overrides',
    'patrols',
    'api_clients',
    'sla_breaches',
    'rollup_unit_day',
    'rollup_unit_state',
    'rollup_pending',
  ]
  const rows = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await sql<{ h: string }>`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.table(
        table,
      )} t`.execute(h.database.db)
      return `${table}:${rows[0].h}`
    }),
  )
  return rows.join('\n')
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run))
}

test('authorization matrix', async (t) => {
  const started = performance.now()
  const h = await build(t)
  const app = h.app
  let requests = 0

  // ---- every route has a row, every row a route ------------------------------------------------
  await t.test('every route of the app has a row in the matrix, and every row a route', async () => {
    await app.ready()
    const routes = routesOf(app.printRoutes({ commonPrefix: false }))
    assert.ok(routes.length > 40, `the router lists ${routes.length} routes: the route table could not be read`)
    const unplaced = routes.filter((r) => !(r in MATRIX))
    assert.deepEqual(
      unplaced,
      [],
      `routes without a row: add each to server/test/authz-matrix.ts with who may call it (DESIGN §2, §10) and a probe per target`,
    )
    const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r))
    assert.deepEqual(stale, [], 'rows for routes the app no longer has: remove them from server/test/authz-matrix.ts')
  })

  // ---- sessions and fixtures -----------------------------------------------------------------------
  const sessions = new Map<ActorName, Session>()
  let spare = 0
  const freshAddress = () => `10.99.${Math.floor(++spare / 250)}.${(spare % 250) + 1}`
  for (const [i, actor] of ACTOR_NAMES.entries()) sessions.set(actor, { address: `10.12.0.${i + 1}` })
  const otp = async (phone: string, address = freshAddress()) => {
    const res = await send(h, { address }, 'POST', { url: '/api/v1/resident/otp', body: { phone } })
    assert.equal(res.status, 200, `otp ${phone}: ${JSON.stringify(res.body)}`)
    return (res.body as { devCode: string }).devCode
  }
  // staff sessions are opened by the sessions module itself: an argon2 check per account would cost
  // seconds on two cores, and signing in is a row of the matrix of its own; residents sign in by code
  const users = await h.database.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where(
      'username',
      'in',
      Object.values(ACTORS).flatMap((spec) => ('username' in spec ? [spec.username] : [])),
    )
    .execute()
  await inBatches(ACTOR_NAMES, 4, async (actor) => {
    const spec = ACTORS[actor] as { username?: string; resident?: { phone: string; verified: boolean } }
    const session = sessions.get(actor) as Session
    if (spec.username) {
      const user = users.find((u) => u.username === spec.username)
      assert.ok(user, `no demo account ${spec.username}`)
      const { token, csrfToken } = await createSession(h.database.db, { userId: user.id }, 1)
      session.cookie = `${SESSION_COOKIE}=${token}`
      session.csrf = csrfToken
    } else if (spec.resident) {
      const res = await app.inject({
        method: 'POST',
        remoteAddress: session.address,
        url: '/api/v1/resident/login',
        payload: {
          phone: spec.resident.phone,
          code: await otp(spec.resident.phone, session.address),
          ...(spec.resident.verified ? { name: '王小兰', idNumber: ID_NUMBER } : {}),
        },
      })
      assert.equal(res.statusCode, 200, `${actor} signs in: ${res.body}`)
      session.cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)?.value}`
      session.csrf = res.json().csrfToken
    }
  })
  const as = (actor: ActorName, method: string, req: ProbeRequest) => send(h, sessions.get(actor) as Session, method, req)
  const ok = async (actor: ActorName, method: string, req: ProbeRequest) => {
    const res = await as(actor, method, req)
    assert.ok(res.status >= 200 && res.status < 300, `fixture ${actor} ${method} ${req.url}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as Record<string, any>
  }

  const png = smallPng()
  const upload = () => {
    const boundary = '----xiaolan-authz-fixture'
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="p.png"\r\ncontent-type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    return ok('resident', 'POST', {
      url: '/api/v1/attachments',
      raw: { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
    })
  }
  const seat = (await ok('anonymous', 'GET', { url: `/api/v1/orgs?code=${XINGFULI}` })).items[0].seat
  const photoA = (await upload()).id as number
  const descriptionA = '小区门口垃圾三天没人清运，气味很大'
  let a = await ok('resident', 'POST', {
    url: '/api/v1/resident/events',
    body: { category: 'sanitation.garbage', description: descriptionA, ...seat, attachmentIds: [photoA] },
  })
  const act = async (actor: ActorName, body: Record<string, unknown>) => {
    a = await ok(actor, 'POST', { url: `/api/v1/events/${a.id}/actions`, body: { version: a.version, ...body } })
  }
  await act('center:community', { type: 'sign' })
  await act('center:community', { type: 'escalate', note: '需要街道协调环卫车辆' })
  const d01 = (await ok('anonymous', 'GET', { url: '/api/v1/orgs?code=620105D01' })).items[0]
  await act('center:street', { type: 'dispatch', unitId: d01.id, note: '请区城管局安排清运' })
  assert.equal(a.currentUnit.code, '620105D01')
  const draftPhoto = (await upload()).id as number
  const b = await ok('operator', 'POST', {
    url: '/api/v1/events',
    body: {
      channel: 'hotline',
      category: 'sanitation.garbage',
      description: '楼下垃圾桶满了没人清',
      communityCode: '620102001001',
      reporterPhone: '13800000001',
    },
  })
  assert.equal(b.district.code, '620102')
  const spareUser = await h.database.db.selectFrom('users').select('id').where('username', '=', 'operator5').executeTakeFirstOrThrow()
  const apiClient = await ok('admin', 'POST', { url: '/api/v1/admin/api-clients', body: { name: '权限矩阵平台', channels: ['linkage'] } })
  const webhook = await ok('admin', 'POST', {
    url: `/api/v1/admin/api-clients/${apiClient.id}/webhooks`,
    body: { url: 'https://partner.example.com/hook' },
  })
  // a message that failed for good, as the worker leaves one (no delivery runs in this test)
  const dead = await h.database.db
    .insertInto('outbox')
    .values({
      kind: 'webhook',
      subscription_id: webhook.id,
      event_id: a.id,
      payload: '{}',
      state: 'dead',
      attempts: 8,
      next_attempt_at: h.clock.now,
      created_at: h.clock.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const overrideDay = '2027-03-02'
  await ok('admin', 'POST', { url: '/api/v1/admin/sla/calendar', body: { date: overrideDay, kind: 'holiday', reason: '权限矩阵测试' } })
  const rules = (await ok('admin', 'GET', { url: '/api/v1/admin/sla/rules' })).items as Array<SlaRuleBody & { updatedAt: string }>
  const { updatedAt: _, ...defaultRule } = rules.find((r) => r.category === '*' && r.priority === 'normal') as SlaRuleBody & {
    updatedAt: string
  }

  const fixtures: Fixtures = {
    eventA: { id: a.id, number: a.number },
    eventB: { id: b.id, number: b.number },
    photoA,
    draftPhoto,
    reporterPhone: (ACTORS.resident as { resident: { phone: string } }).resident.phone,
    spareUserId: spareUser.id,
    apiClientId: apiClient.id,
    webhookId: webhook.id,
    outboxId: dead.id,
    overrideDay,
    defaultRule: { ...defaultRule, reason: '权限矩阵测试：原样保存' },
    async version(id) {
      const row = await h.database.db.selectFrom('events').select('version').where('id', '=', id).executeTakeFirstOrThrow()
      return row.version
    },
    otp: (phone) => otp(phone),
    png,
  }
  t.diagnostic(`sessions and fixtures ready after ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const seesA = new Set(ACTOR_NAMES.filter((x) => MATRIX['GET /api/v1/events/:id'].probes[0].expect[x] === 'allow'))
  const seesB = new Set(ACTOR_NAMES.filter((x) => MATRIX['GET /api/v1/events/:id'].probes[1].expect[x] === 'allow'))

  // ---- lists leak nothing the item hides ---------------------------------------------------------
  await t.test('the lists show an event exactly to those who may open it', async () => {
    const wrong: string[] = []
    await inBatches(
      ACTOR_NAMES.filter((x) => x !== 'anonymous'),
      6,
      async (actor) => {
        for (const [event, sees] of [
          [fixtures.eventA, seesA],
          [fixtures.eventB, seesB],
        ] as const) {
          const listed = await as(actor, 'GET', { url: `/api/v1/events?text=${event.number}` })
          const found = (listed.body as { items: Array<{ id: number }> }).items.some((e) => e.id === event.id)
          if (found !== sees.has(actor)) wrong.push(`GET /events?text=: ${actor} ${found ? 'lists' : 'does not list'} ${event.number}`)
        }
        const desk = MATRIX['POST /api/v1/hotline/callers/events'].probes[0].expect[actor] === 'allow'
        if (!desk) return
        requests += 3
        const history = await as(actor, 'POST', { url: '/api/v1/hotline/callers/events', body: { phone: fixtures.reporterPhone } })
        const inHistory = (history.body as { items: Array<{ id: number }> }).items.some((e) => e.id === a.id)
        if (inHistory !== seesA.has(actor)) wrong.push(`caller history: ${actor} ${inHistory ? 'lists' : 'does not list'} A`)
        const duplicates = await as(actor, 'POST', {
          url: '/api/v1/hotline/duplicates',
          body: { text: descriptionA, communityCode: XINGFULI },
        })
        const inDuplicates = (duplicates.body as { items: Array<{ id: number }> }).items.some((e) => e.id === a.id)
        if (inDuplicates !== seesA.has(actor)) wrong.push(`duplicates: ${actor} ${inDuplicates ? 'lists' : 'does not list'} A`)
      },
    )
    assert.deepEqual(wrong, [])
  })

  // ---- ids inside bodies ---------------------------------------------------------------------------
  await t.test('someone else’s photo named in a body is refused exactly like a missing one, writing nothing', async () => {
    const wrong: string[] = []
    const before = await digest(h)
    const commenters = ACTOR_NAMES.filter(
      (x) => x !== 'resident' && MATRIX['POST /api/v1/events/:id/actions'].probes[0].expect[x] === 'allow',
    )
    for (const actor of [...commenters, 'resident:other' as const]) {
      const attach = async (photo: number): Promise<ProbeRequest> =>
        actor === 'resident:other'
          ? {
              url: '/api/v1/resident/events',
              body: { category: 'sanitation.garbage', description: '借用别人的照片', ...seat, attachmentIds: [photo] },
            }
          : {
              url: `/api/v1/events/${a.id}/actions`,
              body: { type: 'comment', version: await fixtures.version(a.id), note: '附上照片', attachmentIds: [photo] },
            }
      const theirs = await as(actor, 'POST', await attach(draftPhoto))
      const none = await as(actor, 'POST', await attach(2_147_483_647))
      requests += 2
      if (theirs.status !== 400 || JSON.stringify(theirs.body) !== JSON.stringify(none.body)) {
        wrong.push(`${actor}: ${theirs.status} ${JSON.stringify(theirs.body)} vs missing ${none.status} ${JSON.stringify(none.body)}`)
      }
    }
    assert.deepEqual(wrong, [])
    assert.equal(await digest(h), before, 'a refused attachment wrote something')
  })

  // ---- the matrix ----------------------------------------------------------------------------------
  await t.test('every route × actor × relation gets what the matrix says; denied ones as if missing, writing nothing', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    interface Case {
      route: string
      method: string
      probe: Probe
      actor: ActorName
      expected: Outcome
      stream: boolean
      serial: boolean
    }
    const cases: Case[] = []
    for (const [route, row] of Object.entries(MATRIX)) {
      const method = route.split(' ')[0]
      for (const probe of row.probes) {
        for (const actor of ACTOR_NAMES)
          cases.push({ route, method, probe, actor, expected: probe.expect[actor], stream: !!row.stream, serial: !!row.serial })
      }
    }
    const pathOf = (route: string) => new RegExp(`^${route.split(' ')[1].replace(/:[a-z_]+/gi, '[^/?]+')}(\\?|$)`)
    const failures: string[] = []
    const run = async (c: Case) => {
      const req = await c.probe.request(fixtures, c.actor)
      assert.match(req.url, pathOf(c.route), `the probe of ${c.route} [${c.probe.target}] must call that route`)
      const session = sessions.get(c.actor) as Session
      const answer = c.stream ? await sendStream(base, session, req) : await send(h, session, c.method, req)
      requests++
      const got = classify(answer, c.probe.refusals)
      const where = `${c.route} [${c.probe.target}] as ${c.actor} (${ACTORS[c.actor].relation})`
      if (got !== c.expected) failures.push(`${where}: expected ${c.expected}, got ${got} ${JSON.stringify(answer.body).slice(0, 160)}`)
      if (!c.probe.missing) return
      // IDOR: the same request for an id that does not exist
      const gone = await send(h, session, c.method, await c.probe.missing(fixtures, c.actor))
      requests++
      if (c.expected === 'allow') {
        if (gone.status !== 404) failures.push(`${where}, missing id: expected 404, got ${gone.status}`)
      } else if (
        !c.probe.readers?.includes(c.actor) &&
        (gone.status !== answer.status || JSON.stringify(gone.body) !== JSON.stringify(answer.body))
      ) {
        failures.push(
          `${where}: the answer tells the target from a missing one: ${answer.status} ${JSON.stringify(answer.body)} vs ${gone.status} ${JSON.stringify(gone.body)}`,
        )
      }
    }

    // denied first, many at once: together they must leave every table as it was
    const before = await digest(h)
    const t0 = performance.now()
    await inBatches(
      cases.filter((c) => c.expected !== 'allow'),
      8,
      run,
    )
    const deniedMs = performance.now() - t0
    const after = await digest(h)
    const written = after.split('\n').filter((line) => !before.includes(line))
    if (written.length) failures.push(`denied requests wrote to ${written.map((l) => l.split(':')[0]).join(', ')}`)

    // then the allowed: a few at a time, the serial rows' one by one, the session-ending ones last
    const t1 = performance.now()
    const allowed = cases.filter((c) => c.expected === 'allow')
    const ending = (c: Case) => !!MATRIX[c.route].last
    await inBatches(
      allowed.filter((c) => !c.serial && !ending(c)),
      6,
      run,
    )
    for (const c of allowed.filter((c) => c.serial)) await run(c)
    await inBatches(allowed.filter(ending), 6, run)
    const allowedMs = performance.now() - t1

    t.diagnostic(
      `${cases.length} cases (${cases.filter((c) => c.expected !== 'allow').length} denied in ${(deniedMs / 1000).toFixed(1)} s, ` +
        `${allowed.length} allowed in ${(allowedMs / 1000).toFixed(1)} s); ${requests} requests; ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
    )
    assert.deepEqual(failures, [], `${failures.length} outcomes differ from server/test/authz-matrix.ts`)
  })
})
