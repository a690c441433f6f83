/**
 * Keeps each event's SLA columns true inside the transaction of every change: when its clocks
 * started, its status, and the instant the scan must look at it next (the 75 % mark, a deadline,
 * or the end of a resolved event's evaluation window).
 */
import type { SlaStatus } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import type { EventState } from '../events/lifecycle.ts'
import { evaluateSla, type SlaFacts } from './status.ts'

const DAY = 86_400_000

/** The system's own entries: the scan sets the status itself around them. */
export const SYSTEM_MARKS = new Set(['overdue', 'remind'])

export function slaFacts(
  s: Pick<EventState, 'state' | 'signDeadline' | 'resolveDeadline' | 'summoned' | 'currentUnitId'>,
  clocks: { signFrom: Date | null; resolveFrom: Date | null; resolvedAt: Date | null },
): SlaFacts {
  return { ...s, ...clocks }
}

/** Status and next look of an event; with no open deadline an overdue event stays overdue (it was late). */
export function slaColumns(app: AppContext, category: string, priority: string, facts: SlaFacts, previous: SlaStatus, now: Date) {
  const rule = app.sla.ruleFor(category, priority)
  if (facts.state === 'resolved') {
    const resolvedAt = facts.resolvedAt ?? now
    return {
      sla_status: previous === 'overdue' ? previous : 'normal',
      sla_check_at: new Date(resolvedAt.getTime() + rule.evaluationDays * DAY),
    }
  }
  if (facts.state !== 'assigned' && facts.state !== 'in_progress') {
    return { sla_status: previous === 'overdue' ? previous : 'normal', sla_check_at: null }
  }
  const { status, passed, checkAt } = evaluateSla(facts, now, app.calendar, rule.natural)
  // a deadline already behind us is recorded by the next scan
  return { sla_status: status, sla_check_at: passed.length > 0 ? now : checkAt }
}

export function slaListener(app: AppContext) {
  return async (tx: Transaction<DB>, change: EventChange) => {
    const { entry, before, after, event } = change
    if (SYSTEM_MARKS.has(entry.action)) return
    const row = await tx
      .selectFrom('events')
      .select(['sla_status', 'sla_sign_from', 'sla_resolve_from', 'resolved_at'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow()
    const at = new Date(entry.at)
    const date = (d: Date | string | null) => (d === null ? null : new Date(d))
    const signFrom = entry.changes.signDeadline !== undefined ? at : date(row.sla_sign_from)
    // escalation and dispatch keep the resolve clock; an approved extension moves the deadline, not the start
    const newClock = after.resolveDeadline !== (before?.resolveDeadline ?? null) && entry.action !== 'approve_extension'
    const resolveFrom = newClock ? at : date(row.sla_resolve_from)
    const resolvedAt = after.state === 'resolved' && before?.state !== 'resolved' ? at : date(row.resolved_at)
    const facts = slaFacts(after, { signFrom, resolveFrom, resolvedAt })
    // reopened: the event is open again and judged afresh
    const previous = before?.state === 'resolved' && after.state !== 'closed' ? 'normal' : (row.sla_status as SlaStatus)
    await tx
      .updateTable('events')
      .set({
        ...slaColumns(app, event.category, event.priority, facts, previous, at),
        sla_sign_from: signFrom,
        sla_resolve_from: resolveFrom,
        resolved_at: resolvedAt,
        ...(entry.action === 'supervise' ? { supervision_count: sql`supervision_count + 1` } : {}),
      })
      .where('id', '=', event.id)
      .execute()
  }
}
