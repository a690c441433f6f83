/** The rota of departments stationed at the city center (issue 19 item 5): the week, its edits and history, the suggestion, today's duty, the hall. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Items,
  RotaChangeView,
  type RotaDay,
  RotaDutyQuery,
  RotaDutyView,
  RotaHallQuery,
  RotaHallView,
  RotaSuggestionView,
  RotaWeekBody,
  RotaWeekParams,
  RotaWeekQuery,
  RotaWeekView,
  replies,
  SCREEN_ROLES,
  type UnitRef,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { addDays, chinaDateOf, weekdayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { forbidden, invalid, staleVersion } from '../../errors.ts'
import { requireStaff } from '../accounts/auth.ts'
import { usernames } from '../accounts/users.ts'
import { scopeFor } from '../analytics/dashboard.ts'
import { eventNumbers } from '../events/lookups.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import { hallCenter, isRotaEditor, requireRotaEditor } from './policy.ts'
import { hallDispatches, replaceWeek, slotsBetween, weekChanges, weekVersion } from './queries.ts'
import { permanentUnits, rotaCandidates } from './stations.ts'
import { suggestRota } from './suggestion.ts'

const HISTORY_LIMIT = 50
const HALL_LIMIT = 200

const mondayOf = (date: string) => addDays(date, -weekdayOf(date))
const weekDates = (monday: string) => Array.from({ length: 7 }, (_, i) => addDays(monday, i))

/** Who is stationed at a center on a day: the rota's departments at the city center, the 政法 units at a district's. */
async function stationedOn(app: AppContext, center: OrgUnit, day: string) {
  if (center.level === 1) {
    const ids = (await slotsBetween(app.database.db, day, day)).get(day) ?? []
    return ids.map((id) => ({ unit: app.orgs.ref(id) as UnitRef, permanent: false }))
  }
  if (!app.calendar.isWorkingDay(day)) return []
  return permanentUnits(app.orgs, center).map((u) => ({ unit: app.orgs.ref(u.id) as UnitRef, permanent: true }))
}

