/**
 * What the workbench asks of the event pool: the inbox tabs of a unit (as a where-clause and as
 * counts), the actions a caller may take on an event (the lifecycle tried for each, so the UI
 * offers exactly what the server accepts), and the units a center may dispatch to.
 */
import {
  ACTION_TYPES,
  type ActionType,
  type DispatchTargets,
  INBOX_BOXES,
  INBOX_COUNT_CAP,
  type InboxBox,
  type InboxCounts,
  OPEN_STATES,
} from '@xiaolan/contracts'
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'
import { actorOf } from './commands/write.ts'
import { type ActionRequest, canDispatch, type EventState, type TransitionContext, transition } from './lifecycle.ts'
import { type EventRow, toState } from './queries.ts'

const DUE_WITHIN_MS = 24 * 3600_000
const SIGN_DUE_WITHIN_MS = 2 * 3600_000

/** A context for trying transitions without writing them: deadlines are not needed to decide who may act. */
export function probeContext(app: AppContext, now: Date): TransitionContext {
  return {
    now,
    unit: (id) => app.orgs.unit(id),
    deadlines: (at) => ({ signBy: at, resolveBy: at }),
    extend: (deadline) => deadline,
    checkInBy: (at) => at,
    reviews: (kind) => app.sla.reviews(kind),
  }
}

/** Units whose deciding center (for returns, extensions and reviews without a dispatcher) is `center`. */
function heldUnder(app: AppContext, center: OrgUnit): number[] {
  const ids: number[] = []
  const walk = (id: number) => {
    for (const child of app.orgs.children(id)) {
      ids.push(child.id)
      if (child.kind !== 'center') walk(child.id)
    }
  }
  walk(center.id)
  return ids
}

/** The events whose deciding center (the lifecycle's: the dispatcher, else the holder's parent center) is `me`. */
function decidedBy(app: AppContext, me: number) {
  const unit = app.orgs.unit(me)
  const held = unit?.kind === 'center' ? heldUnder(app, unit) : []
  return (eb: ExpressionBuilder<DB, 'events'>) => {
    const decides = [eb('events.dispatcher_unit_id', '=', me)]
    if (held.length) decides.push(eb.and([eb('events.dispatcher_unit_id', 'is', null), eb('events.current_unit_id', 'in', held)]))
    return eb.or(decides)
  }
}

type TabClause = (eb: ExpressionBuilder<DB, 'events'>) => ReturnType<ExpressionBuilder<DB, 'events'>['and']>

/**
 * One part of a tab: its where-clause, and whether it names the caller's unit as the event's holder
 * (`current_unit_id = me`). Such a part needs no scope check: every unit that holds an event is on
 * its scope path (appendLogs opens an event to each unit it is assigned to, with the assignment), and
 * with the check the planner, not knowing that, sorted all of a department's 处置中 to page 21 rows.
 */
export type TabPart = { where: TabClause; held: boolean }

/** One inbox tab of the caller's unit as a where-clause on `events`. */
export function inBox(app: AppContext, principal: Principal, box: InboxBox): TabClause {
  const parts = tabParts(app, principal, box).map((part) => part.where)
  return (eb) => (parts.length === 1 ? parts[0](eb) : eb.or(parts.map((part) => part(eb))))
}

/**
 * A tab as disjoint where-clauses, each served by one index, so that counting them apart is an
 * index scan each (an OR across two indexes visits the table for every row).
 */
