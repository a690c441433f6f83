/**
 * xiaolan start | migrate | seed [--demo] | create-admin --username U --password P
 *       | import-divisions <file.csv> [--boundaries <file.geojson>] | import <file.csv|xlsx> [--dry-run]
 *
 * `start` migrates, seeds the demo city when in demo mode (the embedded default) and serves the
 * web app as built (`npm run build`). SIGTERM or SIGINT shuts it down gracefully: see `stopOnSignal`.
 * `import-divisions` writes another city's command chain into a new database (import-divisions.ts).
 * `import` writes historical events from a file, or only checks it (channels/import.ts, docs/import.md).
 */
import { parseArgs } from 'node:util'
import pino from 'pino'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { lockDataDir } from './db/data-dir-lock.ts'
import { openDatabase } from './db/index.ts'
import { migrate } from './db/migrate.ts'
import { importDivisions } from './import-divisions.ts'
import { serveMetricsApart } from './metrics-routes.ts'
import { hashPassword } from './modules/accounts/passwords.ts'
import { insertUser } from './modules/accounts/users.ts'
import { startAlertScan } from './modules/alerts/scan.ts'
import { startRollupFolding } from './modules/analytics/fold.ts'
import { importFromTerminal } from './modules/channels/import.ts'
import { startNetizenPulls } from './modules/channels/netizen-import.ts'
import { startNetizenReplies } from './modules/channels/netizen-replies.ts'
import { warmClassifier } from './modules/intelligence/classifier.ts'
import { startMediationTermScan } from './modules/mediation/term-scan.ts'
import { startOutboxDelivery } from './modules/notifications/delivery.ts'
import { rootUnitId } from './modules/orgs/units.ts'
import { startSlaJobs } from './modules/sla/jobs.ts'
import { seed } from './seed.ts'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    demo: { type: 'boolean' },
    username: { type: 'string' },
    password: { type: 'string' },
    boundaries: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
})
const command = positionals[0] ?? 'start'
const config = loadConfig(process.env, values.demo ? { demo: true } : {})
const log = pino({ level: config.LOG_LEVEL })

