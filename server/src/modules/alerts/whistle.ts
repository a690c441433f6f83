/**
 * 吹哨 from an alert (issue 16 item 5, "act on it"): the center makes one consolidated work order
 * (主单) of the alert's matter — its category, its centre point, a title and description written
 * from the alert (not its trigger words: the order's public view is derived from its text) — and whistles it at once to the units it picked, one of them leading; the alert
 * records the act (an `act` transition naming the order) in the order's transaction and stays open
 * until staff close it.
 */
import type { AlertKind, AlertWhistleBody } from '@xiaolan/contracts'
import { formatChinaMinute } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { conflict, invalid, staleVersion } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { evidenceEvents } from '../events/alert-reads.ts'
import { createConsolidatedOrder } from '../events/commands/consolidate.ts'
import { type AlertRow, applyTransition, evidenceIds, getAlert } from './store.ts'

type Staff = Extract<Principal, { kind: 'staff' }>

/** The rules' names in the users' words, for the order's text. */
const KIND_ZH: Record<AlertKind, string> = {
  hotspot: '热点聚集',
  surge: '数量激增',
  sensitive: '敏感诉求',
  repeat_reporter: '重复反映',
}

/** How many evidence numbers the description lists before saying how many more. */
const LISTED = 30

/** The names of the district, street and community an alert's point lies in (empty without a point). */
export function areaNamesOf(app: AppContext, a: Pick<AlertRow, 'lat' | 'lng'>): string[] {
  if (a.lat === null || a.lng === null) return []
  const found = app.orgs.locate(a.lat, a.lng)
  if (!found) return []
  return [found.districtId, found.streetId, found.communityId].flatMap((id) => {
    const name = app.orgs.ref(id)?.name
    return name ? [name] : []
  })
}

/** The order's title and description, in Chinese, from the alert and its evidence numbers. */
export function orderText(
  app: AppContext,
  a: AlertRow,
  o: { category: string; numbers: string[]; note: string },
): { title: string; description: string } {
  const { category, numbers, note } = o
  const categoryName = app.categories.get(category)?.nameZh ?? category
  const names = areaNamesOf(app, a)
  const where = names.length ? names.join('') : (app.orgs.unit(a.unitId)?.name ?? '')
  const place = names[names.length - 1] ?? where
  const kind = KIND_ZH[a.kind]
  const listed = numbers.slice(0, LISTED).join('、')
  const more = numbers.length > LISTED ? `等${numbers.length}件` : ''
  const description = [
    `研判预警（${kind}）：${where}${categoryName}类诉求，${formatChinaMinute(a.windowStart)}至${formatChinaMinute(a.windowEnd)}共${a.evidenceCount}件。`,
    numbers.length ? `涉及事件：${listed}${more}。` : '',
    `吹哨说明：${note}`,
  ].join('')
  return { title: `【预警吹哨】${place}${categoryName}${kind}（${a.evidenceCount}件）`, description }
}

/**
 * Makes the order and whistles it; the alert's `act` is written in the same transaction at the
 * version the caller saw (else 409 and nothing is written). Scope and role are the route's checks.
 */
export async function whistleAlert(app: AppContext, principal: Staff, a: AlertRow, body: AlertWhistleBody) {
  if (a.state === 'closed') throw conflict('alert_closed', 'This alert is closed')
  if (body.version !== a.version) throw staleVersion(a.version)
  // every rule names the category it found (the column is nullable for rules to come)
  if (a.categoryCode === null) throw invalid('id', 'This alert names no category to make a work order of')
  const note = body.note.trim()
  const evidence = await evidenceEvents(app.database.db, await evidenceIds(app.database.db, a.id))
  const text = orderText(app, a, { category: a.categoryCode, numbers: evidence.map((e) => e.number), note })
  const actor = { kind: 'staff' as const, userId: principal.user.id, role: principal.user.role, unitId: principal.user.unitId }
  const row = await createConsolidatedOrder(
    app,
    {
      actor,
      channel: 'alert',
      category: a.categoryCode,
      // sensitive content is urgent at intake; its work order is too
      priority: a.kind === 'sensitive' ? 'urgent' : undefined,
      ...text,
      lat: a.lat,
      lng: a.lng,
      areaUnitId: a.unitId,
      units: body.units,
      leadUnitId: body.leadUnitId,
      note,
    },
    async (tx, order) => {
      const at = app.now()
      const recorded = await applyTransition(
        tx,
        {
          id: a.id,
          version: a.version,
          from: a.state,
          to: a.state,
          action: 'act',
          userId: principal.user.id,
          note,
          at,
          order: { id: order.id, number: order.number },
        },
        {},
      )
      if (!recorded) throw staleVersion((await getAlert(tx, a.id))?.version ?? a.version)
    },
  )
  return { id: row.id, number: row.number }
}
