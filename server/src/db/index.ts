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
  /**
   * Where replica-routed reads may go (the dashboard, KPIs, reports, exports): the streaming
   * replica's pool when one is configured (`READ_DATABASE_URL`), else the same Kysely as `db`.
   * Whether a request may use it right now (read-your-writes, lag, a replica down) is decided by
   * `read-routing.ts`.
   */
  read: Kysely<DB>
  /** Present when `read` is a replica: the positions read-routing.ts compares. */
  replica?: ReplicaProbe
  kind: DatabaseKind
  /** Runs a script of several statements (migrations, seeding). */
  exec(sqlText: string): Promise<void>
  /**
   * Runs several statements (values written in by `inlined`) in one round trip, as one transaction
   * in which each statement reads what committed before it began, as a READ COMMITTED transaction's
   * statements do (a lock taken by one is held for the next); the last statement's rows.
   */
  script(sqlText: string): Promise<Array<Record<string, unknown>>>
  /**
   * Subscribes to a NOTIFY channel; resolves to an unsubscribe function. `onResume` is called when
   * the listening connection was lost and is back: notifications of the gap are gone, so the
   * subscriber catches up another way.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void): Promise<() => Promise<void>>
  close(): Promise<void>
  /**
   * The primary pool's use, read by the metrics on each scrape: pg.Pool's counts, or for PGlite its
   * one connection (idle 0 while lent) and the queries queued for it.
   */
  poolUse(): { total: number; idle: number; waiting: number }
  /** PGlite only: the whole data directory as a tarball, to start copies from. */
  dump?(): Promise<Blob>
}

/** WAL positions as PostgreSQL prints them (`16/B374D848`). */
export interface ReplicaProbe {
  /** The primary's `pg_current_wal_lsn()`: everything committed so far lies before it. */
  primaryLsn(): Promise<string>
  /**
   * The replica's `pg_last_wal_replay_lsn()` (null when it is not a standby: a promoted or
   * misconfigured read database), within `timeoutMs`.
   */
  replayLsn(timeoutMs: number): Promise<{ lsn: string | null; standby: boolean }>
  /** The read pool's use, for the metrics. */
  poolUse(): { total: number; idle: number; waiting: number }
}

export type DatabaseOptions = { url: string; readUrl?: string } | { dataDir?: string; loadDataDir?: Blob | File }

/**
 * SQL text with `values` written in as literals, for `Database.script` (a simple-protocol query takes
 * no parameters): text escaped as PostgreSQL reads it, finite numbers, instants as timestamptz.
 */
export function inlined(strings: TemplateStringsArray, ...values: Array<string | number | Date>): string {
  const literal = (v: string | number | Date) => {
    if (v instanceof Date) return `${pg.escapeLiteral(v.toISOString())}::timestamptz`
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`not a number to write into SQL: ${v}`)
      return String(v)
    }
    return pg.escapeLiteral(v)
  }
  return strings.reduce((text, part, i) => `${text}${literal(values[i - 1])}${part}`)
}

/** The same JavaScript value from both databases, whatever the process's time zone. */
const PARSERS = {
  // int8 (counts, bigint ids) as numbers: ids and counts stay far below 2^53.
  20: (v: string) => Number.parseInt(v, 10),
  // numeric (averages, rates, SLA hours) as numbers
  1700: (v: string) => Number.parseFloat(v),
  // date as its YYYY-MM-DD text: pg made it local midnight (shifted by the server's time zone),
  // PGlite UTC midnight
  1082: (v: string) => v,
}
for (const [oid, parse] of Object.entries(PARSERS)) pg.types.setTypeParser(Number(oid), parse)

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return 'url' in options ? openPostgres(options.url, options.readUrl) : openPglite(options)
}

async function openPostgres(url: string, readUrl?: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('error', () => {}) // idle client errors surface on the next query
  // a lent client whose server goes away between two queries (a primary crashing mid-transaction)
  // emits 'error' with no listener, which would end the process: the next query fails instead
  pool.on('connect', (client) => client.on('error', () => {}))
  const listener = listeningConnection(url)
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  // a replica that does not answer must not hold a screen for long: the request falls back to the primary
  const readPool = readUrl ? new pg.Pool({ connectionString: readUrl, max: 10, connectionTimeoutMillis: 2000 }) : null
  readPool?.on('error', () => {})
  readPool?.on('connect', (client) => client.on('error', () => {}))
  const replica: ReplicaProbe | undefined = readPool
    ? {
        async primaryLsn() {
          const { rows } = await pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
          return rows[0].lsn
        },
        async replayLsn(timeoutMs) {
          const { rows } = await readPool.query<{ lsn: string | null; standby: boolean }>({
            text: 'select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as standby',
            query_timeout: timeoutMs,
          } as pg.QueryConfig)
          return rows[0]
        },
        poolUse: () => ({ total: readPool.totalCount, idle: readPool.idleCount, waiting: readPool.waitingCount }),
      }
    : undefined
  return {
    db,
    read: readPool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: readPool }) }) : db,
    replica,
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
    async script(sqlText) {
      // no parameters: the simple protocol, which runs several statements in one implicit transaction
      const results = (await pool.query(sqlText)) as pg.QueryResult | pg.QueryResult[]
      return (Array.isArray(results) ? results.at(-1) : results)?.rows ?? []
    },
    listen: listener.listen,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await listener.close()
      await Promise.all([pool.end(), readPool?.end()])
    },
  }
}

