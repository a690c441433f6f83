/**
 * The big screen's one call: every widget of an area, read from the rollups of 0002 (a few hundred
 * rows at most) and the newest events by an index — never a scan of the events table, so it costs
 * the same at ten million events as at a thousand. Each rollup is read through its *_exact view
 * (0020): the folded rows and the deltas not yet folded, in one statement, so the numbers are exact
 * whether or not the fold job has caught up.
 */
import { CHANNELS, type Channel, type DashboardView, type EventStateName, type UnitRef } from '@xiaolan/contracts'
import { type Kysely, sql } from 'kysely'
import { addDays, chinaDateOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { forbidden, invalid } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { latestEventsIn } from '../events/lookups.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import { maskedTitle, maskNumbers } from '../privacy/masker.ts'
import { ALL_DUE } from './rollups.ts'

/** 处理中 on the screen: at a unit, signed or not, or its result under 办结审核 (not yet resolved). */
const IN_HAND: EventStateName[] = ['assigned', 'in_progress', 'reviewing']

const LATEST = 12

/**
 * The area center a staff member may look at: `code` (default their own unit) must be a center in
 * their subtree.
 */
export function scopeFor(app: AppContext, principal: Principal, code: string | undefined, field = 'scope'): OrgUnit {
  if (principal.kind !== 'staff') throw forbidden('Staff only')
  const own = app.orgs.unit(principal.user.unitId)
  if (!own) throw forbidden('Your account has no unit')
  const unit = code === undefined ? own : app.orgs.byCode(code)
  if (!unit) throw invalid(field, `No unit ${code}`)
  if (!unit.path.startsWith(own.path)) throw forbidden('This area is outside your unit')
  return unit
}

export async function dashboard(app: AppContext, principal: Principal, q: { scope?: string; days?: number }): Promise<DashboardView> {
  const scope = scopeFor(app, principal, q.scope)
  if (scope.kind !== 'center' || scope.level > 4)
    throw invalid('scope', 'The screen shows the area of a city, district, street or community center')
  const days = q.days ?? 7
  const now = app.now()
  const today = chinaDateOf(now)
  const dayList = Array.from({ length: days }, (_, i) => addDays(today, i - (days - 1)))
  const from = dayList[0]
  const children = app.orgs.children(scope.id).filter((u) => u.kind === 'center' && u.level <= 4)
  const childIds = children.map((c) => c.id)
  const db = app.database.db

  // five queries, each over the scope and its children at once: few round trips, a few hundred rows
  const areaIds = [scope.id, ...childIds]
  const [activity, states, overdue, daily, latest] = await Promise.all([
    db
      .selectFrom('rollup_unit_day_exact')
      .select((eb) => [
        'unit_id',
        eb.fn.sum<number>(sql<number>`case when day = ${today} then created else 0 end`).as('todayNew'),
        eb.fn.sum<number>(sql<number>`case when day = ${today} then resolved else 0 end`).as('resolvedToday'),
        eb.fn.sum<number>('created').as('created'),
        eb.fn.sum<number>('resolved').as('resolved'),
        eb.fn.sum<number>('resolved_on_time').as('onTime'),
        eb.fn.sum<number>('evaluated').as('evaluated'),
        eb.fn.sum<number>('satisfied').as('satisfied'),
        eb.fn.sum<number>('default_closed').as('defaultClosed'),
        eb.fn.sum<number>('not_reached').as('notReached'),
        eb.fn.sum<number>('callback_rated').as('callbackRated'),
      ])
      .where('unit_id', 'in', areaIds)
      .where('day', '>=', from)
      .where('day', '<=', today)
      .groupBy('unit_id')
      .execute(),
    db.selectFrom('rollup_unit_state_exact').select(['unit_id', 'state', 'n']).where('unit_id', 'in', areaIds).execute(),
    overdueIn(db, areaIds, now),
    // the trend by day × channel and the totals by category in one pass: under 70 rows, where the
    // day × channel × category cells of a busy week are nearly 900
    db
      .selectFrom('rollup_created_exact')
      .select((eb) => [
        sql<string | null>`day::text`.as('day'),
        sql<string | null>`channel`.as('channel'),
        sql<string | null>`category`.as('category'),
        eb.fn.sum<number>('n').as('n'),
      ])
      .where('unit_id', '=', scope.id)
      .where('day', '>=', from)
      .where('day', '<=', today)
      .groupBy(sql`grouping sets ((day, channel), (category))`)
      .execute(),
    latestEventsIn(app.database.db, scope, LATEST),
  ])

  const own = activity.find((r) => r.unit_id === scope.id)
  const stateCounts: Partial<Record<EventStateName, number>> = {}
  const open = new Map<number, number>()
  for (const s of states) {
    const n = Number(s.n)
    if (s.unit_id === scope.id && n !== 0) stateCounts[s.state as EventStateName] = n
    // (a view's columns are nullable to the schema; its keys never are)
    const unit = Number(s.unit_id)
    if (IN_HAND.includes(s.state as EventStateName)) open.set(unit, (open.get(unit) ?? 0) + n)
  }
  const dayIndex = new Map(dayList.map((d, i) => [d, i]))
  const trend = new Map<Channel, number[]>(CHANNELS.map((c) => [c, dayList.map(() => 0)]))
  const byCategory = new Map<string, number>()
  for (const r of daily) {
    if (r.category !== null) byCategory.set(r.category, Number(r.n))
    const counts = trend.get(r.channel as Channel)
    const i = dayIndex.get(r.day as string)
    if (counts && i !== undefined) counts[i] = Number(r.n)
  }
  const created = new Map(activity.map((r) => [r.unit_id, Number(r.created)]))
  const rate = (part: number | undefined, whole: number | undefined) => (Number(whole ?? 0) > 0 ? Number(part) / Number(whole) : null)

  return {
    scope: ref(scope),
    path: scope.path
      .split('.')
      .filter(Boolean)
      .map((code) => app.orgs.byCode(code))
      .filter((u): u is OrgUnit => u !== undefined)
      .map(ref),
    days,
    dayList,
    generatedAt: now.toISOString(),
    headline: {
      todayNew: Number(own?.todayNew ?? 0),
      inProgress: IN_HAND.reduce((sum, s) => sum + (stateCounts[s] ?? 0), 0),
      resolvedToday: Number(own?.resolvedToday ?? 0),
      overdue: overdue.get(scope.id) ?? 0,
      satisfactionRate: rate(own?.satisfied, own?.evaluated),
      evaluated: Number(own?.evaluated ?? 0),
      defaultClosed: Number(own?.defaultClosed ?? 0),
      notReached: Number(own?.notReached ?? 0),
      callbackCoverage: rate(own?.callbackRated, Number(own?.callbackRated ?? 0) + Number(own?.notReached ?? 0)),
      onTimeRate: rate(own?.onTime, own?.resolved),
    },
    states: stateCounts,
    trend: [...trend.entries()].map(([channel, counts]) => ({ channel, counts })),
    categories: [...byCategory]
      .map(([category, count]) => ({ category, count }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count),
    units: children
      .map((c) => {
        const a = activity.find((r) => r.unit_id === c.id)
        return {
          unit: ref(c),
          created: created.get(c.id) ?? 0,
          open: open.get(c.id) ?? 0,
          overdue: overdue.get(c.id) ?? 0,
          satisfactionRate: rate(a?.satisfied, a?.evaluated),
        }
      })
      .sort((a, b) => b.created - a.created || a.unit.code.localeCompare(b.unit.code)),
    latest: latest.map((r) => ({
      id: r.id,
      number: r.number,
      title: maskedTitle(r, maskNumbers),
      category: r.category_code,
      channel: r.channel as Channel,
      state: r.state as EventStateName,
      district: app.orgs.unit(r.district_id ?? 0)?.name ?? null,
      community: app.orgs.unit(r.community_id ?? 0)?.name ?? null,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  }
}

/** Open events past their deadline hour per area: all open ones with a deadline minus those still ahead. */
async function overdueIn(db: Kysely<DB>, unitIds: number[], now: Date): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('rollup_unit_due_exact')
    .select((eb) => [
      'unit_id',
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('due_hour', '=', ALL_DUE)
            .then(eb.ref('n'))
            .else(eb.neg(eb.ref('n')))
            .end(),
        )
        .as('n'),
    ])
    .where('unit_id', 'in', unitIds)
    .where('due_hour', '>', now)
    .groupBy('unit_id')
    .execute()
  return new Map(rows.map((r) => [Number(r.unit_id), Number(r.n)]))
}

const ref = (u: OrgUnit): UnitRef => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, level: u.level })
