/**
 * Read replicas (issue 15): which database a replica-routed read (the dashboard, KPIs, reports,
 * exports) runs on. Everything else — writes, sessions, LISTEN, the workbench lists, the event
 * just acted on — always runs on the primary (`ctx.database.db`).
 *
 * A read goes to the replica (`database.read`) unless
 *  - the caller's own last write is not replayed there yet (read-your-writes): after every
 *    successful write request the primary's `pg_current_wal_lsn()` is sent back in the
 *    `xiaolan_wal` cookie, so whichever instance serves the next read knows it; the read stays on
 *    the primary until the replica's `pg_last_wal_replay_lsn()` has passed it;
 *  - the replica is further behind than READ_REPLICA_MAX_LAG_SECONDS;
 *  - the replica does not answer (or fails during the read, which is then run again on the primary).
 * Each change of the replica's state is logged once. The replay position is read at most every
 * 100 ms when a read needs it (one probe shared by concurrent reads) and every second in the
 * background, which keeps the lag current for /metrics.
 *
 * Lag is measured without comparing clocks: each probe notes the primary's position; the lag is
 * the age of the oldest noted position the replica has not replayed yet (0 when it has them all),
 * exact to the probe interval.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { Counter } from 'prom-client'
import type { AppContext } from './context.ts'
import type { Database, ReplicaProbe } from './db/index.ts'
import type { DB } from './db/types.ts'

export const WAL_COOKIE = 'xiaolan_wal'
/** A probe younger than this answers a read's question without asking the replica again. */
const FRESH_MS = 100
/** Background probes: the lag gauge and the down / caught-up log lines stay current without reads. */
const POLL_MS = 1000
/** A probe that takes longer counts as the replica being down. */
const PROBE_TIMEOUT_MS = 1000
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export type ReplicaState = 'up' | 'lagging' | 'down'
/** Why a read went where it went (the `reason` label of xiaolan_replica_reads_total). */
export type ReadReason = 'replica' | 'own_write' | 'lagging' | 'down' | 'failed'

export interface ReplicaStatus {
  state: ReplicaState
  /** seconds the replica is behind the primary (0 when caught up); the last known when down */
  lagSeconds: number
  /** the replica's replay position; null before the first answer */
  replayLsn: bigint | null
  /** Date.now() of the probe */
  at: number
}

/** `16/B374D848` as a number, comparable; null for anything else (a forged or garbled cookie). */
export function lsnValue(text: string | null | undefined): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '')
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null
}

export class ReadRouter {
  readonly active: boolean
  private status: ReplicaStatus = { state: 'up', lagSeconds: 0, replayLsn: null, at: 0 }
  private probing: Promise<ReplicaStatus> | null = null
  /** primary positions noted by probes that the replica had not replayed then (oldest first) */
  private pending: Array<{ at: number; lsn: bigint }> = []
  private timer: NodeJS.Timeout | null = null
  private readonly probe: ReplicaProbe | undefined
  /** reads by `target:reason` (the tests read it; /metrics has xiaolan_replica_reads_total) */
  readonly reads = new Map<string, number>()
  /** called for every routed read (the metrics counter) */
  onRead: ((target: 'replica' | 'primary', reason: ReadReason) => void) | null = null

  constructor(
    private readonly database: Database,
    private readonly options: { maxLagSeconds: number; log: Pick<Logger, 'warn' | 'info'>; clock?: () => number },
  ) {
    this.probe = database.replica
    this.active = this.probe !== undefined
  }

  private now() {
    return (this.options.clock ?? Date.now)()
  }

  /** Starts the background probe (nothing without a replica). */
  start() {
    if (!this.active || this.timer) return
    this.timer = setInterval(() => void this.refresh(), POLL_MS).unref()
    void this.refresh()
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.probing?.catch(() => {})
  }

  /** The last probe's view of the replica (it may be up to a second old). */
  current(): ReplicaStatus {
    return this.status
  }

