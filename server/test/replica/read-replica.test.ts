/**
 * READ_DATABASE_URL against a real streaming replica (issue 15, Deliver 5): a throwaway PostgreSQL 15
 * primary + replica (replica-cluster.ts), the app on both, the replica made to fall behind with
 * pg_wal_replay_pause(). scripts/test.mjs runs this once per run, when PostgreSQL 15's binaries are
 * installed (CI has them), and says so when they are not.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { InjectOptions } from 'fastify'
import { type App, buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { type Database, openDatabase } from '../../src/db/index.ts'
import { migrate } from '../../src/db/migrate.ts'
import { readRouterOf } from '../../src/read-routing.ts'
import { DEMO_PASSWORD } from '../../src/seed/demo/accounts.ts'
import { seed } from '../../src/seed.ts'
import { type ReplicaPair, replicaPairAvailable, startReplicaPair } from '../replica-cluster.ts'

const XINGFULI = '620105007010'
const skip = replicaPairAvailable() ? false : 'PostgreSQL 15 binaries not installed (/usr/lib/postgresql/15/bin)'

let pair: ReplicaPair
const opened: Array<{ app: App; database: Database }> = []

/** Polls a condition every 20 ms until it holds (never a fixed sleep). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** An app as `xiaolan start` builds it from DATABASE_URL and READ_DATABASE_URL. */
async function startApp(env: Record<string, string> = {}) {
  const config = loadConfig(
    { LOG_LEVEL: process.env.REPLICA_TEST_LOG ?? 'silent', DATABASE_URL: pair.primaryUrl, READ_DATABASE_URL: pair.replicaUrl, ...env },
    { demo: true },
  )
  const database = await openDatabase({ url: config.DATABASE_URL as string, readUrl: config.READ_DATABASE_URL })
  const app = await buildApp({ config, database })
  opened.push({ app, database })
  return app
}

