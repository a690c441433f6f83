/**
 * The fold: moves the committed rows of `rollup_pending` (0020) into the five rollup tables, in one
 * statement per batch — the batch's rows are deleted and added to the tables together, so a reader
 * of the *_exact views (one snapshot) sees each delta exactly once, pending or folded.
 *
 * One folder at a time: a run takes a transaction-scoped try-advisory-lock (FOLD_LOCK) and skips
 * when another instance holds it, so the rollup tables have one writer and cannot deadlock; and
 * even two folds without the lock could not count a row twice (a row is moved by the one DELETE
 * that removes it). Every instance runs the timer; start and shutdown fold too.
 */
import { type Kysely, sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { FOLD_LOCK, UNIT_DAY_COUNTS } from './rollups.ts'

/** Rows per fold transaction: a few seconds of a city's peak, folded in tens of milliseconds. */
const BATCH = 20_000
/**
 * Rows moved between two `vacuum`s of the pending table: PGlite runs no autovacuum, and on
 * PostgreSQL its minute-long naptime would let a busy table bloat, which every screen read scans.
 */
const VACUUM_EVERY = 50_000

export interface FoldResult {
  /** false when another folder held the lock */
  ran: boolean
  /** pending rows moved into the rollup tables */
  changed: number
}

/** Folds every pending row committed so far, `batch` rows per transaction; skips if another folder runs. */
export async function foldRollups(db: Kysely<DB>, options: { batch?: number } = {}): Promise<FoldResult> {
  const batch = options.batch ?? BATCH
  let changed = 0
  for (;;) {
    const moved = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(hashtext(${FOLD_LOCK})) as got`.execute(tx)
      if (!rows[0]?.got) return null
      const folded = await sql<{ moved: number; zeros: Array<{ unit: number; hour: string }> }>`
        with moved as (
          delete from rollup_pending
          where id in (select id from rollup_pending order by id limit ${batch})
          returning *
        ), daily as (
          insert into rollup_daily (unit_id, day, category, channel, state, n)
          select unit_id, day, category, channel, state, sum(n)::int from moved where kind = 'daily'
          group by unit_id, day, category, channel, state having sum(n) <> 0
          on conflict (unit_id, day, category, channel, state) do update set n = rollup_daily.n + excluded.n
        ), created as (
          insert into rollup_created (unit_id, day, category, channel, n)
          select unit_id, day, category, channel, sum(n)::int from moved where kind = 'created'
          group by unit_id, day, category, channel having sum(n) <> 0
          on conflict (unit_id, day, category, channel) do update set n = rollup_created.n + excluded.n
        ), unit_day as (
          insert into rollup_unit_day (unit_id, day, ${sql.join(UNIT_DAY_COUNTS.map((c) => sql.id(c)))})
          select unit_id, day, ${sql.join(UNIT_DAY_COUNTS.map((c) => sql`sum(${sql.id(c)})::int`))}
          from moved where kind = 'unit_day'
          group by unit_id, day
          on conflict (unit_id, day) do update set
            ${sql.join(UNIT_DAY_COUNTS.map((c) => sql`${sql.id(c)} = rollup_unit_day.${sql.id(c)} + excluded.${sql.id(c)}`))}
        ), unit_state as (
          insert into rollup_unit_state (unit_id, state, n)
          select unit_id, state, sum(n)::int from moved where kind = 'unit_state'
          group by unit_id, state having sum(n) <> 0
          on conflict (unit_id, state) do update set n = rollup_unit_state.n + excluded.n
        ), unit_due as (
          insert into rollup_unit_due (unit_id, due_hour, n)
          select unit_id, due_hour, sum(n)::int from moved where kind = 'unit_due'
          group by unit_id, due_hour having sum(n) <> 0
          on conflict (unit_id, due_hour) do update set n = rollup_unit_due.n + excluded.n
          returning unit_id, due_hour, n
        )
        select (select count(*) from moved)::int as moved,
          (select coalesce(json_agg(json_build_object('unit', unit_id, 'hour', due_hour)), '[]'::json)
           from unit_due where n = 0) as zeros`.execute(tx)
      const { moved, zeros } = folded.rows[0]
      // hours whose events are all done go, as they went when the listener upserted them: the
      // overdue sum then reads only the hours of open events (a row the statement above updated
      // cannot be deleted by the same statement)
      if (zeros.length > 0) {
        await sql`
          delete from rollup_unit_due d
          using unnest(${zeros.map((z) => z.unit)}::int[], ${zeros.map((z) => new Date(z.hour))}::timestamptz[]) as z(unit_id, due_hour)
          where d.unit_id = z.unit_id and d.due_hour = z.due_hour and d.n = 0`.execute(tx)
      }
      return moved
    })
    if (moved === null) return { ran: changed > 0, changed }
    changed += moved
    if (moved < batch) return { ran: true, changed }
  }
}

/** How many deltas wait for the fold (the metrics' gauge, the tests). */
export async function pendingDepth(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from rollup_pending`.execute(db)
  return rows[0].n
}

const PENDING_GAUGE = 'xiaolan_rollup_pending'

/**
 * Folds on a timer, on every instance (from `main start`, never implicitly in tests): once at start
 * (what a stopped or crashed instance left), every `intervalMs`, and once more when stopped, after
 * the run in hand. Runs never overlap within an instance; the lock keeps instances apart. Each run
 * counts in `ctx.metrics` as job `fold_rollups`; the pending depth is a gauge. Returns the stop function.
 */
export function startRollupFolding(app: AppContext, intervalMs = 500): () => Promise<void> {
  const db = app.database.db
  if (!app.metrics.registry.getSingleMetric(PENDING_GAUGE)) {
    app.metrics.gauge({ name: PENDING_GAUGE, help: 'Rollup deltas appended and not yet folded', collect: () => pendingDepth(db) })
  }
  let running: Promise<void> | null = null
  let stopped = false
  let sinceVacuum = 0
  const fold = async () => {
    try {
      const { changed } = await app.metrics.timeJob('fold_rollups', () => foldRollups(db))
      sinceVacuum += changed
      if (sinceVacuum >= VACUUM_EVERY) {
        sinceVacuum = 0
        await sql`vacuum rollup_pending`.execute(db)
      }
    } catch (error) {
      app.log.error({ err: error }, 'rollup fold failed')
    }
  }
  const schedule = () => {
    if (!running && !stopped) running = fold().finally(() => (running = null))
  }
  schedule()
  const timer = setInterval(schedule, intervalMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
    await fold()
  }
}
