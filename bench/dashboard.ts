/**
 * Benchmarks of the big screen and the workbench over real HTTP on the loaded bench database:
 *   - GET /api/v1/dashboard p50/p95 for the city, a district and a street screen;
 *   - the workbench as it opens (its 待签收 tab's first page and the counts of every tab, fetched
 *     together as the browser does), the 即将超期 tab's first page (the tab that reaches furthest
 *     back into what a unit holds) and the first page of everything in the unit's data scope (the
 *     全部 tab), p50/p95 for a district and a community center;
 *   - change-to-screen latency p50/p99 with 1,000 SSE clients connected (one event created at a time);
 *   - the machine's ceiling in the same run: `select 1` through the same pool and GET /api/v1/health.
 * Requests run one after the other (one connection's worth of load): the figures are latencies.
 *
 *   node --import tsx bench/load.ts --events 10000        # fill the bench database first
 *   node --import tsx bench/dashboard.ts [--url …] [--requests 300] [--clients 1000] [--write]
 *
 * With --write the results are added to the table in bench/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_bench' },
    requests: { type: 'string', default: '300' },
    clients: { type: 'string', default: '1000' },
    changes: { type: 'string', default: '30' },
    write: { type: 'boolean', default: false },
  },
})
const REQUESTS = Number(args.requests)
const CLIENTS = Number(args.clients)
const CHANGES = Number(args.changes)
const PASSWORD = 'xiaolan-demo'

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
const ms = (v: number) => v.toFixed(2)

async function timed(n: number, run: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(20, n); i++) await run() // warm-up
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await run()
    times.push(performance.now() - t)
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99) }
}

async function main() {
  const database = await openDatabase({ url: args.url as string })
  await migrate(database)
  const { n: events } = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }), database })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })

  const login = async (username: string) => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    })
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`)
    const me = (await res.json()) as { csrfToken: string }
    const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session=')) ?? '').split(';')[0]
    return { cookie, csrf: me.csrfToken }
  }
  const get = (path: string, cookie: string) => async () => {
    const res = await fetch(`${base}${path}`, { headers: { cookie } })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    await res.arrayBuffer()
  }

  const leader = await login('leader')
  const results: Array<[string, { p50: number; p95: number; p99: number }]> = []
  const measure = async (label: string, run: () => Promise<unknown>) => {
    const r = await timed(REQUESTS, run)
    results.push([label, r])
    console.log(`${label.padEnd(60)} p50 ${ms(r.p50).padStart(7)} ms   p95 ${ms(r.p95).padStart(7)} ms`)
  }

  console.log(`${Number(events).toLocaleString('en')} events in ${args.url}`)
  await measure('ceiling: select 1 (same pool)', () => sql`select 1`.execute(database.db))
  await measure('ceiling: GET /api/v1/health', get('/api/v1/health', leader.cookie))
  await measure('dashboard, city (leader)', get('/api/v1/dashboard?days=7', leader.cookie))
  await measure('dashboard, district 城关区', get('/api/v1/dashboard?scope=620102&days=7', leader.cookie))
  await measure('dashboard, street 刘家堡街道', get('/api/v1/dashboard?scope=620105007&days=7', leader.cookie))
  for (const [who, username] of [
    ['district center', 'c-620102'],
    ['community', 'c-620105007010'],
  ]) {
    const { cookie } = await login(username)
    const tab = get('/api/v1/events?box=pending_sign&limit=20', cookie)
    const counts = get('/api/v1/events/inbox', cookie)
    await measure(`workbench opens (待签收 + tab counts), ${who} ${username}`, () => Promise.all([tab(), counts()]))
    await measure(`即将超期 tab first page, ${who} ${username}`, get('/api/v1/events?box=due_soon&limit=20', cookie))
    await measure(`全部 tab first page, ${who} ${username}`, get('/api/v1/events?limit=20', cookie))
  }

  const latency = await changeToScreen(base, leader.cookie, await login('operator1'))
  console.log(
    `change-to-screen, ${CLIENTS} SSE clients: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms (${latency.samples} deliveries)`,
  )

  await app.close()
  await database.close()
  if (args.write) writeReadme(Number(events), results, latency)
}

/**
 * 1,000 streams of the city screen; one event created at a time; for each, the time from the
 * create request's start until each client has read the `route` change of that event.
 */
