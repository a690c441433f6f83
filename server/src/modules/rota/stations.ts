/**
 * Who is stationed where on a day (issue 19 item 5), and what that means for a dispatch: a city
 * department is stationed at the city center on its rota days; a district's 政法 units (court,
 * procuratorate, public security, justice) at their district center on every working day. A
 * dispatch to a department on a day it is stationed must be signed by the end of the same working
 * day (the last office closing of that day; after it, or on a day off, of the next working day).
 */
import { STATIONED_FUNCTIONS } from '@xiaolan/contracts'
import type { Kysely, Transaction } from 'kysely'
import { chinaDateOf, chinaTime } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import type { TransitionContext } from '../events/lifecycle.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'
import type { WorkingCalendar } from '../sla/calendar.ts'
import { onRota } from './queries.ts'

const PERMANENT = new Set<string>(STATIONED_FUNCTIONS)

/** A district center's permanently stationed 政法 units (none for another center). */
export function permanentUnits(orgs: OrgDirectory, center: OrgUnit): OrgUnit[] {
  if (center.kind !== 'center' || center.level !== 2) return []
  return orgs.children(center.id).filter((u) => u.kind === 'department' && u.active && PERMANENT.has(u.function ?? ''))
}

/** The city departments the rota may hold. */
export function rotaCandidates(orgs: OrgDirectory): OrgUnit[] {
  return orgs.children(orgs.root().id).filter((u) => u.kind === 'department' && u.active)
}

/** The center a department is stationed at on a China day, or null. */
export async function stationedAt(
  db: Kysely<DB> | Transaction<DB>,
  app: Pick<AppContext, 'orgs' | 'calendar'>,
  unitId: number,
  day: string,
): Promise<OrgUnit | null> {
  const unit = app.orgs.unit(unitId)
  if (unit?.kind !== 'department' || unit.parentId === null) return null
  const parent = app.orgs.unit(unit.parentId)
  if (parent?.kind !== 'center') return null
  if (parent.level === 1) return (await onRota(db, unitId, day)) ? parent : null
  return parent.level === 2 && PERMANENT.has(unit.function ?? '') && app.calendar.isWorkingDay(day) ? parent : null
}

/** The end of the working day an instant falls in: its day's last office closing, else the next working day's. */
export function endOfWorkingDay(cal: WorkingCalendar, at: Date): Date {
  const closing = cal.officeHours[cal.officeHours.length - 1][1]
  let day = chinaDateOf(at)
  if (cal.isWorkingDay(day) && at < chinaTime(day, closing)) return chinaTime(day, closing)
  do {
    day = chinaDateOf(chinaTime(day, '24:00'))
  } while (!cal.isWorkingDay(day))
  return chinaTime(day, closing)
}

/**
 * The transition context of an action that assigns the event to a department stationed that day (a
 * dispatch, or an accept straight to it): its sign-by is the end of that working day, or the rule's
 * own sign-by if that comes first. Any other action's context is returned as it is.
 */
export async function stationedContext(
  app: AppContext,
  ctx: TransitionContext,
  request: { type: string; unitId?: number },
): Promise<TransitionContext> {
  if ((request.type !== 'dispatch' && request.type !== 'accept') || request.unitId === undefined) return ctx
  const center = await stationedAt(app.database.db, app, request.unitId, chinaDateOf(ctx.now))
  if (!center) return ctx
  const end = endOfWorkingDay(app.calendar, ctx.now)
  const rule = ctx.deadlines
  return {
    ...ctx,
    deadlines: (at) => {
      const d = rule(at)
      return { ...d, signBy: new Date(Math.min(end.getTime(), d.signBy.getTime())) }
    },
  }
}
