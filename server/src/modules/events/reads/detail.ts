/** One event as the caller may see it: the view, its timeline, supervisions and allowed actions. */
import { type EventView, type Photo, UNIT_ONLY_NOTES } from '@xiaolan/contracts'
import type { AppContext } from '../../../context.ts'
import { notFound } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { supervisionHistory } from '../../sla/supervision.ts'
import { photosOf } from '../attachments.ts'
import type { LogEntry } from '../lifecycle.ts'
import { type EventRow, inScope, readLog } from '../queries.ts'
import { allowedActions } from '../workbench.ts'
import { timelineEntry, toView } from './view.ts'

export async function getEvent(app: AppContext, principal: Principal, id: number): Promise<EventView> {
  const row = await app.database.db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(principal, app.orgs))
    .executeTakeFirst()
  if (!row) throw notFound('Event')
  return viewOf(app, principal, row)
}

/**
 * The view of a row the caller may see, with its log and photos: read side by side, or taken as
 * given by a write that has just made them (an intake knows its whole log, and has photos only
 * when it attached some).
 */
export async function viewOf(
  app: AppContext,
  principal: Principal,
  row: EventRow,
  known: { log?: Array<LogEntry & { seq: number }>; photos?: Array<Photo & { seq: number }> } = {},
): Promise<EventView> {
  const [log, photos] = await Promise.all([
    known.log ?? readLog(app.database.db, row.id),
    known.photos ?? photosOf(app.database.db, [row.id], principal).then((byEvent) => byEvent.get(row.id) ?? []),
  ])
  // the reporter sees the units' messages to them and their own, never internal notes, and the
  // steps whose note is the units' own without it
  const visible =
    principal.kind === 'staff'
      ? log
      : log
          .filter((e) => e.action !== 'comment' || e.toReporter)
          .map((e) => (UNIT_ONLY_NOTES.includes(e.action) ? { ...e, note: null } : e))
  return {
    ...toView(app, row, principal, photos),
    timeline: visible.map((e) => timelineEntry(app, e, photos)),
    supervisions: principal.kind === 'staff' ? supervisionHistory(app.orgs, log) : undefined,
    allowedActions: allowedActions(app, principal, row),
  }
}

/** The view of an event the caller has just created: nothing is read back but the photos it attached. */
export function viewCreated(
  app: AppContext,
  principal: Principal,
  created: { row: EventRow; log: Array<LogEntry & { seq: number }>; attached: boolean },
): Promise<EventView> {
  return viewOf(app, principal, created.row, { log: created.log, photos: created.attached ? undefined : [] })
}