/** Reconnect delays after the listening connection is lost (a restart, a failover): then every 30 s. */
const RELISTEN_MS = [250, 1000, 5000, 30_000]

/**
 * One connection per instance for LISTEN, kept open: when it drops, it reconnects (with backoff),
 * listens to its channels again and tells each subscriber it resumed.
 */
function listeningConnection(url: string) {
  const handlers = new Map<string, Set<{ onPayload: (payload: string) => void; onResume?: () => void }>>()
  let client: pg.Client | null = null
  let connecting: Promise<pg.Client> | null = null
  let closed = false
  let attempt = 0

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'xiaolan-listen' })
      c.on('notification', (msg) => {
        for (const h of handlers.get(msg.channel) ?? []) h.onPayload(msg.payload ?? '')
      })
      c.on('error', () => {}) // followed by 'end'
      c.on('end', () => lost(c))
      try {
        await c.connect()
        for (const channel of handlers.keys()) await c.query(`listen ${pg.escapeIdentifier(channel)}`)
      } catch (error) {
        connecting = null
        await c.end().catch(() => {})
        throw error
      }
      client = c
      return c
    })()
    return connecting
  }

  const lost = (c: pg.Client) => {
    if (closed || client !== c) return
    client = null
    connecting = null
    const retry = () => {
      if (closed) return
      connect().then(
        () => {
          attempt = 0
          for (const set of handlers.values()) for (const h of set) h.onResume?.()
        },
        () => setTimeout(retry, RELISTEN_MS[Math.min(attempt++, RELISTEN_MS.length - 1)]).unref(),
      )
    }
    setTimeout(retry, RELISTEN_MS[0]).unref()
  }

  return {
    async listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void) {
      const c = await connect()
      let set = handlers.get(channel)
      if (!set) {
        set = new Set()
        handlers.set(channel, set)
        await c.query(`listen ${pg.escapeIdentifier(channel)}`)
      }
      const handler = { onPayload, onResume }
      set.add(handler)
      return async () => {
        set.delete(handler)
      }
    },
    async close() {
      closed = true
      const c = client ?? (connecting ? await connecting.catch(() => null) : null)
      await c?.end().catch(() => {})
    },
  }
}

async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Database> {
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers: PARSERS })
  const pool = pglitePool(client)
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    read: db,
    kind: 'pglite',
    async exec(sqlText) {
      try {
        await client.exec(sqlText)
      } catch (error) {
        if (client.isInTransaction?.()) await client.exec('rollback')
        throw error
      }
    },
    async script(sqlText) {
      const lent = await pool.connect() // between the app's other statements and transactions, not inside one
      try {
        return ((await client.exec(sqlText)).at(-1)?.rows ?? []) as Array<Record<string, unknown>>
      } catch (error) {
        if (client.isInTransaction?.()) await client.exec('rollback')
        throw error
      } finally {
        lent.release()
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
    poolUse: () => ({ total: 1, idle: pool.lent ? 0 : 1, waiting: pool.waiting }),
    dump: () => client.dumpDataDir('none'),
  }
}

/**
 * PGlite is one connection: hand it out to one borrower at a time, in the shape of a `pg` pool,
 * so Kysely's own Postgres driver (transactions, savepoints, affected rows, a COMMIT that the server
 * turned into ROLLBACK) works unchanged. PGlite reports the last statement's command tag and row
 * count as `pg` does, so nothing is guessed from the SQL text.
 */
function pglitePool(client: PGlite) {
  let tail: Promise<void> = Promise.resolve()
  const connection = {
    async query(text: string, params: readonly unknown[]) {
      const result = await client.query(text, params as unknown[])
      return { command: result.command, rowCount: result.rowCount ?? result.affectedRows ?? 0, rows: result.rows as never[] }
    },
    release() {},
  }
  const pool = {
    /** borrowers waiting for the connection, and whether it is lent now (the metrics read them) */
    waiting: 0,
    lent: false,
    async connect() {
      let release!: () => void
      const previous = tail
      tail = new Promise<void>((resolve) => {
        release = () => {
          pool.lent = false
          resolve()
        }
      })
      pool.waiting += 1
      await previous
      pool.waiting -= 1
      pool.lent = true
      return { ...connection, release }
    },
    async end() {},
  }
  return pool as unknown as typeof pool & PostgresPool
}
