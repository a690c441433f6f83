/** Acting on an event: one lifecycle action under the caller's scope and the version they saw. */
import type { ActionBody } from '@xiaolan/contracts'
import type { AppContext } from '../../../context.ts'
import { invalid, notFound, staleVersion } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { actionPhotoKind, attachPhotos } from '../attachments.ts'
import { type EventState, transition } from '../lifecycle.ts'
import { inScope, toState } from '../queries.ts'
import { actorOf, commitTransition, transitionContext } from './write.ts'

/** Applies one action under the caller's scope and the version they saw. */
export async function actOnEvent(app: AppContext, principal: Principal, id: number, body: ActionBody) {
  const now = app.now()
  return app.database.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('events')
      .selectAll()
      .where('id', '=', id)
      .where(inScope(principal, app.orgs))
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw notFound('Event')
    if (row.version !== body.version) throw staleVersion(row.version)
    const ctx = transitionContext(app, row.priority, now, row.category_code)
    if (body.type === 'merge' && body.intoEventId !== undefined) {
      if (body.intoEventId === id) throw invalid('intoEventId', 'An event cannot be merged into itself')
      const target = await tx
        .selectFrom('events')
        .select(['id', 'state'])
        .where('id', '=', body.intoEventId)
        .where(inScope(principal, app.orgs))
        .executeTakeFirst()
      if (target) ctx.mergeTarget = { id: target.id, state: target.state as EventState['state'] }
    }
    const result = transition(toState(row), body, actorOf(principal), ctx)
    if (!result.ok) throw result.error
    const kind = actionPhotoKind(body, principal)
    await attachPhotos(tx, { ids: body.attachmentIds, eventId: id, seq: result.next.version, kind, actor: actorOf(principal) })
    await commitTransition(app, tx, row, result)
    return { id, version: result.next.version, state: result.next.state }
  })
}
