/**
 * In-app notices (issue 18 item 4, the in-app half). A resident hears that their matter moved —
 * accepted, dispatched, resolved, reopened, closed, turned down, merged, a unit's reply — unless they
 * turned that step off; a unit's staff hear of a new assignment, a supervision (督办), a missed
 * deadline, a warning (the SLA scan's, `noticeWarnings`) and, for the 12345 operators, a hotline
 * matter resolved that waits for its callback (回访).
 *
 * Why no outbox row: a notice's delivery is its row. The listener writes the notices in the change's
 * own transaction, one statement for all of a transaction's changes (a group commit's too), with the
 * NOTIFY that tells the open streams at commit; nothing is left to send later, so there is nothing to
 * retry or claim, and two instances cannot send one twice (a notice is once per recipient and key —
 * event, version, template — by a unique index). SMS, which must leave the system, are the outbox's.
 */
import {
  type NoticeChannel,
  type NoticePage,
  type NoticePreferences,
  type NoticePreferencesBody,
  type NoticeTemplate,
  type NoticeView,
  RESIDENT_NOTICE_STEPS,
  type ResidentNoticeStep,
} from '@xiaolan/contracts'
import type { Kysely, Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { invalid, notFound } from '../../errors.ts'
import { pageOf, readCursor } from '../../keyset.ts'
import type { Principal } from '../accounts/sessions.ts'
import {
  markRead,
  type NewNotice,
  noticesOf,
  preferenceOn,
  preferencesOf,
  type Reader,
  setPreferences,
  unreadCount,
  writeNotices,
} from './notice-queries.ts'

/** The step of a resident's matter a change is, if it is one they hear of (never their own doing). */
export function residentStep({ before, after, entry }: Pick<EventChange, 'before' | 'after' | 'entry'>): ResidentNoticeStep | null {
  if (entry.actorKind === 'resident') return null
  if (entry.action === 'comment') return entry.toReporter === true && entry.actorKind === 'staff' ? 'reply' : null
  const was = before?.state ?? null
  if (after.state !== was) {
    if (after.state === 'resolved') return 'resolved'
    if (after.state === 'closed') return 'closed'
    if (after.state === 'rejected') return 'rejected'
    if (after.state === 'merged') return 'merged'
    if (was === 'resolved') return 'reopened'
  }
  if (entry.action === 'accept') return 'accepted'
  // an intake's own routing is no news to whom just reported; a later move to another unit is
  const moved = before !== null && after.currentUnitId !== before.currentUnitId
  if (moved && entry.action !== 'route' && (after.state === 'assigned' || after.state === 'in_progress')) return 'dispatched'
  return null
}

/** What a unit's staff hear of a change: [unit, template, role] or null. */
export function staffNotice(
  app: Pick<AppContext, 'orgs'>,
  { event, before, after, entry }: Pick<EventChange, 'event' | 'before' | 'after' | 'entry'>,
): [number, NoticeTemplate, string | null] | null {
  const holder = after.currentUnitId
  if (entry.action === 'supervise' && holder !== null) return [holder, 'supervised', null]
  if (entry.action === 'overdue' && holder !== null) return [holder, 'overdue', null]
  if (after.state === 'assigned' && holder !== null && holder !== before?.currentUnitId) return [holder, 'assigned', null]
  // a caller without an app account hears back by the 12345 desk's callback (回访)
  if (after.state === 'resolved' && before?.state !== 'resolved' && event.reporterResidentId === null && event.channel === 'hotline') {
    return [app.orgs.root().id, 'callback_due', 'operator']
  }
  return null
}

/** The listener `app.ts` registers: the notices of a transaction's changes, in one statement (none when no change tells anyone). */
export function noticeListener(app: Pick<AppContext, 'orgs' | 'now'>) {
  return async function writeChangeNotices(tx: Transaction<DB>, changes: readonly EventChange[]) {
    const notices: NewNotice[] = []
    for (const change of changes) {
      const { event, after } = change
      const unit = app.orgs.ref(after.currentUnitId)?.name
      const params = unit ? { number: event.number, unit } : { number: event.number }
      const step = event.reporterResidentId === null ? null : residentStep(change)
      if (step) {
        const key = `${event.id}:${after.version}:${step}`
        notices.push({ residentId: event.reporterResidentId, unitId: null, role: null, eventId: event.id, template: step, params, key })
      }
      const staff = staffNotice(app, change)
      if (staff) {
        const [unitId, template, role] = staff
        notices.push({
          residentId: null,
          unitId,
          role,
          eventId: event.id,
          template,
          params,
          key: `${event.id}:${after.version}:${template}`,
        })
      }
    }
    await writeNotices(tx, notices, app.now())
  }
}

/**
 * The SLA scan's warnings (75 % of a deadline used) to the units holding the events, in the scan's
 * transaction: once per event and version, however often the scan runs or on how many instances.
 */
export async function noticeWarnings(
  app: Pick<AppContext, 'orgs' | 'now'>,
  tx: Transaction<DB>,
  warned: ReadonlyArray<{ eventId: number; number: string; version: number; unitId: number | null }>,
) {
  const notices = warned.flatMap(({ eventId, number, version, unitId }): NewNotice[] => {
    if (unitId === null) return []
    const unit = app.orgs.ref(unitId)?.name
    const params = unit ? { number, unit } : { number }
    return [{ residentId: null, unitId, role: null, eventId, template: 'warning', params, key: `${eventId}:${version}:warning` }]
  })
  await writeNotices(tx, notices, app.now())
}

/**
 * Whether a resident wants to hear of a step of their matter by a channel (in the app, by SMS): on
 * unless they turned it off on 我的. The SMS writer asks it for app residents; pass its transaction.
 */
export function wantsNotice(db: Kysely<DB>, residentId: number, step: ResidentNoticeStep, channel: NoticeChannel): Promise<boolean> {
  return preferenceOn(db, residentId, step, channel)
}

function readerOf(principal: Principal): Reader {
  return principal.kind === 'resident'
    ? { residentId: principal.resident.id }
    : { userId: principal.user.id, unitId: principal.user.unitId, role: principal.user.role }
}

const LIMIT = 20

/** The caller's notices newest first, with their unread count. */
export async function listNotices(app: AppContext, principal: Principal, q: { next?: string; limit?: number }): Promise<NoticePage> {
  const reader = readerOf(principal)
  const db = app.database.db
  const limit = q.limit ?? LIMIT
  const [rows, unread] = await Promise.all([
    noticesOf(db, reader, { before: readCursor(q.next, ['bigint'])?.[0], limit: limit + 1 }),
    unreadCount(db, reader),
  ])
  const { page, next } = pageOf(rows, limit, (r) => [r.id])
  return {
    items: page.map(
      (r): NoticeView => ({
        id: r.id,
        template: r.template as NoticeTemplate,
        params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as NoticeView['params'],
        eventId: r.event_id,
        createdAt: new Date(r.created_at).toISOString(),
        read: r.read,
      }),
    ),
    next,
    unread,
  }
}

/** Marks one notice read (404 when it is not the caller's) or all of them; the unread count after. */
export async function readNotices(app: AppContext, principal: Principal, id?: number): Promise<{ unread: number }> {
  const reader = readerOf(principal)
  if (!(await markRead(app.database.db, reader, id, app.now()))) throw notFound('Notice')
  return { unread: await unreadCount(app.database.db, reader) }
}

export async function noticePreferences(app: AppContext, residentId: number): Promise<NoticePreferences> {
  const off = new Set((await preferencesOf(app.database.db, residentId)).filter((p) => !p.enabled).map((p) => `${p.step}:${p.channel}`))
  return {
    items: RESIDENT_NOTICE_STEPS.map((step) => ({ step, inapp: !off.has(`${step}:inapp`), sms: !off.has(`${step}:sms`) })),
  }
}

export async function setNoticePreferences(app: AppContext, residentId: number, body: NoticePreferencesBody): Promise<NoticePreferences> {
  // one choice per step and channel: two in one request would contradict each other (and the upsert)
  const seen = new Set<string>()
  for (const [i, item] of body.items.entries()) {
    const key = `${item.step}:${item.channel}`
    if (seen.has(key)) throw invalid(`items/${i}`, `${item.step} by ${item.channel} is chosen twice`)
    seen.add(key)
  }
  await setPreferences(app.database.db, residentId, body.items, app.now())
  return noticePreferences(app, residentId)
}
