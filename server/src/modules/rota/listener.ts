/**
 * The rota's consistency listener (registered in app.ts): in the transaction of every event write, a
 * dispatch (or an accept) to a department stationed that day is recorded for its center's hall with
 * the sign-by the write path gave it (rota/stations.ts `stationedContext`), and the unit's sign marks it signed.
 */

import { chinaDateOf } from '../../china-time.ts'
import type { AppContext, EventChange } from '../../context.ts'
import { recordDispatches, recordSigned } from './queries.ts'
import { stationedAt } from './stations.ts'

export function rotaListener(app: AppContext) {
  return async (tx: Parameters<AppContext['onEventChange'][number]>[0], changes: readonly EventChange[]) => {
    const dispatched = []
    const signed = []
    for (const { event, entry, after } of changes) {
      if (entry.action === 'sign' && entry.fromUnitId !== null) {
        signed.push({ eventId: event.id, unitId: entry.fromUnitId, at: new Date(entry.at) })
        continue
      }
      if ((entry.action !== 'dispatch' && entry.action !== 'accept') || entry.toUnitId === null || !after.signDeadline) continue
      if (app.orgs.unit(entry.toUnitId)?.kind !== 'department') continue
      const day = chinaDateOf(entry.at)
      const center = await stationedAt(tx, app, entry.toUnitId, day)
      if (center) {
        dispatched.push({
          eventId: event.id,
          unitId: entry.toUnitId,
          centerId: center.id,
          day,
          at: new Date(entry.at),
          signBy: new Date(after.signDeadline),
        })
      }
    }
    await recordDispatches(tx, dispatched)
    await recordSigned(tx, signed)
  }
}
