/**
 * The SLA background jobs, in-process on a timer (DESIGN §3). Each run takes a transaction-scoped
 * Postgres advisory lock with `pg_try_advisory_xact_lock`: when several instances share one
 * database exactly one runs a job at a time and the others skip that tick.
 *
 *  - deadlines: recompute the status of events whose 75 % mark or deadline has come; a missed
 *    deadline is recorded once (sla_breaches) with a system `overdue` entry in the timeline;
 *  - auto-close: resolved events whose evaluation window lapsed close as 默认满意, or 未回访 for a caller
 *    without an app account (lifecycle `close`); neither counts as a rating;
 *  - reminders: a system 催办 (`remind`) to the unit holding an overdue event, at most once per working day.
 *
 * Every job is idempotent: run it twice at one instant and the second run changes nothing.
 */
import { randomUUID } from 'node:crypto'
import type { SlaStatus } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import { chinaDayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { startTicker } from '../../ticker.ts'
import { commitTransition, transitionContext } from '../events/commands/write.ts'
import { lockDue, lockUnreminded, reloadRow, setDeadlineState, systemEntry } from '../events/deadlines.ts'
import { apply, transition } from '../events/lifecycle.ts'
import { type EventRow, toState } from '../events/queries.ts'
import { noticeWarnings } from '../notifications/notices.ts'
import { evaluateSla, type OpenDeadline } from './status.ts'
import { slaColumns, slaFacts } from './tracking.ts'

export const JOBS = ['deadlines', 'auto_close', 'reminders'] as const
export type JobName = (typeof JOBS)[number]

/** The advisory-lock key space of the SLA jobs; the second key is the job's index. */
const LOCK_SPACE = 741_206
const BATCH = 500
const INSTANCE = randomUUID()

type Row = EventRow

const KIND_NOTE: Record<OpenDeadline['kind'], string> = {
  sign: '超过签收时限未签收',
  resolve: '超过办结时限未办结',
  check_in: '超过报到时限未报到',
}

export interface JobResult {
  ran: boolean
  changed: number
}

/**
 * Runs one job if no other instance is running it; `ran: false` when the lock was taken. Every run
 * is counted and timed by name and outcome in `ctx.metrics` (ran, skipped, failed).
 */
export async function runJob(app: AppContext, job: JobName, instance: string = INSTANCE): Promise<JobResult> {
  return app.metrics.timeJob(job, () => runLocked(app, job, instance))
}

async function runLocked(app: AppContext, job: JobName, instance: string): Promise<JobResult> {
  return app.database.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${LOCK_SPACE}, ${JOBS.indexOf(job)}) as got`.execute(tx)
    if (!rows[0]?.got) return { ran: false, changed: 0 }
    const now = app.now()
    const run = await tx
      .insertInto('sla_job_runs')
      // wall-clock times of the run itself (the app clock may be a test's)
      .values({ job, instance, started_at: sql`clock_timestamp()` })
      .returning('id')
      .executeTakeFirstOrThrow()
    // three rows a minute: keep a week of them
    await tx
      .deleteFrom('sla_job_runs')
      .where('job', '=', job)
      .where('started_at', '<', sql<Date>`clock_timestamp() - interval '7 days'`)
      .execute()
    const changed = await WORK[job](app, tx, now)
    await tx.updateTable('sla_job_runs').set({ finished_at: sql`clock_timestamp()`, changed }).where('id', '=', run.id).execute()
    return { ran: true, changed }
  })
}

const WORK: Record<JobName, (app: AppContext, tx: Transaction<DB>, now: Date) => Promise<number>> = {
  deadlines: scanDeadlines,
  auto_close: autoClose,
  reminders: remindOverdue,
}

async function scanDeadlines(app: AppContext, tx: Transaction<DB>, now: Date): Promise<number> {
  let changed = 0
  for (;;) {
    const rows = await lockDue(tx, now, ['assigned', 'in_progress'], BATCH)
    if (rows.length === 0) return changed
    for (let row of rows) {
      const facts = factsOf(row)
      const rule = app.sla.ruleFor(row.category_code, row.priority)
      const { passed } = evaluateSla(facts, now, app.calendar, rule.natural)
      for (const d of passed) {
        const seq = row.version + 1
        const recorded = await tx
          .insertInto('sla_breaches')
          .values({ event_id: row.id, kind: d.kind, unit_id: d.unitId, deadline: d.deadline, seq, at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('seq')
          .executeTakeFirst()
        if (!recorded) continue
        await systemMark(app, tx, row, 'overdue', KIND_NOTE[d.kind], d.kind === 'check_in' ? d.unitId : null, now)
        row = await reloadRow(tx, row.id)
        changed += 1
      }
      const columns = slaColumns(app, row.category_code, row.priority, factsOf(row), row.sla_status as SlaStatus, now)
      // past deadlines are recorded now: look again at the next mark ahead, if any
      const next = evaluateSla(factsOf(row), now, app.calendar, rule.natural).checkAt
      if (columns.sla_status !== row.sla_status) changed += 1
      // a warning reaches the unit holding the event as an in-app notice, in this transaction
      if (columns.sla_status === 'warning' && row.sla_status !== 'warning') {
        await noticeWarnings(app, tx, [{ eventId: row.id, number: row.number, version: row.version, unitId: row.current_unit_id }])
      }
      await setDeadlineState(tx, row.id, { sla_status: columns.sla_status, sla_check_at: next })
    }
  }
}

async function autoClose(app: AppContext, tx: Transaction<DB>, now: Date): Promise<number> {
  let changed = 0
  for (;;) {
    const rows = await lockDue(tx, now, ['resolved'], BATCH)
    if (rows.length === 0) return changed
    for (const row of rows) {
      const ctx = transitionContext(app, row.priority, now, row.category_code)
      // the lifecycle names the outcome: 默认满意 for an app reporter, 未回访 for a caller
      const note = row.reporter_resident_id === null ? '评价期满未回访' : '评价期满未评价，默认满意'
      const result = transition(toState(row), { type: 'close', note }, { kind: 'system' }, ctx)
      if (!result.ok) throw result.error
      await commitTransition(app, tx, row, result)
      changed += 1
    }
  }
}

async function remindOverdue(app: AppContext, tx: Transaction<DB>, now: Date): Promise<number> {
  if (!app.calendar.isWorkingDay(now)) return 0
  const today = chinaDayOf(now).start
  let changed = 0
  for (;;) {
    const rows = await lockUnreminded(tx, today, BATCH)
    if (rows.length === 0) return changed
    for (const row of rows) {
      await systemMark(app, tx, row, 'remind', '系统催办：已超过办理时限，请尽快办理并反馈', null, now)
      changed += 1
    }
  }
}

/** A system entry that changes no state: `overdue` or `remind`, at the unit holding the event. */
async function systemMark(
  app: AppContext,
  tx: Transaction<DB>,
  row: Row,
  action: 'overdue' | 'remind',
  note: string,
  missedUnitId: number | null,
  now: Date,
) {
  const before = toState(row)
  const unitName = missedUnitId === null ? null : app.orgs.unit(missedUnitId)?.name
  const entry = systemEntry(before, action, unitName ? `${unitName}${note}` : note, now)
  await commitTransition(app, tx, row, { entry, next: apply(before, entry) })
}

function factsOf(row: Row) {
  const date = (d: Date | string | null) => (d === null ? null : new Date(d))
  return slaFacts(toState(row), {
    signFrom: date(row.sla_sign_from),
    resolveFrom: date(row.sla_resolve_from),
    resolvedAt: date(row.resolved_at),
  })
}

/**
 * Starts the jobs on a timer (from `main start`, never implicitly in tests). Ticks never overlap
 * within an instance; the advisory lock keeps instances apart. Returns the stop function.
 */
export function startSlaJobs(app: AppContext, intervalMs = 60_000): () => Promise<void> {
  let stopped = false
  const tick = async () => {
    for (const job of JOBS) {
      if (stopped) return // shutting down: the job in hand finishes, the next does not start
      try {
        const { ran, changed } = await runJob(app, job)
        if (ran && changed > 0) app.log.info({ job, changed }, 'sla job')
      } catch (error) {
        app.log.error({ err: error, job }, 'sla job failed')
      }
    }
  }
  // a first pass soon after start catches up on what came due while no instance ran
  const stop = startTicker(tick, intervalMs)
  return async () => {
    stopped = true
    await stop()
  }
}
