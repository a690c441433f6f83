/**
 * Builds the seeded demo city once per test run — a PGlite data-dir dump, or a PostgreSQL template
 * database — so every test file starts from a fresh copy in under a second instead of seeding.
 *
 *   node --import tsx server/test/prepare.ts pglite <dump-file>
 *   node --import tsx server/test/prepare.ts postgres <admin-url> <template-name>
 *   node --import tsx server/test/prepare.ts drop <admin-url> <template-name>
 */
import { writeFile } from 'node:fs/promises'
import pg from 'pg'
import { openDatabase } from '../src/db/index.ts'
import { migrate } from '../src/db/migrate.ts'
import { seed } from '../src/seed.ts'

const [kind, target, template] = process.argv.slice(2)
const quiet = { info() {} }
const started = performance.now()

if (kind === 'pglite' && target) {
  const database = await openDatabase({})
  await migrate(database)
  await seed(database.db, { demo: true, log: quiet })
  const dump = await dumpPglite(database)
  await writeFile(target, Buffer.from(await dump.arrayBuffer()))
  await database.close()
} else if (kind === 'postgres' && target && template) {
  const admin = new pg.Client({ connectionString: target })
  await admin.connect()
  await admin.query(`drop database if exists ${pg.escapeIdentifier(template)}`)
  await admin.query(`create database ${pg.escapeIdentifier(template)}`)
  await admin.end()
  const url = new URL(target)
  url.pathname = `/${template}`
  const database = await openDatabase({ url: url.toString() })
  await migrate(database)
  await seed(database.db, { demo: true, log: quiet })
  await database.close()
} else if (kind === 'drop' && target && template) {
  const admin = new pg.Client({ connectionString: target })
  await admin.connect()
  await admin.query(`drop database if exists ${pg.escapeIdentifier(template)} with (force)`)
  await admin.end()
} else {
  throw new Error('usage: prepare.ts pglite <dump-file> | postgres <admin-url> <template-name>')
}
console.log(`test database template (${kind}) ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)

async function dumpPglite(database: Awaited<ReturnType<typeof openDatabase>>) {
  if (!database.dump) throw new Error('not a PGlite database')
  return database.dump()
}