export function tabParts(app: AppContext, principal: Principal, box: InboxBox): TabPart[] {
  if (principal.kind !== 'staff') throw forbidden('Inbox tabs are for staff')
  const me = principal.user.unitId
  const now = app.now()
  const unsigned = ['submitted', 'assigned']
  /** A part of what `me` holds (`current_unit_id = me` and `rest`). */
  const held = (rest: (eb: ExpressionBuilder<DB, 'events'>) => Expression<SqlBool>[]): TabPart => ({
    where: (eb) => eb.and([eb('events.current_unit_id', '=', me), ...rest(eb)]),
    held: true,
  })
  const other = (where: TabClause): TabPart => ({ where, held: false })
  switch (box) {
    case 'pending_sign':
      return [
        held((eb) => [eb('events.state', 'in', unsigned)]),
        // summoned by a whistle and not checked in yet (index events_summoned, 0013), unless held unsigned
        other((eb) =>
          eb.and([
            eb('events.state', 'in', [...OPEN_STATES]),
            sql<boolean>`events.summoned <> '[]'::jsonb`,
            sql<boolean>`events.summoned @> ${JSON.stringify([{ unitId: me, checkedInAt: null }])}::jsonb`,
            eb.or([eb('events.current_unit_id', 'is distinct from', me), eb('events.state', 'not in', unsigned)]),
          ]),
        ),
      ]
    case 'in_progress':
      return [held((eb) => [eb('events.state', '=', 'in_progress')])]
    case 'escalated':
      return [
        // the matters it sent up and still awaits (index events_escalated, 0016)
        other((eb) =>
          eb.and([
            eb('events.state', 'in', [...OPEN_STATES, 'resolved']),
            sql<boolean>`events.escalated_by <> '{}'`,
            sql<boolean>`events.escalated_by @> array[${me}]::integer[]`,
          ]),
        ),
      ]
    case 'extensions': {
      const decides = decidedBy(app, me)
      return [other((eb) => eb.and([eb('events.state', '=', 'in_progress'), eb('events.extension_pending', 'is not', null), decides(eb)]))]
    }
    case 'reviewing': {
      // 办结审核: the results my center reviews (index events_reviewing, 0018)
      const decides = decidedBy(app, me)
      return [other((eb) => eb.and([eb('events.state', '=', 'reviewing'), decides(eb)]))]
    }
    case 'supervision':
      return [held((eb) => [eb('events.state', 'in', [...OPEN_STATES]), eb('events.supervised', '=', true)])]
    case 'due_soon':
      return [
        held((eb) => [
          eb('events.state', 'in', ['assigned', 'in_progress']),
          eb.or([
            // the SLA status (warning at 75 % of the time used, overdue), or a deadline within the day
            eb('events.sla_status', 'in', ['warning', 'overdue']),
            eb('events.resolve_deadline', '<=', new Date(now.getTime() + DUE_WITHIN_MS)),
            eb.and([eb('events.state', '=', 'assigned'), eb('events.sign_deadline', '<=', new Date(now.getTime() + SIGN_DUE_WITHIN_MS))]),
          ]),
        ]),
      ]
  }
}

/**
 * The count of every inbox tab of the caller's unit, each counted up to INBOX_COUNT_CAP rows (the
 * tab then reads "999+"): a unit holding tens of thousands of matters costs what one holding a
 * thousand does, and nobody works a tab by its exact size past that; the screen and the KPIs count
 * from the rollups.
 */