/** A browser-like client: keeps every cookie the app sets (the session and the write position), sends the CSRF token. */
async function login(app: App, username: string) {
  const jar = new Map<string, string>()
  let csrf = ''
  const request = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const options: InjectOptions = { method, url, headers: {} }
    const headers = options.headers as Record<string, string>
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf
    if (body !== undefined) options.payload = body as InjectOptions['payload']
    const res = await app.inject(options)
    for (const c of res.cookies) jar.set(c.name, c.value)
    return { status: res.statusCode, body: String(res.headers['content-type']).includes('json') ? res.json() : res.body }
  }
  const res = await request('POST', '/api/v1/auth/login', { username, password: DEMO_PASSWORD })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  csrf = res.body.csrfToken
  return {
    get: (url: string) => request('GET', url),
    post: (url: string, body: unknown) => request('POST', url, body),
    async ok(url: string) {
      const r = await request('GET', url)
      assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`)
      return r.body
    },
    jar,
  }
}
type Client = Awaited<ReturnType<typeof login>>

const todayNew = async (c: Client) => (await c.ok('/api/v1/dashboard')).headline.todayNew as number
const assigned = async (c: Client) => (await c.ok('/api/v1/kpis')).total.assigned as number
const registerCall = async (operator: Client, description: string) => {
  const res = await operator.post('/api/v1/events', {
    channel: 'hotline',
    category: 'sanitation.garbage',
    description,
    communityCode: XINGFULI,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body as { id: number; version: number; number: string }
}

before(async () => {
  if (skip) return
  pair = await startReplicaPair()
  const database = await openDatabase({ url: pair.primaryUrl })
  try {
    await migrate(database)
    await seed(database.db, { demo: true, log: { info() {} } })
  } finally {
    await database.close()
  }
  await pair.caughtUp()
})

after(async () => {
  for (const { app, database } of opened.reverse()) {
    await app.close().catch(() => {})
    await database.close().catch(() => {})
  }
  await pair?.stop()
})

test('replica reads: the dashboard and KPIs from the replica, own writes and the workbench from the primary, behind or down the primary', {
  skip,
}, async () => {
  const app = await startApp()
  const router = readRouterOf(app.ctx)
  assert.ok(router?.active, 'READ_DATABASE_URL gives the app a read router')
  const operator = await login(app, 'operator1')
  const leader = await login(app, 'leader')
  const community = await login(app, `c-${XINGFULI}`)
  // the logins wrote sessions: once the replica has them, none of these clients has a write it lacks
  await pair.caughtUp()
  const before = {
    screen: await todayNew(leader),
    kpis: await assigned(leader),
    community: (await community.ok('/api/v1/dashboard')).states,
  }
  assert.ok((router.reads.get('replica:replica') ?? 0) >= 2, 'the leader read the replica')

  // (a) replay paused: a call the operator registers is not on the leader's screen nor in the KPIs…
  await pair.pause()
  const event = await registerCall(operator, '小区门口垃圾三天没人清运，气味很大')
  assert.ok(operator.jar.has('xiaolan_wal'), 'a write hands back the primary position')
  assert.equal(await todayNew(leader), before.screen, 'the leader reads the paused replica')
  assert.equal(await assigned(leader), before.kpis)

  // (b) …while the operator's own read right after its write has it (from the primary)
  const ownReads = router.reads.get('primary:own_write') ?? 0
  assert.equal(await todayNew(operator), before.screen + 1, "the writer's own screen shows its call")
  assert.equal(router.reads.get('primary:own_write'), ownReads + 1)

  // (c) the workbench and the event read right after an action come from the primary
  const inbox = (await community.ok('/api/v1/events?box=pending_sign')).items as Array<{ id: number }>
  assert.ok(
    inbox.some((e) => e.id === event.id),
    'the community sees the new call in 待签收 at once',
  )
  const signed = await community.post(`/api/v1/events/${event.id}/actions`, { type: 'sign', version: event.version })
  assert.equal(signed.status, 200, JSON.stringify(signed.body))
  assert.equal((await community.ok(`/api/v1/events/${event.id}`)).state, 'in_progress')
  const handling = (await community.ok('/api/v1/events?box=in_progress')).items as Array<{ id: number }>
  assert.ok(handling.some((e) => e.id === event.id))
  const states = (await community.ok('/api/v1/dashboard')).states
  assert.equal(states.in_progress ?? 0, (before.community.in_progress ?? 0) + 1, "the community's own screen follows its sign")
  assert.equal(await todayNew(leader), before.screen, 'still paused for the leader')

  // after resume the replica has it all: the leader's screen and KPIs show the call
  await pair.resume()
  await pair.caughtUp()
  await until('the replica to be seen caught up', async () => (await router.refresh()).state === 'up')
  assert.equal(await todayNew(leader), before.screen + 1)
  assert.equal(await assigned(leader), before.kpis + 1)
  const replicaReads = router.reads.get('replica:replica') ?? 0
  assert.equal(await todayNew(operator), before.screen + 1)
  assert.equal(router.reads.get('replica:replica'), replicaReads + 1, "once replayed, the writer's reads go to the replica too")

  // far behind: an instance allowing 0.5 s of lag passes over a replica paused longer than that
  const strict = await startApp({ READ_REPLICA_MAX_LAG_SECONDS: '0.5' })
  const strictRouter = readRouterOf(strict.ctx)
  assert.ok(strictRouter)
  const strictLeader = await login(strict, 'leader')
  await pair.caughtUp()
  await pair.pause()
  await registerCall(operator, '楼道里堆满了垃圾没人管')
  assert.equal(await todayNew(leader), before.screen + 1, 'within 30 s of lag the first instance still reads the replica')
  await until('the lag to pass 0.5 s', async () => (await strictRouter.refresh()).state === 'lagging')
  assert.equal(await todayNew(strictLeader), before.screen + 2, 'too far behind: the primary answers')
  assert.ok((strictRouter.reads.get('primary:lagging') ?? 0) >= 1)
  // and /metrics says so
  const metrics = await strict.ctx.metrics.registry.metrics()
  assert.match(metrics, /^xiaolan_replica_up 0$/m)
  assert.ok(Number(/^xiaolan_replica_lag_seconds (\S+)$/m.exec(metrics)?.[1]) > 0.5, metrics)
  assert.match(metrics, /^xiaolan_replica_reads_total\{target="primary",reason="lagging"\} [1-9]/m)
  assert.match(metrics, /^xiaolan_db_pool_total\{pool="replica"\} /m)
  await pair.resume()
  await pair.caughtUp()
  await until('the strict instance to use the replica again', async () => (await strictRouter.refresh()).state === 'up')

  // (d) the replica stopped: the screen, the KPIs and the reports still answer, from the primary
  await pair.stopReplica()
  await registerCall(operator, '垃圾桶坏了需要更换')
  assert.equal(await todayNew(leader), before.screen + 3)
  assert.equal(await assigned(leader), before.kpis + 3)
  assert.equal((await leader.get('/api/v1/reports?kind=daily')).status, 200)
  assert.equal(router.current().state, 'down')
  // and back: the background probe finds it again
  await pair.startReplica()
  await pair.caughtUp()
  await until('the replica to be back', () => router.current().state === 'up')
  assert.equal(await todayNew(leader), before.screen + 3)
})
