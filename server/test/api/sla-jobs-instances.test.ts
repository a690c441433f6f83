/**
 * Two app instances on one PostgreSQL: an SLA job runs on one instance at a time (advisory lock),
 * and however the runs interleave each missed deadline is recorded exactly once. PGlite is one
 * process with one connection, so this runs on PostgreSQL only.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import pg from 'pg'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/index.ts'
import { createEvent } from '../../src/modules/events/commands/report.ts'
import { JOBS, runJob } from '../../src/modules/sla/jobs.ts'

const onPostgres = process.env.XIAOLAN_TEST_DB === 'postgres'

test('two instances never run a job at the same time, and a missed deadline is recorded once', {
  skip: !onPostgres && 'PostgreSQL only',
}, async (t) => {
  const adminUrl = process.env.TEST_DATABASE_URL as string
  const name = `xiaolan_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name} template ${pg.escapeIdentifier(process.env.XIAOLAN_PG_TEMPLATE as string)}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const clock = { now: new Date('2026-11-30T02:00:00Z') }
  const config = loadConfig({ LOG_LEVEL: 'silent' }, { demo: true })
  const instances = await Promise.all(
    [1, 2].map(async () => {
      const database = await openDatabase({ url: url.toString() })
      return { database, app: await buildApp({ config, database, now: () => clock.now }) }
    }),
  )
  t.after(async () => {
    for (const { app, database } of instances) {
      await app.close()
      await database.close()
    }
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  const [a, b] = instances.map((i) => i.app.ctx)

  for (let i = 0; i < 30; i++) {
    await createEvent(
      a,
      { category: 'sanitation.garbage', description: `垃圾未清运 ${i}`, channel: 'hotline', communityCode: '620105007010' },
      { kind: 'system' },
    )
  }
  clock.now = new Date('2026-12-08T02:00:00Z') // every sign and resolve deadline has passed

  // while another session holds a job's lock, neither instance runs it
  const holder = new pg.Client({ connectionString: url.toString() })
  await holder.connect()
  await holder.query('begin')
  await holder.query('select pg_advisory_xact_lock(741206, 0)')
  assert.deepEqual(await Promise.all([runJob(a, 'deadlines'), runJob(b, 'deadlines')]), [
    { ran: false, changed: 0 },
    { ran: false, changed: 0 },
  ])
  await holder.query('commit')
  await holder.end()

  // both instances tick together, several times
  for (let round = 0; round < 5; round++) {
    for (const job of JOBS) await Promise.all([runJob(a, job, 'a'), runJob(b, job, 'b')])
  }
  const runs = await a.database.db.selectFrom('sla_job_runs').selectAll().orderBy('started_at').execute()
  assert.ok(runs.length >= 5 * JOBS.length, `${runs.length} runs`)
  for (const job of JOBS) {
    const mine = runs.filter((r) => r.job === job)
    for (let i = 1; i < mine.length; i++) {
      assert.ok(new Date(mine[i].started_at) >= new Date(mine[i - 1].finished_at as Date), `${job} runs overlap`)
    }
  }
  const marks = await a.database.db
    .selectFrom('event_actions')
    .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', '=', 'overdue')
    .groupBy('event_id')
    .execute()
  assert.equal(marks.length, 30)
  for (const m of marks) assert.equal(Number(m.n), 2, 'sign and resolve, each once')
  const breaches = await a.database.db
    .selectFrom('sla_breaches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  assert.equal(Number(breaches.n), 60)
})
