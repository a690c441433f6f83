/**
 * A consolidated work order (主单): one event a center makes itself from a matter it has found
 * (研判预警: an alert's cluster of reports) and whistles several units to at once (吹哨). Its log is
 * the lifecycle's own: submitted at the center by its staff, accepted at the center, then the
 * `whistle` — the summoned units check in, the lead resolves. No reporter: nobody is told of it.
 *
 * As at intake, every step is worked out before the transaction (a bad unit or lead is a 400 and
 * nothing is written); the transaction writes the row (its number drawn in the same statement), the
 * log, the units that see it, the rollup deltas and the change notice, and then the caller's own
 * record of the act (`alongside`), so the order and what made it commit together or not at all.
 */
import type { Channel, Priority } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { AppContext } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { invalid } from '../../../errors.ts'
import { UNTRACKED } from '../../sla/tracking.ts'
import { type Actor, type EventState, initialState, type LogEntry, submitEntry, transition } from '../lifecycle.ts'
import type { EventRow } from '../queries.ts'
import { insertEvent, rowAfter, transitionContext } from './write.ts'

export interface ConsolidatedOrder {
  /** the staff member of the center that makes it and whistles */
  actor: Extract<Actor, { kind: 'staff' }>
  channel: Channel
  category: string
  /** the category's default when absent */
  priority?: Priority
  title: string
  description: string
  /** where the matter is; null when it has no one point (a district's surge) */
  lat: number | null
  lng: number | null
  /** the area it is filed under when it has no point (the alert's center) */
  areaUnitId: number
  units: number[]
  leadUnitId: number
  note: string
}

/**
 * Makes the order and whistles it to `units` (led by `leadUnitId`) in one transaction, calling
 * `alongside(tx, row)` last in it; returns the row as written.
 */
export async function createConsolidatedOrder(
  app: AppContext,
  order: ConsolidatedOrder,
  alongside: (tx: Transaction<DB>, row: EventRow) => Promise<void>,
): Promise<EventRow> {
  const category = app.categories.get(order.category)
  if (!category) throw invalid('category', `Unknown category ${order.category}`)
  const now = app.now()
  const place = placeOf(app, order)
  const priority = order.priority ?? category.priority
  const steps = whistleSteps(app, order, category.code, priority, now)
  const columns = rowAfter(app, { priority }, { state: null, sla: UNTRACKED }, steps)
  return insertEvent(
    app,
    {
      title: order.title,
      description: order.description,
      priority,
      channel: order.channel,
      lat: order.lat,
      lng: order.lng,
      address: null,
      community_id: place.communityId,
      district_id: place.districtId,
      area_path: place.areaPath,
      reporter_name: null,
      reporter_phone: null,
      reporter_anonymous: false,
      external_id: null,
      created_at: now,
      ...columns,
    },
    steps,
    place.areaPath,
    alongside,
  )
}

/** submitted at the actor's center → accepted there → whistled to the units; a refusal is thrown as it is. */
function whistleSteps(app: AppContext, order: ConsolidatedOrder, category: string, priority: string, now: Date) {
  const { actor } = order
  const submit = submitEntry({ actor, at: now, unitId: actor.unitId, reporterResidentId: null, category })
  const steps: Array<{ entry: LogEntry; after: EventState }> = [{ entry: submit, after: initialState(submit) }]
  const ctx = transitionContext(app, priority, now, category)
  const requests = [
    { type: 'accept' as const, unitId: actor.unitId },
    { type: 'whistle' as const, units: order.units, leadUnitId: order.leadUnitId, note: order.note },
  ]
  for (const request of requests) {
    const result = transition(steps[steps.length - 1].after, request, actor, ctx)
    if (!result.ok) throw result.error
    steps.push({ entry: result.entry, after: result.next })
  }
  return steps
}

/** The community and district of the point (the deepest unit in service holds it), else the area unit's. */
function placeOf(app: AppContext, order: ConsolidatedOrder) {
  const found = order.lat !== null && order.lng !== null ? app.orgs.locate(order.lat, order.lng) : null
  if (found) {
    const owner = app.orgs.unit(found.gridId ?? found.communityId ?? found.streetId ?? found.districtId ?? found.cityId)
    return { communityId: found.communityId, districtId: found.districtId, areaPath: owner?.path ?? app.orgs.root().path }
  }
  const area = app.orgs.unit(order.areaUnitId) ?? app.orgs.root()
  const district = area.path.split('.')[1]
  return {
    communityId: area.level === 4 ? area.id : null,
    districtId: district ? (app.orgs.byCode(district)?.id ?? null) : null,
    areaPath: area.path,
  }
}
