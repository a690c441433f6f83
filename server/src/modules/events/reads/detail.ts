/** One event as the caller may see it: the view, its timeline, supervisions and allowed actions. */
import { type EventView, UNIT_ONLY_NOTES } from '@xiaolan/contracts'
import type { AppContext } from '../../../context.ts'
import { notFound } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { supervisionHistory } from '../../sla/supervision.ts'
import { photosOf } from '../attachments.ts'
import { inScope, readLog } from '../queries.ts'
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
  const log = await readLog(app.database.db, id)
  // the reporter sees the units' messages to them and their own, never internal notes, and the
  // steps whose note is the units' own without it
  const visible =
    principal.kind === 'staff'
      ? log
      : log
          .filter((e) => e.action !== 'comment' || e.toReporter)
          .map((e) => (UNIT_ONLY_NOTES.includes(e.action) ? { ...e, note: null } : e))
  const photos = (await photosOf(app.database.db, [id], principal)).get(id) ?? []
  return {
    ...toView(app, row, principal, photos),
    timeline: visible.map((e) => timelineEntry(app, e, photos)),
    supervisions: principal.kind === 'staff' ? supervisionHistory(app.orgs, log) : undefined,
    allowedActions: allowedActions(app, principal, row),
  }
}
