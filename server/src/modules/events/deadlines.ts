/**
 * The SLA jobs' access to the events row (sla/jobs.ts): the rows whose next look has come, locked
 * and skipped when another instance holds them, and the status the deadline scan sets; and the
 * reminders other modules' deadlines write on an event (the mediation term scan).
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { commitTransition } from './commands/write.ts'
import { apply, type EventState, type LogEntry } from './lifecycle.ts'
import { type EventRow, toState } from './queries.ts'

/** Up to `limit` events in `states` whose `sla_check_at` has come, earliest first, locked for update. */
export function lockDue(tx: Transaction<DB>, now: Date, states: string[], limit: number): Promise<EventRow[]> {
  return tx
    .selectFrom('events')
    .selectAll()
    .where('sla_check_at', '<=', now)
    .where('state', 'in', states)
    .orderBy('sla_check_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** Up to `limit` open overdue events with no `remind` entry since `since`, in id order, locked for update. */
export function lockUnreminded(tx: Transaction<DB>, since: Date, limit: number): Promise<EventRow[]> {
  return tx
    .selectFrom('events')
    .selectAll()
    .where('sla_status', '=', 'overdue')
    .where('state', 'in', ['assigned', 'in_progress'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('event_actions as a')
            .select(sql`1`.as('one'))
            .whereRef('a.event_id', '=', 'events.id')
            .where('a.action', '=', 'remind')
            .where('a.at', '>=', since),
        ),
      ),
    )
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** The row again, after a system entry written in `db` (a transaction, or after its commit) changed it. */
export function reloadRow(db: Kysely<DB>, id: number): Promise<EventRow> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** The deadline scan's verdict: the SLA status and when to look next. */
export async function setDeadlineState(tx: Transaction<DB>, id: number, state: { sla_status: string; sla_check_at: Date | null }) {
  await tx.updateTable('events').set(state).where('id', '=', id).execute()
}

/**
 * A system reminder (`remind`, no change of state) on each of these events, for another module's
 * deadline (a mediation case's term): the rows locked for update (ones another transaction holds are
 * skipped and left to the next pass), each entry written through the events write path. The ids reminded.
 */
export async function remindEvents(app: AppContext, tx: Transaction<DB>, reminders: ReadonlyArray<{ eventId: number; note: string }>) {
  if (reminders.length === 0) return []
  const rows = await tx
    .selectFrom('events')
    .selectAll()
    .where(
      'id',
      'in',
      reminders.map((r) => r.eventId),
    )
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute()
  const now = app.now()
  for (const row of rows) {
    const before = toState(row)
    const entry = systemEntry(before, 'remind', reminders.find((r) => r.eventId === Number(row.id))?.note ?? null, now)
    await commitTransition(app, tx, row, { entry, next: apply(before, entry) })
  }
  return rows.map((r) => Number(r.id))
}

/** A system entry that changes no state (`overdue`, `remind`), at the unit holding the event. */
export function systemEntry(before: EventState, action: 'overdue' | 'remind', note: string | null, at: Date): LogEntry {
  return {
    action,
    actorKind: 'system',
    actorUserId: null,
    actorResidentId: null,
    actorUnitId: null,
    fromState: before.state,
    toState: before.state,
    fromUnitId: before.currentUnitId,
    toUnitId: before.currentUnitId,
    note,
    changes: {},
    at: at.toISOString(),
  }
}