  /** The replica's state, probing again when the last probe is older than 100 ms (one probe at a time). */
  async fresh(): Promise<ReplicaStatus> {
    if (this.now() - this.status.at < FRESH_MS) return this.status
    return this.refresh()
  }

  refresh(): Promise<ReplicaStatus> {
    this.probing ??= this.sample().finally(() => {
      this.probing = null
    })
    return this.probing
  }

  private async sample(): Promise<ReplicaStatus> {
    const probe = this.probe as ReplicaProbe
    let timer: NodeJS.Timeout | undefined
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)
      })
      const [primary, replica] = await Promise.race([Promise.all([probe.primaryLsn(), probe.replayLsn(PROBE_TIMEOUT_MS)]), timeout])
      const at = this.now()
      const p = lsnValue(primary) ?? 0n
      // a read database that is not a standby (the primary itself, or a promoted one) has everything
      const r = replica.standby ? (lsnValue(replica.lsn) ?? 0n) : p
      const last = this.pending.at(-1)
      if (p > r && (!last || p > last.lsn)) this.pending.push({ at, lsn: p })
      while (this.pending.length && this.pending[0].lsn <= r) this.pending.shift()
      const lagSeconds = this.pending.length ? (at - this.pending[0].at) / 1000 : 0
      if (!replica.standby && this.status.at === 0)
        this.options.log.warn('READ_DATABASE_URL is not a standby: reads go there as if it were caught up')
      return this.set({ state: lagSeconds > this.options.maxLagSeconds ? 'lagging' : 'up', lagSeconds, replayLsn: r, at })
    } catch (error) {
      return this.set({ ...this.status, state: 'down', at: this.now() }, error)
    } finally {
      clearTimeout(timer)
    }
  }

  private set(next: ReplicaStatus, error?: unknown): ReplicaStatus {
    const before = this.status.state
    this.status = next
    if (next.state !== before) {
      const { log } = this.options
      if (next.state === 'down') log.warn({ err: error }, 'read replica unreachable: replica reads go to the primary')
      else if (next.state === 'lagging')
        log.warn(
          { lagSeconds: next.lagSeconds, maxLagSeconds: this.options.maxLagSeconds },
          'read replica behind: replica reads go to the primary',
        )
      else log.info({ lagSeconds: next.lagSeconds, was: before }, 'read replica serving reads again')
    }
    return next
  }

  /** A read failed on the replica: take it out until a probe finds it again. */
  failed(error: unknown) {
    this.set({ ...this.status, state: 'down', at: this.now() }, error)
  }

  /**
   * Where a read goes, given the caller's last write position (from its cookie). A replica known
   * to be down is not waited for: the background probe brings it back.
   */
  async choose(ownWrite: bigint | null): Promise<{ db: Kysely<DB>; reason: ReadReason }> {
    if (!this.active) return { db: this.database.read, reason: 'replica' }
    const status = this.status.state === 'down' && this.status.at !== 0 ? this.status : await this.fresh()
    const reason: ReadReason =
      status.state === 'down'
        ? 'down'
        : status.state === 'lagging'
          ? 'lagging'
          : ownWrite !== null && (status.replayLsn === null || status.replayLsn < ownWrite)
            ? 'own_write'
            : 'replica'
    return { db: reason === 'replica' ? this.database.read : this.database.db, reason }
  }

  /** The primary's position now: what a write that just committed lies before. */
  primaryLsn(): Promise<string> {
    return (this.probe as ReplicaProbe).primaryLsn()
  }

  count(target: 'replica' | 'primary', reason: ReadReason) {
    const key = `${target}:${reason}`
    this.reads.set(key, (this.reads.get(key) ?? 0) + 1)
    this.onRead?.(target, reason)
  }
}

const routers = new WeakMap<AppContext, ReadRouter>()

/**
 * Sets up replica routing for an app: the router (probing from now until the app closes) and the
 * hook that stamps each successful write's position into the caller's cookie.
 */
