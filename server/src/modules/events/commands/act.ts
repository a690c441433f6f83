/**
 * Acting on an event: one lifecycle action under the caller's scope and the version they saw.
 * The row is read and the transition worked out before the transaction; the transaction writes
 * the row only if it still has that version (else the caller's view is stale: 409), then the log,
 * the rollup deltas and the change notice. So the row is locked only while its writes are made.
 *
 * A category change (recategorize, or an accept that corrects the category first) is also kept,
 * with the event's text, as a correction the classifier learns from.
 */
import type { ActionBody } from '@xiaolan/contracts'
import type { AppContext } from '../../../context.ts'
import { invalid, notFound, staleVersion } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { recordCorrection } from '../../intelligence/corrections.ts'
import { deadlinesUnder, slaTrackOf } from '../../sla/tracking.ts'
import { actionPhotoKind, attachPhotos } from '../attachments.ts'
import { type ActionRequest, type EventState, type LogEntry, type TransitionContext, transition } from '../lifecycle.ts'
import { type EventRow, inScope, toState } from '../queries.ts'
import { actorOf, factsOf, logSteps, rowAfter, transitionContext } from './write.ts'

/** The note of the category step an accept with another category makes (log data, as the system's own notes). */
const ACCEPT_RECATEGORIZED = '受理时确认分类'

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
  const actor = actorOf(principal)
  const steps: Array<{ entry: LogEntry; after: EventState }> = []
  const step = (request: ActionRequest, context: TransitionContext) => {
    const result = transition(steps.at(-1)?.after ?? before, request, actor, context)
    if (!result.ok) throw result.error
    steps.push({ entry: result.entry, after: result.next })
  }
  const recategorizes =
    body.type === 'recategorize' || (body.type === 'accept' && body.category !== undefined && body.category !== row.category_code)
  if (recategorizes && body.category !== undefined) ctx.newCategory = newCategory(app, row, body.category)
  if (body.type === 'accept' && recategorizes) {
    // the category first (its rule then sets the accept's deadlines), then the accept itself
    step({ type: 'recategorize', category: body.category, note: body.note?.trim() || ACCEPT_RECATEGORIZED }, ctx)
    step(body, transitionContext(app, row.priority, now, body.category as string))
  } else {
    step(body, ctx)
  }
  const event = factsOf(row)
  const columns = rowAfter(app, event, { state: before, sla: slaTrackOf(row) }, steps)
  const kind = actionPhotoKind(body, principal)
  const text = `${row.title} ${row.description}`
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
    const last = steps[steps.length - 1]
    await attachPhotos(tx, { ids: body.attachmentIds, eventId: id, seq: last.after.version, kind, actor })
    await logSteps(app, tx, event, before, steps)
    for (const { entry, after } of steps) {
      if (entry.action !== 'recategorize') continue
      const userId = entry.actorUserId
      await recordCorrection(tx, { eventId: id, text, from: row.category_code, to: after.category, userId, reason: entry.note, at: now })
    }
    return written
  })
}

/** The category a request names, if in use, with the event's deadlines under its rule. */
function newCategory(app: AppContext, row: EventRow, code: string): TransitionContext['newCategory'] {
  if (!app.categories.get(code)) return undefined
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())
  const deadlines = deadlinesUnder(
    app,
    {
      priority: row.priority,
      from: row.category_code,
      to: code,
      signDeadline: iso(row.sign_deadline),
      resolveDeadline: iso(row.resolve_deadline),
    },
    slaTrackOf(row),
  )
  return { code, ...deadlines }
}
