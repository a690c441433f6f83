/**
 * One database, two ways to run it: embedded PGlite (default, data in DATA_DIR, or in memory for
 * tests) or PostgreSQL by URL. Both sit behind Kysely's Postgres dialect and run the same SQL.
 */
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely'
import pg from 'pg'
import type { DB } from './types.ts'

export type DatabaseKind = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  kind: DatabaseKind
  /** Runs a script of several statements (migrations, seeding). */
  exec(sqlText: string): Promise<void>
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
  /** PGlite only: the whole data directory as a tarball, to start copies from. */
  dump?(): Promise<Blob>
}

export type DatabaseOptions = { url: string } | { dataDir?: string; loadDataDir?: Blob | File }

// int8 (counts, bigint ids) as numbers: ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
// numeric (averages, rates) as numbers
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v))

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return 'url' in options ? openPostgres(options.url) : openPglite(options)
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('error', () => {}) // idle client errors surface on the next query
  const listener = new pg.Client({ connectionString: url })
  let listenerReady: Promise<unknown> | null = null
  const handlers = new Map<string, Set<(payload: string) => void>>()
  listener.on('notification', (msg) => {
    for (const h of handlers.get(msg.channel) ?? []) h(msg.payload ?? '')
  })
  listener.on('error', () => {})
  return {
    db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
    kind: 'postgres',
    async exec(sqlText) {
      const client = await pool.connect()
      try {
        await client.query(sqlText)
      } catch (error) {
        await client.query('rollback').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    async listen(channel, onPayload) {
      listenerReady ??= listener.connect()
      await listenerReady
      let set = handlers.get(channel)
      if (!set) {
        set = new Set()
        handlers.set(channel, set)
        await listener.query(`listen ${pg.escapeIdentifier(channel)}`)
      }
      set.add(onPayload)
      return async () => {
        set.delete(onPayload)
      }
    },
    async close() {
      if (listenerReady) await listener.end().catch(() => {})
      await pool.end()
    },
  }
}

async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Database> {
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pglitePool(client) }) })
  return {
    db,
    kind: 'pglite',
    async exec(sqlText) {
      try {
        await client.exec(sqlText)
      } catch (error) {
        if (client.isInTransaction?.()) await client.exec('rollback')
        throw error
      }
    },
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload)
      return unsubscribe
    },
    async close() {
      await db.destroy()
      await client.close()
    },
    dump: () => client.dumpDataDir('none'),
  }
}

/**
 * PGlite is one connection: hand it out to one borrower at a time, in the shape of a `pg` pool,
 * so Kysely's own Postgres driver (transactions, savepoints) works unchanged.
 */
function pglitePool(client: PGlite) {
  let tail: Promise<void> = Promise.resolve()
  const connection = {
    async query(text: string, params: readonly unknown[]) {
      const result = await client.query(text, params as unknown[])
      return { command: commandOf(text), rowCount: result.affectedRows ?? 0, rows: result.rows as never[] }
    },
    release() {},
  }
  const pool = {
    async connect() {
      let release!: () => void
      const previous = tail
      tail = new Promise<void>((resolve) => {
        release = resolve
      })
      await previous
      return { ...connection, release }
    },
    async end() {},
  }
  return pool as unknown as PostgresPool
}

const COMMANDS = ['COMMIT', 'DELETE', 'INSERT', 'MERGE', 'ROLLBACK', 'SELECT', 'UPDATE'] as const
/** The command tag `pg` would report, which Kysely reads for affected rows and aborted commits. */
function commandOf(text: string): (typeof COMMANDS)[number] {
  const word = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase()
  if (word === 'END') return 'COMMIT'
  return COMMANDS.find((c) => c === word) ?? 'SELECT'
}