async function changeToScreen(base: string, cookie: string, operator: { cookie: string; csrf: string }) {
  // one change at a time and nothing else writes: each client's next `route` change is the current one
  const arrived: Array<((at: number) => void) | null> = []
  const streams: AbortController[] = []
  const readers: Array<Promise<void>> = []
  let ready = 0
  for (let i = 0; i < CLIENTS; i++) {
    const abort = new AbortController()
    const client = i
    arrived.push(null)
    streams.push(abort)
    const res = await fetch(`${base}/api/v1/stream`, { headers: { cookie }, signal: abort.signal })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    readers.push(
      (async () => {
        let buffer = ''
        try {
          for (;;) {
            const { value, done } = await reader.read()
            if (done) return
            buffer += decoder.decode(value, { stream: true })
            let end = buffer.indexOf('\n\n')
            while (end >= 0) {
              const block = buffer.slice(0, end)
              buffer = buffer.slice(end + 2)
              if (block.includes('event: ready')) ready++
              const data = /^data: (.*)$/m.exec(block)?.[1]
              if (block.includes('event: change') && data) {
                const change = JSON.parse(data) as { action: string }
                if (change.action === 'route') {
                  arrived[client]?.(performance.now())
                  arrived[client] = null
                }
              }
              end = buffer.indexOf('\n\n')
            }
          }
        } catch {}
      })(),
    )
  }
  while (ready < CLIENTS) await new Promise((r) => setTimeout(r, 20))

  const samples: number[] = []
  for (let i = 0; i < CHANGES; i++) {
    const arrivals: Array<Promise<number>> = []
    for (let c = 0; c < CLIENTS; c++) arrivals.push(new Promise((resolve) => (arrived[c] = resolve)))
    const started = performance.now()
    const res = await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'hotline',
        category: 'sanitation.garbage',
        description: `压测事件${i}`,
        communityCode: '620105007010',
      }),
    })
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`)
    const times = await Promise.all(arrivals)
    for (const t of times) samples.push(t - started)
  }
  for (const s of streams) s.abort()
  await Promise.allSettled(readers)
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), samples: samples.length }
}

function writeReadme(events: number, results: Array<[string, { p50: number; p95: number }]>, latency: { p50: number; p99: number }) {
  const path = new URL('./README.md', import.meta.url).pathname
  const text = readFileSync(path, 'utf8')
  const header = '## Big screen, inbox and live updates (bench/dashboard.ts)'
  const machine = `nproc ${os.cpus().length}, ${os.cpus()[0]?.model.trim()}, ${os.platform()} ${os.arch()}, node ${process.version}`
  const rows = results.map(([label, r]) => `| ${events.toLocaleString('en')} | ${label} | ${ms(r.p50)} | ${ms(r.p95)} |`)
  rows.push(
    `| ${events.toLocaleString('en')} | change-to-screen, ${CLIENTS} SSE clients (p50 / **p99**) | ${ms(latency.p50)} | **${ms(latency.p99)}** (p99) |`,
  )
  const run = [
    `Run ${new Date().toISOString()} — ${machine}`,
    '',
    '| events | measurement | p50 ms | p95 ms |',
    '| ---: | --- | ---: | ---: |',
    ...rows,
    '',
  ].join('\n')
  const next = text.includes(header) ? text.replace(header, `${header}\n\n${run}`) : `${text.trimEnd()}\n\n${header}\n\n${run}`
  writeFileSync(path, next)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
