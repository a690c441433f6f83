/**
 * Failover rehearsal (docs/operations.md): a throwaway PostgreSQL 15 primary + streaming replica
 * (server/test/replica-cluster.ts), the app writing 12345 calls through a stand-in for a virtual IP
 * (a TCP forwarder, as HAProxy / a cloud VIP / a DNS name would be), then the primary crashes
 * (`pg_ctl stop -m immediate`), the replica is promoted (`pg_ctl promote`) and the address moved to it.
 * The app is not restarted: its pool drops the dead connections and opens new ones, its LISTEN
 * connection reconnects by itself. Printed:
 *  - data loss: calls the app answered 201 before the crash that the promoted replica does not have;
 *  - downtime: from the crash to the next call answered 201, and to the first NOTIFY heard again;
 * with asynchronous replication (the default) or synchronous (`--sync`: synchronous_standby_names = '*').
 *
 *   node --import tsx bench/failover.ts [--writers 16] [--before 5] [--sync]
 *
 * Promotion is triggered the moment the primary is gone; a failover manager (Patroni, pg_auto_failover,
 * a cloud's HA) adds its detection time (its TTL / health-check interval) to the downtime.
 */
import net from 'node:net'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { seed } from '../server/src/seed.ts'
import { startReplicaPair } from '../server/test/replica-cluster.ts'

const { values: args } = parseArgs({
  options: {
    writers: { type: 'string', default: '16' },
    before: { type: 'string', default: '5' },
    sync: { type: 'boolean', default: false },
    'proxy-port': { type: 'string', default: '55459' },
  },
})
const WRITERS = Number(args.writers)
const BEFORE_MS = Number(args.before) * 1000

/** The virtual IP: forwards to `target`; `move()` points it elsewhere and cuts every open connection. */
function forwarder(port: number, target: number) {
  const sockets = new Set<net.Socket>()
  let to = target
  const server = net.createServer((client) => {
    const upstream = net.connect(to, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  return {
    listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    move(target: number) {
      to = target
      for (const s of sockets) s.destroy()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

const now = () => performance.now()
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function main() {
  const started = now()
  const pair = await startReplicaPair()
  const proxyPort = Number(args['proxy-port'])
  const vip = forwarder(proxyPort, pair.ports.primary)
  let database: Awaited<ReturnType<typeof openDatabase>> | null = null
  let app: Awaited<ReturnType<typeof buildApp>> | null = null
  try {
    await vip.listen()
    const url = `postgres://postgres@127.0.0.1:${proxyPort}/postgres`
    console.log(
      `primary :${pair.ports.primary}, replica :${pair.ports.replica}, the app on the address :${proxyPort} (${s(now() - started)})`,
    )
    const setup = await openDatabase({ url: pair.primaryUrl })
    await migrate(setup)
    await seed(setup.db, { demo: true, log: { info() {} } })
    await setup.close()
    if (args.sync) {
      const c = new pg.Client({ connectionString: pair.primaryUrl })
      await c.connect()
      await c.query(`alter system set synchronous_standby_names = '*'`)
      await c.query('select pg_reload_conf()')
      for (;;) {
        const { rows } = await c.query(`select sync_state from pg_stat_replication`)
        if (rows.some((r) => r.sync_state === 'sync')) break
        await new Promise((r) => setTimeout(r, 20))
      }
      await c.end()
    }
    await pair.caughtUp()
    console.log(`seeded, replication ${args.sync ? 'synchronous' : 'asynchronous'} (${s(now() - started)})`)

    database = await openDatabase({ url })
    app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }, { demo: true }), database })
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'operator1', password: 'xiaolan-demo' },
    })
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken }
    const heard: number[] = []
    let resumed = 0
    await database.listen(
      'xiaolan_failover_probe',
      () => heard.push(now()),
      () => {
        resumed = now()
      },
    )

    // writers: one call after another each, until told to stop; a refused call is retried after 20 ms
    const acked: Array<{ id: number; sent: number; at: number }> = []
    let failed = 0
    let stop = false
    let n = 0
    const writer = async () => {
      while (!stop) {
        const i = n++
        const sent = now()
        const res = await app?.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers,
          payload: {
            channel: 'hotline',
            category: 'sanitation.garbage',
            description: `演练第${i}号来电：垃圾没有清运`,
            communityCode: '620105007010',
          },
        })
        if (res?.statusCode === 201) acked.push({ id: res.json().id, sent, at: now() })
        else {
          failed++
          await new Promise((r) => setTimeout(r, 20))
        }
      }
    }
    const writing = Array.from({ length: WRITERS }, writer)
    await new Promise((r) => setTimeout(r, BEFORE_MS))

    const crash = now()
    const beforeCrash = acked.length
    await pair.crashPrimary()
    const crashed = now()
    await pair.promote()
    const promoted = now()
    vip.move(pair.ports.replica)
    const moved = now()
    // the first call sent once the primary was gone that the app answered 201
    while (!acked.some((a) => a.sent > crashed)) await new Promise((r) => setTimeout(r, 5))
    const firstWrite = acked.find((a) => a.sent > crashed)?.at as number
    // the change notices: NOTIFY on the new primary until this instance hears one
    const notifier = new pg.Client({ connectionString: pair.replicaUrl })
    await notifier.connect()
    while (!heard.some((t) => t > moved)) {
      await notifier.query(`notify xiaolan_failover_probe`)
      await new Promise((r) => setTimeout(r, 20))
    }
    await notifier.end()
    const firstNotice = heard.find((t) => t > moved) as number
    await new Promise((r) => setTimeout(r, 1000))
    stop = true
    await Promise.all(writing)

    const ackedBefore = acked.filter((a) => a.at <= crashed)
    const { rows } = await sql<{ id: number }>`select id from events where id = any(${acked.map((a) => a.id)}::bigint[])`.execute(
      database.db,
    )
    const found = new Set(rows.map((r) => Number(r.id)))
    const lost = acked.filter((a) => !found.has(a.id))
    console.log(
      [
        '',
        `replication              ${args.sync ? 'synchronous (synchronous_standby_names = *)' : 'asynchronous (the default)'}`,
        `writers                  ${WRITERS} operators registering calls one after another`,
        `calls answered 201       ${beforeCrash} in the ${s(BEFORE_MS)} before the crash (${((beforeCrash / BEFORE_MS) * 1000).toFixed(0)}/s), ${acked.length} in all`,
        `lost (201, not on the new primary)  ${lost.length} of ${acked.length}${lost.length ? ` (ids ${lost.map((l) => l.id).join(', ')})` : ''}`,
        `  of which answered by the old primary  ${lost.filter((l) => l.at <= crashed).length} of ${ackedBefore.length}`,
        `crash (pg_ctl stop -m immediate)    ${s(crashed - crash)}`,
        `promote (pg_ctl promote -w)         ${s(promoted - crashed)}`,
        `downtime: crash → next call 201     ${s(firstWrite - crash)} (the first call sent after the primary was gone)`,
        `LISTEN back: crash → notice heard   ${s(firstNotice - crash)}${resumed ? ` (resumed after ${s(resumed - crash)})` : ''}`,
        `calls refused meanwhile             ${failed}`,
      ].join('\n'),
    )
  } finally {
    await app?.close().catch(() => {})
    await database?.close().catch(() => {})
    await vip.close()
    await pair.stop()
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
