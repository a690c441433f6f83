/**
 * Rollups without hot rows (issue 15): writers append deltas, a fold job moves them into the rollup
 * tables, and the screen reads folded + pending. Under many concurrent callers through the real app,
 * with the fold running at a short interval, the big screen's numbers equal a recount from the events
 * and their log — while folds run, while deltas are still pending, and after — and folds running
 * at the same time never count a delta twice. On PostgreSQL the requests and folds really overlap
 * (a pool of 10 connections); on PGlite they are serialised by its one connection.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { addDays, chinaDateOf } from '../../src/china-time.ts'
import { createSession } from '../../src/modules/accounts/sessions.ts'
import { foldRollups, pendingDepth, startRollupFolding } from '../../src/modules/analytics/fold.ts'
import { build, type TestApp } from '../helper.ts'

type Response = { status: number; body: any }
type Caller = (method: 'GET' | 'POST', url: string, body?: unknown) => Promise<Response>

const CALLERS = 24
const INTAKES = 200
const PREFIX: Record<string, string> = { center: 'c', department: 'd', mediation: 'm', grid: 'g', force: 'f' }
const IN_HAND = ['assigned', 'in_progress', 'reviewing']
const HOUR_MS = 3600_000

/** A signed-in caller straight from a session row (many logins through the API would meet the rate limit). */
async function callerFor(h: TestApp, username: string): Promise<Caller> {
  const user = await h.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
  const { token, csrfToken } = await createSession(h.database.db, { userId: user.id }, 1)
  return async (method, url, body) => {
    const res = await h.app.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: body as object }),
      headers: { cookie: `xiaolan_session=${token}`, 'x-csrf-token': csrfToken },
    })
    return { status: res.statusCode, body: res.json() }
  }
}

/** Four communities in different districts (the first of each district's first street). */
function communities(h: TestApp): string[] {
  const orgs = h.app.ctx.orgs
  const centers = (id: number) => orgs.children(id).filter((u) => u.kind === 'center')
  return centers(orgs.root().id)
    .slice(0, 4)
    .map((district) => centers(centers(district.id)[0].id)[0].code)
}

/**
 * `count` calls from `CALLERS` concurrent callers, each call followed by its holder's sign, then for
 * some a change of category, a resolve or an escalation (and the street's sign): every answer must be 2xx.
 */
