/**
 * An event's SLA status at an instant, as a pure function of its open deadlines (DESIGN §8):
 * `overdue` once any open deadline has passed, `warning` once 75 % of any one's allowed time is
 * used, else `normal`. Open deadlines: signing while assigned, resolving while assigned or in
 * progress, and each summoned unit's check-in until it checks in.
 */
import type { EventStateName, SlaStatus, SummonedUnit } from '@xiaolan/contracts'
import type { WorkingCalendar } from './calendar.ts'

export const WARNING_FRACTION = 0.75

export interface SlaFacts {
  state: EventStateName
  signDeadline: string | null
  resolveDeadline: string | null
  summoned: SummonedUnit[]
  currentUnitId: number | null
  /** When the sign clock (and a whistle's check-in clock) started: the last assignment. */
  signFrom: Date | null
  /** When the resolve clock started: the first assignment or a reopen. */
  resolveFrom: Date | null
  resolvedAt: Date | null
}

export interface OpenDeadline {
  kind: 'sign' | 'resolve' | 'check_in'
  /** Who must meet it: the current unit, or the summoned unit for a check-in. */
  unitId: number
  from: Date
  deadline: Date
}

export function openDeadlines(e: SlaFacts): OpenDeadline[] {
  const out: OpenDeadline[] = []
  if (e.currentUnitId === null || (e.state !== 'assigned' && e.state !== 'in_progress')) return out
  const from = (d: Date | null, deadline: Date) => d ?? deadline
  if (e.state === 'assigned' && e.signDeadline) {
    const deadline = new Date(e.signDeadline)
    out.push({ kind: 'sign', unitId: e.currentUnitId, from: from(e.signFrom, deadline), deadline })
  }
  if (e.resolveDeadline) {
    const deadline = new Date(e.resolveDeadline)
    out.push({ kind: 'resolve', unitId: e.currentUnitId, from: from(e.resolveFrom, deadline), deadline })
  }
  for (const s of e.summoned) {
    if (s.checkedInAt !== null || !s.checkInBy) continue
    const deadline = new Date(s.checkInBy)
    out.push({ kind: 'check_in', unitId: s.unitId, from: from(e.signFrom, deadline), deadline })
  }
  return out
}

/** The instant the 75 % mark of a deadline is reached, in the time the rule counts. */
export function warningAt(d: OpenDeadline, cal: WorkingCalendar, natural: boolean): Date {
  if (natural) return new Date(d.from.getTime() + WARNING_FRACTION * (d.deadline.getTime() - d.from.getTime()))
  const allowed = cal.workingMillisBetween(d.from, d.deadline)
  if (allowed <= 0) return d.deadline
  return cal.addWorkingHours(d.from, (WARNING_FRACTION * allowed) / 3_600_000)
}

export interface SlaEvaluation {
  status: SlaStatus
  /** Deadlines passed by `now` (each is recorded once as a breach). */
  passed: OpenDeadline[]
  /** When the status next changes; null when no open deadline remains ahead. */
  checkAt: Date | null
}

export function evaluateSla(e: SlaFacts, now: Date, cal: WorkingCalendar, natural: boolean): SlaEvaluation {
  let status: SlaStatus = 'normal'
  let checkAt: Date | null = null
  const passed: OpenDeadline[] = []
  const later = (t: Date) => {
    if (!checkAt || t < checkAt) checkAt = t
  }
  for (const d of openDeadlines(e)) {
    if (now >= d.deadline) {
      passed.push(d)
      status = 'overdue'
      continue
    }
    const warn = warningAt(d, cal, natural)
    if (now >= warn) {
      if (status === 'normal') status = 'warning'
      later(d.deadline)
    } else {
      later(warn)
    }
  }
  return { status, passed, checkAt }
}
