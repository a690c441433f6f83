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
import { appendLogs, type EventRow, stateColumns, toState } from '../queries.ts'
import { groupCommit, type Outcome } from './group-commit.ts'

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
  await logWrites(app, tx, [{ event, before, steps, place }])
}

/** `logSteps` for several events written in one transaction (a group commit): still one statement and one listener call. */
export async function logWrites(
  app: AppContext,
  tx: Transaction<DB>,
  writes: ReadonlyArray<{ event: EventChange['event']; before: EventState | null; steps: Step[]; place?: string }>,
) {
  const ids = await appendLogs(
    tx,
    app.orgs,
    writes.map(({ event, steps, place }) => ({
      eventId: event.id,
      entries: steps.map(({ entry, after }) => ({ seq: after.version, entry })),
      place,
    })),
  )
  const changes: EventChange[] = writes.flatMap(({ event, before, steps }, w) =>
    steps.map(({ entry, after }, i) => ({
      event,
      before: i === 0 ? before : steps[i - 1].after,
      after,
      entry,
      entryId: ids[w][i],
    })),
  )
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

type NewEvent = Omit<Insertable<DB['events']>, 'number'> & { created_at: Date }

interface Insert {
  values: NewEvent
  steps: Step[]
  place: string
  alongside: (tx: Transaction<DB>, row: EventRow) => Promise<void>
}

/** The intakes of this app waiting to be written together (group-commit.ts). */
const inserts = new WeakMap<AppContext, (insert: Insert) => Promise<EventRow>>()

/** The most new events one transaction writes. */
const MAX_INSERTS = 64

/**
 * Inserts a new event — its public number drawn in the statement — with its steps' log and the change
 * listeners, then `alongside` (photos, an alert, the alert's record of its order) in the same
 * transaction. Intakes that arrive while another is being written are written together, one
 * statement per table (group-commit.ts). Intake and a center's consolidated order share it.
 */
export function insertEvent(
  app: AppContext,
  values: NewEvent,
  steps: Step[],
  place: string,
  alongside: (tx: Transaction<DB>, row: EventRow) => Promise<void>,
): Promise<EventRow> {
  let insert = inserts.get(app)
  if (!insert) {
    insert = groupCommit<Insert, EventRow>((take) => insertEvents(app, take), { max: MAX_INSERTS })
    inserts.set(app, insert)
  }
  return insert({ values, steps, place, alongside })
}

/**
 * One transaction for a group of new events: the events in one statement (their numbers drawn in
 * it), their logs in one, the listeners once with every change. A day's first event makes the day's
 * number sequence, and one behind numbers written in bulk moves on: then the group is written again.
 */
async function insertEvents(app: AppContext, take: () => Insert[]): Promise<Array<Outcome<EventRow>>> {
  let group: Insert[] | undefined
  const write = () =>
    app.database.db.transaction().execute(async (tx) => {
      group ??= take()
      const inserted = await tx
        .insertInto('events')
        .values(group.map(({ values }) => ({ number: nextNumberSql(numberDay(values.created_at)), ...values })))
        .returningAll()
        .execute()
      // a multi-row insert takes its ids in the order of its rows
      const rows = inserted.sort((a, b) => Number(a.id) - Number(b.id))
      await logWrites(
        app,
        tx,
        group.map(({ steps, place }, i) => ({ event: factsOf(rows[i]), before: null, steps, place })),
      )
      for (const [i, { alongside }] of group.entries()) await alongside(tx, rows[i])
      return rows.map((value) => ({ ok: true as const, value }))
    })
  try {
    return await write()
  } catch (error) {
    if (!isMissingDay(error) && !isTakenNumber(error)) throw error
    for (const day of new Set((group ?? []).map(({ values }) => numberDay(values.created_at)))) await ensureDay(app.database.db, day)
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
    callerPhone: row.reporter_resident_id === null ? row.reporter_phone : null,
    reporterResidentId: row.reporter_resident_id,
  }
}