export async function inboxCounts(app: AppContext, principal: Principal): Promise<InboxCounts> {
  const db = app.database.db
  const countPart = async (part: TabClause) => {
    const rows = db
      .selectFrom('events')
      .select(sql`1`.as('one')) // no column of the row: an index-only scan of events_open_held (0015)
      .where(part)
      .limit(INBOX_COUNT_CAP)
    const row = await db.selectFrom(rows.as('part')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }
  const counts = await Promise.all(
    INBOX_BOXES.map(async (box) => {
      const parts = await Promise.all(tabParts(app, principal, box).map((part) => countPart(part.where)))
      const total = parts.reduce((a, b) => a + b, 0)
      return [box, Math.min(INBOX_COUNT_CAP, total)] as const
    }),
  )
  return Object.fromEntries(counts) as InboxCounts
}

/**
 * Where a center may send an event, by the lifecycle's own rule (`canDispatch`): the departments and
 * mediation organisations of its district (the city's for the city center) and its direct children
 * (lower centers, local forces, grids). Deeper units are reached through the lower centers.
 */
export function dispatchTargets(app: AppContext, unitId: number): DispatchTargets | null {
  const byCenter = targetsOf.get(app.orgs) ?? new Map<number, DispatchTargets | null>()
  targetsOf.set(app.orgs, byCenter)
  if (!byCenter.has(unitId)) byCenter.set(unitId, targetsFor(app.orgs, unitId))
  return byCenter.get(unitId) ?? null
}

/** Each directory's dispatch targets per center, worked out once: every event view asks for them. */
const targetsOf = new WeakMap<OrgDirectory, Map<number, DispatchTargets | null>>()

function targetsFor(orgs: OrgDirectory, unitId: number): DispatchTargets | null {
  const center = orgs.unit(unitId)
  if (center?.kind !== 'center') return null
  const order = { department: 0, mediation: 1, center: 2, force: 3, grid: 4 }
  const items = orgs
    .all()
    .filter((u) => (u.kind === 'department' || u.kind === 'mediation' || u.parentId === center.id) && canDispatch(center, u, orgs))
    .sort((a, b) => order[a.kind] - order[b.kind] || a.code.localeCompare(b.code))
    .map((u) => ({ ...(orgs.ref(u.id) as NonNullable<ReturnType<typeof orgs.ref>>), function: u.function }))
  return { center: orgs.ref(center.id) as DispatchTargets['center'], items }
}

/**
 * The actions the caller may take on this event now: each action type is tried on the pure
 * transition function with a representative request; it is offered when it succeeds or fails only
 * on the request's own fields (400), which the action dialog then asks for.
 */
export function allowedActions(app: AppContext, principal: Principal, row: EventRow): ActionType[] {
  const actor = actorOf(principal)
  const ctx = { ...probeContext(app, app.now()), mergeTarget: { id: 0, state: 'assigned' as const } }
  const holder = row.current_unit_id === null ? undefined : app.orgs.unit(row.current_unit_id)
  const targets = holder?.kind === 'center' ? (dispatchTargets(app, holder.id)?.items ?? []) : []
  const sample: Omit<ActionRequest, 'type'> = {
    note: '·',
    unitId: targets[0]?.id,
    rating: 'satisfied',
    days: 1,
    intoEventId: 0,
    units: targets.slice(0, 2).map((u) => u.id),
    leadUnitId: targets[0]?.id,
  }
  const state = toState(row)
  return ACTION_TYPES.filter((type) => {
    const result = transition(state, { ...sample, type }, actor, ctx)
    return result.ok || result.error.status === 400
  })
}

/** What of an event decides the inbox tabs it is in: the projection's fields the tab clauses read. */
export type TabState = Pick<
  EventState,
  'state' | 'currentUnitId' | 'dispatcherUnitId' | 'summoned' | 'escalatedBy' | 'extensionPending' | 'supervised'
>

const UNSIGNED: readonly string[] = ['submitted', 'assigned']
const OPEN: readonly string[] = OPEN_STATES
const ESCALATED: readonly string[] = [...OPEN_STATES, 'resolved']
const DUE: readonly string[] = ['assigned', 'in_progress']

/** The center that decides on what `holderId` holds when no dispatcher is recorded: its nearest center above (`heldUnder`'s inverse). */
function decidingCenter(orgs: OrgDirectory, holderId: number): number | null {
  let parent = orgs.unit(holderId)?.parentId ?? null
  while (parent !== null) {
    const unit = orgs.unit(parent)
    if (!unit) return null
    if (unit.kind === 'center') return unit.id
    parent = unit.parentId
  }
  return null
}

/** The units that may have the event in one of their inbox tabs. */
function tabHolders(orgs: OrgDirectory, s: TabState): number[] {
  const ids = new Set<number>()
  if (s.currentUnitId !== null) ids.add(s.currentUnitId)
  for (const u of s.summoned) ids.add(u.unitId)
  for (const u of s.escalatedBy) ids.add(u)
  if (s.dispatcherUnitId !== null) ids.add(s.dispatcherUnitId)
  else if (s.currentUnitId !== null) {
    const center = decidingCenter(orgs, s.currentUnitId)
    if (center !== null) ids.add(center)
  }
  return [...ids]
}

/**
 * The inbox tabs of `unitId` an event in state `s` is in: `tabParts`' clauses evaluated on the
 * projection, with no database read. 即将超期 reads the SLA status and deadlines, which move with
 * time rather than with actions: every assigned or in-progress event a unit holds counts as
 * possibly in it (a superset, so a change never goes unheard).
 */
export function tabsOf(orgs: OrgDirectory, s: TabState, unitId: number): InboxBox[] {
  const held = s.currentUnitId === unitId
  const decides =
    s.dispatcherUnitId === unitId ||
    (s.dispatcherUnitId === null && s.currentUnitId !== null && decidingCenter(orgs, s.currentUnitId) === unitId)
  const tabs: InboxBox[] = []
  const summoned = OPEN.includes(s.state) && s.summoned.some((u) => u.unitId === unitId && u.checkedInAt === null)
  if ((held && UNSIGNED.includes(s.state)) || summoned) tabs.push('pending_sign')
  if (held && s.state === 'in_progress') tabs.push('in_progress')
  if (ESCALATED.includes(s.state) && s.escalatedBy.includes(unitId)) tabs.push('escalated')
  if (decides && s.state === 'in_progress' && s.extensionPending !== null) tabs.push('extensions')
  if (decides && s.state === 'reviewing') tabs.push('reviewing')
  if (held && OPEN.includes(s.state) && s.supervised) tabs.push('supervision')
  if (held && DUE.includes(s.state)) tabs.push('due_soon')
  return tabs
}

/**
 * Which units' inbox tabs a change touches, as [unit, tabs whose page it changes, tabs whose count
 * it changes]: a tab's page when the event is in it before or after (its row there changed, or it
 * came or went), its count when it entered or left. Units it touches no tab of are not named.
 */
export function touchedTabs(orgs: OrgDirectory, before: TabState | null, after: TabState): Array<[number, InboxBox[], InboxBox[]]> {
  const units = new Set([...(before ? tabHolders(orgs, before) : []), ...tabHolders(orgs, after)])
  const touched: Array<[number, InboxBox[], InboxBox[]]> = []
  for (const unitId of units) {
    const was = before ? tabsOf(orgs, before, unitId) : []
    const is = tabsOf(orgs, after, unitId)
    const pages = INBOX_BOXES.filter((b) => was.includes(b) || is.includes(b))
    if (!pages.length) continue
    touched.push([unitId, pages, pages.filter((b) => was.includes(b) !== is.includes(b))])
  }
  return touched
}