async function load(h: TestApp, count: number, from = 0) {
  const places = communities(h)
  const callers = new Map<string, Caller>()
  const as = async (username: string) => {
    let c = callers.get(username)
    if (!c) {
      c = await callerFor(h, username)
      callers.set(username, c)
    }
    return c
  }
  const holder = (view: any) => as(`${PREFIX[view.currentUnit.kind]}-${view.currentUnit.code}`)
  const ok = (res: Response, what: string) => {
    assert.ok(res.status === 200 || res.status === 201, `${what}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body
  }
  const act = async (view: any, body: Record<string, unknown>) =>
    ok(await (await holder(view))('POST', `/api/v1/events/${view.id}/actions`, { ...body, version: view.version }), String(body.type))
  const operators = await Promise.all(Array.from({ length: CALLERS }, (_, i) => as(i % 2 ? 'operator1' : 'operator2')))
  let next = from
  const end = from + count
  await Promise.all(
    operators.map(async (operator) => {
      while (next < end) {
        const i = next++
        let view = ok(
          await operator('POST', '/api/v1/events', {
            category: i % 3 ? 'sanitation.garbage' : 'dispute',
            description: `来电${i}：楼下垃圾没人清运`,
            channel: i % 5 ? 'hotline' : 'netizen',
            communityCode: places[i % places.length],
          }),
          'intake',
        )
        if (i % 4 === 0) continue
        view = await act(view, { type: 'sign' })
        // 改分类 across top-level categories moves the event's created and state counts
        if (i % 8 === 1) await act(view, { type: 'recategorize', category: 'municipal.streetlight', note: '实为路灯问题' })
        if (i % 4 === 2) await act(view, { type: 'resolve', note: '已清运' })
        if (i % 4 === 3) {
          view = await act(view, { type: 'escalate', note: '需要街道协调' })
          await act(view, { type: 'sign' })
        }
      }
    }),
  )
}

/** What the city's screen must show, recounted from the events and their log in plain code. */
async function recount(h: TestApp) {
  const db = h.database.db
  const orgs = h.app.ctx.orgs
  const now = h.app.ctx.now()
  const today = chinaDateOf(now)
  const dayList = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6))
  const inWindow = (day: string) => day >= dayList[0] && day <= today
  const events = (
    await sql<{
      id: number
      area_path: string | null
      state: string
      channel: string
      category_code: string
      created_at: Date
      sign_deadline: Date | null
      resolve_deadline: Date | null
    }>`select id, area_path, state, channel, category_code, created_at, sign_deadline, resolve_deadline from events`.execute(db)
  ).rows
  const resolves = (
    await sql<{ event_id: number; at: Date }>`
      select event_id, at from event_actions where to_state = 'resolved' and from_state is distinct from 'resolved'`.execute(db)
  ).rows
  const root = orgs.root()
  const districts = orgs.children(root.id).filter((u) => u.kind === 'center')
  const codesOf = (path: string | null) => (path ?? '').split('.').filter(Boolean)
  const areaOf = new Map(events.map((e) => [e.id, new Set(codesOf(e.area_path))]))
  const overdue = (e: (typeof events)[number]) => {
    if (e.state !== 'assigned' && e.state !== 'in_progress') return false
    const open = [e.state === 'assigned' ? e.sign_deadline : null, e.resolve_deadline].filter((d): d is Date => d !== null)
    if (open.length === 0) return false
    const first = Math.min(...open.map((d) => new Date(d).getTime()))
    return Math.ceil(first / HOUR_MS) * HOUR_MS <= now.getTime()
  }
  const states: Record<string, number> = {}
  for (const e of events) states[e.state] = (states[e.state] ?? 0) + 1
  const trend = new Map<string, number[]>()
  const categories: Record<string, number> = {}
  for (const e of events) {
    const day = chinaDateOf(e.created_at)
    if (!inWindow(day)) continue
    const counts = trend.get(e.channel) ?? dayList.map(() => 0)
    counts[dayList.indexOf(day)] += 1
    trend.set(e.channel, counts)
    const top = e.category_code.split('.')[0]
    categories[top] = (categories[top] ?? 0) + 1
  }
  const units = Object.fromEntries(
    districts.map((d) => {
      const mine = events.filter((e) => areaOf.get(e.id)?.has(d.code))
      return [
        d.code,
        {
          created: mine.filter((e) => inWindow(chinaDateOf(e.created_at))).length,
          open: mine.filter((e) => IN_HAND.includes(e.state)).length,
          overdue: mine.filter(overdue).length,
        },
      ]
    }),
  )
  return {
    headline: {
      todayNew: events.filter((e) => chinaDateOf(e.created_at) === today).length,
      inProgress: events.filter((e) => IN_HAND.includes(e.state)).length,
      resolvedToday: resolves.filter((r) => chinaDateOf(r.at) === today).length,
      overdue: events.filter(overdue).length,
      satisfactionRate: null, // nobody evaluates here
      // every resolve happens at the test's first instant, before its deadline
      onTimeRate: resolves.some((r) => inWindow(chinaDateOf(r.at))) ? 1 : null,
    },
    states,
    trend: Object.fromEntries([...trend].filter(([, counts]) => counts.some((n) => n > 0))),
    categories,
    units,
  }
}

/** The city's screen as the leader sees it, in the recount's shape. */
async function screen(leader: Caller) {
  const res = await leader('GET', '/api/v1/dashboard?days=7')
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const b = res.body
  return {
    headline: {
      todayNew: b.headline.todayNew,
      inProgress: b.headline.inProgress,
      resolvedToday: b.headline.resolvedToday,
      overdue: b.headline.overdue,
      satisfactionRate: b.headline.satisfactionRate,
      onTimeRate: b.headline.onTimeRate,
    },
    states: b.states,
    trend: Object.fromEntries(b.trend.filter((s: any) => s.counts.some((n: number) => n > 0)).map((s: any) => [s.channel, s.counts])),
    categories: Object.fromEntries(b.categories.map((c: any) => [c.category, c.count])),
    units: Object.fromEntries(b.units.map((u: any) => [u.unit.code, { created: u.created, open: u.open, overdue: u.overdue }])),
  }
}

async function assertScreenIsRecount(h: TestApp, leader: Caller, when: string) {
  assert.deepEqual(await screen(leader), await recount(h), when)
}

test('under concurrent intakes and actions the screen equals a recount from the log, pending or folded', async (t) => {
  const h = await build(t)
  const leader = await callerFor(h, 'leader')
  const db = h.database.db

  // the load with the fold running every 10 ms beside it
  let stopFolding = startRollupFolding(h.app.ctx, 10)
  t.after(() => stopFolding())
  await load(h, INTAKES)
  // writes are over, folds go on: every read, whichever fold it falls between, is exact
  for (let i = 0; i < 3; i++) await assertScreenIsRecount(h, leader, `while folding (${i + 1})`)
  await stopFolding()
  assert.equal(await pendingDepth(db), 0, 'stopping folds what is left')

  // the fold stopped: the next writes stay pending, and the screen already counts them
  stopFolding = async () => {}
  await load(h, 40, INTAKES)
  const pending = await pendingDepth(db)
  assert.ok(pending > 0, 'deltas wait for the fold')
  await assertScreenIsRecount(h, leader, 'with deltas pending')
  const folded = await foldRollups(db)
  assert.deepEqual(folded, { ran: true, changed: pending })
  assert.equal(await pendingDepth(db), 0)
  await assertScreenIsRecount(h, leader, 'after the fold')

  // four days on every open deadline has passed: overdue counts them, still exact
  h.clock.now = new Date(h.clock.now.getTime() + 4 * 24 * HOUR_MS)
  const later = await screen(leader)
  assert.ok(later.headline.overdue > 0)
  await assertScreenIsRecount(h, leader, 'days later')
})

test('folds running at the same time, beside writers, never count a delta twice', async (t) => {
  const h = await build(t)
  const leader = await callerFor(h, 'leader')
  const db = h.database.db
  await load(h, 60)
  const before = await pendingDepth(db)
  assert.ok(before > 0)
  // small batches, so the folds take the lock in turns and each moves its own rows, while more calls come in
  const [results] = await Promise.all([Promise.all(Array.from({ length: 4 }, () => foldRollups(db, { batch: 7 }))), load(h, 30, 60)])
  const moved = results.reduce((sum, r) => sum + r.changed, 0)
  const after = await foldRollups(db)
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from rollup_pending`.execute(db)
  assert.equal(rows[0].n, 0)
  assert.ok(moved + after.changed >= before, `${moved} + ${after.changed} moved, ${before} were pending first`)
  await assertScreenIsRecount(h, leader, 'after concurrent folds')
})

test('read in one snapshot while writers and folds run, the rollups equal a recount of the events', async (t) => {
  const h = await build(t)
  const db = h.database.db
  const root = h.app.ctx.orgs.root().id
  const stopFolding = startRollupFolding(h.app.ctx, 10)
  t.after(() => stopFolding())
  let writing = true
  const checks: string[] = []
  // each check reads the rollups as the screen does (folded + pending) and a recount from the events
  // table in the same snapshot: a write's row and its deltas commit together, a fold moves deltas
  // atomically, so the two agree at every instant — not only once the writes are over
  const check = () =>
    db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const rolled = await sql<{ k: string; n: number }>`
          select state as k, n from rollup_unit_state_exact where unit_id = ${root} and n <> 0`.execute(tx)
        const counted = await sql<{ k: string; n: number }>`select state as k, count(*)::int as n from events group by state`.execute(tx)
        const created = await sql<{ k: string; n: number }>`
          select day::text || '|' || category || '|' || channel as k, n from rollup_created_exact where unit_id = ${root} and n <> 0`.execute(
          tx,
        )
        const recounted = await sql<{ k: string; n: number }>`
          select (created_at at time zone 'Asia/Shanghai')::date::text || '|' || split_part(category_code, '.', 1) || '|' || channel as k,
            count(*)::int as n from events group by 1`.execute(tx)
        const asMap = (rows: Array<{ k: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]))
        assert.deepEqual(asMap(rolled.rows), asMap(counted.rows), 'states')
        assert.deepEqual(asMap(created.rows), asMap(recounted.rows), 'created per day, category and channel')
        checks.push(`${counted.rows.reduce((s, r) => s + Number(r.n), 0)} events`)
      })
  const reader = (async () => {
    while (writing) {
      await check()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })()
  await load(h, 120)
  writing = false
  await reader
  await check()
  assert.ok(checks.length >= 3, `checked ${checks.length} times during the load`)
  assert.ok(new Set(checks).size >= 2, `the checks saw the load move: ${checks.join(', ')}`)
})
