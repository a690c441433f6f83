/**
 * 即办即结: a grid worker reports a matter they have already handled on the spot. The event is
 * routed to their own grid, signed and resolved by them in the transaction that creates it, so
 * its log tells the whole story and the reporter (or the evaluation window) still closes it.
 */
import type { AppContext } from '../../context.ts'
import { invalid } from '../../errors.ts'
import { type Actor, type EventState, type LogEntry, type TransitionContext, transition } from './lifecycle.ts'
import { requireOnTheSpot } from './policy.ts'

/** The grid that takes an on-the-spot event: the worker's own, for a point in the worker's community. */
export function onSpotUnit(app: AppContext, actor: Actor, communityId: number | null) {
  const worker = requireOnTheSpot(actor)
  const grid = app.orgs.unit(worker.unitId)
  if (!grid || communityId === null || grid.parentId !== communityId) throw invalid('lat', 'Close on the spot only in your own community')
  return grid
}

/** The sign and resolve steps that follow the route to the worker's grid. */
export function onSpotSteps(routed: EventState, actor: Actor, note: string, ctx: TransitionContext) {
  const steps: Array<{ entry: LogEntry; after: EventState }> = []
  let state = routed
  for (const request of [{ type: 'sign' as const }, { type: 'resolve' as const, note }]) {
    const result = transition(state, request, actor, ctx)
    if (!result.ok) throw result.error
    steps.push({ entry: result.entry, after: result.next })
    state = result.next
  }
  return steps
}
