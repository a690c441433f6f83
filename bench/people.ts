/**
 * What residents and departments wait for on the loaded bench database (issue 15, people at the
 * seed's scale), over real HTTP against the app built in this process (buildApp + listen, as
 * bench/dashboard.ts), one request after the other:
 *   - resident OTP login: POST /resident/otp (the demo SMS sender hands the code back as devCode, as
 *     the tests read it) then POST /resident/login, each and together, for residents picked at
 *     random among those who reported through the app (each login a different resident);
 *   - 我的: GET /events?limit=50 as the resident (the page MyEvents asks for), residents with 1–20 events;
 *   - public tracking: GET /track/:number for numbers picked at random among all events;
 *   - the department workbench, for the --departments busiest departments (most open events held;
 *     `--pick random`: at random among those holding any): its opening (待签收 page + every tab's
 *     count, together as the browser asks), each tab's first page, and 全部 (everything it handled).
 * Each figure p50/p95/p99 over --requests samples (after 20 warm-up ones), beside the machine's
 * ceiling in the same run (`select 1` through the app's pool, GET /health), with the load average
 * (1 min) when it ended. The app's background jobs (overdue scan, early-warning scan, folding) do
 * not run here: the figures are the requests' own.
 *
 *   node --import tsx bench/load-sql.ts --events 10000000 --residents 4000000 --url …   (or bench/load.ts --residents)
 *   node --import tsx bench/people.ts [--url …] [--requests 400] [--port 8300] [--pick busiest|random] [--only otp] [--write]
 *
 * The abuse caps (OTP sends per phone and client, the auth and tracking rate limits) are raised for
 * the run: every login comes from 127.0.0.1, and the caps' own queries still run on each request.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import { INBOX_BOXES } from '@xiaolan/contracts'
import { sql } from 'kysely'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { seededRandom, writeReadmeSection } from './support.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_10m' },
    requests: { type: 'string', default: '400' },
    departments: { type: 'string', default: '8' },
    port: { type: 'string', default: '8300' },
    pick: { type: 'string', default: 'busiest' },
    // otp: the resident OTP login alone (it reads no events), e.g. while the events are loading
    only: { type: 'string', default: 'all' },
    seed: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
  },
})
const REQUESTS = Number(args.requests)
const WARMUP = 20
const PASSWORD = 'xiaolan-demo'
const random = seededRandom(Number(args.seed))

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const ms = (v: number) => v.toFixed(2)
type Figures = { p50: number; p95: number; p99: number; n: number }
const figures = (times: number[]): Figures => {
  const sorted = [...times].sort((a, b) => a - b)
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), n: sorted.length }
}

async function main() {
  const database = await openDatabase({ url: args.url as string })
  await migrate(database)
  const db = database.db
  const count = async (table: 'events' | 'residents') =>
    Number((await sql<{ n: number }>`select reltuples::bigint as n from pg_class where relname = ${table}`.execute(db)).rows[0]?.n ?? 0)
  const events = await count('events')
  const residents = await count('residents')
  const config = loadConfig(
    { LOG_LEVEL: 'silent' },
    {
      demo: true,
      OTP_PHONE_PER_HOUR: 1_000_000,
      OTP_PHONE_PER_DAY: 1_000_000,
      OTP_CLIENT_PER_HOUR: 1_000_000,
      OTP_CLIENT_PER_DAY: 1_000_000,
      RATE_LIMIT_AUTH_PER_MINUTE: 1_000_000,
      RATE_LIMIT_TRACK_PER_MINUTE: 1_000_000,
    },
  )
  const app = await buildApp({ config, database })
  const base = await app.listen({ port: Number(args.port), host: '127.0.0.1' })
  const load = os.loadavg().map((v) => v.toFixed(1))

  const expect = async (res: Response, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`)
    return res
  }
  const get = (path: string, cookie?: string) => async () => {
    const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} })
    await (await expect(res, 200, path)).arrayBuffer()
  }
  const post = async (path: string, body: unknown, cookie?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })
  const sessionOf = (res: Response) => (res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session=')) ?? '').split(';')[0]

  const results: Array<[string, Figures, string]> = []
  const record = (label: string, r: Figures) => {
    const after = os.loadavg()[0].toFixed(1)
    results.push([label, r, after])
    console.log(
      `${label.padEnd(64)} p50 ${ms(r.p50).padStart(7)}   p95 ${ms(r.p95).padStart(7)}   p99 ${ms(r.p99).padStart(7)} ms   load ${after}`,
    )
  }
  /** `run(i)` WARMUP + REQUESTS times; the last REQUESTS timed. */
  const measure = async (label: string, run: (i: number) => Promise<unknown>) => {
    const times: number[] = []
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const t = performance.now()
      await run(i)
      if (i >= WARMUP) times.push(performance.now() - t)
    }
    record(label, figures(times))
  }

  console.log(
    `${events.toLocaleString('en')} events, ${residents.toLocaleString('en')} residents in ${args.url}; load average ${load.join(' ')}`,
  )
  await measure('ceiling: select 1 (same pool)', () => sql`select 1`.execute(db))
  await measure('ceiling: GET /api/v1/health', get('/api/v1/health'))

  /** A tablesample percentage with about `perRequest` rows for each request measured (pages, not rows: generous). */
  const sample = (perRequest: number) => Math.min(100, Math.max(0.001, (100 * perRequest * (WARMUP + REQUESTS)) / Math.max(events, 1)))
  // residents who reported through the app, at random: a sample of the events' pages, their reporters
  // (--only otp: any registered residents, a sample of the residents' pages, while the events are still loading)
  const reporters = (
    args.only === 'otp'
      ? await sql<{ id: number; phone: string; n: number }>`
          select id, phone, 1 as n from residents tablesample system (${Math.min(100, (100 * 10 * (WARMUP + REQUESTS)) / Math.max(residents, 1))})
           limit ${WARMUP + REQUESTS * 2}`.execute(db)
      : await sql<{ id: number; phone: string; n: number }>`
          select r.id, r.phone, (select count(*) from events m where m.reporter_resident_id = r.id)::int as n
            from (select distinct reporter_resident_id as id from events tablesample system (${sample(40)})
                   where reporter_resident_id is not null limit ${WARMUP + REQUESTS * 2}) s
            join residents r on r.id = s.id`.execute(db)
  ).rows
  if (reporters.length < WARMUP + REQUESTS) throw new Error(`only ${reporters.length} residents with events: load with --residents`)
  const shuffled = reporters.sort(() => random() - 0.5)
  const withEvents = shuffled.filter((r) => r.n >= 1 && r.n <= 20).slice(0, WARMUP + REQUESTS)
  const spread = figures(withEvents.map((r) => r.n))
  console.log(`residents sampled: ${withEvents.length}, events each p50 ${spread.p50}, p99 ${spread.p99}`)

  // OTP login, each resident once: request the code, then sign in with it
  const otpTimes: number[] = []
  const verifyTimes: number[] = []
  const loginTimes: number[] = []
  const cookies: string[] = []
  for (const [i, r] of withEvents.entries()) {
    const t0 = performance.now()
    const sent = (await (await expect(await post('/api/v1/resident/otp', { phone: r.phone }), 200, 'otp')).json()) as { devCode: string }
    const t1 = performance.now()
    const res = await expect(await post('/api/v1/resident/login', { phone: r.phone, code: sent.devCode }), 200, 'resident login')
    await res.arrayBuffer()
    const t2 = performance.now()
    cookies.push(sessionOf(res))
    if (i < WARMUP) continue
    otpTimes.push(t1 - t0)
    verifyTimes.push(t2 - t1)
    loginTimes.push(t2 - t0)
  }
  record('resident OTP login: POST /resident/otp (request the code)', figures(otpTimes))
  record('resident OTP login: POST /resident/login (verify, session)', figures(verifyTimes))
  record('resident OTP login, both requests', figures(loginTimes))
  if (args.only === 'otp') {
    console.log(
      `load average ${load.join(' ')} at the start, ${os
        .loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')} at the end`,
    )
    await app.close()
    await database.close()
    return
  }
  // 我的: each request another resident's session (1–20 events each)
  await measure('我的: GET /events?limit=50 (resident, 1–20 events)', (i) => get('/api/v1/events?limit=50', cookies[i % cookies.length])())

  // public tracking by number, numbers at random
  const numbers = (
    await sql<{ number: string }>`select number from events tablesample system (${sample(4)}) limit ${WARMUP + REQUESTS}`.execute(db)
  ).rows.map((r) => r.number)
  await measure('public tracking: GET /track/:number (random numbers)', (i) => get(`/api/v1/track/${numbers[i % numbers.length]}`)())

  // the busiest departments (most open events held), or departments holding any at random
  const held = (
    await sql<{ code: string; name: string; open: number }>`
      select u.code, u.name, (select count(*) from events e where e.current_unit_id = u.id
                               and e.state in ('submitted', 'assigned', 'in_progress', 'reviewing'))::int as open
        from org_units u where u.kind = 'department'`.execute(db)
  ).rows.filter((d) => d.open > 0)
  const departments = (args.pick === 'random' ? held.sort(() => random() - 0.5) : held.sort((a, b) => b.open - a.open)).slice(
    0,
    Number(args.departments),
  )
  if (departments.length === 0) throw new Error('no department holds an open event: load with the dispatching loader')
  console.log(`departments: ${departments.map((d) => `${d.name} (d-${d.code}, ${d.open} open)`).join(', ')}`)
  const staff: string[] = []
  for (const d of departments) {
    const res = await expect(await post('/api/v1/auth/login', { username: `d-${d.code}`, password: PASSWORD }), 200, `login d-${d.code}`)
    await res.arrayBuffer()
    staff.push(sessionOf(res))
  }
  const at = (i: number) => staff[i % staff.length]
  await measure('department workbench opens (待签收 page + tab counts)', (i) =>
    Promise.all([get('/api/v1/events?box=pending_sign&limit=20', at(i))(), get('/api/v1/events/inbox', at(i))()]),
  )
  for (const box of INBOX_BOXES) {
    await measure(`department tab ${box}, first page`, (i) => get(`/api/v1/events?box=${box}&limit=20`, at(i))())
  }
  await measure('department 全部 (everything it handled), first page', (i) => get('/api/v1/events?limit=20', at(i))())

  const end = os.loadavg().map((v) => v.toFixed(1))
  console.log(`load average ${load.join(' ')} at the start, ${end.join(' ')} at the end`)
  await app.close()
  await database.close()

  if (args.write) {
    const cpu = os.cpus()
    writeReadmeSection({
      title: '## Residents and departments, last run (bench/people.ts --write)',
      machine: `nproc ${cpu.length}, ${cpu[0]?.model.trim()}, ${os.platform()} ${os.arch()}, PostgreSQL on the same machine, load average ${load.join(' ')} at the start, ${end.join(' ')} at the end`,
      command: `node --import tsx bench/people.ts --url ${args.url} --requests ${REQUESTS} --pick ${args.pick}`,
      results: [
        `${events.toLocaleString('en')} events, ${residents.toLocaleString('en')} residents (estimates from pg_class)`,
        `residents sampled: ${withEvents.length} with 1–20 events (p50 ${spread.p50}); departments: ${departments.map((d) => `d-${d.code} ${d.open} open`).join(', ')}`,
        '',
        `${'measurement'.padEnd(64)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ms  load`,
        ...results.map(
          ([label, r, after]) => `${label.padEnd(64)} ${ms(r.p50).padStart(8)} ${ms(r.p95).padStart(8)} ${ms(r.p99).padStart(8)}  ${after}`,
        ),
      ],
      notes: [
        'In-process app (buildApp + listen on 127.0.0.1), real HTTP, one request at a time; each login and 我的 request is another',
        'resident, each tracking request another number, the department figures cycle over the departments above. Target (issue 15):',
        'p95 < 20 ms for the resident login, 我的, public tracking and the department workbench.',
      ],
    })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