async function main() {
  const started = performance.now()
  if (!config.DATABASE_URL) lockDataDir(config.DATA_DIR)
  // a signal during start-up lets the step in hand (a migration, the first seed) finish, then stops
  const stop = stopOnSignal()
  const database = await openDatabase(
    config.DATABASE_URL ? { url: config.DATABASE_URL, readUrl: config.READ_DATABASE_URL } : { dataDir: config.DATA_DIR },
  )
  log.info({ db: database.kind, where: config.DATABASE_URL ? 'DATABASE_URL' : config.DATA_DIR }, 'database open')
  const applied = await migrate(database)
  if (applied.length > 0) log.info({ applied }, 'migrations applied')
  if (stop.requested()) return database.close()

  switch (command) {
    case 'migrate':
      return database.close()
    case 'seed':
      await seed(database.db, { demo: config.demo, log })
      return database.close()
    case 'import-divisions': {
      const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
      process.exitCode = await importDivisions(database.db, { csv: positionals[1], boundaries: values.boundaries }, log, io)
      return database.close()
    }
    case 'import': {
      const app = await buildApp({ config, database })
      const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
      process.exitCode = await importFromTerminal(app.ctx, positionals[1], values['dry-run'] ?? false, io)
      await app.close()
      return database.close()
    }
    case 'create-admin': {
      if (!values.username || !values.password || values.password.length < 10) {
        throw new Error('create-admin needs --username and a --password of at least 10 characters')
      }
      await seed(database.db, { demo: false, log })
      await insertUser(database.db, {
        username: values.username,
        password_hash: await hashPassword(values.password),
        display_name: '系统管理员',
        role: 'admin',
        unit_id: await rootUnitId(database.db),
      })
      log.info({ username: values.username }, 'admin created')
      return database.close()
    }
    case 'start': {
      const seeded = config.demo && (await seed(database.db, { demo: true, log }))
      if (seeded) log.info('demo city seeded')
      if (stop.requested()) return database.close()
      const app = await buildApp({ config, database, web: true })
      await app.listen({ port: config.PORT, host: config.HOST })
      // a fresh demo city gets a garbage cluster at 幸福里, which the scan's first pass raises as a hotspot
      if (seeded) {
        const { seedDemoHotspot } = await import('./seed/demo/hotspot.ts')
        log.info({ numbers: await seedDemoHotspot(app.ctx) }, 'demo hotspot reported')
        // a week of all seven channels, partner platforms and the message board through their real paths
        const { seedDemoChannels } = await import('./seed/demo/channels.ts')
        log.info({ byChannel: await seedDemoChannels(app.ctx) }, 'demo channels reported')
        // …and that week handled as the city's units would: signed, escalated, resolved, called back
        const { seedDemoHandling } = await import('./seed/demo/handling.ts')
        log.info({ steps: await seedDemoHandling(app.ctx) }, 'demo week handled')
      }
      const stopJobs = startSlaJobs(app.ctx)
      const stopScan = startAlertScan(app.ctx)
      const stopTerms = startMediationTermScan(app.ctx)
      const stopOutbox = startOutboxDelivery(app.ctx)
      const stopNetizen = [startNetizenPulls(app.ctx), startNetizenReplies(app.ctx)]
      // the model loads in about half a second: now, not on the first user's keystroke
      setImmediate(warmClassifier)
      const stopFolding = startRollupFolding(app.ctx)
      const metricsApart =
        config.METRICS_PORT === undefined
          ? null
          : await serveMetricsApart(app.ctx.metrics, { ...config, METRICS_PORT: config.METRICS_PORT })
      if (metricsApart) log.info({ url: `http://${config.METRICS_HOST}:${metricsApart.port}/metrics` }, 'metrics served apart')
      log.info(
        { url: `http://localhost:${config.PORT}`, seconds: ((performance.now() - started) / 1000).toFixed(1), demo: config.demo },
        'Xiaolan is serving',
      )
      stop.onStop(async () => {
        // stop accepting and finish what is in flight (open event streams are ended first, in the
        // realtime module's preClose), while a running SLA job finishes its transaction and the
        // webhook POSTs in flight are aborted (their messages wait for the next start)
        await Promise.all([
          app.close(),
          stopJobs(),
          stopScan(),
          stopTerms(),
          stopOutbox(),
          ...stopNetizen.map((stop) => stop()),
          metricsApart?.close(),
        ])
        // then a last fold of what the last writes appended: the next start finds it all folded
        await stopFolding()
        await database.close()
      })
      return
    }
    default:
      throw new Error(`Unknown command ${command}: use start | migrate | seed [--demo] | create-admin | import-divisions | import`)
  }
}

/** The whole stop stays within 10 s: a shutdown that has not finished by then is cut short. */
const SHUTDOWN_GRACE_MS = 8000

/**
 * SIGTERM and SIGINT, handled from the first moment. Before the server serves, the first signal lets
 * the step in hand finish (`requested()` is checked between steps: a migration or the first seed is
 * never cut off) and start-up then closes the database instead of serving. Once `onStop(shutdown)` is
 * given, the first signal runs it and exits 0; exit 1 when it fails or takes longer than the grace
 * period. A second signal exits 1 at once (Ctrl+C again), but a repeat within a second is not a second
 * request: Ctrl+C in a terminal reaches both `npm start` and this process, and npm forwards its copy
 * too. A server whose launcher is gone stops the same way: `npx xiaolan start` runs it under a shell
 * that a SIGTERM to npx ends without passing the signal on.
 */
function stopOnSignal() {
  let first = 0
  let shutdown: (() => Promise<void>) | null = null
  const run = () => {
    if (!shutdown) return
    setTimeout(() => {
      log.error({ seconds: SHUTDOWN_GRACE_MS / 1000 }, 'shutdown took too long: exiting now')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS).unref()
    shutdown().then(
      () => {
        log.info({ seconds: ((Date.now() - first) / 1000).toFixed(1) }, 'stopped')
        process.exit(0)
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  const stop = (reason: string) => {
    if (first) {
      if (Date.now() - first < 1000) return
      log.warn({ reason }, 'second signal: exiting now')
      process.exit(1)
    }
    first = Date.now()
    clearInterval(orphaned)
    log.info({ reason }, shutdown ? 'shutting down' : 'stopping once the start-up step in hand is done')
    run()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  const parent = process.ppid
  const orphaned = setInterval(() => process.ppid !== parent && stop('launcher exited'), 1000)
  orphaned.unref()
  return {
    requested: () => first > 0,
    onStop(fn: () => Promise<void>) {
      shutdown = fn
      if (first) run()
    },
  }
}

main().catch((error) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'failed')
  process.exit(1)
})
