/**
 * The shared write path of every command: the actor a principal acts as, the transition context
 * (SLA deadlines on the current calendar) and persisting transitions. The events row is written once
 * per action, its SLA columns (sla/tracking.ts) folded in; then each step's log entry and the
 * change listeners (rollups, the realtime notice) in the same transaction.
 */
import type { Insertable, Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { slaDeadlines } from '../../sla/calendar.ts'
import { type SlaTrack, slaTrackOf, trackSla } from '../../sla/tracking.ts'
import type { Actor, EventState, LogEntry, TransitionContext } from '../lifecycle.ts'
import { ensureDay, isMissingDay, isTakenNumber, nextNumberSql, numberDay } from '../numbers.ts'
import { appendLog, type EventRow, stateColumns, toState } from '../queries.ts'

/** The actor a signed-in principal acts as. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'staff'
    ? { kind: 'staff', userId: principal.user.id, role: principal.user.role, unitId: principal.user.unitId }
    : { kind: 'resident', residentId: principal.resident.id }
}

/** Deadlines follow the SLA rule of the event's category × priority on the current calendar. */
export function transitionContext(app: AppContext, priority: string, now: Date, category: string): TransitionContext {
  const rule = app.sla.ruleFor(category, priority)
  return {
    now,
    unit: (id) => app.orgs.unit(id),
    deadlines: (at) => slaDeadlines(priority as 'normal', at, app.calendar, rule),
    extend: (deadline, days) => app.calendar.addWorkingDays(deadline, days),
    checkInBy: (at) => app.calendar.addWorkingHours(at, rule.checkInHours),
    reviews: (kind) => app.sla.reviews(kind),
  }
}

type Step = { entry: LogEntry; after: EventState }

/** The events row's state and SLA columns after `steps`, taken from `before` and its SLA columns. */
export function rowAfter(
  app: AppContext,
  event: Pick<EventChange['event'], 'priority'>,
  before: { state: EventState | null; sla: SlaTrack },
  steps: Step[],
) {
  let sla = before.sla
  let state = before.state
  for (const { entry, after } of steps) {
    sla = trackSla(app, { event, before: state, after, entry }, sla)
    state = after
  }
  return { ...stateColumns(steps[steps.length - 1].after), ...sla }
}

/**
 * The steps' log entries (one statement) and the change listeners (one call with all of them), once
 * the row holds the last step; `place` is an intake's area path, for the units that see it.
 */
export async function logSteps(
  app: AppContext,
  tx: Transaction<DB>,
  event: EventChange['event'],
  before: EventState | null,
  steps: Step[],
  place?: string,
) {
  const entries = steps.map(({ entry, after }) => ({ seq: after.version, entry }))
  const ids = await appendLog(tx, app.orgs, event.id, entries, place)
  const changes: EventChange[] = steps.map(({ entry, after }, i) => ({
    event,
    before: i === 0 ? before : steps[i - 1].after,
    after,
    entry,
    entryId: ids[i],
  }))
  for (const listener of app.onEventChange) await listener(tx, changes)
}

/** Persists one transition of a row locked in `tx`. Users' actions and the system's (the SLA jobs) share it. */
export async function commitTransition(app: AppContext, tx: Transaction<DB>, row: EventRow, result: { entry: LogEntry; next: EventState }) {
  const event = factsOf(row)
  const before = toState(row)
  const steps = [{ entry: result.entry, after: result.next }]
  await tx
    .updateTable('events')
    .set(rowAfter(app, event, { state: before, sla: slaTrackOf(row) }, steps))
    .where('id', '=', row.id)
    .execute()
  await logSteps(app, tx, event, before, steps)
}

/**
 * Inserts a new event — its public number drawn in the statement — with its steps' log and the change
 * listeners, then `alongside` (photos, an alert, the alert's record of its order) in the same
 * transaction. The day's first event makes the day's number sequence, and one behind numbers written
 * in bulk moves on: then it is written again. Intake and a center's consolidated order share it.
 */
export async function insertEvent(
  app: AppContext,
  values: Omit<Insertable<DB['events']>, 'number'> & { created_at: Date },
  steps: Step[],
  place: string,
  alongside: (tx: Transaction<DB>, row: EventRow) => Promise<void>,
): Promise<EventRow> {
  const day = numberDay(values.created_at)
  const write = () =>
    app.database.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('events')
        .values({ number: nextNumberSql(day), ...values })
        .returningAll()
        .executeTakeFirstOrThrow()
      await logSteps(app, tx, factsOf(row), null, steps, place)
      await alongside(tx, row)
      return row
    })
  try {
    return await write()
  } catch (error) {
    if (!isMissingDay(error) && !isTakenNumber(error)) throw error
    await ensureDay(app.database.db, day)
    return write()
  }
}

/** The facts of an event every change carries, from its row. */
export function factsOf(row: EventRow): EventChange['event'] {
  return {
    id: row.id,
    number: row.number,
    category: row.category_code,
    priority: row.priority,
    channel: row.channel,
    districtId: row.district_id,
    communityId: row.community_id,
    createdAt: new Date(row.created_at),
    sourceClientId: row.source_client_id,
    externalId: row.external_id,
  }
}
