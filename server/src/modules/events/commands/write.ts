/**
 * The shared write path of every command: the actor a principal acts as, the transition context
 * (SLA deadlines on the current calendar) and persisting one transition of a locked row.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { slaDeadlines } from '../../sla/calendar.ts'
import type { Actor, EventState, LogEntry, TransitionContext } from '../lifecycle.ts'
import { appendLog, type EventRow, stateColumns, toState } from '../queries.ts'

export const EVENTS_CHANNEL = 'xiaolan_events'

/** The actor a signed-in principal acts as. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'staff'
    ? { kind: 'staff', userId: principal.user.id, role: principal.user.role, unitId: principal.user.unitId }
    : { kind: 'resident', residentId: principal.resident.id }
}

export async function notify(tx: Kysely<DB>, payload: Record<string, unknown>) {
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(payload)})`.execute(tx)
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
  }
}

/**
 * Persists one transition of a row locked in `tx`: the row, its log entry, the change listeners
 * and a NOTIFY. Users' actions and the system's (the SLA jobs) share it.
 */
export async function commitTransition(app: AppContext, tx: Transaction<DB>, row: EventRow, result: { entry: LogEntry; next: EventState }) {
  const id = row.id
  await tx.updateTable('events').set(stateColumns(result.next)).where('id', '=', id).execute()
  await appendLog(tx, id, result.next.version, result.entry)
  const event = {
    id,
    number: row.number,
    category: row.category_code,
    priority: row.priority,
    channel: row.channel,
    districtId: row.district_id,
    communityId: row.community_id,
    createdAt: new Date(row.created_at),
  }
  for (const listener of app.onEventChange) await listener(tx, { event, before: toState(row), after: result.next, entry: result.entry })
  await notify(tx, { id, number: row.number, action: result.entry.action, state: result.next.state, unitId: result.next.currentUnitId })
}
