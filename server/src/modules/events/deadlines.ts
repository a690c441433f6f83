/**
 * The SLA jobs' access to the events row (sla/jobs.ts): the rows whose next look has come, locked
 * and skipped when another instance holds them, and the status the deadline scan sets.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { EventRow } from './queries.ts'

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
