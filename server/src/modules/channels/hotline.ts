/**
 * The 12345 desk (channel `hotline`): a caller's past events, the duplicates hint, linking a call
 * to an event that already covers it, and the answered-on-the-call path. Intake itself is the
 * events module's `POST /events` with channel `hotline`.
 */
import type { AnsweredCallBody, CallerEvent, DuplicateCandidate, DuplicatesBody, EventStateName, LinkCallBody } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { invalid } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { residentIdsByPhone } from '../accounts/users.ts'
import { recordAudit } from '../audit/log.ts'
import { actOnEvent } from '../events/commands/act.ts'
import { createEvent } from '../events/commands/report.ts'
import { actorOf } from '../events/commands/write.ts'
import { eventsReportedBy } from '../events/lookups.ts'
import type { EventRow } from '../events/queries.ts'
import { findDuplicateEvents, staffDuplicate } from '../intelligence/duplicates.ts'
import { maskPhone } from '../privacy/masker.ts'
import { requireDesk, requireOperator } from './policy.ts'

/**
 * The events a phone number reported (typed in by the desk, or a resident's own account), newest
 * first, within the caller's scope. Each look-up is written to the audit log: it is a search by a
 * person's number.
 */
export async function callerHistory(app: AppContext, principal: Principal, phone: string): Promise<{ items: CallerEvent[] }> {
  const staff = requireDesk(principal)
  const db = app.database.db
  const rows = await eventsReportedBy(db, staff, app.orgs, { phone, residentIds: await residentIdsByPhone(db, phone) }, 20)
  await recordAudit(db, {
    actorUserId: staff.user.id,
    action: 'caller_history',
    targetKind: 'phone',
    targetId: maskPhone(phone) ?? '',
    detail: { found: rows.length },
  })
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      category: r.category_code,
      state: r.state as EventStateName,
      currentUnit: app.orgs.ref(r.current_unit_id),
      createdAt: new Date(r.created_at).toISOString(),
    })),
  }
}

/**
 * Open events near the call's place with similar words, by the one duplicate finder
 * (intelligence/duplicates.ts: distance, age and text): at the point the desk gave, else at the seat
 * of the community it chose. Without a place there is nothing to compare (the desk asks only once
 * it has one).
 */
export async function findDuplicates(app: AppContext, principal: Principal, q: DuplicatesBody): Promise<{ items: DuplicateCandidate[] }> {
  const staff = requireDesk(principal)
  let point: { lat: number; lng: number } | null = null
  if (q.lat !== undefined || q.lng !== undefined) {
    if (q.lat === undefined || q.lng === undefined) throw invalid(q.lat === undefined ? 'lat' : 'lng', 'lat and lng go together')
    point = { lat: q.lat, lng: q.lng }
  }
  if (q.communityCode) {
    const unit = app.orgs.byCode(q.communityCode)
    if (unit?.kind !== 'center' || unit.level !== 4) throw invalid('communityCode', `No community ${q.communityCode}`)
    point ??= unit.seat
  }
  if (!point) return { items: [] }
  const found = await findDuplicateEvents(app, staff, { text: q.text, category: q.category, ...point })
  return { items: found.map((d) => staffDuplicate(app, d)) }
}

/**
 * The caller reports what an open event already covers: no new event; the call is written on that
 * event's timeline (an internal note with the caller's masked number and what they said), so the
 * handling unit sees the matter is pressing.
 */
export async function linkCall(app: AppContext, principal: Principal, body: LinkCallBody) {
  const staff = requireDesk(principal)
  const caller = body.reporterPhone ? maskPhone(body.reporterPhone) : null
  const note = `【12345来电】${caller ? `${caller} ` : ''}反映同一事项：${body.description.trim()}`
  return actOnEvent(app, staff, body.eventId, { type: 'comment', version: body.version, note: [...note].slice(0, 2000).join('') })
}

/**
 * A policy question answered on the call: the event is created and closed in one transaction;
 * `alongside` writes what must commit with it (the knowledge base's link to the article answered from).
 */
export async function answerCall(
  app: AppContext,
  principal: Principal,
  body: AnsweredCallBody,
  alongside?: (tx: Transaction<DB>, row: EventRow) => Promise<void>,
) {
  const staff = requireOperator(principal)
  const { answer, ...intake } = body
  return createEvent(app, { ...intake, channel: 'hotline' }, actorOf(staff), { answer: answer.trim(), alongside })
}
