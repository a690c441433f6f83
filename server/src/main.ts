/**
 * xiaolan start | migrate | seed [--demo] | create-admin --username U --password P
 *
 * `start` migrates, seeds the demo city when in demo mode (the embedded default), builds the web
 * app in the background when it is stale, and serves.
 */
import { parseArgs } from 'node:util'
import pino from 'pino'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { openDatabase } from './db/index.ts'
import { migrate } from './db/migrate.ts'
import { hashPassword } from './modules/accounts/passwords.ts'
import { startSlaJobs } from './modules/sla/jobs.ts'
import { seed } from './seed.ts'
import { buildWeb, webBuildIsStale } from './web.ts'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    demo: { type: 'boolean' },
    username: { type: 'string' },
    password: { type: 'string' },
  },
})
const command = positionals[0] ?? 'start'
const config = loadConfig(process.env, values.demo ? { demo: true } : {})
const log = pino({ level: config.LOG_LEVEL })

async function main() {
  const started = performance.now()
  const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR })
  log.info({ db: database.kind, where: config.DATABASE_URL ? 'DATABASE_URL' : config.DATA_DIR }, 'database open')
  const applied = await migrate(database)
  if (applied.length > 0) log.info({ applied }, 'migrations applied')

  switch (command) {
    case 'migrate':
      return database.close()
    case 'seed':
      await seed(database.db, { demo: config.demo, log })
      return database.close()
    case 'create-admin': {
      if (!values.username || !values.password || values.password.length < 10) {
        throw new Error('create-admin needs --username and a --password of at least 10 characters')
      }
      await seed(database.db, { demo: false, log })
      const root = await database.db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()
      await database.db
        .insertInto('users')
        .values({
          username: values.username,
          password_hash: await hashPassword(values.password),
          display_name: '系统管理员',
          role: 'admin',
          unit_id: root.id,
        })
        .execute()
      log.info({ username: values.username }, 'admin created')
      return database.close()
    }
    case 'start': {
      if (config.demo && (await seed(database.db, { demo: true, log }))) log.info('demo city seeded')
      const app = await buildApp({ config, database, web: true })
      if (webBuildIsStale()) buildWeb(log).catch(() => {})
      await app.listen({ port: config.PORT, host: config.HOST })
      const stopJobs = startSlaJobs(app.ctx)
      log.info(
        { url: `http://localhost:${config.PORT}`, seconds: ((performance.now() - started) / 1000).toFixed(1), demo: config.demo },
        'Xiaolan is serving',
      )
      const stop = async () => {
        await stopJobs()
        await app.close()
        await database.close()
        process.exit(0)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      return
    }
    default:
      throw new Error(`Unknown command ${command}: use start | migrate | seed [--demo] | create-admin`)
  }
}

main().catch((error) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'failed')
  process.exit(1)
})
