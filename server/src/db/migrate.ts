/** Forward-only migrations: numbered plain SQL files, each applied once, in one transaction. */
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Database } from './index.ts'

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))
// An arbitrary constant: instances starting together apply migrations one at a time.
const MIGRATION_LOCK = 741_205

export async function migrate(database: Database): Promise<string[]> {
  await database.exec('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())')
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()
  const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(database.db)
  const done = new Set(rows.map((r) => r.name))
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    const body = await readFile(MIGRATIONS_DIR + file, 'utf8')
    try {
      // The row goes in first, under the lock: an instance that lost the race fails on the key.
      await database.exec(
        `begin; select pg_advisory_xact_lock(${MIGRATION_LOCK}); insert into schema_migrations (name) values ('${file}');\n${body}\n; commit;`,
      )
      applied.push(file)
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error
    }
  }
  return applied
}
