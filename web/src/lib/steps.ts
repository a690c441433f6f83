import type { TimelineEntry } from '@xiaolan/contracts'

/**
 * How a step of an event's log is named: what was done (step.*, in English the past tense, where
 * action.* names the button), except that a resolution which went to 办结审核 reads as handed in for
 * review (the event is not yet resolved for the reporter).
 */
export function stepKey(entry: { action: string; toState: string }) {
  const action = entry.action === 'resolve' && entry.toState === 'reviewing' ? 'resolve_for_review' : entry.action
  return `common:step.${action}`
}

/** Where a step sent the event, for staff (`→ 城关区` beside it): a unit other than the one it was at and the one acting, else null. */
export function movedTo(entry: Pick<TimelineEntry, 'toUnit' | 'fromUnit' | 'actorUnit'>): string | null {
  const to = entry.toUnit
  return to && to.id !== entry.fromUnit?.id && to.id !== entry.actorUnit?.id ? to.name : null
}
