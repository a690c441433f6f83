/**
 * Each event's SLA columns after every change, computed for the events write path so the row is
 * written once per action: when its clocks started, its status, and the instant the scan must look
 * at it next (the 75 % mark, a deadline, or the end of a resolved event's evaluation window).
 */
import type { SlaStatus } from '@xiaolan/contracts'
import type { AppContext, EventChange } from '../../context.ts'
import type { EventState } from '../events/lifecycle.ts'
import { type Priority, slaDeadlines } from './calendar.ts'
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

/** The SLA columns of an events row: the events write path folds `trackSla` into its one write. */
export interface SlaTrack {
  sla_status: string
  sla_check_at: Date | null
  sla_sign_from: Date | null
  sla_resolve_from: Date | null
  resolved_at: Date | null
  supervision_count: number
}

/** A new event's, before its first entry. */
export const UNTRACKED: SlaTrack = {
  sla_status: 'normal',
  sla_check_at: null,
  sla_sign_from: null,
  sla_resolve_from: null,
  resolved_at: null,
  supervision_count: 0,
}

const date = (d: Date | string | null) => (d === null ? null : new Date(d))

/** The SLA columns as read from a row (timestamps may arrive as text). */
export function slaTrackOf(row: { [K in keyof SlaTrack]: SlaTrack[K] | string }): SlaTrack {
  return {
    sla_status: row.sla_status as string,
    sla_check_at: date(row.sla_check_at as Date | null),
    sla_sign_from: date(row.sla_sign_from as Date | null),
    sla_resolve_from: date(row.sla_resolve_from as Date | null),
    resolved_at: date(row.resolved_at as Date | null),
    supervision_count: Number(row.supervision_count),
  }
}

/**
 * An event's deadlines when its category changes (recategorize), following the new category's rule
 * from when its clocks started: the sign deadline as the new rule sets it, the resolve deadline moved
 * by the difference between the two rules (so an approved extension is kept). Deadlines without a
 * running clock stay as they are.
 */
export function deadlinesUnder(
  app: AppContext,
  event: { priority: string; from: string; to: string; signDeadline: string | null; resolveDeadline: string | null },
  track: Pick<SlaTrack, 'sla_sign_from' | 'sla_resolve_from'>,
): { signDeadline: string | null; resolveDeadline: string | null } {
  const priority = event.priority as Priority
  const under = (category: string, from: Date) => slaDeadlines(priority, from, app.calendar, app.sla.ruleFor(category, priority))
  const sign = track.sla_sign_from && event.signDeadline ? under(event.to, track.sla_sign_from).signBy.toISOString() : event.signDeadline
  let resolve = event.resolveDeadline
  if (track.sla_resolve_from && resolve) {
    const shift =
      under(event.to, track.sla_resolve_from).resolveBy.getTime() - under(event.from, track.sla_resolve_from).resolveBy.getTime()
    resolve = new Date(Date.parse(resolve) + shift).toISOString()
  }
  return { signDeadline: sign, resolveDeadline: resolve }
}

/** The SLA columns after one change of the event, from the columns before it. */
export function trackSla(
  app: AppContext,
  change: Pick<EventChange, 'before' | 'after' | 'entry'> & { event: Pick<EventChange['event'], 'priority'> },
  current: SlaTrack,
): SlaTrack {
  const { entry, before, after, event } = change
  if (SYSTEM_MARKS.has(entry.action)) return current
  const at = new Date(entry.at)
  // an approved extension and a change of category move deadlines, not the clocks' start
  const keepsClocks = entry.action === 'approve_extension' || entry.action === 'recategorize'
  const signFrom = entry.changes.signDeadline !== undefined && !keepsClocks ? at : current.sla_sign_from
  // escalation and dispatch keep the resolve clock
  const newClock = after.resolveDeadline !== (before?.resolveDeadline ?? null) && !keepsClocks
  const resolveFrom = newClock ? at : current.sla_resolve_from
  const resolvedAt = after.state === 'resolved' && before?.state !== 'resolved' ? at : current.resolved_at
  const facts = slaFacts(after, { signFrom, resolveFrom, resolvedAt })
  // reopened: the event is open again and judged afresh
  const previous = before?.state === 'resolved' && after.state !== 'closed' ? 'normal' : (current.sla_status as SlaStatus)
  return {
    ...slaColumns(app, after.category, event.priority, facts, previous, at),
    sla_sign_from: signFrom,
    sla_resolve_from: resolveFrom,
    resolved_at: resolvedAt,
    supervision_count: current.supervision_count + (entry.action === 'supervise' ? 1 : 0),
  }
}
