/**
 * How a step of an event's log is named: its action's words, except that a resolution which went
 * to 办结审核 reads as handed in for review (the event is not yet resolved for the reporter).
 */
export function stepKey(entry: { action: string; toState: string }) {
  const action = entry.action === 'resolve' && entry.toState === 'reviewing' ? 'resolve_for_review' : entry.action
  return `common:action.${action}`
}
