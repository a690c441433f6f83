/**
 * Change fan-out with many open workbenches (issue 15, deliverable 4): N workbench streams of staff
 * of units spread over the city (the city center, district centers, streets, communities, district
 * departments), each client behaving like the web's workbench, while operators register 12345 calls
 * through the API at a steady rate. Reports, per change heard from LISTEN: the stream messages the
 * clients received, the refetch requests they made, and the database transactions those caused.
 *
 *   node --import tsx bench/fanout.ts --url postgres://…/xiaolan_fanout_x [--workbenches 500] [--rate 50]
 *     [--seconds 20] [--all-share 0.1] [--port 8175] [--write]
 *
 * The client is the web's (web/src/workbench/WorkbenchApp.tsx with lib/live.ts): messages are
 * coalesced for 400 ms, then it refetches. On a server whose stream knows `view=workbench` the client
 * opens that (with `tab=all` for the share of clients showing 全部) and refetches the tab counts only
 * when a message names a moved count and its visible tab's first page only when a message names that
 * tab; on an older server (no `view`: the stream is the unit's whole area) it refetches both on every
 * coalesced batch, as the web did. Every client shows 待签收 unless it is one of the 全部 share.
 *
 * Database work is counted from `pg_stat_database` (xact_commit + xact_rollback of the bench database:
 * each read outside a transaction is one), in two phases with the same load: intake alone (no stream
 * open), then intake with the N workbenches open; the difference, over the changes, is what the
 * workbenches cost per change. The same script runs on both trees (it uses only buildApp, loadConfig,
 * openDatabase and migrate), so a clean clone of an older commit measures "before".
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { seededRandom, writeReadmeSection } from './support.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_bench' },
    workbenches: { type: 'string', default: '500' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    'all-share': { type: 'string', default: '0.1' },
    port: { type: 'string', default: '8175' },
    seed: { type: 'string', default: '15' },
    label: { type: 'string', default: '' },
    write: { type: 'boolean', default: false },
  },
})
const N = Number(args.workbenches)
const RATE = Number(args.rate)
const SECONDS = Number(args.seconds)
const ALL_SHARE = Number(args['all-share'])
const PASSWORD = 'xiaolan-demo'
const COALESCE_MS = 400
const random = seededRandom(Number(args.seed))
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]

interface Session {
  cookie: string
  csrf: string
}

async function main() {
  const database = await openDatabase({ url: args.url as string })
  await migrate(database)
  const config = loadConfig({ LOG_LEVEL: 'error', RATE_LIMIT_AUTH_PER_MINUTE: '1000000' }, { demo: true })
  const app = await buildApp({ config, database })
  const base = await app.listen({ port: Number(args.port), host: '127.0.0.1' })
  const orgs = app.ctx.orgs
  const all = orgs.all().filter((u) => u.active)
  const communities = all.filter((u) => u.kind === 'center' && u.level === 4)

  const login = async (username: string): Promise<Session> => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    })
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
    const me = (await res.json()) as { csrfToken: string }
    const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session=')) ?? '').split(';')[0]
    return { cookie, csrf: me.csrfToken }
  }
  const xacts = async () => {
    // the statistics of other backends reach the shared view when they go idle; force ours out too
    await sql`select pg_stat_clear_snapshot()`.execute(database.db)
    const { rows } = await sql<{ n: string }>`select (xact_commit + xact_rollback)::text as n from pg_stat_database
      where datname = current_database()`.execute(database.db)
    return Number(rows[0].n)
  }
  const received = async () => (await app.ctx.metrics.changesReceived.get()).values.reduce((a, v) => a + v.value, 0)

  // the workbenches: units spread like a city's staff at their desks
  const units = chooseUnits(all, N)
  const sessions = new Map<number, Session>()
  for (const unit of units) {
    if (sessions.has(unit.id)) continue
    const prefix = unit.kind === 'center' ? 'c' : 'd'
    sessions.set(unit.id, await login(`${prefix}-${unit.code}`))
  }
  const operators = await Promise.all([1, 2, 3, 4, 5].map((n) => login(`operator${n}`)))
  const probe = await fetch(`${base}/api/v1/stream?view=workbench`, {
    headers: { cookie: (sessions.values().next().value as Session).cookie },
  })
  const workbenchView = probe.status === 200
  await probe.body?.cancel()
  console.log(`${units.length} workbenches of ${sessions.size} units; stream ${workbenchView ? 'view=workbench' : 'of the area (no view)'}`)

  const stats = { messages: 0, inbox: 0, pages: 0, errors: 0 }
  const inflight = new Set<Promise<void>>()
  const refetch = (path: string, cookie: string, kind: 'inbox' | 'pages') => {
    stats[kind]++
    const p = fetch(`${base}${path}`, { headers: { cookie } })
      .then(async (res) => {
        if (res.status !== 200) stats.errors++
        await res.arrayBuffer()
      })
      .catch(() => {
        stats.errors++
      })
      .finally(() => inflight.delete(p))
    inflight.add(p)
  }
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const streams: AbortController[] = []
  const readers: Array<Promise<void>> = []
  let ready = 0

  const openWorkbench = async (unitId: number, showsAll: boolean) => {
    const { cookie } = sessions.get(unitId) as Session
    const box = showsAll ? 'all' : 'pending_sign'
    const pagePath = showsAll ? '/api/v1/events?limit=20' : '/api/v1/events?box=pending_sign&limit=20'
    const abort = new AbortController()
    streams.push(abort)
    const query = workbenchView ? `?view=workbench${showsAll ? '&tab=all' : ''}` : ''
    const res = await fetch(`${base}/api/v1/stream${query}`, { headers: { cookie }, signal: abort.signal })
    if (res.status !== 200) throw new Error(`stream: ${res.status}`)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    // the web's coalescing: the messages of 400 ms, then one refetch of what they name
    let timer: ReturnType<typeof setTimeout> | undefined
    let counts = false
    let page = false
    const flush = () => {
      if (timer) timers.delete(timer)
      timer = undefined
      if (counts) refetch('/api/v1/events/inbox', cookie, 'inbox')
      if (page) refetch(pagePath, cookie, 'pages')
      counts = false
      page = false
    }
    readers.push(
      (async () => {
        let buffer = ''
        try {
          for (;;) {
            const { value, done } = await reader.read()
            if (done) return
            buffer += decoder.decode(value, { stream: true })
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const block = buffer.slice(0, end)
              buffer = buffer.slice(end + 2)
              if (block.includes('event: ready')) ready++
              const data = /^data: (.*)$/m.exec(block)?.[1]
              if (!block.includes('event: change') || !data) continue
              stats.messages++
              const change = JSON.parse(data) as { tabs?: string[]; counts?: string[] }
              if (!workbenchView) {
                counts = true
                page = true
              } else {
                counts ||= (change.counts?.length ?? 0) > 0
                page ||= change.tabs?.includes(box) ?? false
              }
              if (!timer) {
                timer = setTimeout(flush, COALESCE_MS)
                timers.add(timer)
              }
            }
          }
        } catch {}
      })(),
    )
  }

  /** `RATE` calls a second for `SECONDS`, each at a random community (the city's 12345 mix: most are community matters). */
  const load = async () => {
    const total = RATE * SECONDS
    const started = performance.now()
    const calls: Array<Promise<void>> = []
    let failed = 0
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const operator = operators[i % operators.length]
      const community = pick(communities)
      const category = random() < 0.6 ? pick(['sanitation.garbage', 'property.lift', 'dispute.neighbour']) : 'municipal.streetlight'
      calls.push(
        fetch(`${base}/api/v1/events`, {
          method: 'POST',
          headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({
            channel: 'hotline',
            category,
            description: `压测工单${i}：楼下问题请处理`,
            communityCode: community.code,
          }),
        }).then(async (res) => {
          if (res.status !== 201) failed++
          await res.arrayBuffer()
        }),
      )
    }
    await Promise.all(calls)
    return { total, failed, seconds: (performance.now() - started) / 1000 }
  }
  /** Until every coalesced batch is flushed and its refetches answered, and the statistics are out. */
  const drain = async () => {
    for (;;) {
      await new Promise((r) => setTimeout(r, COALESCE_MS + 100))
      if (!timers.size && !inflight.size) break
    }
    await new Promise((r) => setTimeout(r, 3000)) // backends report their statistics within a second or so of going idle
  }

  // phase 1: intake alone
  await drain()
  let x0 = await xacts()
  let c0 = await received()
  const alone = await load()
  await drain()
  const aloneXacts = (await xacts()) - x0
  const aloneChanges = (await received()) - c0
  console.log(
    `intake alone: ${alone.total} calls in ${alone.seconds.toFixed(1)} s (${alone.failed} failed), ${aloneChanges} changes, ${aloneXacts} xacts`,
  )

  // phase 2: the same load with N workbenches open
  for (const [i, unit] of units.entries()) await openWorkbench(unit.id, i % Math.round(1 / ALL_SHARE || 1e9) === 0 && ALL_SHARE > 0)
  while (ready < units.length) await new Promise((r) => setTimeout(r, 20))
  await drain()
  Object.assign(stats, { messages: 0, inbox: 0, pages: 0, errors: 0 })
  x0 = await xacts()
  c0 = await received()
  const withStreams = await load()
  await drain()
  const busyXacts = (await xacts()) - x0
  const changes = (await received()) - c0
  const intakeShare = (aloneXacts / Math.max(1, alone.total)) * withStreams.total
  const caused = busyXacts - intakeShare
  const per = (v: number) => (v / Math.max(1, changes)).toFixed(2)
  const lines = [
    `${args.label ? `${args.label}: ` : ''}${units.length} open workbenches (${sessions.size} units; ${Math.round(ALL_SHARE * 100)} % showing 全部), stream ${workbenchView ? 'view=workbench' : 'of the area'}`,
    `load: ${withStreams.total} calls in ${withStreams.seconds.toFixed(1)} s (${withStreams.failed} failed) → ${changes} changes heard`,
    `per change: ${per(stats.messages)} clients messaged, ${per(stats.inbox + stats.pages)} refetch requests (${per(stats.inbox)} counts + ${per(stats.pages)} pages), ${per(caused)} database xacts caused`,
    `totals: ${stats.messages} messages, ${stats.inbox} count + ${stats.pages} page refetches (${stats.errors} errors), xacts ${busyXacts} with the workbenches − ${Math.round(intakeShare)} of the intake alone = ${Math.round(caused)}`,
  ]
  for (const line of lines) console.log(line)

  for (const s of streams) s.abort()
  await Promise.allSettled(readers)
  await app.close()
  await database.close()
  if (args.write)
    writeReadmeSection({
      title: `## Change fan-out, ${args.label || 'run'} (bench/fanout.ts)`,
      machine: `nproc ${os.cpus().length}, ${os.cpus()[0]?.model.trim()}, ${os.platform()} ${os.arch()}, load average ${os.loadavg()[0].toFixed(1)}`,
      command: `node --import tsx bench/fanout.ts ${process.argv.slice(2).join(' ')}`,
      results: lines,
      notes: [],
    })
}

/**
 * N workbenches over the city's units: 2 % at the city center, 8 % at district centers, 30 % at
 * streets, 45 % at communities and 15 % at district departments; each unit drawn at random from its
 * kind (several workbenches of a busy unit when the kind has fewer units than its share).
 */
function chooseUnits<U extends { kind: string; level: number; parentId: number | null }>(all: U[], n: number): U[] {
  const groups: Array<[number, U[]]> = [
    [0.02, all.filter((u) => u.parentId === null)],
    [0.08, all.filter((u) => u.kind === 'center' && u.level === 2)],
    [0.3, all.filter((u) => u.kind === 'center' && u.level === 3)],
    [0.45, all.filter((u) => u.kind === 'center' && u.level === 4)],
    [0.15, all.filter((u) => u.kind === 'department' && u.level === 2)],
  ]
  const chosen: U[] = []
  for (const [share, units] of groups) {
    const want = Math.round(share * n)
    const shuffled = [...units].sort(() => random() - 0.5)
    for (let i = 0; i < want; i++) chosen.push(shuffled[i % shuffled.length])
  }
  return chosen
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
