/**
 * Acting on an event: one lifecycle action under the caller's scope and the version they saw.
 * The row is read and the transition worked out before the transaction; the transaction writes
 * the row only if it still has that version (else the caller's view is stale: 409), then the log,
 * the rollup deltas and the change notice. So the row is locked only while its writes are made.
 */
import type { ActionBody } from '@xiaolan/contracts'
import type { AppContext } from '../../../context.ts'
import { invalid, notFound, staleVersion } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { slaTrackOf } from '../../sla/tracking.ts'
import { actionPhotoKind, attachPhotos } from '../attachments.ts'
import { type EventState, transition } from '../lifecycle.ts'
import { type EventRow, inScope, toState } from '../queries.ts'
import { actorOf, factsOf, logSteps, rowAfter, transitionContext } from './write.ts'

/** Applies one action under the caller's scope and the version they saw; returns the row as written. */
export async function actOnEvent(app: AppContext, principal: Principal, id: number, body: ActionBody): Promise<EventRow> {
  const now = app.now()
  const db = app.database.db
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).where(inScope(principal, app.orgs)).executeTakeFirst()
  if (!row) throw notFound('Event')
  if (row.version !== body.version) throw staleVersion(row.version)
  const ctx = transitionContext(app, row.priority, now, row.category_code)
  if (body.type === 'merge' && body.intoEventId !== undefined) {
    if (body.intoEventId === id) throw invalid('intoEventId', 'An event cannot be merged into itself')
    const target = await db
      .selectFrom('events')
      .select(['id', 'state'])
      .where('id', '=', body.intoEventId)
      .where(inScope(principal, app.orgs))
      .executeTakeFirst()
    if (target) ctx.mergeTarget = { id: target.id, state: target.state as EventState['state'] }
  }
  const before = toState(row)
  const result = transition(before, body, actorOf(principal), ctx)
  if (!result.ok) throw result.error
  const event = factsOf(row)
  const steps = [{ entry: result.entry, after: result.next }]
  const columns = rowAfter(app, event, { state: before, sla: slaTrackOf(row) }, steps)
  const kind = actionPhotoKind(body, principal)
  return db.transaction().execute(async (tx) => {
    const written = await tx
      .updateTable('events')
      .set(columns)
      .where('id', '=', id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst()
    if (!written) {
      // another write came first: the caller saw an older version than there is now
      const current = await tx.selectFrom('events').select('version').where('id', '=', id).executeTakeFirst()
      throw staleVersion(current?.version ?? row.version)
    }
    await attachPhotos(tx, { ids: body.attachmentIds, eventId: id, seq: result.next.version, kind, actor: actorOf(principal) })
    await logSteps(app, tx, event, before, steps)
    return written
  })
}