export const rotaRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const db = ctx.database.db
  const ref = (id: number) => ctx.orgs.ref(id) as UnitRef

  const weekView = async (monday: string, editable: boolean): Promise<RotaWeekView> => {
    const dates = weekDates(monday)
    const slots = await slotsBetween(db, dates[0], dates[6])
    const days: RotaDay[] = dates.map((date) => ({
      date,
      working: ctx.calendar.isWorkingDay(date),
      units: (slots.get(date) ?? []).map(ref),
    }))
    return {
      week: monday,
      version: await weekVersion(db, monday),
      days,
      candidates: rotaCandidates(ctx.orgs).map((u) => ref(u.id)),
      editable,
    }
  }

  fastify.get(
    '/rota/week',
    { schema: { tags: ['rota'], querystring: RotaWeekQuery, response: replies({ 200: RotaWeekView }) } },
    async (request) => {
      const staff = requireStaff(request)
      const monday = mondayOf(request.query.week ?? chinaDateOf(ctx.now()))
      return weekView(monday, isRotaEditor(staff, ctx.orgs))
    },
  )

  fastify.put(
    '/rota/weeks/:week',
    { schema: { tags: ['rota'], params: RotaWeekParams, body: RotaWeekBody, response: replies({ 200: RotaWeekView }) } },
    async (request) => {
      const staff = requireRotaEditor(requireStaff(request), ctx.orgs)
      const monday = request.params.week
      if (weekdayOf(monday) !== 0) throw invalid('week', 'A week is named by its Monday')
      const dates = new Set(weekDates(monday))
      const candidates = new Set(rotaCandidates(ctx.orgs).map((u) => u.id))
      const seen = new Set<string>()
      for (const [i, day] of request.body.days.entries()) {
        if (!dates.has(day.date)) throw invalid(`days.${i}.date`, `${day.date} is not in the week of ${monday}`)
        if (seen.has(day.date)) throw invalid(`days.${i}.date`, `${day.date} is named twice`)
        seen.add(day.date)
        if (day.unitIds.length && !ctx.calendar.isWorkingDay(day.date))
          throw invalid(`days.${i}.date`, `${day.date} is not a working day: nobody is stationed on it`)
        for (const [j, id] of day.unitIds.entries())
          if (!candidates.has(id)) throw invalid(`days.${i}.unitIds.${j}`, `Unit ${id} is not an active city department`)
      }
      const before = Object.fromEntries(await slotsBetween(db, monday, addDays(monday, 6)))
      const after = Object.fromEntries(
        request.body.days.filter((d) => d.unitIds.length).map((d) => [d.date, [...d.unitIds].sort((a, b) => a - b)]),
      )
      const written = await db.transaction().execute((tx) =>
        replaceWeek(tx, { monday, sunday: addDays(monday, 6) }, request.body.version, request.body.days, {
          userId: staff.user.id,
          at: ctx.now(),
          reason: request.body.reason?.trim() || null,
          before,
          after,
        }),
      )
      if (!written) throw staleVersion(await weekVersion(db, monday))
      return weekView(monday, true)
    },
  )

  fastify.get(
    '/rota/weeks/:week/history',
    { schema: { tags: ['rota'], params: RotaWeekParams, response: replies({ 200: Items(RotaChangeView) }) } },
    async (request) => {
      requireStaff(request)
      const monday = mondayOf(request.params.week)
      const rows = await weekChanges(db, monday, HISTORY_LIMIT)
      const names = await usernames(
        db,
        rows.map((r) => r.user_id),
      )
      return {
        items: rows.map((r) => {
          const before = r.before as Record<string, number[]>
          const after = r.after as Record<string, number[]>
          const days = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((date) => {
            const was = new Set(before[date] ?? [])
            const is = new Set(after[date] ?? [])
            return {
              date,
              added: [...is].filter((id) => !was.has(id)).map(ref),
              removed: [...was].filter((id) => !is.has(id)).map(ref),
            }
          })
          return {
            id: Number(r.id),
            week: r.week,
            at: new Date(r.at).toISOString(),
            username: names.get(r.user_id) ?? '',
            reason: r.reason,
            days: days.filter((d) => d.added.length || d.removed.length),
          }
        }),
      }
    },
  )

  fastify.get(
    '/rota/suggestion',
    { schema: { tags: ['rota'], querystring: RotaWeekQuery, response: replies({ 200: RotaSuggestionView }) } },
    async (request) => {
      requireRotaEditor(requireStaff(request), ctx.orgs)
      return suggestRota(ctx, mondayOf(request.query.week ?? chinaDateOf(ctx.now())))
    },
  )

  fastify.get(
    '/rota/duty',
    { schema: { tags: ['rota'], querystring: RotaDutyQuery, response: replies({ 200: RotaDutyView }) } },
    async (request) => {
      const staff = requireStaff(request)
      if (!SCREEN_ROLES.includes(staff.user.role)) throw forbidden('The big screen is for centers, supervisors and leaders')
      const scope = scopeFor(ctx, staff, request.query.scope)
      if (scope.kind !== 'center') throw invalid('scope', 'Only a center has departments stationed')
      // a street's or a community's screen shows its district center's 政法 units
      let center: OrgUnit | undefined = scope
      while (center && center.level > 2) center = center.parentId === null ? undefined : ctx.orgs.unit(center.parentId)
      const date = chinaDateOf(ctx.now())
      if (!center) return { date, center: null, units: [] }
      return { date, center: ref(center.id), units: await stationedOn(ctx, center, date) }
    },
  )

  fastify.get(
    '/rota/hall',
    { schema: { tags: ['rota'], querystring: RotaHallQuery, response: replies({ 200: RotaHallView }) } },
    async (request) => {
      const center = hallCenter(requireStaff(request), ctx.orgs)
      const date = request.query.date ?? chinaDateOf(ctx.now())
      const rows = await hallDispatches(db, center.id, date, HALL_LIMIT)
      const numbers = await eventNumbers(
        db,
        rows.map((r) => Number(r.event_id)),
      )
      const now = ctx.now()
      return {
        date,
        center: ref(center.id),
        stationed: await stationedOn(ctx, center, date),
        items: rows.map((r) => {
          const signBy = new Date(r.sign_by)
          const signedAt = r.signed_at === null ? null : new Date(r.signed_at)
          const late = signedAt ? signedAt > signBy : now >= signBy
          return {
            eventId: Number(r.event_id),
            number: numbers.get(Number(r.event_id)) ?? '',
            unit: ref(r.unit_id),
            dispatchedAt: new Date(r.dispatched_at).toISOString(),
            signBy: signBy.toISOString(),
            signedAt: signedAt?.toISOString() ?? null,
            state: late ? ('late' as const) : signedAt ? ('signed' as const) : ('pending' as const),
          }
        }),
      }
    },
  )
}