export function registerReadRouting(fastify: FastifyInstance, ctx: AppContext): ReadRouter {
  const router = new ReadRouter(ctx.database, { maxLagSeconds: ctx.config.READ_REPLICA_MAX_LAG_SECONDS, log: ctx.log })
  routers.set(ctx, router)
  if (!router.active) return router
  router.start()
  registerReplicaMetrics(ctx, router)
  fastify.addHook('onClose', async () => router.stop())
  // after the handler, so after its transaction committed; before the answer, so the caller's next
  // request (to any instance) carries the position
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400 || !request.url.startsWith('/api/')) return payload
    try {
      reply.setCookie(WAL_COOKIE, await router.primaryLsn(), {
        path: '/api',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.COOKIE_SECURE,
        // once the replica is within the lag allowed, it has replayed a write this old
        maxAge: Math.ceil(ctx.config.READ_REPLICA_MAX_LAG_SECONDS) + 5,
      })
    } catch (err) {
      request.log.warn({ err }, 'could not read the primary WAL position after a write')
    }
    return payload
  })
  return router
}

/** The replica's readings on /metrics (metrics.ts): its lag, whether it serves, where reads went, its pool. */
function registerReplicaMetrics(ctx: AppContext, router: ReadRouter) {
  const { metrics } = ctx
  metrics.gauge({
    name: 'xiaolan_replica_lag_seconds',
    help: 'How far the read replica is behind the primary: the age of the oldest primary WAL position it has not replayed (the last known while it is down)',
    collect: () => router.current().lagSeconds,
  })
  metrics.gauge({
    name: 'xiaolan_replica_up',
    help: '1 while the read replica serves replica reads, 0 while it is unreachable or further behind than READ_REPLICA_MAX_LAG_SECONDS',
    collect: () => (router.current().state === 'up' ? 1 : 0),
  })
  const reads = new Counter({
    name: 'xiaolan_replica_reads_total',
    help: 'Replica-routed reads (dashboard, KPIs, reports, exports) by where they ran and why: replica; primary for own_write, lagging, down, failed (the replica failed mid-read)',
    labelNames: ['target', 'reason'] as const,
    registers: [metrics.registry],
  })
  router.onRead = (target, reason) => reads.inc({ target, reason })
  const probe = ctx.database.replica
  if (probe) metrics.pool('replica', () => probe.poolUse())
}

export function readRouterOf(ctx: AppContext): ReadRouter | undefined {
  return routers.get(ctx)
}

/** The context a replica-routed reader runs with: the same, except that `database.db` is `db`. */
function readingFrom(ctx: AppContext, db: Kysely<DB>): AppContext {
  if (db === ctx.database.db) return ctx
  const database = Object.create(ctx.database, { db: { value: db } }) as Database
  return Object.create(ctx, { database: { value: database } }) as AppContext
}

/** Errors after which the replica is taken out and the read run again on the primary. */
function replicaFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  if (typeof e?.code === 'string') {
    // connection exceptions, admin shutdown / crash / cannot connect now, a standby's recovery conflict
    if (/^(08|57P0[1-3]|40001$)/.test(e.code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND)$/.test(e.code)) return true
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '')
}

/**
 * Runs a replica-routed reader: `read` gets the context whose `database.db` is the replica or the
 * primary, as the rules above decide for this request. Its code reads `app.database.db` as always
 * (the SQL is the same on both). A replica that fails the read before the answer has started is
 * taken out and the read runs again on the primary.
 */
export async function replicaRead<T>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  read: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const router = routers.get(ctx)
  if (!router?.active) return read(ctx)
  const { db, reason } = await router.choose(lsnValue(request.cookies[WAL_COOKIE]))
  const target = db === ctx.database.db ? 'primary' : 'replica'
  router.count(target, reason)
  if (target === 'primary') return read(ctx)
  try {
    return await read(readingFrom(ctx, db))
  } catch (error) {
    if (!replicaFailure(error) || reply.sent || reply.raw.headersSent) throw error
    router.failed(error)
    router.count('primary', 'failed')
    return read(ctx)
  }
}
